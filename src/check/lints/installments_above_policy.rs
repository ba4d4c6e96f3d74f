//! The `installments-above-policy` lint. Its documentation is [`DOC`], in the sections every code's
//! documentation has; `strat check --explain installments-above-policy` prints it and
//! `docs/diagnostics.md` is generated from it.

use super::LintContext;
use crate::check::docs::code_doc;
use crate::diagnostics::{Code, Diagnostic};
use crate::syntax::ast::ActionKind;

code_doc! {
    /// ## What it does
    /// Flags an `offer up to N installments` where N is above the policy's `max installments`.
    ///
    /// ## Why is this bad?
    /// The policy is the collections team's mandate; a rule that offers more installments than it
    /// allows would promise debtors an offer the engine must then cut down, so what the rule says
    /// and what the debtor gets would differ.
    ///
    /// ## Example
    /// ```text
    /// creditor "Loja Exemplo S.A." document "12.345.678/0001-90"
    /// policy {
    ///   max installments 6
    /// }
    /// rule "acordo": when days_overdue >= 1 then offer up to 12 installments
    /// ```
    /// Offer at most what the policy allows (or raise the policy). Use instead:
    /// ```text
    /// creditor "Loja Exemplo S.A." document "12.345.678/0001-90"
    /// policy {
    ///   max installments 6
    /// }
    /// rule "acordo": when days_overdue >= 1 then offer up to 6 installments
    /// ```
    const DOC = [Error];
}

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
