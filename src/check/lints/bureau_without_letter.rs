//! The `bureau-without-letter` lint. Its documentation is [`DOC`], in the sections every code's
//! documentation has; `strat check --explain bureau-without-letter` prints it and
//! `docs/diagnostics.md` is generated from it.

use super::LintContext;
use crate::check::docs::code_doc;
use crate::diagnostics::{Code, Diagnostic};
use crate::syntax::ast::{ActionKind, Channel};

code_doc! {
    /// ## What it does
    /// Warns when a rule reports to a credit bureau and no rule above it sends a `letter`.
    ///
    /// ## Why is this bad?
    /// The notice before negativação must be written and posted; an email or SMS alone is not
    /// notice (STJ). The engine suppresses any bureau report without a posted letter at least the
    /// policy's `bureau notice` days before, so a strategy that never sends a letter before its
    /// bureau rule would never report.
    ///
    /// ## Example
    /// ```text
    /// creditor "Loja Exemplo S.A." document "12.345.678/0001-90"
    /// policy {
    ///   bureau notice 10 days
    /// }
    /// rule "aviso": when days_overdue between 1 and 44 then email
    /// rule "negativar": when days_overdue >= 45 then report to bureau once
    /// ```
    /// Send a letter in an earlier rule. Use instead:
    /// ```text
    /// creditor "Loja Exemplo S.A." document "12.345.678/0001-90"
    /// policy {
    ///   bureau notice 10 days
    /// }
    /// template carta for letter: "{creditor_name} ({creditor_document}) informa: débito de {balance} em atraso."
    /// rule "carta": when days_overdue between 1 and 44 then letter template "carta" once
    /// rule "negativar": when days_overdue >= 45 then report to bureau once
    /// ```
    const DOC = [Warning];
}

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
