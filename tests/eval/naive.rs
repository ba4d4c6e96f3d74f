//! A naive recursive interpreter of typed expressions, written independently of the compiled
//! evaluator (chrono dates, owned strings), and random generators of well-typed trees and
//! rows for the differential property test.

use super::build::*;
use chrono::{Duration, NaiveDate};
use proptest::prelude::*;
use rust_decimal::Decimal;
use std::cmp::Ordering;
use strat::check::{CmpOp, TExpr, TExprKind};
use strat::schema::{BinOp, Channel};
use strat::schema::{Row, Type, Value};

#[derive(Debug, Clone, PartialEq)]
enum NV {
    Missing,
    Int(i64),
    Dec(Decimal),
    Date(NaiveDate),
    Bool(bool),
    Enum(u32),
    Channel(Channel),
    Text(String),
}

fn of(v: Value, row: &Row, slot: usize) -> NV {
    match v {
        Value::Missing => NV::Missing,
        Value::Int(n) | Value::Days(n) => NV::Int(n),
        Value::Money(d) | Value::Percent(d) => NV::Dec(d),
        Value::Date(d) => NV::Date(d),
        Value::Bool(b) => NV::Bool(b),
        Value::Enum(i) => NV::Enum(i),
        Value::Channel(c) => NV::Channel(c),
        Value::Text => row
            .text(slot)
            .map_or(NV::Missing, |t| NV::Text(t.to_string())),
    }
}

fn ord(a: &NV, b: &NV) -> Option<Ordering> {
    match (a, b) {
        (NV::Int(a), NV::Int(b)) => Some(a.cmp(b)),
        (NV::Dec(a), NV::Dec(b)) => Some(a.cmp(b)),
        (NV::Date(a), NV::Date(b)) => Some(a.cmp(b)),
        (NV::Bool(a), NV::Bool(b)) => Some(a.cmp(b)),
        (NV::Enum(a), NV::Enum(b)) => Some(a.cmp(b)),
        (NV::Channel(a), NV::Channel(b)) => Some(a.cmp(b)),
        (NV::Text(a), NV::Text(b)) => Some(a.cmp(b)),
        _ => None,
    }
}

fn shift(d: NaiveDate, n: i64) -> NV {
    Duration::try_days(n)
        .and_then(|x| d.checked_add_signed(x))
        .map_or(NV::Missing, NV::Date)
}

fn value(e: &TExpr, row: &Row, as_of: NaiveDate, segs: &[TExpr]) -> NV {
    let hundred = Decimal::from(100);
    match &e.kind {
        TExprKind::Field(s) => of(row.get(*s), row, *s),
        TExprKind::Const(v) => of(*v, row, usize::MAX),
        TExprKind::Text(t) => NV::Text(t.clone()),
        TExprKind::Neg(x) => match value(x, row, as_of, segs) {
            NV::Int(n) => n.checked_neg().map_or(NV::Missing, NV::Int),
            NV::Dec(d) => NV::Dec(-d),
            _ => NV::Missing,
        },
        TExprKind::DaysSince(x) => match value(x, row, as_of, segs) {
            NV::Date(d) => NV::Int((as_of - d).num_days()),
            _ => NV::Missing,
        },
        TExprKind::DaysUntil(x) => match value(x, row, as_of, segs) {
            NV::Date(d) => NV::Int((d - as_of).num_days()),
            _ => NV::Missing,
        },
        TExprKind::Arith { op, lhs, rhs } => {
            let a = value(lhs, row, as_of, segs);
            let b = value(rhs, row, as_of, segs);
            let percent = lhs.ty == Type::Percent || rhs.ty == Type::Percent;
            let both_percent = lhs.ty == Type::Percent && rhs.ty == Type::Percent;
            let out = match (op.bin_op(), a, b) {
                (BinOp::Add, NV::Int(a), NV::Int(b)) => a.checked_add(b).map(NV::Int),
                (BinOp::Sub, NV::Int(a), NV::Int(b)) => a.checked_sub(b).map(NV::Int),
                (BinOp::Mul, NV::Int(a), NV::Int(b)) => a.checked_mul(b).map(NV::Int),
                (BinOp::Div, NV::Int(a), NV::Int(b)) => a.checked_div(b).map(NV::Int),
                (BinOp::Add, NV::Dec(a), NV::Dec(b)) => a.checked_add(b).map(NV::Dec),
                (BinOp::Sub, NV::Dec(a), NV::Dec(b)) => a.checked_sub(b).map(NV::Dec),
                (BinOp::Mul, NV::Dec(a), NV::Dec(b)) if percent => a
                    .checked_mul(b)
                    .and_then(|x| x.checked_div(hundred))
                    .map(NV::Dec),
                (BinOp::Mul, NV::Dec(a), NV::Dec(b)) => a.checked_mul(b).map(NV::Dec),
                (BinOp::Div, NV::Dec(a), NV::Dec(b)) if both_percent => a
                    .checked_mul(hundred)
                    .and_then(|x| x.checked_div(b))
                    .map(NV::Dec),
                (BinOp::Div, NV::Dec(a), NV::Dec(b)) => a.checked_div(b).map(NV::Dec),
                (BinOp::Mul, NV::Dec(a), NV::Int(b)) | (BinOp::Mul, NV::Int(b), NV::Dec(a)) => {
                    a.checked_mul(Decimal::from(b)).map(NV::Dec)
                }
                (BinOp::Div, NV::Dec(a), NV::Int(b)) => {
                    a.checked_div(Decimal::from(b)).map(NV::Dec)
                }
                (BinOp::Add, NV::Date(d), NV::Int(n)) | (BinOp::Add, NV::Int(n), NV::Date(d)) => {
                    Some(shift(d, n))
                }
                (BinOp::Sub, NV::Date(d), NV::Int(n)) => Some(shift(d, -n)),
                (BinOp::Sub, NV::Date(a), NV::Date(b)) => Some(NV::Int((a - b).num_days())),
                _ => None,
            };
            out.unwrap_or(NV::Missing)
        }
        _ => NV::Bool(test(e, row, as_of, segs)),
    }
}

