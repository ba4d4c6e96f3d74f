//! The compiled evaluator, one line per behaviour: each test builds a condition, a row, and
//! says whether the rule matches. `build` makes typed trees by hand; `naive` is an
//! independent recursive interpreter the compiled program is compared with on random input.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "eval/build.rs"]
mod build;
#[path = "eval/naive.rs"]
mod naive;
#[path = "eval/testrun.rs"]
mod testrun;
#[path = "eval/text.rs"]
mod text;

use build::*;
use chrono::NaiveDate;
use rust_decimal_macros::dec;
use strat::check::TExpr;
use strat::eval::program::{Program, Verdict};
use strat::schema::{BinOp, Channel, HitPolicy};
use strat::schema::{Builtin, Row, Value};
use strat::source::Span;
use BinOp::*;
use Builtin::*;

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 1, 2).unwrap()
}

/// Does a one-rule strategy with this condition match the row? Also checks that `verdict`
/// agrees with `select`.
fn holds(cond: TExpr, row: &Row) -> bool {
    let program = Program::compile(&strategy(vec![cond], vec![], HitPolicy::First));
    let mut out = Vec::new();
    program.select(row, as_of(), &mut out);
    let verdict = program.verdict(0, row, as_of());
    assert_eq!(verdict.matched, out == [0], "verdict disagrees with select");
    out == [0]
}

/// A row with the given slots set.
fn with(values: &[(usize, Value)]) -> Row {
    let mut r = row();
    for (slot, v) in values {
        r.set(*slot, *v);
    }
    r
}

fn d(s: &str) -> Value {
    Value::Date(s.parse().unwrap())
}

#[test]
fn int_and_days_comparisons() {
    let r = with(&[
        (DaysOverdue.slot(), Value::Days(20)),
        (SCORE, Value::Int(600)),
    ]);
    assert!(holds(cmp(Ge, b(DaysOverdue), days(20)), &r));
    assert!(!holds(cmp(Gt, b(DaysOverdue), days(20)), &r));
    assert!(holds(cmp(Le, b(DaysOverdue), days(20)), &r));
    assert!(!holds(cmp(Lt, b(DaysOverdue), days(20)), &r));
    assert!(holds(cmp(Eq, b(DaysOverdue), days(20)), &r));
    assert!(!holds(cmp(Ne, b(DaysOverdue), days(20)), &r));
    assert!(
        holds(cmp(Lt, int(599), field(SCORE)), &r),
        "constant on the left"
    );
    assert!(holds(cmp(Eq, field(SCORE), int(600)), &r));
}

#[test]
fn money_and_percent_compare_exactly_across_scales() {
    let r = with(&[
        (Balance.slot(), Value::Money(dec!(5000.00))),
        (PROPENSITY, Value::Percent(dec!(12.5))),
    ]);
    assert!(holds(cmp(Ge, b(Balance), money("5000")), &r));
    assert!(holds(cmp(Eq, b(Balance), money("5000")), &r));
    assert!(!holds(cmp(Gt, b(Balance), money("5000.00")), &r));
    assert!(holds(cmp(Lt, b(Balance), money("5000.01")), &r));
    assert!(holds(cmp(Gt, field(PROPENSITY), pct("12")), &r));
    // A literal the checker left as int next to money still compares as money.
    assert!(holds(cmp(Eq, b(Balance), int(5000)), &r));
}

#[test]
fn dates_enums_channels_bools_texts() {
    let mut r = with(&[
        (SIGNED_ON, d("2024-12-01")),
        (SEGMENT, Value::Enum(0)),
        (PREFERRED, Value::Channel(Channel::Whatsapp)),
        (VIP, Value::Bool(true)),
    ]);
    r.set_text(NOTE, Some("negociação"));
    assert!(holds(cmp(Lt, field(SIGNED_ON), date("2025-01-01")), &r));
    assert!(!holds(cmp(Gt, field(SIGNED_ON), date("2024-12-01")), &r));
    assert!(holds(cmp(Eq, field(SEGMENT), variant(0)), &r));
    assert!(holds(cmp(Ne, field(SEGMENT), variant(1)), &r));
    assert!(holds(
        cmp(Eq, field(PREFERRED), channel(Channel::Whatsapp)),
        &r
    ));
    assert!(!holds(cmp(Eq, field(PREFERRED), channel(Channel::Sms)), &r));
    assert!(holds(field(VIP), &r), "a bool field is a condition");
    assert!(holds(cmp(Eq, field(VIP), boolean(true)), &r));
    assert!(holds(cmp(Eq, field(NOTE), text("negociação")), &r));
    assert!(!holds(cmp(Eq, field(NOTE), text("negociacao")), &r));
    assert!(holds(cmp(Eq, text("negociação"), field(NOTE)), &r));
}

