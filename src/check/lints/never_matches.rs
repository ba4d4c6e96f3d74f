//! The `never-matches` lint. Its documentation is [`DOC`], in the sections every code's
//! documentation has; `strat check --explain never-matches` prints it and
//! `docs/diagnostics.md` is generated from it.

use super::LintContext;
use crate::check::docs::code_doc;
use crate::diagnostics::{Code, Diagnostic};

code_doc! {
    /// ## What it does
    /// Flags a rule whose condition can never be true: every way of satisfying it needs one field
    /// to hold two incompatible values (`days_overdue > 10 and days_overdue < 5`, `segment = a and
    /// segment = b`, `email is missing and email = "x"`). Segments are expanded, `not` is pushed
    /// inward, and `or` branches are considered one by one; the help names the parts that
    /// contradict each other. Conditions the analysis does not understand (arithmetic, text
    /// comparisons, comparisons between two fields) are never reported.
    ///
    /// ## Why is this bad?
    /// The rule's actions are never taken. It is almost always a typo (`<` for `>`, `and` for
    /// `or`) that silently removes a step of the collection ruler.
    ///
    /// ## Example
    /// ```text
    /// creditor "Loja Exemplo S.A." document "12.345.678/0001-90"
    /// rule "cobrar": when days_overdue > 10 and days_overdue < 5 then sms
    /// rule "resto": when days_overdue >= 1 then email
    /// ```
    /// Usually a swapped operator or `and` meant as `or`. Use instead:
    /// ```text
    /// creditor "Loja Exemplo S.A." document "12.345.678/0001-90"
    /// rule "cobrar": when days_overdue > 5 and days_overdue < 10 then sms
    /// rule "resto": when days_overdue >= 1 then email
    /// ```
    const DOC = [Error];
}

pub fn run(cx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(flow) = cx.flow else { return };
    for ((rule, info), dnf) in cx.rules.iter().zip(cx.infos).zip(flow) {
        if !dnf.never_matches() {
            continue;
        }
        let message = format!("the condition of rule `{}` can never be true", info.name);
        let conflicting: Vec<String> = dnf
            .conflict
            .iter()
            .map(|s| format!("`{}`", cx.source.slice(*s).trim()))
            .collect();
        // Point at the last contradicting part, with the others as secondary labels (spans
        // inside the condition would overlap a label on the whole condition).
        let d = match dnf.conflict.split_last() {
            Some((last, others)) if !others.is_empty() => {
                let mut d = Diagnostic::error(Code::NeverMatches, *last, message)
                    .with_label("can never hold together with the other part");
                for span in others {
                    d = d.with_secondary(*span, "this part");
                }
                d.with_help(format!(
                    "{} cannot hold at once; check the comparison operators and `and`/`or`",
                    conflicting.join(" and ")
                ))
            }
            _ => Diagnostic::error(Code::NeverMatches, rule.condition.span, message)
                .with_label("no debtor satisfies this")
                .with_help("check the comparison operators and `and`/`or`: as written, no debtor can match"),
        };
        out.push(d);
    }
}
