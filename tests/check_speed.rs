//! How fast the checker is on a large strategy: 5,000 generated rules, checked in release.
//! Ignored by default (it measures, it does not assert behaviour):
//! `cargo test --release --test check_speed -- --ignored --nocapture`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rust_decimal::Decimal;
use strat::source::{SourceFile, Span, Spanned};
use strat::syntax::ast::*;

fn sp<T>(node: T) -> Spanned<T> {
    Spanned::new(node, Span::default())
}
fn e(kind: ExprKind) -> Expr {
    Expr::new(kind, Span::default())
}
fn cmp(op: BinOp, field: &str, n: i64) -> Expr {
    e(ExprKind::Binary {
        op: sp(op),
        lhs: e(ExprKind::Name(field.into())),
        rhs: e(ExprKind::Number(Decimal::from(n))),
    })
}
fn and(l: Expr, r: Expr) -> Expr {
    e(ExprKind::Binary {
        op: sp(BinOp::And),
        lhs: l,
        rhs: r,
    })
}
fn or(l: Expr, r: Expr) -> Expr {
    e(ExprKind::Binary {
        op: sp(BinOp::Or),
        lhs: l,
        rhs: r,
    })
}

/// Rules like an analyst's, repeated with shifting numbers: single days, ranges, segments, `or`.
pub fn generated(rules: usize) -> Strategy {
    let mut items = vec![
        Item::Creditor {
            name: sp("Loja".into()),
            document: Some(sp("1".into())),
            span: Span::default(),
        },
        Item::Field(FieldDecl {
            name: sp("segment".into()),
            ty: sp(TypeExpr::Enum(vec![
                sp("high_value".into()),
                sp("standard".into()),
                sp("low_value".into()),
            ])),
            span: Span::default(),
        }),
        Item::Field(FieldDecl {
            name: sp("score".into()),
            ty: sp(TypeExpr::Int),
            span: Span::default(),
        }),
    ];
    let variants = ["high_value", "standard", "low_value"];
    for i in 0..rules {
        let day = (i % 700) as i64 + 1;
        let condition = match i % 4 {
            0 => and(
                cmp(BinOp::Eq, "days_overdue", day),
                cmp(BinOp::Ge, "balance", (i as i64 % 50) * 100),
            ),
            1 => and(
                cmp(BinOp::Ge, "days_overdue", day),
                and(
                    cmp(BinOp::Lt, "days_overdue", day + 7),
                    e(ExprKind::Binary {
                        op: sp(BinOp::Eq),
                        lhs: e(ExprKind::Name("segment".into())),
                        rhs: e(ExprKind::Name(variants[i % 3].into())),
                    }),
                ),
            ),
            2 => or(
                and(
                    cmp(BinOp::Eq, "days_overdue", day),
                    cmp(BinOp::Ge, "score", 600),
                ),
                and(
                    cmp(BinOp::Eq, "days_to_due", (i % 10) as i64),
                    cmp(BinOp::Lt, "score", 300),
                ),
            ),
            _ => and(
                cmp(BinOp::Ge, "days_overdue", day),
                cmp(BinOp::Le, "balance", 100 + i as i64),
            ),
        };
        items.push(Item::Rule(Rule {
            name: Some(sp(format!("regra {i}"))),
            condition,
            actions: vec![sp(Action {
                kind: ActionKind::Contact {
                    channel: sp(Channel::Sms),
                    template: None,
                },
                repeat: None,
            })],
            span: Span::default(),
            when_span: Span::default(),
        }));
    }
    Strategy {
        items,
        comments: Vec::new(),
    }
}

/// The same kind of strategy as text, for timing parse + check of a real file.
fn generated_text(rules: usize) -> String {
    let mut text = String::from(
        "creditor \"Loja\" document \"1\"\nfield segment: enum(high_value, standard, low_value)\nfield score: int\n",
    );
    let variants = ["high_value", "standard", "low_value"];
    for i in 0..rules {
        let day = i % 700 + 1;
        let condition = match i % 4 {
            0 => format!("days_overdue = {day} and balance >= {}", (i % 50) * 100),
            1 => format!(
                "days_overdue >= {day} and days_overdue < {} and segment = {}",
                day + 7,
                variants[i % 3]
            ),
            2 => format!(
                "days_overdue = {day} and score >= 600 or days_to_due = {} and score < 300",
                i % 10
            ),
            _ => format!("days_overdue >= {day} and balance <= {}", 100 + i),
        };
        text.push_str(&format!("rule \"regra {i}\": when {condition} then sms\n"));
    }
    text
}

#[test]
#[ignore = "measurement; run in release"]
fn five_thousand_rules_parse_and_check_fast() {
    let text = generated_text(5000);
    let source = SourceFile::new("big.strat", text.as_str());
    let start = std::time::Instant::now();
    let (ast, syntax) = strat::syntax::parse(&source);
    let parsed = start.elapsed();
    assert!(syntax.is_empty(), "{:?}", syntax.first());
    let start = std::time::Instant::now();
    let (checked, diagnostics) = strat::check::check(&source, &ast);
    println!(
        "{} bytes, 5000 rules: parse {parsed:?}, check {:?} ({} diagnostics)",
        text.len(),
        start.elapsed(),
        diagnostics.len()
    );
    assert!(checked.is_some());
}

#[test]
#[ignore = "measurement; run in release"]
fn five_thousand_rules_check_fast() {
    let ast = generated(5000);
    let source = SourceFile::new("big.strat", "");
    let start = std::time::Instant::now();
    let (checked, diagnostics) = strat::check::check(&source, &ast);
    let elapsed = start.elapsed();
    let shadowed = diagnostics
        .iter()
        .filter(|d| d.code == strat::diagnostics::Code::ShadowedRule)
        .count();
    println!(
        "checked 5000 rules in {elapsed:?}: {} diagnostics ({shadowed} shadowed-rule)",
        diagnostics.len()
    );
    assert!(checked.is_some());

    let mut all = ast.clone();
    all.items.push(Item::Hit(sp(HitPolicy::All)));
    let start = std::time::Instant::now();
    let _ = strat::check::check(&source, &all);
    println!(
        "the same under `hit all` (no shadowing analysis): {:?}",
        start.elapsed()
    );
}