/// The naive truth of a condition.
pub fn test(e: &TExpr, row: &Row, as_of: NaiveDate, segs: &[TExpr]) -> bool {
    let v = |x: &TExpr| value(x, row, as_of, segs);
    match &e.kind {
        TExprKind::Field(s) => row.get(*s) == Value::Bool(true),
        TExprKind::Segment(i) => test(&segs[*i], row, as_of, segs),
        TExprKind::Const(c) => *c == Value::Bool(true),
        TExprKind::Not(x) => !test(x, row, as_of, segs),
        TExprKind::And(a, b) => test(a, row, as_of, segs) && test(b, row, as_of, segs),
        TExprKind::Or(a, b) => test(a, row, as_of, segs) || test(b, row, as_of, segs),
        TExprKind::Compare { op, lhs, rhs } => match ord(&v(lhs), &v(rhs)) {
            None => false,
            Some(o) => match op {
                CmpOp::Eq => o == Ordering::Equal,
                CmpOp::Ne => o != Ordering::Equal,
                CmpOp::Lt => o == Ordering::Less,
                CmpOp::Le => o != Ordering::Greater,
                CmpOp::Gt => o == Ordering::Greater,
                CmpOp::Ge => o != Ordering::Less,
            },
        },
        TExprKind::In { value: x, set } => {
            let x = v(x);
            set.iter().any(|s| ord(&x, &v(s)) == Some(Ordering::Equal))
        }
        TExprKind::Between {
            value: x,
            low,
            high,
        } => {
            let x = v(x);
            ord(&v(low), &x).is_some_and(|o| o != Ordering::Greater)
                && ord(&x, &v(high)).is_some_and(|o| o != Ordering::Greater)
        }
        TExprKind::IsPresent { value: x, present } => (v(x) != NV::Missing) == *present,
        _ => v(e) == NV::Bool(true),
    }
}

// ---- generators ----

const NUM_TYPES: [Type; 5] = [
    Type::Int,
    Type::Days,
    Type::Money,
    Type::Percent,
    Type::Date,
];

fn slots_of(ty: &Type) -> Vec<usize> {
    (0..SLOTS).filter(|s| slot_type(*s) == *ty).collect()
}

fn base_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 1, 1).unwrap()
}

fn gen_const(ty: &Type) -> BoxedStrategy<TExpr> {
    match ty {
        Type::Int => (-5i64..50).prop_map(int).boxed(),
        Type::Days => (-3i64..15).prop_map(days).boxed(),
        Type::Money => (0i64..20_000)
            .prop_map(|c| konst(Value::Money(Decimal::new(c * 10, 2))))
            .boxed(),
        Type::Percent => (0i64..200)
            .prop_map(|c| konst(Value::Percent(Decimal::new(c, 1))))
            .boxed(),
        Type::Date => (0i64..800)
            .prop_map(|n| konst(Value::Date(base_date() + Duration::days(n))))
            .boxed(),
        _ => Just(boolean(false)).boxed(),
    }
}

fn gen_leaf(ty: &Type) -> BoxedStrategy<TExpr> {
    let slots = slots_of(ty);
    prop_oneof![prop::sample::select(slots).prop_map(field), gen_const(ty)].boxed()
}