#[test]
fn and_or_not() {
    let r = with(&[
        (DaysOverdue.slot(), Value::Days(20)),
        (SCORE, Value::Int(700)),
    ]);
    let late = || cmp(Ge, b(DaysOverdue), days(20));
    let good = || cmp(Ge, field(SCORE), int(800));
    assert!(!holds(and(late(), good()), &r));
    assert!(holds(or(late(), good()), &r));
    assert!(holds(and(late(), not(good())), &r));
    assert!(holds(or(good(), or(good(), late())), &r));
    assert!(holds(and(late(), and(late(), late())), &r));
    assert!(!holds(not(late()), &r));
}

#[test]
fn missing_makes_comparisons_false_and_not_true() {
    let r = row();
    assert!(!holds(cmp(Ge, b(Balance), money("0")), &r));
    assert!(!holds(cmp(Lt, b(Balance), money("0")), &r));
    assert!(
        !holds(cmp(Ne, field(SEGMENT), variant(1)), &r),
        "!= on missing is false"
    );
    assert!(holds(not(cmp(Ge, b(Balance), money("0"))), &r));
    assert!(!holds(field(VIP), &r));
    assert!(holds(not(field(VIP)), &r));
    assert!(!holds(cmp(Eq, field(NOTE), text("")), &r));
    assert!(!holds(
        is_in(field(SEGMENT), vec![variant(0), variant(1), variant(2)]),
        &r
    ));
    assert!(!holds(between(b(DaysOverdue), days(-5), days(5)), &r));
    assert!(
        !holds(cmp(Eq, b(Balance), b(Balance)), &r),
        "missing never equals missing"
    );
}

#[test]
fn is_missing_and_is_present() {
    let mut r = with(&[(Balance.slot(), Value::Money(dec!(0)))]);
    r.set_text(Email.slot(), Some("a@b.c"));
    assert!(holds(present(b(Balance), true), &r));
    assert!(!holds(present(b(Balance), false), &r));
    assert!(holds(present(b(Email), true), &r));
    assert!(holds(present(b(Phone), false), &r));
    assert!(holds(present(b(LastPayment), false), &r));
    // Arithmetic on a missing value is missing; division by zero too.
    assert!(holds(
        present(arith(Add, b(UpdatedBalance), money("1")), false),
        &r
    ));
    assert!(holds(present(arith(Div, b(Balance), int(0)), false), &r));
    assert!(holds(present(arith(Div, b(Balance), int(2)), true), &r));
}

#[test]
fn in_and_between() {
    let r = with(&[
        (SEGMENT, Value::Enum(2)),
        (PREFERRED, Value::Channel(Channel::Sms)),
        (DaysOverdue.slot(), Value::Days(30)),
        (Balance.slot(), Value::Money(dec!(100.00))),
    ]);
    assert!(holds(
        is_in(field(SEGMENT), vec![variant(0), variant(2)]),
        &r
    ));
    assert!(!holds(
        is_in(field(SEGMENT), vec![variant(0), variant(1)]),
        &r
    ));
    assert!(holds(
        is_in(
            field(PREFERRED),
            vec![channel(Channel::Email), channel(Channel::Sms)]
        ),
        &r
    ));
    assert!(holds(is_in(b(DaysOverdue), vec![days(1), days(30)]), &r));
    assert!(!holds(is_in(b(DaysOverdue), vec![]), &r));
    assert!(
        holds(between(b(DaysOverdue), days(30), days(60)), &r),
        "inclusive low"
    );
    assert!(
        holds(between(b(DaysOverdue), days(1), days(30)), &r),
        "inclusive high"
    );
    assert!(!holds(between(b(DaysOverdue), days(31), days(60)), &r));
    assert!(holds(between(b(Balance), money("100"), money("200")), &r));
    assert!(holds(
        between(b(Balance), money("50"), arith(Add, money("50"), b(Balance))),
        &r
    ));
}

