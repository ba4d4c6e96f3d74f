//! The `late-fee-above-legal` lint. Its documentation is [`DOC`], in the sections every code's
//! documentation has; `strat check --explain late-fee-above-legal` prints it and
//! `docs/diagnostics.md` is generated from it.

use super::LintContext;
use crate::check::docs::code_doc;
use crate::diagnostics::{Code, Diagnostic};
use rust_decimal::Decimal;

code_doc! {
    /// ## What it does
    /// Flags a policy `late_fee` above 2%.
    ///
    /// ## Why is this bad?
    /// The Consumer Defense Code (CDC art. 52 §1) caps the late-payment fine (multa) on consumer
    /// debts at 2% of the installment. A higher fee is unlawful and collecting it exposes the
    /// creditor to refunds in double (CDC art. 42, sole paragraph).
    ///
    /// ## Example
    /// ```text
    /// creditor "Loja Exemplo S.A." document "12.345.678/0001-90"
    /// policy {
    ///   late_fee 10%
    /// }
    /// rule "aviso": when days_overdue >= 1 then sms
    /// ```
    /// Write `late_fee 2%` or less. Use instead:
    /// ```text
    /// creditor "Loja Exemplo S.A." document "12.345.678/0001-90"
    /// policy {
    ///   late_fee 2%
    /// }
    /// rule "aviso": when days_overdue >= 1 then sms
    /// ```
    const DOC = [Error];
}

/// The legal cap, in percent.
pub const LEGAL_LATE_FEE: Decimal = Decimal::TWO;

pub fn run(cx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(span) = cx.policy_spans.late_fee else {
        return;
    };
    let fee = cx.policy.late_fee;
    if fee > LEGAL_LATE_FEE && fee <= Decimal::ONE_HUNDRED {
        out.push(
            Diagnostic::error(
                Code::LateFeeAboveLegal,
                span,
                format!("a late fee of `{fee}%` is above the legal limit of 2%"),
            )
            .with_label("above 2%")
            .with_help("the CDC (art. 52 §1) caps the late fee at 2%: write `late_fee 2%`"),
        );
    }
}