fn gen_num(ty: Type, depth: u32) -> BoxedStrategy<TExpr> {
    if depth == 0 {
        return gen_leaf(&ty);
    }
    let n = |t: Type| gen_num(t, depth - 1);
    let ops = |ops: &'static [BinOp]| prop::sample::select(ops);
    let compound = match ty {
        Type::Int => prop_oneof![
            (
                ops(&[BinOp::Add, BinOp::Sub, BinOp::Mul, BinOp::Div]),
                n(Type::Int),
                n(Type::Int)
            )
                .prop_map(|(o, a, b)| arith(o, a, b)),
            n(Type::Int).prop_map(neg),
        ]
        .boxed(),
        Type::Days => prop_oneof![
            n(Type::Date).prop_map(days_since),
            n(Type::Date).prop_map(days_until),
            (n(Type::Date), n(Type::Date)).prop_map(|(a, b)| arith(BinOp::Sub, a, b)),
            (ops(&[BinOp::Add, BinOp::Sub]), n(Type::Days), n(Type::Days))
                .prop_map(|(o, a, b)| arith(o, a, b)),
        ]
        .boxed(),
        Type::Money => prop_oneof![
            (
                ops(&[BinOp::Add, BinOp::Sub]),
                n(Type::Money),
                n(Type::Money)
            )
                .prop_map(|(o, a, b)| arith(o, a, b)),
            (n(Type::Money), n(Type::Percent)).prop_map(|(a, b)| arith(BinOp::Mul, a, b)),
            (n(Type::Percent), n(Type::Money)).prop_map(|(a, b)| arith(BinOp::Mul, a, b)),
            (ops(&[BinOp::Mul, BinOp::Div]), n(Type::Money), n(Type::Int))
                .prop_map(|(o, a, b)| arith(o, a, b)),
            n(Type::Money).prop_map(neg),
        ]
        .boxed(),
        Type::Percent => prop_oneof![(
            ops(&[BinOp::Add, BinOp::Sub, BinOp::Mul, BinOp::Div]),
            n(Type::Percent),
            n(Type::Percent)
        )
            .prop_map(|(o, a, b)| arith(o, a, b)),]
        .boxed(),
        _ => prop_oneof![
            (ops(&[BinOp::Add, BinOp::Sub]), n(Type::Date), n(Type::Days))
                .prop_map(|(o, a, b)| arith(o, a, b)),
            (n(Type::Days), n(Type::Date)).prop_map(|(a, b)| arith(BinOp::Add, a, b)),
        ]
        .boxed(),
    };
    prop_oneof![2 => gen_leaf(&ty), 1 => compound].boxed()
}

fn gen_cmp_op() -> impl Strategy<Value = BinOp> {
    prop::sample::select(
        &[
            BinOp::Eq,
            BinOp::Ne,
            BinOp::Lt,
            BinOp::Le,
            BinOp::Gt,
            BinOp::Ge,
        ][..],
    )
}

fn gen_atom(allow_segments: bool) -> BoxedStrategy<TExpr> {
    let numeric = prop::sample::select(&NUM_TYPES[..]).prop_flat_map(|ty| {
        prop_oneof![
            (gen_cmp_op(), gen_num(ty.clone(), 2), gen_num(ty.clone(), 2))
                .prop_map(|(o, a, b)| cmp(o, a, b)),
            (
                gen_num(ty.clone(), 1),
                gen_num(ty.clone(), 1),
                gen_num(ty.clone(), 1)
            )
                .prop_map(|(v, l, h)| between(v, l, h)),
            (
                gen_num(ty.clone(), 1),
                proptest::collection::vec(gen_num(ty.clone(), 0), 0..4)
            )
                .prop_map(|(v, s)| is_in(v, s)),
            (gen_num(ty.clone(), 2), any::<bool>()).prop_map(|(v, p)| present(v, p)),
        ]
    });
    let channels = prop::sample::select(Channel::ALL.to_vec());
    let mut atoms = vec![
        numeric.boxed(),
        (gen_cmp_op(), 0u32..3)
            .prop_map(|(o, i)| cmp(o, field(SEGMENT), variant(i)))
            .boxed(),
        proptest::collection::vec((0u32..3).prop_map(variant), 0..3)
            .prop_map(|s| is_in(field(SEGMENT), s))
            .boxed(),
        proptest::collection::vec(channels.clone().prop_map(channel), 0..3)
            .prop_map(|s| is_in(field(PREFERRED), s))
            .boxed(),
        (gen_cmp_op(), channels)
            .prop_map(|(o, c)| cmp(o, field(PREFERRED), channel(c)))
            .boxed(),
        Just(field(VIP)).boxed(),
        any::<bool>()
            .prop_map(|v| cmp(BinOp::Eq, field(VIP), boolean(v)))
            .boxed(),
        any::<bool>().prop_map(boolean).boxed(),
        (
            gen_cmp_op(),
            prop::sample::select(&["", "ana", "negociação"][..]),
        )
            .prop_map(|(o, t)| cmp(o, field(NOTE), text(t)))
            .boxed(),
        any::<bool>().prop_map(|p| present(field(NOTE), p)).boxed(),
    ];
    if allow_segments {
        atoms.push((0usize..2).prop_map(segment).boxed());
    }
    proptest::strategy::Union::new(atoms).boxed()
}

