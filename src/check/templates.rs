//! `template NAME for CHANNEL: "..."` → [`TemplateInfo`], and the placeholder vocabulary.
//! Owns `unknown-placeholder` (a `{x}` naming nothing) and `duplicate-name` for templates;
//! which rule may send which template is checked in `rules.rs`.

use super::names::Names;
use super::suggest::did_you_mean;
use super::TemplateInfo;
use crate::diagnostics::{Code, Diagnostic};
use crate::syntax::ast::{Item, Strategy, TemplateDecl};

/// Placeholders filled from an installment offer made by the same rule.
pub const INSTALLMENT_PLACEHOLDERS: &[&str] = &["installments", "installment_value"];
/// Placeholders filled from a discount offer made by the same rule.
pub const DISCOUNT_PLACEHOLDERS: &[&str] = &["discount", "discounted_total"];
/// Filled from whichever offer the rule makes.
pub const ANY_OFFER_PLACEHOLDERS: &[&str] = &["offer_deadline"];
/// Filled from the `creditor` header.
pub const CREDITOR_PLACEHOLDERS: &[&str] = &["creditor_name", "creditor_document"];

/// Every placeholder name that is not a field.
pub fn special_placeholders() -> impl Iterator<Item = &'static str> {
    INSTALLMENT_PLACEHOLDERS
        .iter()
        .chain(DISCOUNT_PLACEHOLDERS)
        .chain(ANY_OFFER_PLACEHOLDERS)
        .chain(CREDITOR_PLACEHOLDERS)
        .copied()
}

pub fn declarations(ast: &Strategy) -> Vec<&TemplateDecl> {
    ast.items
        .iter()
        .filter_map(|i| match i {
            Item::Template(t) => Some(t),
            _ => None,
        })
        .collect()
}

/// Check every template's name and placeholders.
pub fn resolve(
    decls: &[&TemplateDecl],
    names: &Names<'_>,
    out: &mut Vec<Diagnostic>,
) -> Vec<TemplateInfo> {
    let mut templates = Vec::with_capacity(decls.len());
    for (index, decl) in decls.iter().enumerate() {
        if let Some(first) = decls[..index]
            .iter()
            .find(|d| d.name.node == decl.name.node)
        {
            out.push(
                Diagnostic::error(
                    Code::DuplicateName,
                    decl.name.span,
                    format!("the template `{}` is declared twice", decl.name.node),
                )
                .with_label("declared again here")
                .with_secondary(first.name.span, "first declared here")
                .with_help("rename one of them (e.g. add the channel: `lembrete_sms`)"),
            );
        }
        for placeholder in &decl.placeholders {
            let name = placeholder.node.as_str();
            if names.field(name).is_some() || special_placeholders().any(|s| s == name) {
                continue;
            }
            if names.segment(name).is_some() {
                out.push(
                    Diagnostic::error(
                        Code::TypeMismatch,
                        placeholder.span,
                        format!("`{{{name}}}` names a segment, which is a condition, not a value to show"),
                    )
                    .with_label("a segment")
                    .with_help("a placeholder shows a field or an offer value; use a field such as `{first_name}`"),
                );
                continue;
            }
            let mut candidates: Vec<&str> = names.fields.iter().map(|f| f.name.as_str()).collect();
            for special in special_placeholders() {
                candidates.push(special);
            }
            let help = did_you_mean(name, candidates).unwrap_or_else(|| {
                "a placeholder names a field (see `strat fields`) or one of `installments`, `installment_value`, `discount`, `discounted_total`, `offer_deadline`, `creditor_name`, `creditor_document`".into()
            });
            out.push(
                Diagnostic::error(
                    Code::UnknownPlaceholder,
                    placeholder.span,
                    format!("the placeholder `{{{name}}}` names no known value"),
                )
                .with_label("unknown placeholder")
                .with_help(help),
            );
        }
        templates.push(TemplateInfo {
            name: decl.name.node.clone(),
            channel: decl.channel.node,
            text: decl.text.node.clone(),
            span: decl.span,
        });
    }
    templates
}
