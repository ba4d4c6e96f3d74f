//! `installments-above-policy`
//!
//! ## What it does
//! Flags an `offer up to N installments` where N is above the policy's `max installments`.
//!
//! ## Why is this bad?
//! The policy is the collections team's mandate; a rule that offers more installments than it
//! allows would promise debtors an offer the engine must then cut down, so what the rule says
//! and what the debtor gets would differ.
//!
//! ## Example
//! ```text
//! policy { max installments 6 }
//! rule "acordo": when days_overdue >= 30 then offer up to 12 installments
//! ```
//! Use instead:
//! ```text
//! rule "acordo": when days_overdue >= 30 then offer up to 6 installments
//! ```

use super::LintContext;
use crate::diagnostics::{Code, Diagnostic};
use crate::syntax::ast::ActionKind;

pub fn run(cx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(max) = cx.policy.max_installments else {
        return;
    };
    for rule in cx.rules {
        for action in &rule.actions {
            let ActionKind::OfferInstallments(n) = &action.node.kind else {
                continue;
            };
            if n.node <= max {
                continue;
            }
            let mut d = Diagnostic::error(
                Code::InstallmentsAbovePolicy,
                n.span,
                format!("this rule offers up to `{}` installments, but the policy allows at most `{max}`", n.node),
            )
            .with_label(format!("above `max installments {max}`"))
            .with_help(format!("write `offer up to {max} installments`, or raise `max installments` in the policy"));
            if let Some(span) = cx.policy_spans.max_installments {
                d = d.with_secondary(span, "the policy's limit");
            }
            out.push(d);
        }
    }
}
