//! The `letter-without-creditor` lint. Its documentation is [`DOC`], in the sections every code's
//! documentation has; `strat check --explain letter-without-creditor` prints it and
//! `docs/diagnostics.md` is generated from it.

use super::LintContext;
use crate::check::docs::code_doc;
use crate::diagnostics::{Code, Diagnostic};
use crate::syntax::ast::{ActionKind, Channel, Item};

code_doc! {
    /// ## What it does
    /// Two checks, both about showing who is collecting (CDC art. 42-A):
    ///
    /// - **error**: a template `for letter` that does not contain both `{creditor_name}` and
    ///   `{creditor_document}` in its own text;
    /// - **warning**: a strategy whose rules contact debtors (any channel) but that has no
    ///   `creditor "Name" document "CNPJ"` header, or one without a `document`, so
    ///   `{creditor_name}` / `{creditor_document}` and the engine's creditor line would be empty.
    ///
    /// ## Why is this bad?
    /// Every collection document sent to a consumer must show the creditor's name and CPF/CNPJ
    /// (CDC art. 42-A). A letter is the formal notice (also used before negativação), so it must
    /// carry them in its own text; for other channels the engine adds them from the header.
    ///
    /// ## Example
    /// ```text
    /// policy {
    ///   bureau notice 10 days
    /// }
    /// template carta for letter: "Prezado {name}, sua dívida de {balance} está em atraso."
    /// rule "carta": when days_overdue >= 1 then letter template "carta" once
    /// ```
    /// Add the header and put both placeholders in letters. Use instead:
    /// ```text
    /// creditor "Loja Exemplo S.A." document "12.345.678/0001-90"
    /// template carta for letter: "Prezado {name}, {creditor_name} (CNPJ {creditor_document}) informa: sua dívida de {balance} está em atraso."
    /// rule "carta": when days_overdue >= 1 then letter template "carta" once
    /// ```
    const DOC = [Error, Warning];
}

pub fn run(cx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    for template in cx.templates {
        if template.channel.node != Channel::Letter {
            continue;
        }
        let missing: Vec<&str> = ["creditor_name", "creditor_document"]
            .into_iter()
            .filter(|p| !template.placeholders.iter().any(|ph| ph.node == *p))
            .collect();
        if missing.is_empty() {
            continue;
        }
        let list = missing
            .iter()
            .map(|m| format!("`{{{m}}}`"))
            .collect::<Vec<_>>()
            .join(" and ");
        out.push(
            Diagnostic::error(
                Code::LetterWithoutCreditor,
                template.text.span,
                format!("the letter template `{}` does not show {list}", template.name.node),
            )
            .with_label("letter without the creditor's identification")
            .with_help(format!("add {list} to the text: a collection letter must name the creditor and its CPF/CNPJ (CDC art. 42-A)")),
        );
    }
    let first_contact = cx
        .rules
        .iter()
        .flat_map(|r| &r.actions)
        .find(|a| matches!(a.node.kind, ActionKind::Contact { .. }));
    let Some(contact) = first_contact else { return };
    let creditor = cx.ast.items.iter().find_map(|i| match i {
        Item::Creditor { document, span, .. } => Some((document.is_some(), *span)),
        _ => None,
    });
    match creditor {
        Some((true, _)) => {}
        Some((false, span)) => out.push(
            Diagnostic::warning(Code::LetterWithoutCreditor, span, "the `creditor` header has no `document`")
                .with_label("no CPF/CNPJ")
                .with_help("add the creditor's CNPJ or CPF: `creditor \"Loja Exemplo S.A.\" document \"12.345.678/0001-90\"`"),
        ),
        None => out.push(
            Diagnostic::warning(Code::LetterWithoutCreditor, contact.span, "this strategy contacts debtors but has no `creditor` header")
                .with_label("first contact")
                .with_help("add `creditor \"Name\" document \"CNPJ\"` at the top: every contact must show who is collecting (CDC art. 42-A)"),
        ),
    }
}
