//! The test-block runner on hand-built strategies: the debtor from checked `given` values,
//! the defaults, the multiset comparison of actions and the readable differences. (Typing the
//! written literals is the checker's job: see `tests/check.rs` and `text.rs`.)

use super::build::*;
use rust_decimal_macros::dec;
use strat::check::{ActionSpec, CheckedStrategy, GivenValue, RuleAction, TestGiven, TestInfo};
use strat::eval::given::given_row;
use strat::eval::program::Program;
use strat::eval::testrun::{run_tests, TestReport};
use strat::schema::{BinOp, Builtin, Channel, HitPolicy, Repeat, Value};
use strat::source::Span;

fn contact(c: Channel, template: Option<&str>) -> ActionSpec {
    ActionSpec::Contact {
        channel: c,
        template: template.map(str::to_string),
    }
}

fn act(kind: ActionSpec, repeat: Option<Repeat>) -> RuleAction {
    RuleAction {
        kind,
        repeat,
        span: Span::default(),
    }
}

/// `given field = value`, the field found by name as the checker would.
fn given(field: &str, value: Value) -> TestGiven {
    let st = strategy(vec![], vec![], HitPolicy::First);
    TestGiven {
        slot: st.field(field).unwrap().slot,
        value: GivenValue::Value(value),
    }
}

fn test_block(
    name: &str,
    given: Vec<TestGiven>,
    expect: Vec<ActionSpec>,
    rule: Option<&str>,
) -> TestInfo {
    TestInfo {
        name: name.to_string(),
        line: 1,
        given,
        expect,
        expect_rule: rule.map(str::to_string),
        as_of: None,
        span: Span::default(),
    }
}

/// Three rules: days_overdue ≥ 90 (discount + whatsapp "oferta" every 15 days),
/// ≥ 20 and score ≥ 600 (call every 7 days + 6 installments), ≥ 1 (sms "aviso").
fn strategy_with(tests: Vec<TestInfo>, hit: HitPolicy) -> CheckedStrategy {
    let rules = vec![
        cmp(BinOp::Ge, b(Builtin::DaysOverdue), days(90)),
        and(
            cmp(BinOp::Ge, b(Builtin::DaysOverdue), days(20)),
            cmp(BinOp::Ge, field(SCORE), int(600)),
        ),
        cmp(BinOp::Ge, b(Builtin::DaysOverdue), days(1)),
    ];
    let mut st = strategy(rules, vec![], hit);
    let names = ["quitação", "ligar", "aviso"];
    let actions = vec![
        vec![
            act(ActionSpec::OfferDiscount(dec!(30)), None),
            act(
                contact(Channel::Whatsapp, Some("oferta")),
                Some(Repeat::EveryDays(15)),
            ),
        ],
        vec![
            act(contact(Channel::Call, None), Some(Repeat::EveryDays(7))),
            act(ActionSpec::OfferInstallments(6), None),
        ],
        vec![act(contact(Channel::Sms, Some("aviso")), None)],
    ];
    for ((rule, name), actions) in st.rules.iter_mut().zip(names).zip(actions) {
        rule.name = name.into();
        rule.actions = actions;
    }
    st.tests = tests;
    st
}

fn run(tests: Vec<TestInfo>, hit: HitPolicy) -> Vec<TestReport> {
    let st = strategy_with(tests, hit);
    run_tests(&st, &Program::compile(&st))
}

#[test]
fn a_matching_test_passes_ignoring_repetition_and_order() {
    let t = test_block(
        "prioridade",
        vec![
            given("days_overdue", Value::Days(20)),
            given("score", Value::Int(700)),
        ],
        vec![
            ActionSpec::OfferInstallments(6),
            contact(Channel::Call, None),
        ],
        Some("ligar"),
    );
    let reports = run(vec![t], HitPolicy::First);
    assert_eq!(reports.len(), 1);
    assert!(reports[0].passed(), "{:?}", reports[0].failures);
}

#[test]
fn a_missing_action_is_named() {
    let t = test_block(
        "sem oferta",
        vec![
            given("days_overdue", Value::Days(20)),
            given("score", Value::Int(700)),
        ],
        vec![contact(Channel::Call, None)],
        None,
    );
    let r = &run(vec![t], HitPolicy::First)[0];
    assert_eq!(
        r.failures,
        [
            "expected `call`; got `call`, `offer up to 6 installments` (from rule `ligar`)",
            "unexpected: `offer up to 6 installments`",
        ]
    );
}

#[test]
fn expected_versus_got_when_a_different_rule_fires() {
    let t = test_block(
        "score baixo",
        vec![
            given("days_overdue", Value::Days(20)),
            given("score", Value::Int(100)),
        ],
        vec![
            contact(Channel::Call, None),
            ActionSpec::OfferInstallments(6),
        ],
        Some("ligar"),
    );
    let r = &run(vec![t], HitPolicy::First)[0];
    assert_eq!(
        r.failures,
        [
            "expected `call`, `offer up to 6 installments`; got `sms template \"aviso\"` (from rule `aviso`)",
            "missing: `call`, `offer up to 6 installments`; unexpected: `sms template \"aviso\"`",
            "expected rule `ligar`; got rule `aviso`",
        ]
    );
}