/// A random well-typed condition; segment references only when `depth` is for a rule.
pub fn gen_cond(depth: u32) -> BoxedStrategy<TExpr> {
    let allow_segments = depth >= 3;
    gen_atom(allow_segments)
        .prop_recursive(depth, 16, 3, |inner| {
            prop_oneof![
                (inner.clone(), inner.clone()).prop_map(|(a, b)| and(a, b)),
                (inner.clone(), inner.clone()).prop_map(|(a, b)| or(a, b)),
                inner.prop_map(not),
            ]
        })
        .boxed()
}

fn gen_slot(ty: Type) -> BoxedStrategy<(Value, &'static str)> {
    let v = |s: BoxedStrategy<Value>| s.prop_map(|v| (v, "")).boxed();
    let present = match ty {
        Type::Int => v((-5i64..50).prop_map(Value::Int).boxed()),
        Type::Days => v((-3i64..15).prop_map(Value::Days).boxed()),
        // Mostly cents, as real rows; sometimes another scale or a huge amount, which the
        // evaluator's integer fast paths must hand back to exact decimal arithmetic.
        Type::Money => v(prop_oneof![
            4 => (0i64..20_000).prop_map(|c| Value::Money(Decimal::new(c * 10, 2))),
            1 => (0i64..2_000_000, 0u32..5).prop_map(|(c, s)| Value::Money(Decimal::new(c, s))),
            1 => (0u32..3).prop_map(|s| Value::Money(Decimal::new(i64::MAX - 7, s))),
        ]
        .boxed()),
        Type::Percent => v((0i64..200)
            .prop_map(|c| Value::Percent(Decimal::new(c, 1)))
            .boxed()),
        Type::Date => v((0i64..800)
            .prop_map(|n| Value::Date(base_date() + Duration::days(n)))
            .boxed()),
        Type::Bool => v(any::<bool>().prop_map(Value::Bool).boxed()),
        Type::Enum { .. } => v((0u32..3).prop_map(Value::Enum).boxed()),
        Type::Channel => v(prop::sample::select(Channel::ALL.to_vec())
            .prop_map(Value::Channel)
            .boxed()),
        Type::Text => prop::sample::select(&["", "ana", "negociação"][..])
            .prop_map(|t| (Value::Text, t))
            .boxed(),
    };
    prop_oneof![1 => Just((Value::Missing, "")), 3 => present].boxed()
}

/// A random row over the test strategies' slots.
pub fn gen_row() -> impl Strategy<Value = Row> {
    let slots: Vec<_> = (0..SLOTS).map(|s| gen_slot(slot_type(s))).collect();
    slots.prop_map(|values| {
        let mut r = row();
        for (slot, (v, t)) in values.into_iter().enumerate() {
            match v {
                Value::Text => r.set_text(slot, Some(t)),
                other => r.set(slot, other),
            }
        }
        r
    })
}

/// A test of `days_overdue` against constants, as most real rules start.
fn gen_guard() -> BoxedStrategy<TExpr> {
    let od = || field(strat::schema::Builtin::DaysOverdue.slot());
    prop_oneof![
        (gen_cmp_op(), -3i64..15).prop_map(move |(o, k)| cmp(o, od(), days(k))),
        (-3i64..15, -3i64..15).prop_map(move |(a, b)| between(od(), days(a), days(b))),
    ]
    .boxed()
}

/// A random rule condition: sometimes guarded by `days_overdue` tests (exercising the rule
/// index), sometimes anything.
pub fn gen_rule() -> BoxedStrategy<TExpr> {
    prop_oneof![
        2 => gen_cond(3),
        3 => gen_guard(),
        3 => (gen_guard(), gen_cond(3)).prop_map(|(g, c)| and(g, c)),
        2 => (gen_guard(), gen_guard(), gen_cond(2)).prop_map(|(a, b, c)| and(and(a, b), c)),
        1 => (gen_guard(), gen_guard()).prop_map(|(a, b)| or(a, b)),
    ]
    .boxed()
}
