//! `never-matches`
//!
//! ## What it does
//! Flags a rule whose condition can never be true: every way of satisfying it needs one
//! field to hold two incompatible values (`days_overdue > 10 and days_overdue < 5`,
//! `segment = a and segment = b`, `email is missing and email = "x"`). Segments are expanded.
//!
//! ## Why is this bad?
//! The rule's actions are never taken. It is almost always a typo (`<` for `>`, `and` for
//! `or`) that silently removes a step of the collection ruler.
//!
//! ## Example
//! ```text
//! rule "cobrar": when days_overdue > 10 and days_overdue < 5 then sms
//! ```
//! Use instead:
//! ```text
//! rule "cobrar": when days_overdue > 5 and days_overdue < 10 then sms
//! ```

use super::LintContext;
use crate::diagnostics::{Code, Diagnostic};

pub fn run(cx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(flow) = cx.flow else { return };
    for ((rule, info), dnf) in cx.rules.iter().zip(cx.infos).zip(flow) {
        if !dnf.never_matches() {
            continue;
        }
        let mut d = Diagnostic::error(
            Code::NeverMatches,
            rule.condition.span,
            format!("the condition of rule `{}` can never be true", info.name),
        )
        .with_label("no debtor satisfies this");
        let conflicting: Vec<String> = dnf
            .conflict
            .iter()
            .map(|s| format!("`{}`", cx.source.slice(*s).trim()))
            .collect();
        for span in &dnf.conflict {
            d = d.with_secondary(*span, "contradicts the other part");
        }
        d = d.with_help(if conflicting.len() >= 2 {
            format!(
                "{} cannot all hold at once; check the comparison operators and `and`/`or`",
                conflicting.join(" and ")
            )
        } else {
            "check the comparison operators and `and`/`or`: as written, no debtor can match"
                .to_string()
        });
        out.push(d);
    }
}
