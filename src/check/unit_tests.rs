//! Checker tests on hand-built ASTs (independent of the parser): literal typing, slots,
//! the flow lints on small conditions.

use super::typed::TExprKind;
use crate::diagnostics::Code;
use crate::schema::{Builtin, Type, Value, BUILTIN_SLOTS};
use crate::source::{SourceFile, Span, Spanned};
use crate::syntax::ast::*;
use rust_decimal::Decimal;

fn sp<T>(node: T) -> Spanned<T> {
    Spanned::new(node, Span::default())
}
fn e(kind: ExprKind) -> Expr {
    Expr::new(kind, Span::default())
}
fn name(n: &str) -> Expr {
    e(ExprKind::Name(n.into()))
}
fn num(n: i64) -> Expr {
    e(ExprKind::Number(Decimal::from(n)))
}
fn bin(op: BinOp, lhs: Expr, rhs: Expr) -> Expr {
    e(ExprKind::Binary {
        op: sp(op),
        lhs,
        rhs,
    })
}
fn rule(condition: Expr, channel: Channel) -> Item {
    Item::Rule(Rule {
        name: None,
        condition,
        actions: vec![sp(Action {
            kind: ActionKind::Contact {
                channel: sp(channel),
                template: None,
            },
            repeat: None,
        })],
        span: Span::default(),
        when_span: Span::default(),
    })
}
fn score_field() -> Item {
    Item::Field(FieldDecl {
        name: sp("score".into()),
        ty: sp(TypeExpr::Int),
        span: Span::default(),
    })
}
fn creditor() -> Item {
    Item::Creditor {
        name: sp("Loja".into()),
        document: Some(sp("1".into())),
        span: Span::default(),
    }
}
fn run(
    items: Vec<Item>,
) -> (
    Option<super::CheckedStrategy>,
    Vec<crate::diagnostics::Diagnostic>,
) {
    let source = SourceFile::new("dir/unit.strat", "");
    super::check(
        &source,
        &Strategy {
            items,
            comments: Vec::new(),
        },
    )
}
fn codes(items: Vec<Item>) -> Vec<Code> {
    run(items).1.into_iter().map(|d| d.code).collect()
}

#[test]
fn number_literals_take_the_type_of_the_field_they_meet() {
    let (checked, diags) = run(vec![
        creditor(),
        score_field(),
        rule(bin(BinOp::Ge, name("balance"), num(5000)), Channel::Sms),
        rule(bin(BinOp::Eq, name("days_overdue"), num(20)), Channel::Sms),
        rule(bin(BinOp::Ge, num(600), name("score")), Channel::Sms),
    ]);
    assert!(diags.iter().all(|d| !d.is_error()), "{diags:?}");
    let checked = checked.expect("checked");
    assert_eq!(checked.header.name, "unit");
    assert_eq!(checked.field("score").map(|f| f.slot), Some(BUILTIN_SLOTS));
    let consts: Vec<(Value, Type)> = checked
        .rules
        .iter()
        .map(|r| match &r.condition.kind {
            TExprKind::Compare { lhs, rhs, .. } => match (&lhs.kind, &rhs.kind) {
                (TExprKind::Const(v), _) => (*v, lhs.ty.clone()),
                (_, TExprKind::Const(v)) => (*v, rhs.ty.clone()),
                _ => panic!("no constant"),
            },
            _ => panic!("not a comparison"),
        })
        .collect();
    assert_eq!(
        consts,
        vec![
            (Value::Money(Decimal::from(5000)), Type::Money),
            (Value::Days(20), Type::Days),
            (Value::Int(600), Type::Int),
        ]
    );
    assert_eq!(checked.rules[0].name, "line 1");
}

#[test]
fn a_field_never_becomes_another_type() {
    let (_, diags) = run(vec![
        score_field(),
        rule(bin(BinOp::Gt, name("balance"), name("score")), Channel::Sms),
    ]);
    let mismatch = diags
        .iter()
        .find(|d| d.code == Code::TypeMismatch)
        .expect("type-mismatch");
    assert!(
        mismatch.message.contains("money") && mismatch.message.contains("int"),
        "{}",
        mismatch.message
    );
}

#[test]
fn unknown_field_suggests_the_closest_name() {
    let (_, diags) = run(vec![rule(
        bin(BinOp::Ge, name("days_overdu"), num(3)),
        Channel::Sms,
    )]);
    assert_eq!(diags[0].code, Code::UnknownField);
    assert_eq!(
        diags[0].help.as_deref(),
        Some("did you mean `days_overdue`?")
    );
}

#[test]
fn contradiction_shadowing_and_gaps_are_found() {
    let d = || name("days_overdue");
    let never = bin(
        BinOp::And,
        bin(BinOp::Gt, d(), num(10)),
        bin(BinOp::Lt, d(), num(5)),
    );
    assert!(codes(vec![creditor(), rule(never, Channel::Sms)]).contains(&Code::NeverMatches));

    let shadowed = codes(vec![
        creditor(),
        rule(bin(BinOp::Ge, d(), num(10)), Channel::Sms),
        rule(
            bin(
                BinOp::And,
                bin(BinOp::Ge, d(), num(30)),
                bin(BinOp::Gt, name("balance"), num(1000)),
            ),
            Channel::Call,
        ),
    ]);
    assert!(shadowed.contains(&Code::ShadowedRule), "{shadowed:?}");

    let not_shadowed = codes(vec![
        creditor(),
        rule(bin(BinOp::Ge, d(), num(30)), Channel::Call),
        rule(bin(BinOp::Ge, d(), num(10)), Channel::Sms),
    ]);
    assert!(
        !not_shadowed.contains(&Code::ShadowedRule),
        "{not_shadowed:?}"
    );

    let (_, gap) = run(vec![
        creditor(),
        rule(bin(BinOp::Le, d(), num(3)), Channel::Sms),
        rule(bin(BinOp::Ge, d(), num(10)), Channel::Call),
    ]);
    let gap = gap
        .iter()
        .find(|x| x.code == Code::CoverageGap)
        .expect("gap");
    assert_eq!(gap.message, "debtors 4 to 9 days overdue match no rule");
}

#[test]
fn builtins_fill_the_first_slots_in_order() {
    let (checked, _) = run(vec![]);
    let checked = checked.expect("empty strategy checks");
    for b in Builtin::ALL {
        assert_eq!(checked.fields[b.slot()].name, b.name());
    }
}
