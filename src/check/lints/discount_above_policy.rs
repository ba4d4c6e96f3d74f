//! The `discount-above-policy` lint. Its documentation is [`DOC`], in the sections every code's
//! documentation has; `strat check --explain discount-above-policy` prints it and
//! `docs/diagnostics.md` is generated from it.

use super::LintContext;
use crate::check::docs::code_doc;
use crate::diagnostics::{Code, Diagnostic};
use crate::syntax::ast::ActionKind;
use rust_decimal::Decimal;

code_doc! {
    /// ## What it does
    /// Flags an `offer discount up to P%` where P is above the policy's `max discount`, or above
    /// 100% when the policy sets no limit.
    ///
    /// ## Why is this bad?
    /// A discount above the mandate gives away money the team is not allowed to give; a discount
    /// above 100% would pay the debtor to settle.
    ///
    /// ## Example
    /// ```text
    /// creditor "Loja Exemplo S.A." document "12.345.678/0001-90"
    /// policy {
    ///   max discount 30%
    /// }
    /// rule "quitação": when days_overdue >= 1 then offer discount up to 50%
    /// ```
    /// Offer at most the policy's discount. Use instead:
    /// ```text
    /// creditor "Loja Exemplo S.A." document "12.345.678/0001-90"
    /// policy {
    ///   max discount 30%
    /// }
    /// rule "quitação": when days_overdue >= 1 then offer discount up to 30%
    /// ```
    const DOC = [Error];
}

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
