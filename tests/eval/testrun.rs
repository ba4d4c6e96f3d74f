//! The test-block runner on hand-built strategies: building the debtor from `given`, the
//! defaults, the multiset comparison of actions and the readable differences.

use super::build::*;
use rust_decimal_macros::dec;
use strat::check::{CheckedStrategy, RuleAction};
use strat::eval::given::{given_row, GivenError};
use strat::eval::program::Program;
use strat::eval::testrun::{run_tests, TestReport};
use strat::schema::{Builtin, Value};
use strat::source::{Span, Spanned};
use strat::syntax::ast::{
    Action, ActionKind, BinOp, Channel, Expr, ExprKind, Given, HitPolicy, Repeat, TestBlock,
};

fn s<T>(node: T) -> Spanned<T> {
    Spanned::new(node, Span::default())
}

fn contact(c: Channel, template: Option<&str>) -> ActionKind {
    ActionKind::Contact {
        channel: s(c),
        template: template.map(|t| s(t.to_string())),
    }
}

fn act(kind: ActionKind) -> Action {
    Action { kind, repeat: None }
}

fn lit(kind: ExprKind) -> Expr {
    Expr::new(kind, Span::default())
}

fn given(field: &str, value: Option<ExprKind>) -> Given {
    Given {
        field: s(field.to_string()),
        value: value.map(lit),
        span: Span::default(),
    }
}

fn test_block(
    name: &str,
    given: Vec<Given>,
    expect: Vec<ActionKind>,
    rule: Option<&str>,
) -> TestBlock {
    TestBlock {
        name: s(name.to_string()),
        given,
        expect: expect.into_iter().map(|k| s(act(k))).collect(),
        expect_rule: rule.map(|r| s(r.to_string())),
        as_of: None,
        span: Span::default(),
    }
}

/// Three rules: days_overdue ≥ 90 (discount + whatsapp "oferta" every 15 days),
/// ≥ 20 and score ≥ 600 (call every 7 days + 6 installments), ≥ 1 (sms "aviso").
fn strategy_with(tests: Vec<TestBlock>, hit: HitPolicy) -> CheckedStrategy {
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
            act(ActionKind::OfferDiscount(s(dec!(30)))),
            Action {
                kind: contact(Channel::Whatsapp, Some("oferta")),
                repeat: Some(s(Repeat::EveryDays(15))),
            },
        ],
        vec![
            Action {
                kind: contact(Channel::Call, None),
                repeat: Some(s(Repeat::EveryDays(7))),
            },
            act(ActionKind::OfferInstallments(s(6))),
        ],
        vec![act(contact(Channel::Sms, Some("aviso")))],
    ];
    for ((rule, name), actions) in st.rules.iter_mut().zip(names).zip(actions) {
        rule.name = name.into();
        rule.actions = actions
            .iter()
            .map(|a| RuleAction::from_ast(&s(a.clone())))
            .collect();
    }
    st.tests = tests;
    st
}

fn run(tests: Vec<TestBlock>, hit: HitPolicy) -> Vec<TestReport> {
    let st = strategy_with(tests, hit);
    run_tests(&st, &Program::compile(&st))
}

fn num(n: &str) -> Option<ExprKind> {
    Some(ExprKind::Number(n.parse().unwrap()))
}

#[test]
fn a_matching_test_passes_ignoring_repetition_and_order() {
    let t = test_block(
        "prioridade",
        vec![given("days_overdue", num("20")), given("score", num("700"))],
        vec![
            ActionKind::OfferInstallments(s(6)),
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
        vec![given("days_overdue", num("20")), given("score", num("700"))],
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
        vec![given("days_overdue", num("20")), given("score", num("100"))],
        vec![
            contact(Channel::Call, None),
            ActionKind::OfferInstallments(s(6)),
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
        vec![given("days_overdue", num("3"))],
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
        vec![given("days_overdue", num("2"))],
        vec![contact(Channel::Sms, None)],
        None,
    );
    let right = test_block(
        "certo",
        vec![given("days_overdue", num("2"))],
        vec![contact(Channel::Sms, Some("aviso"))],
        None,
    );
    let wrong = test_block(
        "errado",
        vec![given("days_overdue", num("2"))],
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
        vec![given("days_overdue", num("95")), given("score", num("700"))],
        vec![
            ActionKind::OfferDiscount(s(dec!(30))),
            contact(Channel::Whatsapp, None),
            contact(Channel::Call, None),
            ActionKind::OfferInstallments(s(6)),
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
fn given_literals_take_the_fields_type() {
    let st = strategy_with(vec![], HitPolicy::First);
    let row = given_row(
        &st,
        &[
            given("balance", num("8000.00")),
            given("score", num("700")),
            given("segment", Some(ExprKind::Name("low_value".into()))),
            given("preferred", Some(ExprKind::Name("whatsapp".into()))),
            given("propensity", Some(ExprKind::Percent(dec!(12.5)))),
            given("vip", Some(ExprKind::Bool(true))),
            given(
                "last_payment",
                Some(ExprKind::Date("2024-12-01".parse().unwrap())),
            ),
            given("name", Some(ExprKind::Text("Maria da Silva".into()))),
            given("email", None),
        ],
    )
    .unwrap();
    assert_eq!(
        row.get(Builtin::Balance.slot()),
        Value::Money(dec!(8000.00))
    );
    assert_eq!(row.get(SCORE), Value::Int(700));
    assert_eq!(row.get(SEGMENT), Value::Enum(2));
    assert_eq!(row.get(PREFERRED), Value::Channel(Channel::Whatsapp));
    assert_eq!(row.get(PROPENSITY), Value::Percent(dec!(12.5)));
    assert_eq!(row.get(VIP), Value::Bool(true));
    assert_eq!(
        row.get(Builtin::LastPayment.slot()),
        Value::Date("2024-12-01".parse().unwrap())
    );
    assert_eq!(row.text(Builtin::FirstName.slot()), Some("Maria"));
    assert_eq!(row.get(Builtin::Email.slot()), Value::Missing);
    // Defaults.
    assert_eq!(row.get(Builtin::DaysOverdue.slot()), Value::Days(0));
    assert_eq!(row.get(Builtin::OpenDebts.slot()), Value::Int(0));
    assert_eq!(row.get(Builtin::CallContacts7d.slot()), Value::Int(0));
    assert_eq!(row.get(Builtin::HasAgreement.slot()), Value::Bool(false));
    assert_eq!(row.get(Builtin::UpdatedBalance.slot()), Value::Missing);
    assert_eq!(row.get(Builtin::DaysToDue.slot()), Value::Missing);
}

#[test]
fn a_bad_given_fails_the_test_with_a_reason() {
    let st = strategy_with(vec![], HitPolicy::First);
    assert_eq!(
        given_row(&st, &[given("score", num("7.5"))]).unwrap_err(),
        GivenError::WrongType {
            field: "score".into(),
            expected: "int".into(),
            written: "7.5".into()
        }
    );
    assert!(matches!(
        given_row(
            &st,
            &[given("segment", Some(ExprKind::Name("gold".into())))]
        ),
        Err(GivenError::WrongType { .. })
    ));
    let t = test_block("ruim", vec![given("scor", num("1"))], vec![], None);
    assert_eq!(
        run(vec![t], HitPolicy::First)[0].failures,
        ["cannot build the debtor: `scor` is not a field of this strategy"]
    );
}