#[test]
fn arithmetic_on_money_percent_int_and_dates() {
    let r = with(&[
        (Balance.slot(), Value::Money(dec!(1000.00))),
        (PROPENSITY, Value::Percent(dec!(15))),
        (SCORE, Value::Int(7)),
        (SIGNED_ON, d("2024-12-28")),
        (OpenDebts.slot(), Value::Int(3)),
    ]);
    let eq = |lhs, rhs| holds(cmp(Eq, lhs, rhs), &r);
    assert!(
        eq(arith(Mul, b(Balance), field(PROPENSITY)), money("150")),
        "money × percent / 100"
    );
    assert!(eq(arith(Mul, field(PROPENSITY), b(Balance)), money("150")));
    assert!(eq(arith(Mul, b(Balance), field(SCORE)), money("7000")));
    assert!(eq(
        arith(Div, b(Balance), b(OpenDebts)),
        arith(Div, money("1000"), int(3))
    ));
    assert!(eq(arith(Add, b(Balance), money("0.50")), money("1000.5")));
    assert!(eq(arith(Sub, b(Balance), money("1000")), money("0")));
    assert!(eq(arith(Add, field(SCORE), int(3)), int(10)));
    assert!(eq(arith(Mul, field(SCORE), int(3)), int(21)));
    assert!(
        eq(arith(Div, field(SCORE), int(2)), int(3)),
        "int division truncates"
    );
    assert!(eq(arith(Sub, field(SCORE), int(10)), int(-3)));
    assert!(eq(neg(field(SCORE)), int(-7)));
    assert!(eq(
        arith(Add, field(SIGNED_ON), days(5)),
        date("2025-01-02")
    ));
    assert!(eq(
        arith(Sub, field(SIGNED_ON), days(28)),
        date("2024-11-30")
    ));
    assert!(eq(
        arith(Sub, date("2025-01-02"), field(SIGNED_ON)),
        days(5)
    ));
    assert!(eq(days_since(field(SIGNED_ON)), days(5)), "as-of − date");
    assert!(eq(days_until(field(SIGNED_ON)), days(-5)), "date − as-of");
    assert!(eq(days_until(date("2025-01-12")), days(10)));
    assert!(!holds(present(arith(Div, field(SCORE), int(0)), true), &r));
}

#[test]
fn segments_are_evaluated_in_place_and_shared() {
    let priority = and(
        cmp(Ge, b(Balance), money("5000")),
        cmp(Ge, field(SCORE), int(600)),
    );
    let rules = vec![
        and(cmp(Ge, b(DaysOverdue), days(20)), segment(0)),
        not(segment(0)),
        segment(1),
    ];
    let program = Program::compile(&strategy(rules, vec![priority, segment(0)], HitPolicy::All));
    let mut out = Vec::new();
    let rich = with(&[
        (Balance.slot(), Value::Money(dec!(8000))),
        (SCORE, Value::Int(700)),
        (DaysOverdue.slot(), Value::Days(25)),
    ]);
    program.select(&rich, as_of(), &mut out);
    assert_eq!(out, [0, 2], "a segment may use another segment");
    let poor = with(&[
        (Balance.slot(), Value::Money(dec!(10))),
        (SCORE, Value::Int(700)),
    ]);
    program.select(&poor, as_of(), &mut out);
    assert_eq!(out, [1]);
}

#[test]
fn a_self_referencing_segment_is_false_not_a_loop() {
    let program = Program::compile(&strategy(
        vec![segment(0)],
        vec![or(segment(0), boolean(true))],
        HitPolicy::First,
    ));
    let mut out = Vec::new();
    program.select(&row(), as_of(), &mut out);
    assert_eq!(
        out,
        [0],
        "the inner self-reference is false, the `or true` still holds"
    );
}

