//! `rule "name": when ... then ...` → [`RuleInfo`]: the condition typed, the templates each
//! contact sends looked up. Owns `unknown-template`, `template-channel`, the offer
//! placeholders a rule's template needs (`unknown-placeholder`) and `duplicate-name` for rules.
//! Policy limits on offers are lints.

use super::names::Names;
use super::suggest::did_you_mean;
use super::templates::{ANY_OFFER_PLACEHOLDERS, DISCOUNT_PLACEHOLDERS, INSTALLMENT_PLACEHOLDERS};
use super::typed::{RuleAction, TExpr, TExprKind};
use super::types::Typer;
use super::RuleInfo;
use crate::diagnostics::{Code, Diagnostic};
use crate::schema::{Type, Value};
use crate::source::{SourceFile, Spanned};
use crate::syntax::ast::{ActionKind, Item, Repeat, Rule, Strategy, TemplateDecl};

pub fn declarations(ast: &Strategy) -> Vec<&Rule> {
    ast.items
        .iter()
        .filter_map(|i| match i {
            Item::Rule(r) => Some(r),
            _ => None,
        })
        .collect()
}

/// The name a rule is known by: its written name or `line N`.
pub fn rule_name(source: &SourceFile, rule: &Rule) -> String {
    match &rule.name {
        Some(n) => n.node.clone(),
        None => format!("line {}", source.line(rule.when_span.start)),
    }
}

pub fn resolve(
    source: &SourceFile,
    rules: &[&Rule],
    templates: &[&TemplateDecl],
    names: &Names<'_>,
    out: &mut Vec<Diagnostic>,
) -> Vec<RuleInfo> {
    let mut infos = Vec::with_capacity(rules.len());
    let mut seen: std::collections::HashMap<&str, &Spanned<String>> = Default::default();
    for rule in rules {
        if let Some(name) = &rule.name {
            if let Some(first) = seen.get(name.node.as_str()) {
                out.push(
                    Diagnostic::error(
                        Code::DuplicateName,
                        name.span,
                        format!("two rules are named `{}`", name.node),
                    )
                    .with_label("named again here")
                    .with_secondary(first.span, "first rule with this name")
                    .with_help("give each rule its own name: plans and `strat explain` refer to rules by name"),
                );
            } else {
                seen.insert(name.node.as_str(), name);
            }
        }
        let mut typer = Typer {
            source,
            names,
            visible_segments: names.segments.len(),
            out,
        };
        let condition = typer.condition(&rule.condition).unwrap_or(TExpr {
            kind: TExprKind::Const(Value::Bool(false)),
            ty: Type::Bool,
            span: rule.condition.span,
        });
        let display = rule_name(source, rule);
        check_actions(rule, &display, templates, out);
        infos.push(RuleInfo {
            name: display,
            line: source.line(rule.span.start),
            condition,
            actions: rule.actions.iter().map(RuleAction::from_ast).collect(),
            span: rule.span,
        });
    }
    infos
}

fn check_actions(
    rule: &Rule,
    display: &str,
    templates: &[&TemplateDecl],
    out: &mut Vec<Diagnostic>,
) {
    let offers_installments = rule
        .actions
        .iter()
        .any(|a| matches!(a.node.kind, ActionKind::OfferInstallments(_)));
    let offers_discount = rule
        .actions
        .iter()
        .any(|a| matches!(a.node.kind, ActionKind::OfferDiscount(_)));
    for action in &rule.actions {
        if let Some(Spanned {
            node: Repeat::EveryDays(0),
            span,
        }) = action.node.repeat
        {
            out.push(
                Diagnostic::error(Code::InvalidSetting, span, "`every 0 days` repeats nothing")
                    .with_label("zero days")
                    .with_help("write `every 1 days` or more, or leave the repetition out to act on every run"),
            );
        }
        let ActionKind::Contact {
            channel,
            template: Some(template),
        } = &action.node.kind
        else {
            continue;
        };
        let Some(decl) = templates.iter().find(|t| t.name.node == template.node) else {
            let help = did_you_mean(
                &template.node,
                templates.iter().map(|t| t.name.node.as_str()),
            )
            .unwrap_or_else(|| {
                format!(
                    "declare it: `template {} for {}: \"...\"`",
                    template.node,
                    channel.node.as_str()
                )
            });
            out.push(
                Diagnostic::error(
                    Code::UnknownTemplate,
                    template.span,
                    format!("unknown template `{}`", template.node),
                )
                .with_label("no template with this name")
                .with_help(help),
            );
            continue;
        };
        if decl.channel.node != channel.node {
            out.push(
                Diagnostic::error(
                    Code::TemplateChannel,
                    template.span,
                    format!(
                        "the template `{}` is written for {}, but this action sends {}",
                        template.node,
                        decl.channel.node.as_str(),
                        channel.node.as_str()
                    ),
                )
                .with_label(format!("sent by {}", channel.node.as_str()))
                .with_secondary(
                    decl.channel.span,
                    format!("declared for {}", decl.channel.node.as_str()),
                )
                .with_help(format!(
                    "declare a template for {} (message length and format differ per channel)",
                    channel.node.as_str()
                )),
            );
        }
        for placeholder in &decl.placeholders {
            let name = placeholder.node.as_str();
            let (needs, offered) = if INSTALLMENT_PLACEHOLDERS.contains(&name) {
                ("an installment offer", offers_installments)
            } else if DISCOUNT_PLACEHOLDERS.contains(&name) {
                ("a discount offer", offers_discount)
            } else if ANY_OFFER_PLACEHOLDERS.contains(&name) {
                ("an offer", offers_installments || offers_discount)
            } else {
                continue;
            };
            if offered {
                continue;
            }
            let fix = if DISCOUNT_PLACEHOLDERS.contains(&name) {
                "offer discount up to 10%"
            } else {
                "offer up to 6 installments"
            };
            out.push(
                Diagnostic::error(
                    Code::UnknownPlaceholder,
                    template.span,
                    format!(
                        "the template `{}` shows `{{{name}}}`, but rule `{display}` makes no {}",
                        template.node,
                        needs.trim_start_matches("an ").trim_start_matches("a ")
                    ),
                )
                .with_label(format!("`{{{name}}}` would be empty"))
                .with_secondary(placeholder.span, format!("needs {needs}"))
                .with_help(format!(
                    "add `{fix}` to this rule, or send a template without `{{{name}}}`"
                )),
            );
        }
    }
}
