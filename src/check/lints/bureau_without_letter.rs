//! `bureau-without-letter`
//!
//! ## What it does
//! Warns when a rule reports to a credit bureau and no rule above it sends a `letter`.
//!
//! ## Why is this bad?
//! The notice before negativação must be written and posted; an email or SMS alone is not
//! notice (STJ). The engine suppresses any bureau report without a posted letter at least the
//! policy's `bureau notice` days before, so a strategy that never sends a letter before its
//! bureau rule would have every report suppressed.
//!
//! ## Example
//! ```text
//! rule "negativar": when days_overdue >= 45 then report to bureau once
//! ```
//! Use instead:
//! ```text
//! rule "carta": when days_overdue = 30 then letter template "aviso_negativacao" once
//! rule "negativar": when days_overdue >= 45 then report to bureau once
//! ```

use super::LintContext;
use crate::diagnostics::{Code, Diagnostic};
use crate::syntax::ast::{ActionKind, Channel};

pub fn run(cx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let mut letter_seen = false;
    for rule in cx.rules {
        if !letter_seen {
            for action in &rule.actions {
                if matches!(action.node.kind, ActionKind::ReportToBureau) {
                    out.push(
                        Diagnostic::warning(
                            Code::BureauWithoutLetter,
                            action.span,
                            "this rule reports to a credit bureau, but no rule above it sends a letter",
                        )
                        .with_label("no posted notice before this")
                        .with_help("add a rule above that sends a `letter` (the notice before negativação must be posted; email or SMS is not enough)"),
                    );
                }
            }
        }
        letter_seen |= rule.actions.iter().any(|a| {
            matches!(&a.node.kind, ActionKind::Contact { channel, .. } if channel.node == Channel::Letter)
        });
    }
}
