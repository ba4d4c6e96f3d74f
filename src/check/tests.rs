//! `test "name" { given ... expect ... }` blocks: every `given` names a field and gives a
//! literal of its type; every `expect` is an action the strategy could produce. Owns
//! `invalid-test` and the checked form of a test ([`TestInfo`]: literals become values of
//! their field's type here, once). Running tests is `strat test`'s job, not the checker's.

use super::names::Names;
use super::phrases::{a_type, article, example};
use super::suggest::did_you_mean;
use super::typed::{ActionSpec, TExprKind};
use super::types::Typer;
use super::{GivenValue, Policy, RuleInfo, TestGiven, TestInfo};
use crate::diagnostics::{Code, Diagnostic};
use crate::schema::Value;
use crate::source::SourceFile;
use crate::syntax::ast::{ActionKind, Item, Strategy, TemplateDecl, TestBlock};

pub fn declarations(ast: &Strategy) -> Vec<&TestBlock> {
    ast.items
        .iter()
        .filter_map(|i| match i {
            Item::Test(t) => Some(t),
            _ => None,
        })
        .collect()
}

pub struct TestScope<'a> {
    pub source: &'a SourceFile,
    pub names: &'a Names<'a>,
    pub policy: &'a Policy,
    pub rules: &'a [RuleInfo],
    pub templates: &'a [&'a TemplateDecl],
}

fn invalid(span: crate::source::Span, message: String, label: &str, help: String) -> Diagnostic {
    Diagnostic::error(Code::InvalidTest, span, message)
        .with_label(label)
        .with_help(help)
}

/// Check every test block and return their checked forms (meaningful only when no error was
/// reported: a binding that is not a literal of its field's type is left out).
pub fn check(
    scope: &TestScope<'_>,
    tests: &[&TestBlock],
    out: &mut Vec<Diagnostic>,
) -> Vec<TestInfo> {
    let mut checked = Vec::with_capacity(tests.len());
    for (index, test) in tests.iter().enumerate() {
        if let Some(first) = tests[..index]
            .iter()
            .find(|t| t.name.node == test.name.node)
        {
            out.push(
                Diagnostic::error(
                    Code::DuplicateName,
                    test.name.span,
                    format!("two tests are named `{}`", test.name.node),
                )
                .with_label("named again here")
                .with_secondary(first.name.span, "first test with this name")
                .with_help("give each test its own name so failures can be told apart"),
            );
        }
        let given = check_given(scope, test, out);
        check_expect(scope, test, out);
        checked.push(TestInfo {
            name: test.name.node.clone(),
            line: scope.source.line(test.span.start),
            given,
            expect: test
                .expect
                .iter()
                .map(|a| ActionSpec::from_ast(&a.node.kind))
                .collect(),
            expect_rule: test.expect_rule.as_ref().map(|r| r.node.clone()),
            as_of: test.as_of.as_ref().map(|d| d.node),
            span: test.span,
        });
    }
    checked
}

/// Validate the `given` bindings and type each literal by its field (the typer's own literal
/// rules, so a test's `5000` means what it means in a condition).
fn check_given(
    scope: &TestScope<'_>,
    test: &TestBlock,
    out: &mut Vec<Diagnostic>,
) -> Vec<TestGiven> {
    let mut checked = Vec::with_capacity(test.given.len());
    for (index, given) in test.given.iter().enumerate() {
        let name = given.field.node.as_str();
        if test.given[..index].iter().any(|g| g.field.node == name) {
            out.push(invalid(
                given.field.span,
                format!("`{name}` is given twice"),
                "given again",
                "give each field once".into(),
            ));
            continue;
        }
        let Some(field) = scope.names.field(name) else {
            let help = if scope.names.segment(name).is_some() {
                format!("`{name}` is a segment; give the fields its condition reads instead")
            } else {
                did_you_mean(name, scope.names.fields.iter().map(|f| f.name.as_str()))
                    .unwrap_or_else(|| "`given` names built-in or declared fields".into())
            };
            out.push(invalid(
                given.field.span,
                format!("the test gives `{name}`, which is not a field"),
                "unknown field",
                help,
            ));
            continue;
        };
        let Some(value) = &given.value else {
            checked.push(TestGiven {
                slot: field.slot,
                value: GivenValue::Value(Value::Missing),
            });
            continue;
        };
        let mut scratch = Vec::new();
        let mut typer = Typer {
            source: scope.source,
            names: scope.names,
            visible_segments: 0,
            out: &mut scratch,
        };
        let typed = typer.infer(value, Some(&field.ty));
        let literal = typed.as_ref().and_then(|t| match &t.kind {
            _ if t.ty != field.ty => None,
            TExprKind::Const(v) => Some(GivenValue::Value(*v)),
            TExprKind::Text(s) => Some(GivenValue::Text(s.clone())),
            _ => None,
        });
        if let Some(value) = literal {
            checked.push(TestGiven {
                slot: field.slot,
                value,
            });
            continue;
        }
        let written = scope.source.slice(value.span);
        let found = typed
            .as_ref()
            .filter(|t| matches!(t.kind, TExprKind::Const(_) | TExprKind::Text(_)))
            .map(|t| format!(" ({})", t.ty.describe()))
            .unwrap_or_default();
        out.push(invalid(
            value.span,
            format!(
                "`{name}` is {}, but the test gives `{written}`{found}",
                a_type(&field.ty)
            ),
            "wrong value for this field",
            format!(
                "give {} {} value such as `{name} = {}`, or `{name} = missing`",
                article(&field.ty),
                field.ty.describe(),
                example(&field.ty)
            ),
        ));
    }
    checked
}

fn check_expect(scope: &TestScope<'_>, test: &TestBlock, out: &mut Vec<Diagnostic>) {
    for action in &test.expect {
        match &action.node.kind {
            ActionKind::OfferInstallments(n) => {
                if let Some(max) = scope.policy.max_installments.filter(|m| n.node > *m) {
                    out.push(invalid(n.span, format!("the test expects `{}` installments, above the policy's `max installments {max}`", n.node), "above policy", "no rule can offer this: expect what the policy allows".into()));
                }
            }
            ActionKind::OfferDiscount(p) => {
                if let Some(max) = scope.policy.max_discount.filter(|m| p.node > *m) {
                    out.push(invalid(p.span, format!("the test expects a `{}%` discount, above the policy's `max discount {max}%`", p.node), "above policy", "no rule can offer this: expect what the policy allows".into()));
                }
            }
            ActionKind::Contact {
                template: Some(t), ..
            } if !scope.templates.iter().any(|d| d.name.node == t.node) => {
                let help = did_you_mean(
                    &t.node,
                    scope.templates.iter().map(|d| d.name.node.as_str()),
                )
                .unwrap_or_else(|| "expect a declared template".into());
                out.push(
                    Diagnostic::error(
                        Code::UnknownTemplate,
                        t.span,
                        format!("unknown template `{}`", t.node),
                    )
                    .with_label("no template with this name")
                    .with_help(help),
                );
            }
            _ => {}
        }
    }
    if let Some(rule) = &test.expect_rule {
        if !scope.rules.iter().any(|r| r.name == rule.node) {
            let help = did_you_mean(&rule.node, scope.rules.iter().map(|r| r.name.as_str()))
                .unwrap_or_else(|| "name a rule of this file (unnamed rules are `line N`)".into());
            out.push(invalid(
                rule.span,
                format!(
                    "the test expects rule `{}`, but no rule has that name",
                    rule.node
                ),
                "unknown rule",
                help,
            ));
        }
    }
}
