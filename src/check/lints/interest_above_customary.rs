//! The `interest-above-customary` lint. Its documentation is [`DOC`], in the sections every code's
//! documentation has; `strat check --explain interest-above-customary` prints it and
//! `docs/diagnostics.md` is generated from it.

use super::LintContext;
use crate::check::docs::code_doc;
use crate::diagnostics::{Code, Diagnostic};
use rust_decimal::Decimal;

code_doc! {
    /// ## What it does
    /// Warns when the policy's `interest` is above 1% per month, the customary rate of late
    /// interest (juros de mora).
    ///
    /// ## Why is this bad?
    /// Late-payment interest on consumer debts is customarily 1% per month (Civil Code art. 406
    /// with CTN art. 161 §1), unless the contract says otherwise. A higher rate is often a typo
    /// (`10%` for `1%`) or a contract term that must be checked before it is charged. It is a
    /// warning, not an error, because a contract may justify it: then silence it with `# strat:
    /// allow interest-above-customary`.
    ///
    /// ## Example
    /// ```text
    /// creditor "Loja Exemplo S.A." document "12.345.678/0001-90"
    /// policy {
    ///   interest 5% per month
    /// }
    /// rule "aviso": when days_overdue >= 1 then sms
    /// ```
    /// Check the contract; usually `interest 1% per month`. Use instead:
    /// ```text
    /// creditor "Loja Exemplo S.A." document "12.345.678/0001-90"
    /// policy {
    ///   interest 1% per month
    /// }
    /// rule "aviso": when days_overdue >= 1 then sms
    /// ```
    const DOC = [Warning];
}

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
