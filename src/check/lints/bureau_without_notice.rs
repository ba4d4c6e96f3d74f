//! The `bureau-without-notice` lint. Its documentation is [`DOC`], in the sections every code's
//! documentation has; `strat check --explain bureau-without-notice` prints it and
//! `docs/diagnostics.md` is generated from it.

use super::LintContext;
use crate::check::docs::code_doc;
use crate::diagnostics::{Code, Diagnostic};
use crate::syntax::ast::ActionKind;

code_doc! {
    /// ## What it does
    /// Flags a `report to bureau` action when the policy has no `bureau notice N days`.
    ///
    /// ## Why is this bad?
    /// Before a debtor is reported to a credit bureau (negativação) they must be notified in
    /// writing (CDC art. 43 §2; STJ Súmula 359), with time to pay. Without a notice period the
    /// engine has no rule for when a report is allowed, and a report without notice exposes the
    /// creditor to damages.
    ///
    /// ## Example
    /// ```text
    /// creditor "Loja Exemplo S.A." document "12.345.678/0001-90"
    /// template carta for letter: "{creditor_name} ({creditor_document}) informa: débito de {balance} em atraso."
    /// rule "carta": when days_overdue between 1 and 44 then letter template "carta" once
    /// rule "negativar": when days_overdue >= 45 then report to bureau once
    /// ```
    /// Add `bureau notice 10 days` to the policy. Use instead:
    /// ```text
    /// creditor "Loja Exemplo S.A." document "12.345.678/0001-90"
    /// policy {
    ///   bureau notice 10 days
    /// }
    /// template carta for letter: "{creditor_name} ({creditor_document}) informa: débito de {balance} em atraso."
    /// rule "carta": when days_overdue between 1 and 44 then letter template "carta" once
    /// rule "negativar": when days_overdue >= 45 then report to bureau once
    /// ```
    const DOC = [Error];
}

pub fn run(cx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    if cx.policy.bureau_notice_days.is_some() {
        return;
    }
    for rule in cx.rules {
        for action in &rule.actions {
            if matches!(action.node.kind, ActionKind::ReportToBureau) {
                out.push(
                    Diagnostic::error(
                        Code::BureauWithoutNotice,
                        action.span,
                        "this rule reports to a credit bureau, but the policy sets no `bureau notice`",
                    )
                    .with_label("report without a notice period")
                    .with_help("add `bureau notice 10 days` to the policy: the debtor must get a posted letter before negativação"),
                );
            }
        }
    }
}
