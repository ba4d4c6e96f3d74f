//! `discount-above-policy`
//!
//! ## What it does
//! Flags an `offer discount up to P%` where P is above the policy's `max discount`, or above
//! 100% when the policy sets no limit.
//!
//! ## Why is this bad?
//! A discount above the mandate gives away money the team is not allowed to give; a discount
//! above 100% would pay the debtor to settle.
//!
//! ## Example
//! ```text
//! policy { max discount 30% }
//! rule "quitação": when days_overdue > 90 then offer discount up to 50%
//! ```
//! Use instead:
//! ```text
//! rule "quitação": when days_overdue > 90 then offer discount up to 30%
//! ```

use super::LintContext;
use crate::diagnostics::{Code, Diagnostic};
use crate::syntax::ast::ActionKind;
use rust_decimal::Decimal;

pub fn run(cx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    for rule in cx.rules {
        for action in &rule.actions {
            let ActionKind::OfferDiscount(p) = &action.node.kind else {
                continue;
            };
            let (limit, written) = match cx.policy.max_discount {
                Some(max) => (max, true),
                None => (Decimal::ONE_HUNDRED, false),
            };
            if p.node <= limit {
                continue;
            }
            let mut d = Diagnostic::error(
                Code::DiscountAbovePolicy,
                p.span,
                if written {
                    format!("this rule offers a discount of up to `{}%`, but the policy allows at most `{limit}%`", p.node)
                } else {
                    format!("a discount of `{}%` is more than the whole debt", p.node)
                },
            )
            .with_label(format!("above {limit}%"))
            .with_help(format!("write `offer discount up to {limit}%` or less"));
            if let (true, Some(span)) = (written, cx.policy_spans.max_discount) {
                d = d.with_secondary(span, "the policy's limit");
            }
            out.push(d);
        }
    }
}
