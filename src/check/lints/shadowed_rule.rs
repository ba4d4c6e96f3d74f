//! `shadowed-rule`
//!
//! ## What it does
//! Under `hit first` (the default), warns about a rule B when an earlier rule A matches every
//! debtor B matches: B's actions are never taken. The check is sound, not complete: it warns
//! only when each alternative (`or` branch) of B's condition is contained in one alternative
//! of A's, comparing fields against constants; conditions it cannot compare are not flagged.
//!
//! ## Why is this bad?
//! With first-hit, order is meaning. A general rule above a specific one (`days_overdue >= 10`
//! above `days_overdue >= 30 and balance > 1000`) swallows the specific case — usually the
//! rules were meant the other way round.
//!
//! ## Example
//! ```text
//! rule "geral": when days_overdue >= 10 then sms
//! rule "grandes": when days_overdue >= 30 and balance > 1000 then call
//! ```
//! Use instead (specific first):
//! ```text
//! rule "grandes": when days_overdue >= 30 and balance > 1000 then call
//! rule "geral": when days_overdue >= 10 then sms
//! ```
//!
//! Cost: each rule is compared with the earlier ones, skipping at once every earlier
//! alternative that constrains a field the later one leaves free (a 128-bit signature test),
//! so thousands of rules check in milliseconds.

use super::LintContext;
use crate::check::analysis::Conjunct;
use crate::diagnostics::{Code, Diagnostic};
use crate::syntax::ast::HitPolicy;

pub fn run(cx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(flow) = cx.flow else { return };
    if cx.header.hit != HitPolicy::First {
        return;
    }
    // Exact alternatives of the rules seen so far, grouped per rule in source order.
    let mut earlier: Vec<(usize, Vec<&Conjunct>)> = Vec::new();
    for (index, dnf) in flow.iter().enumerate() {
        if !dnf.never_matches() {
            let shadow = earlier.iter().find(|(_, exact)| {
                dnf.conjuncts
                    .iter()
                    .all(|b| exact.iter().any(|a| b.within(a)))
            });
            if let Some((by, _)) = shadow {
                report(cx, index, *by, out);
            }
        }
        let exact: Vec<&Conjunct> = dnf.conjuncts.iter().filter(|c| c.exact).collect();
        if !exact.is_empty() {
            earlier.push((index, exact));
        }
    }
}

fn report(cx: &LintContext<'_>, shadowed: usize, by: usize, out: &mut Vec<Diagnostic>) {
    let (Some(rule), Some(info), Some(earlier), Some(earlier_info)) = (
        cx.rules.get(shadowed),
        cx.infos.get(shadowed),
        cx.rules.get(by),
        cx.infos.get(by),
    ) else {
        return;
    };
    out.push(
        Diagnostic::warning(
            Code::ShadowedRule,
            rule.condition.span,
            format!(
                "rule `{}` is never used: rule `{}` above matches every debtor it would",
                info.name, earlier_info.name
            ),
        )
        .with_label("every debtor matching this")
        .with_secondary(
            earlier.condition.span,
            format!("is already matched here, by rule `{}`", earlier_info.name),
        )
        .with_help(format!(
            "with `hit first` only the first matching rule acts: move rule `{}` above rule `{}`, narrow rule `{}`, or use `hit all`",
            info.name, earlier_info.name, earlier_info.name
        )),
    );
}
