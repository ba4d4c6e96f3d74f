//! `bureau-without-notice`
//!
//! ## What it does
//! Flags a `report to bureau` action when the policy has no `bureau notice N days`.
//!
//! ## Why is this bad?
//! Before a debtor is reported to a credit bureau (negativação) they must be notified in
//! writing (CDC art. 43 §2; STJ Súmula 359), with time to pay. Without a notice period the
//! engine has no rule for when a report is allowed, and a report without notice exposes the
//! creditor to damages (STJ Súmula 385 discussions, moral damages).
//!
//! ## Example
//! ```text
//! rule "negativar": when days_overdue >= 45 then report to bureau once
//! ```
//! Use instead:
//! ```text
//! policy { bureau notice 10 days }
//! rule "negativar": when days_overdue >= 45 then report to bureau once
//! ```

use super::LintContext;
use crate::diagnostics::{Code, Diagnostic};
use crate::syntax::ast::ActionKind;

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