#[test]
fn expect_nothing_and_the_defaults_for_fields_not_given() {
    // Nothing given: days_overdue defaults to 0, so no rule matches.
    let t = test_block("em dia", vec![], vec![], None);
    assert!(run(vec![t], HitPolicy::First)[0].passed());
    let t = test_block("em dia, mas regra", vec![], vec![], Some("aviso"));
    assert_eq!(
        run(vec![t], HitPolicy::First)[0].failures,
        ["expected rule `aviso`; no rule matched"]
    );
    let t = test_block(
        "atrasado",
        vec![given("days_overdue", Value::Days(3))],
        vec![],
        None,
    );
    assert_eq!(
        run(vec![t], HitPolicy::First)[0].failures,
        [
            "expected nothing; got `sms template \"aviso\"` (from rule `aviso`)",
            "unexpected: `sms template \"aviso\"`",
        ]
    );
}

#[test]
fn templates_are_compared_only_when_the_expectation_names_one() {
    let any = test_block(
        "qualquer",
        vec![given("days_overdue", Value::Days(2))],
        vec![contact(Channel::Sms, None)],
        None,
    );
    let right = test_block(
        "certo",
        vec![given("days_overdue", Value::Days(2))],
        vec![contact(Channel::Sms, Some("aviso"))],
        None,
    );
    let wrong = test_block(
        "errado",
        vec![given("days_overdue", Value::Days(2))],
        vec![contact(Channel::Sms, Some("outro"))],
        None,
    );
    let reports = run(vec![any, right, wrong], HitPolicy::First);
    assert!(reports[0].passed());
    assert!(reports[1].passed());
    assert_eq!(
        reports[2].failures[1],
        "missing: `sms template \"outro\"`; unexpected: `sms template \"aviso\"`"
    );
}

#[test]
fn hit_all_expects_the_actions_of_every_matching_rule() {
    let t = test_block(
        "tudo",
        vec![
            given("days_overdue", Value::Days(95)),
            given("score", Value::Int(700)),
        ],
        vec![
            ActionSpec::OfferDiscount(dec!(30)),
            contact(Channel::Whatsapp, None),
            contact(Channel::Call, None),
            ActionSpec::OfferInstallments(6),
            contact(Channel::Sms, None),
        ],
        Some("quitação"),
    );
    assert!(run(vec![t.clone()], HitPolicy::All)[0].passed());
    let r = &run(vec![t], HitPolicy::First)[0];
    assert_eq!(
        r.failures[1],
        "missing: `call`, `offer up to 6 installments`, `sms`"
    );
}

#[test]
fn given_values_fill_their_slots_and_the_rest_takes_the_defaults() {
    let st = strategy_with(vec![], HitPolicy::First);
    let row = given_row(
        &st,
        &[
            given("balance", Value::Money(dec!(8000.00))),
            given("segment", Value::Enum(2)),
            TestGiven {
                slot: Builtin::Name.slot(),
                value: GivenValue::Text("Maria da Silva".into()),
            },
            given("email", Value::Missing),
        ],
    );
    assert_eq!(
        row.get(Builtin::Balance.slot()),
        Value::Money(dec!(8000.00))
    );
    assert_eq!(row.get(SEGMENT), Value::Enum(2));
    assert_eq!(row.text(Builtin::Name.slot()), Some("Maria da Silva"));
    assert_eq!(row.text(Builtin::FirstName.slot()), Some("Maria"));
    assert_eq!(row.get(Builtin::Email.slot()), Value::Missing);
    // Defaults.
    assert_eq!(row.get(SCORE), Value::Missing);
    assert_eq!(row.get(Builtin::DaysOverdue.slot()), Value::Days(0));
    assert_eq!(row.get(Builtin::OpenDebts.slot()), Value::Int(0));
    assert_eq!(row.get(Builtin::CallContacts7d.slot()), Value::Int(0));
    assert_eq!(row.get(Builtin::HasAgreement.slot()), Value::Bool(false));
    assert_eq!(row.get(Builtin::UpdatedBalance.slot()), Value::Missing);
    assert_eq!(row.get(Builtin::DaysToDue.slot()), Value::Missing);
}

#[test]
fn a_given_first_name_is_kept() {
    let st = strategy_with(vec![], HitPolicy::First);
    let text = |slot: usize, t: &str| TestGiven {
        slot,
        value: GivenValue::Text(t.into()),
    };
    let row = given_row(
        &st,
        &[
            text(Builtin::Name.slot(), "Maria da Silva"),
            text(Builtin::FirstName.slot(), "Mari"),
        ],
    );
    assert_eq!(row.text(Builtin::FirstName.slot()), Some("Mari"));
}