#[test]
fn hit_first_takes_only_the_first_match_and_hit_all_every_match() {
    let rules = || {
        vec![
            cmp(Ge, b(DaysOverdue), days(90)),
            cmp(Ge, b(DaysOverdue), days(20)),
            cmp(Ge, b(DaysOverdue), days(1)),
            cmp(Eq, b(DaysOverdue), days(0)),
        ]
    };
    let first = Program::compile(&strategy(rules(), vec![], HitPolicy::First));
    let all = Program::compile(&strategy(rules(), vec![], HitPolicy::All));
    assert_eq!(first.rule_count(), 4);
    let mut out = vec![99];
    let r = with(&[(DaysOverdue.slot(), Value::Days(30))]);
    first.select(&r, as_of(), &mut out);
    assert_eq!(out, [1]);
    all.select(&r, as_of(), &mut out);
    assert_eq!(out, [1, 2]);
    first.select(&row(), as_of(), &mut out);
    assert!(out.is_empty(), "missing days_overdue matches nothing");
}

#[test]
fn verdict_names_the_first_failing_conjunct_in_source_order() {
    let cond = and(
        and(
            at(cmp(Ge, b(DaysOverdue), days(20)), 10, 27),
            at(cmp(Ge, b(Balance), money("100")), 32, 46),
        ),
        at(cmp(Ge, field(SCORE), int(600)), 51, 63),
    );
    let program = Program::compile(&strategy(vec![cond], vec![], HitPolicy::First));
    let span = |start, end| Some(Span { start, end });
    let r = with(&[
        (DaysOverdue.slot(), Value::Days(25)),
        (SCORE, Value::Int(100)),
    ]);
    assert_eq!(program.verdict(0, &r, as_of()).failed, span(32, 46));
    let r = with(&[
        (DaysOverdue.slot(), Value::Days(25)),
        (Balance.slot(), Value::Money(dec!(500))),
    ]);
    assert_eq!(program.verdict(0, &r, as_of()).failed, span(51, 63));
    let r = with(&[(SCORE, Value::Int(900))]);
    assert_eq!(program.verdict(0, &r, as_of()).failed, span(10, 27));
    let r = with(&[
        (DaysOverdue.slot(), Value::Days(25)),
        (Balance.slot(), Value::Money(dec!(500))),
        (SCORE, Value::Int(900)),
    ]);
    assert_eq!(
        program.verdict(0, &r, as_of()),
        Verdict {
            matched: true,
            failed: None
        }
    );
    assert_eq!(
        program.verdict(7, &r, as_of()),
        Verdict {
            matched: false,
            failed: None
        }
    );
}

#[test]
fn constants_fold_and_rows_of_the_wrong_shape_do_not_panic() {
    assert!(holds(cmp(Lt, int(1), int(2)), &row()));
    assert!(!holds(
        and(boolean(false), cmp(Ge, b(DaysOverdue), days(0))),
        &row()
    ));
    assert!(holds(
        cmp(Eq, arith(Mul, money("10"), pct("50")), money("5")),
        &row()
    ));
    // A row shorter than the strategy's slots, and a slot of the wrong kind.
    let short = Row::with_slots(2);
    assert!(!holds(cmp(Ge, field(SCORE), int(0)), &short));
    let odd = with(&[(SCORE, Value::Money(dec!(5)))]);
    assert!(!holds(cmp(Ge, field(SCORE), int(0)), &odd));
}

mod random {
    //! The compiled program against the naive interpreter on random trees and rows.
    use super::*;
    use proptest::prelude::*;

    proptest! {
        // 600 by default; `PROPTEST_CASES=2000` for a longer run after evaluator changes.
        #![proptest_config(ProptestConfig::with_cases(
            std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(600)
        ))]
        #[test]
        fn compiled_agrees_with_naive(
            conds in proptest::collection::vec(naive::gen_rule(), 1..8),
            hit_all in any::<bool>(),
            segs in proptest::collection::vec(naive::gen_cond(2), 2),
            r in naive::gen_row(),
            offset in -400i64..400,
        ) {
            let as_of = as_of() + chrono::Duration::days(offset);
            let hit = if hit_all { HitPolicy::All } else { HitPolicy::First };
            let program = Program::compile(&strategy(conds.clone(), segs.clone(), hit));
            let mut out = Vec::new();
            program.select(&r, as_of, &mut out);
            let mut expected: Vec<usize> = conds
                .iter()
                .enumerate()
                .filter(|(_, c)| naive::test(c, &r, as_of, &segs))
                .map(|(i, _)| i)
                .collect();
            if !hit_all {
                expected.truncate(1);
            }
            prop_assert_eq!(out, expected);
        }
    }
}

