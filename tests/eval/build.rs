//! Hand-built typed expressions and checked strategies, so the evaluator can be tested
//! without the parser and checker (and against exactly the trees we mean).

use rust_decimal::Decimal;
use strat::check::{
    ops, CheckedStrategy, CmpOp, FieldInfo, Header, Policy, RuleInfo, SegmentInfo, TExpr, TExprKind,
};
use strat::schema::{BinOp, Channel, HitPolicy};
use strat::schema::{Builtin, Row, Type, Value, BUILTIN_SLOTS};
use strat::source::{SourceFile, Span};

pub const SCORE: usize = BUILTIN_SLOTS;
pub const SEGMENT: usize = BUILTIN_SLOTS + 1;
pub const PROPENSITY: usize = BUILTIN_SLOTS + 2;
pub const PREFERRED: usize = BUILTIN_SLOTS + 3;
pub const VIP: usize = BUILTIN_SLOTS + 4;
pub const SIGNED_ON: usize = BUILTIN_SLOTS + 5;
pub const NOTE: usize = BUILTIN_SLOTS + 6;
pub const SLOTS: usize = BUILTIN_SLOTS + 7;

pub fn segment_type() -> Type {
    Type::Enum {
        name: "segment".into(),
        variants: vec!["high_value".into(), "standard".into(), "low_value".into()],
    }
}

/// The declared fields of the test strategies, after the built-ins.
pub fn custom_fields() -> Vec<(&'static str, Type)> {
    vec![
        ("score", Type::Int),
        ("segment", segment_type()),
        ("propensity", Type::Percent),
        ("preferred", Type::Channel),
        ("vip", Type::Bool),
        ("signed_on", Type::Date),
        ("note", Type::Text),
    ]
}

pub fn slot_type(slot: usize) -> Type {
    match Builtin::ALL.get(slot) {
        Some(b) => b.ty(),
        None => custom_fields()[slot - BUILTIN_SLOTS].1.clone(),
    }
}

fn fields() -> Vec<FieldInfo> {
    let mut out = FieldInfo::builtins();
    for (i, (name, ty)) in custom_fields().into_iter().enumerate() {
        out.push(FieldInfo {
            name: name.into(),
            ty,
            slot: BUILTIN_SLOTS + i,
            builtin: None,
            span: Span::default(),
        });
    }
    out
}

pub fn strategy(rules: Vec<TExpr>, segments: Vec<TExpr>, hit: HitPolicy) -> CheckedStrategy {
    CheckedStrategy {
        source: SourceFile::new("t.strat", ""),
        header: Header {
            name: "t".into(),
            version: 1,
            creditor_name: None,
            creditor_document: None,
            currency: "BRL".into(),
            timezone: chrono_tz::America::Sao_Paulo,
            hit,
        },
        fields: fields(),
        policy: Policy::default(),
        segments: segments
            .into_iter()
            .enumerate()
            .map(|(i, condition)| SegmentInfo {
                name: format!("seg{i}"),
                condition,
            })
            .collect(),
        templates: Vec::new(),
        rules: rules
            .into_iter()
            .enumerate()
            .map(|(i, condition)| RuleInfo {
                name: format!("r{i}"),
                line: i as u32 + 1,
                span: condition.span,
                condition,
                actions: Vec::new(),
            })
            .collect(),
        tests: Vec::new(),
        diagnostics: Vec::new(),
    }
}

pub fn row() -> Row {
    Row::with_slots(SLOTS)
}

fn node(kind: TExprKind, ty: Type) -> TExpr {
    TExpr {
        kind,
        ty,
        span: Span::default(),
    }
}

pub fn at(mut e: TExpr, start: u32, end: u32) -> TExpr {
    e.span = Span { start, end };
    e
}

