//! `interest-above-customary`
//!
//! ## What it does
//! Warns when the policy's `interest` is above 1% per month.
//!
//! ## Why is this bad?
//! Late-payment interest (juros de mora) on consumer debts is customarily 1% per month (Civil
//! Code art. 406 with CTN art. 161 §1), unless the contract says otherwise. A higher rate is
//! often a typo (`10%` for `1%`) or a contract term that must be checked before it is
//! charged. It is a warning, not an error, because a contract may justify it.
//!
//! ## Example
//! ```text
//! policy { interest 5% per month }
//! ```
//! Use instead:
//! ```text
//! policy { interest 1% per month }
//! ```
//! or keep it and add `# strat: allow interest-above-customary` when the contract allows it.

use super::LintContext;
use crate::diagnostics::{Code, Diagnostic};
use rust_decimal::Decimal;

pub fn run(cx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(span) = cx.policy_spans.interest else {
        return;
    };
    let rate = cx.policy.interest_per_month;
    if rate > Decimal::ONE && rate <= Decimal::ONE_HUNDRED {
        out.push(
            Diagnostic::warning(
                Code::InterestAboveCustomary,
                span,
                format!("an interest of `{rate}%` per month is above the customary 1%"),
            )
            .with_label("above 1% per month")
            .with_help("check the contract: late interest is usually `interest 1% per month` (add `# strat: allow interest-above-customary` if the contract sets more)"),
        );
    }
}