#[test]
fn the_rule_index_handles_missing_keys_and_extreme_bounds() {
    let od = || b(DaysOverdue);
    let rules = vec![
        cmp(Lt, od(), days(i64::MIN)),
        cmp(Gt, od(), days(i64::MAX)),
        cmp(Ge, od(), days(i64::MAX)),
        cmp(Le, od(), days(i64::MIN)),
        cmp(Ne, od(), days(5)),
        cmp(Ge, b(Balance), money("0")),
        and(between(od(), days(10), days(20)), cmp(Ne, od(), days(15))),
    ];
    let program = Program::compile(&strategy(rules, vec![], HitPolicy::All));
    let mut out = Vec::new();
    let mut at_days = |n: Option<i64>| {
        let mut r = with(&[(Balance.slot(), Value::Money(dec!(1)))]);
        if let Some(n) = n {
            r.set(DaysOverdue.slot(), Value::Days(n));
        }
        program.select(&r, as_of(), &mut out);
        out.clone()
    };
    assert_eq!(at_days(None), [5], "only the rule not on days_overdue");
    assert_eq!(at_days(Some(i64::MAX)), [2, 4, 5]);
    assert_eq!(at_days(Some(i64::MIN)), [3, 4, 5]);
    assert_eq!(at_days(Some(5)), [5]);
    assert_eq!(at_days(Some(10)), [4, 5, 6]);
    assert_eq!(at_days(Some(15)), [4, 5]);
    assert_eq!(at_days(Some(20)), [4, 5, 6]);
    assert_eq!(at_days(Some(21)), [4, 5]);
}

#[test]
fn money_arithmetic_against_a_constant_is_exact_at_the_boundary() {
    // balance × 30% ≥ 500 ⟺ balance ≥ 1666.666…, whatever the scale of the row's amount.
    let discount = || cmp(Ge, arith(Mul, b(Balance), pct("30")), money("500"));
    let at = |amount| with(&[(Balance.slot(), Value::Money(amount))]);
    assert!(!holds(discount(), &at(dec!(1666.66))));
    assert!(holds(discount(), &at(dec!(1666.67))));
    assert!(!holds(discount(), &at(dec!(1666.666))));
    assert!(holds(discount(), &at(dec!(1666.667))));
    assert!(holds(discount(), &at(dec!(1667))));
    assert!(!holds(discount(), &at(dec!(-5000.00))));
    assert!(!holds(discount(), &row()), "missing balance");
    // A constant on the left, an int factor.
    assert!(holds(
        cmp(Lt, money("20"), arith(Mul, b(Balance), int(3))),
        &at(dec!(6.67))
    ));
    assert!(!holds(
        cmp(Lt, money("20"), arith(Mul, b(Balance), int(3))),
        &at(dec!(6.66))
    ));

    // updated_balance − balance > 50.
    let grew = || cmp(Gt, arith(Sub, b(UpdatedBalance), b(Balance)), money("50"));
    let pair = |updated, balance| {
        with(&[
            (UpdatedBalance.slot(), Value::Money(updated)),
            (Balance.slot(), Value::Money(balance)),
        ])
    };
    assert!(holds(grew(), &pair(dec!(150.01), dec!(100.00))));
    assert!(!holds(grew(), &pair(dec!(150.00), dec!(100.00))));
    assert!(
        holds(grew(), &pair(dec!(150.001), dec!(100.00))),
        "finer scale"
    );
    assert!(!holds(grew(), &pair(dec!(150), dec!(100))), "coarser scale");
    assert!(!holds(
        grew(),
        &with(&[(UpdatedBalance.slot(), Value::Money(dec!(900)))])
    ));
    let huge = Value::Money(rust_decimal::Decimal::new(i64::MAX, 2));
    let mut r = pair(dec!(0), dec!(0));
    r.set(UpdatedBalance.slot(), huge);
    r.set(
        Balance.slot(),
        Value::Money(rust_decimal::Decimal::new(-5, 2)),
    );
    assert!(
        holds(grew(), &r),
        "a difference past i64 cents is still exact"
    );
}