pub fn field(slot: usize) -> TExpr {
    node(TExprKind::Field(slot), slot_type(slot))
}
pub fn b(builtin: Builtin) -> TExpr {
    field(builtin.slot())
}
pub fn konst(v: Value) -> TExpr {
    let ty = match v {
        Value::Int(_) => Type::Int,
        Value::Days(_) => Type::Days,
        Value::Money(_) => Type::Money,
        Value::Percent(_) => Type::Percent,
        Value::Date(_) => Type::Date,
        Value::Bool(_) => Type::Bool,
        Value::Enum(_) => segment_type(),
        Value::Channel(_) => Type::Channel,
        Value::Text | Value::Missing => Type::Text,
    };
    node(TExprKind::Const(v), ty)
}
pub fn int(n: i64) -> TExpr {
    konst(Value::Int(n))
}
pub fn days(n: i64) -> TExpr {
    konst(Value::Days(n))
}
pub fn money(s: &str) -> TExpr {
    konst(Value::Money(s.parse::<Decimal>().unwrap()))
}
pub fn pct(s: &str) -> TExpr {
    konst(Value::Percent(s.parse::<Decimal>().unwrap()))
}
pub fn date(s: &str) -> TExpr {
    konst(Value::Date(s.parse().unwrap()))
}
pub fn boolean(v: bool) -> TExpr {
    konst(Value::Bool(v))
}
pub fn variant(i: u32) -> TExpr {
    konst(Value::Enum(i))
}
pub fn channel(c: Channel) -> TExpr {
    konst(Value::Channel(c))
}
pub fn text(s: &str) -> TExpr {
    node(TExprKind::Text(s.into()), Type::Text)
}
pub fn segment(i: usize) -> TExpr {
    node(TExprKind::Segment(i), Type::Bool)
}

pub fn cmp(op: BinOp, lhs: TExpr, rhs: TExpr) -> TExpr {
    node(
        TExprKind::Compare {
            op: CmpOp::of(op).expect("a comparison operator"),
            lhs: Box::new(lhs),
            rhs: Box::new(rhs),
        },
        Type::Bool,
    )
}
pub fn and(a: TExpr, b: TExpr) -> TExpr {
    let span = a.span.to(b.span);
    at(
        node(TExprKind::And(Box::new(a), Box::new(b)), Type::Bool),
        span.start,
        span.end,
    )
}
pub fn or(a: TExpr, b: TExpr) -> TExpr {
    node(TExprKind::Or(Box::new(a), Box::new(b)), Type::Bool)
}
pub fn not(a: TExpr) -> TExpr {
    node(TExprKind::Not(Box::new(a)), Type::Bool)
}
pub fn neg(a: TExpr) -> TExpr {
    let ty = a.ty.clone();
    node(TExprKind::Neg(Box::new(a)), ty)
}
/// Arithmetic as the checker types it (its table picks the operator and the result type).
pub fn arith(op: BinOp, lhs: TExpr, rhs: TExpr) -> TExpr {
    let (op, ty) = ops::arith(op, &lhs.ty, &rhs.ty).expect("arithmetic the language allows");
    node(
        TExprKind::Arith {
            op,
            lhs: Box::new(lhs),
            rhs: Box::new(rhs),
        },
        ty,
    )
}
pub fn is_in(value: TExpr, set: Vec<TExpr>) -> TExpr {
    node(
        TExprKind::In {
            value: Box::new(value),
            set,
        },
        Type::Bool,
    )
}
pub fn between(value: TExpr, low: TExpr, high: TExpr) -> TExpr {
    node(
        TExprKind::Between {
            value: Box::new(value),
            low: Box::new(low),
            high: Box::new(high),
        },
        Type::Bool,
    )
}
pub fn present(value: TExpr, present: bool) -> TExpr {
    node(
        TExprKind::IsPresent {
            value: Box::new(value),
            present,
        },
        Type::Bool,
    )
}
pub fn days_since(value: TExpr) -> TExpr {
    node(TExprKind::DaysSince(Box::new(value)), Type::Days)
}
pub fn days_until(value: TExpr) -> TExpr {
    node(TExprKind::DaysUntil(Box::new(value)), Type::Days)
}
