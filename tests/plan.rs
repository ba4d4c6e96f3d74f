//! Unit-level tests of the plan: guardrail decisions, repetition, rendering, determinism and
//! action ids, on hand-built strategies, histories and derivations (no parser, no store).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![allow(clippy::field_reassign_with_default)] // policies read best as "default, then this"

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, TimeZone, Weekday};
use chrono_tz::Tz;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use strat::check::{
    ActionSpec, CheckedStrategy, FieldInfo, Header, Policy, RuleAction, RuleInfo, TExpr, TExprKind,
    TemplateInfo,
};
use strat::eval::program::Program;
use strat::money::update::DebtUpdate;
use strat::plan::action::{action_id, Action, ActionKey, ActionKind, Offer, Status};
use strat::plan::build::{ActionTrace, DebtorInputs, EarlierAction, PlanContext, Planner};
use strat::plan::guardrails::{self, Guardrail};
use strat::plan::holidays::HolidayCalendar;
use strat::plan::output::{JsonLines, PlanSink};
use strat::plan::services::{Engines, Services};
use strat::portfolio::derive::{DebtState, Derived};
use strat::portfolio::history::{Agreement, Contact, Debt, DebtorHistory, OptOut};
use strat::schema::{Builtin, Row, Type, Value, BUILTIN_SLOTS};
use strat::schema::{Channel, HitPolicy, Repeat};
use strat::source::{SourceFile, Span};

// ---------------------------------------------------------------- hand-built inputs

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn contact(channel: Channel, template: Option<&str>, repeat: Option<Repeat>) -> RuleAction {
    RuleAction {
        kind: ActionSpec::Contact {
            channel,
            template: template.map(str::to_string),
        },
        repeat,
        span: Span::default(),
    }
}

fn action(kind: ActionSpec, repeat: Option<Repeat>) -> RuleAction {
    RuleAction {
        kind,
        repeat,
        span: Span::default(),
    }
}

fn strategy(policy: Policy, rules: Vec<(&str, Vec<RuleAction>)>) -> CheckedStrategy {
    strategy_with(policy, rules, Vec::new(), Vec::new())
}

fn strategy_with(
    policy: Policy,
    rules: Vec<(&str, Vec<RuleAction>)>,
    templates: Vec<(&str, Channel, &str)>,
    custom: Vec<(&str, Type)>,
) -> CheckedStrategy {
    let mut fields = FieldInfo::builtins();
    for (name, ty) in custom {
        fields.push(FieldInfo {
            name: name.to_string(),
            ty,
            slot: fields.len(),
            builtin: None,
            span: Span::default(),
        });
    }
    CheckedStrategy {
        source: SourceFile::new("test.strat", ""),
        header: Header {
            name: "varejo-pf".into(),
            version: 3,
            creditor_name: Some("Loja Exemplo S.A.".into()),
            creditor_document: Some("12.345.678/0001-90".into()),
            currency: "BRL".into(),
            timezone: chrono_tz::America::Sao_Paulo,
            hit: HitPolicy::All,
        },
        fields,
        policy,
        segments: Vec::new(),
        templates: templates
            .into_iter()
            .map(|(name, channel, text)| TemplateInfo {
                name: name.into(),
                channel,
                text: text.into(),
                span: Span::default(),
            })
            .collect(),
        rules: rules
            .into_iter()
            .enumerate()
            .map(|(i, (name, actions))| RuleInfo {
                name: name.into(),
                line: 10 + i as u32,
                condition: TExpr {
                    kind: TExprKind::Const(Value::Bool(true)),
                    ty: Type::Bool,
                    span: Span::default(),
                },
                actions,
                span: Span::default(),
            })
            .collect(),
        tests: Vec::new(),
        diagnostics: Vec::new(),
    }
}

fn history(id: &str) -> DebtorHistory {
    DebtorHistory {
        id: id.into(),
        name: "Maria Silva".into(),
        document: "123.456.789-09".into(),
        email: Some("maria@example.com".into()),
        phone: Some("+5511999990000".into()),
        debts: vec![Debt {
            id: "T1".into(),
            principal: dec!(1000.00),
            issued_on: d("2024-12-01"),
            due_on: d("2025-01-10"),
        }],
        ..DebtorHistory::default()
    }
}

/// A debtor with one debt of R$ 1.000,00 due 2025-01-10, overdue since then.
fn derived(as_of: NaiveDate) -> Derived {
    derived_due(as_of, d("2025-01-10"))
}

fn derived_due(as_of: NaiveDate, due_on: NaiveDate) -> Derived {
    let mut row = Row::with_slots(BUILTIN_SLOTS);
    row.set(Builtin::Balance.slot(), Value::Money(dec!(1000.00)));
    row.set(Builtin::UpdatedBalance.slot(), Value::Money(dec!(1050.00)));
    let overdue = (as_of - due_on).num_days().max(0);
    row.set(Builtin::DaysOverdue.slot(), Value::Days(overdue));
    row.set_text(Builtin::FirstName.slot(), Some("Maria"));
    row.set(Builtin::DueDate.slot(), Value::Date(due_on));
    Derived {
        row,
        debts: vec![DebtState {
            debt: 0,
            due_on,
            open_principal: dec!(1000.00),
            days_overdue: overdue,
            update: DebtUpdate {
                principal: dec!(1000.00),
                late_fee: dec!(20.00),
                interest: dec!(30.00),
                total: dec!(1050.00),
            },
        }],
        episode_start: (overdue > 0).then(|| due_on.succ_opt().unwrap()),
        opted_out: [false; 5],
        agreement_in_force: false,
        timezone: None,
    }
}

fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

fn sent(channel: Channel, when: &str, rule: &str) -> Contact {
    Contact {
        channel,
        at: at(when),
        rule: rule.into(),
        outcome: "delivered".into(),
    }
}

/// Contact windows at 08:00 local on Monday to Saturday (Sunday moves to Monday); offers
/// from the real money engine. `no_window` makes every debtor unreachable.
struct FakeServices {
    no_window: bool,
}

const SERVICES: FakeServices = FakeServices { no_window: false };

impl Services for FakeServices {
    fn contact_slot(&self, as_of: NaiveDate, tz: Tz, _: &Policy) -> Option<DateTime<FixedOffset>> {
        if self.no_window {
            return None;
        }
        let day = if as_of.weekday() == Weekday::Sun {
            as_of.succ_opt()?
        } else {
            as_of
        };
        let local = tz
            .from_local_datetime(&day.and_hms_opt(8, 0, 0)?)
            .earliest()?;
        Some(local.fixed_offset())
    }

    fn installment_offer(
        &self,
        balance: &DebtUpdate,
        up_to: u32,
        policy: &Policy,
        as_of: NaiveDate,
    ) -> Result<Offer, String> {
        Engines::new(HolidayCalendar::empty()).installment_offer(balance, up_to, policy, as_of)
    }

    fn discount_offer(
        &self,
        balance: &DebtUpdate,
        up_to_percent: Decimal,
        policy: &Policy,
        as_of: NaiveDate,
    ) -> Result<Offer, String> {
        Engines::new(HolidayCalendar::empty()).discount_offer(balance, up_to_percent, policy, as_of)
    }
}

/// Plan every rule of the strategy for one debtor (as if all matched).
fn plan_with(
    strategy: &CheckedStrategy,
    history: &DebtorHistory,
    derived: &Derived,
    earlier: &[EarlierAction],
    as_of: NaiveDate,
    services: &dyn Services,
) -> (Vec<Action>, Vec<ActionTrace>) {
    let program = Program::compile(strategy);
    let planner = Planner::new(strategy, &program).unwrap();
    let all: Vec<usize> = (0..strategy.rules.len()).collect();
    let mut out = Vec::new();
    let mut traces = Vec::new();
    let debtor = DebtorInputs {
        history,
        derived,
        earlier,
    };
    let ctx = PlanContext { as_of, services };
    planner
        .plan_rules(debtor, ctx, &all, &mut out, Some(&mut traces))
        .unwrap();
    // The untraced path must decide exactly the same.
    let mut untraced = Vec::new();
    planner
        .plan_rules(debtor, ctx, &all, &mut untraced, None)
        .unwrap();
    assert_eq!(out, untraced, "tracing must not change the plan");
    (out, traces)
}

fn plan(strategy: &CheckedStrategy, history: &DebtorHistory, as_of: &str) -> Vec<Action> {
    let as_of = d(as_of);
    plan_with(strategy, history, &derived(as_of), &[], as_of, &SERVICES).0
}

fn reasons(actions: &[Action]) -> Vec<Option<&str>> {
    actions.iter().map(|a| a.reason.as_deref()).collect()
}

// ---------------------------------------------------------------- guardrails

#[test]
fn opt_out_suppresses_only_that_channel_and_names_the_date() {
    let s = strategy(
        Policy::default(),
        vec![(
            "aviso",
            vec![
                contact(Channel::Sms, None, None),
                contact(Channel::Email, None, None),
            ],
        )],
    );
    let mut h = history("D1");
    h.opt_outs.push(OptOut {
        channel: Channel::Sms,
        since: d("2025-02-01"),
    });
    // An opt-out dated after the as-of date does not exist yet.
    h.opt_outs.push(OptOut {
        channel: Channel::Email,
        since: d("2025-04-01"),
    });
    let actions = plan(&s, &h, "2025-03-10");
    assert_eq!(
        reasons(&actions),
        vec![Some("opt-out: debtor opted out of sms on 2025-02-01"), None]
    );
    assert_eq!(actions[0].status, Status::Suppressed);
    assert_eq!(actions[1].status, Status::Planned);
}

#[test]
fn agreement_in_force_suppresses_contacts_and_bureau_but_not_tags() {
    let mut policy = Policy::default();
    policy.bureau_notice_days = Some(10);
    let s = strategy(
        policy,
        vec![(
            "r",
            vec![
                contact(Channel::Call, None, None),
                action(ActionSpec::ReportToBureau, None),
                action(ActionSpec::Tag("acordo".into()), None),
            ],
        )],
    );
    let mut h = history("D1");
    h.agreements.push(Agreement {
        id: "A1".into(),
        made_on: d("2025-03-01"),
        installments: 3,
        status: "active".into(),
    });
    let as_of = d("2025-03-10");
    let mut der = derived(as_of);
    der.agreement_in_force = true;
    let (actions, _) = plan_with(&s, &h, &der, &[], as_of, &SERVICES);
    assert_eq!(
        reasons(&actions),
        vec![Some("agreement in force"), Some("agreement in force"), None]
    );
    assert_eq!(actions[2].kind, ActionKind::Tag);
    assert_eq!(actions[2].target.as_deref(), Some("acordo"));
}

#[test]
fn max_contacts_counts_history_in_window_and_this_runs_plans() {
    let mut policy = Policy::default();
    policy.max_contacts = Some((3, 7));
    let s = strategy(
        policy,
        vec![
            ("a", vec![contact(Channel::Email, None, None)]),
            (
                "b",
                vec![
                    contact(Channel::Sms, None, None),
                    contact(Channel::Whatsapp, None, None),
                ],
            ),
        ],
    );
    let mut h = history("D1");
    // 2025-03-03 is 7 days before 2025-03-10: outside a 7-day window that includes today.
    h.contacts
        .push(sent(Channel::Call, "2025-03-03T10:00:00-03:00", "x"));
    h.contacts
        .push(sent(Channel::Call, "2025-03-04T10:00:00-03:00", "x"));
    // Dated after the as-of date: not yet happened, not counted.
    h.contacts
        .push(sent(Channel::Call, "2025-03-11T10:00:00-03:00", "x"));
    let actions = plan(&s, &h, "2025-03-10");
    assert_eq!(
        reasons(&actions),
        vec![
            None,
            None,
            Some("max contacts 3 per 7 days reached (3 in window)")
        ]
    );
}

#[test]
fn suppressed_contacts_do_not_use_up_the_cap() {
    let mut policy = Policy::default();
    policy.max_contacts = Some((1, 7));
    let s = strategy(
        policy,
        vec![(
            "a",
            vec![
                contact(Channel::Sms, None, None),
                contact(Channel::Email, None, None),
            ],
        )],
    );
    let mut h = history("D1");
    h.opt_outs.push(OptOut {
        channel: Channel::Sms,
        since: d("2025-01-01"),
    });
    let actions = plan(&s, &h, "2025-03-10");
    assert_eq!(actions[0].status, Status::Suppressed);
    assert_eq!(actions[1].status, Status::Planned);
}

#[test]
fn per_channel_cap_counts_only_that_channel() {
    let mut policy = Policy::default();
    policy.channel_caps = vec![(Channel::Call, 2, 7)];
    let s = strategy(
        policy,
        vec![(
            "a",
            vec![
                contact(Channel::Call, None, None),
                contact(Channel::Email, None, None),
            ],
        )],
    );
    let mut h = history("D1");
    h.contacts
        .push(sent(Channel::Call, "2025-03-05T10:00:00-03:00", "x"));
    h.contacts
        .push(sent(Channel::Call, "2025-03-07T10:00:00-03:00", "x"));
    h.contacts
        .push(sent(Channel::Email, "2025-03-08T10:00:00-03:00", "x"));
    let actions = plan(&s, &h, "2025-03-10");
    assert_eq!(
        reasons(&actions),
        vec![Some("max calls 2 per 7 days reached (2 in window)"), None]
    );
}

#[test]
fn no_contact_window_suppresses_contacts_and_keeps_start_of_day() {
    let s = strategy(
        Policy::default(),
        vec![(
            "a",
            vec![
                contact(Channel::Email, None, None),
                action(ActionSpec::SuspendService, None),
            ],
        )],
    );
    let as_of = d("2025-03-10");
    let (actions, _) = plan_with(
        &s,
        &history("D1"),
        &derived(as_of),
        &[],
        as_of,
        &FakeServices { no_window: true },
    );
    assert_eq!(
        reasons(&actions),
        vec![Some("no contact window in the next 14 days"), None]
    );
    assert_eq!(actions[0].scheduled_for, at("2025-03-10T00:00:00-03:00"));
}

#[test]
fn contacts_are_scheduled_in_the_debtors_time_zone_and_others_at_start_of_day() {
    let s = strategy(
        Policy::default(),
        vec![(
            "a",
            vec![
                contact(Channel::Email, None, None),
                action(ActionSpec::AssignToQueue("fila".into()), None),
            ],
        )],
    );
    let mut h = history("D1");
    h.timezone = Some("America/Manaus".into());
    let as_of = d("2025-03-09"); // a Sunday: the fake calendar moves contacts to Monday
    let mut der = derived(as_of);
    der.timezone = Some("America/Manaus".into());
    let (actions, _) = plan_with(&s, &h, &der, &[], as_of, &SERVICES);
    let json = serde_json::to_value(&actions).unwrap();
    assert_eq!(json[0]["scheduled_for"], "2025-03-10T08:00:00-04:00");
    assert_eq!(json[1]["scheduled_for"], "2025-03-09T00:00:00-04:00");
}

#[test]
fn a_bad_debtor_time_zone_is_an_error_naming_the_debtor() {
    let s = strategy(
        Policy::default(),
        vec![("a", vec![contact(Channel::Email, None, None)])],
    );
    let program = Program::compile(&s);
    let planner = Planner::new(&s, &program).unwrap();
    let h = history("D7");
    let as_of = d("2025-03-10");
    let mut der = derived(as_of);
    der.timezone = Some("Mars/Olympus".into());
    let err = planner
        .plan_rules(
            DebtorInputs {
                history: &h,
                derived: &der,
                earlier: &[],
            },
            PlanContext {
                as_of,
                services: &SERVICES,
            },
            &[0],
            &mut Vec::new(),
            None,
        )
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "debtor `D7` has an unknown time zone `Mars/Olympus`"
    );
}

#[test]
fn missing_address_suppresses_the_contact() {
    let s = strategy(
        Policy::default(),
        vec![(
            "a",
            vec![
                contact(Channel::Email, None, None),
                contact(Channel::Call, None, None),
                contact(Channel::Letter, None, None),
            ],
        )],
    );
    let mut h = history("D1");
    h.email = None;
    h.phone = Some("  ".into());
    let actions = plan(&s, &h, "2025-03-10");
    assert_eq!(
        reasons(&actions),
        vec![
            Some("no address: debtor has no email"),
            Some("no address: debtor has no phone for call"),
            None
        ]
    );
}

// ---------------------------------------------------------------- bureau

fn bureau_strategy(notice: Option<u32>) -> CheckedStrategy {
    let mut policy = Policy::default();
    policy.bureau_notice_days = notice;
    strategy(
        policy,
        vec![("negativar", vec![action(ActionSpec::ReportToBureau, None)])],
    )
}

const NO_NOTICE: &str =
    "bureau: no letter sent at least 10 days before (policy bureau notice 10 days)";

#[test]
fn bureau_needs_a_letter_at_least_the_notice_days_before() {
    let s = bureau_strategy(Some(10));
    let mut h = history("D1");
    h.contacts
        .push(sent(Channel::Letter, "2025-02-28T09:00:00-03:00", "carta"));
    // Exactly 10 days before 2025-03-10: enough.
    assert_eq!(reasons(&plan(&s, &h, "2025-03-10")), vec![None]);
    // 9 days before: not enough.
    assert_eq!(reasons(&plan(&s, &h, "2025-03-09")), vec![Some(NO_NOTICE)]);
}

#[test]
fn bureau_email_and_sms_are_not_notice() {
    let s = bureau_strategy(Some(10));
    let mut h = history("D1");
    h.contacts
        .push(sent(Channel::Email, "2025-02-01T09:00:00-03:00", "x"));
    h.contacts
        .push(sent(Channel::Sms, "2025-02-01T09:00:00-03:00", "x"));
    assert_eq!(reasons(&plan(&s, &h, "2025-03-10")), vec![Some(NO_NOTICE)]);
}

#[test]
fn bureau_letter_from_an_earlier_plan_counts_but_not_one_before_the_episode() {
    let s = bureau_strategy(Some(10));
    let h = history("D1");
    let as_of = d("2025-03-10");
    let letter = |done_on: &str| EarlierAction {
        strategy: "other-strategy".into(),
        rule: "carta".into(),
        kind: ActionKind::Contact,
        channel: Some(Channel::Letter),
        done_on: d(done_on),
    };
    let (actions, _) = plan_with(
        &s,
        &h,
        &derived(as_of),
        &[letter("2025-02-20")],
        as_of,
        &SERVICES,
    );
    assert_eq!(reasons(&actions), vec![None]);
    // The episode started 2025-01-11; a letter from 2024 was about something else.
    let (actions, _) = plan_with(
        &s,
        &h,
        &derived(as_of),
        &[letter("2024-11-20")],
        as_of,
        &SERVICES,
    );
    assert_eq!(reasons(&actions), vec![Some(NO_NOTICE)]);
}

#[test]
fn bureau_without_a_notice_policy_is_suppressed() {
    let s = bureau_strategy(None);
    let mut h = history("D1");
    h.contacts
        .push(sent(Channel::Letter, "2025-02-01T09:00:00-03:00", "carta"));
    assert_eq!(
        reasons(&plan(&s, &h, "2025-03-10")),
        vec![Some(
            "bureau: the policy sets no bureau notice (a posted letter must come first)"
        )]
    );
}

#[test]
fn bureau_never_for_a_debt_overdue_more_than_five_years() {
    let s = bureau_strategy(Some(10));
    let mut h = history("D1");
    h.contacts
        .push(sent(Channel::Letter, "2020-04-01T09:00:00-03:00", "carta"));
    let due = d("2020-03-01");
    let run = |as_of: &str| {
        let as_of = d(as_of);
        plan_with(&s, &h, &derived_due(as_of, due), &[], as_of, &SERVICES).0
    };
    // Exactly five years after the due date: still allowed.
    assert_eq!(reasons(&run("2025-03-01")), vec![None]);
    assert_eq!(
        reasons(&run("2025-03-02")),
        vec![Some(
            "bureau: debt overdue more than 5 years (CDC art. 43 §1)"
        )]
    );
}

#[test]
fn five_year_rule_is_calendar_years_from_the_due_date() {
    // 2020-02-29 + 60 months is 2025-02-28 (no 29th): the day after is out.
    assert_eq!(
        guardrails::bureau_five_years(Some(d("2020-02-29")), d("2025-02-28")),
        None
    );
    assert!(guardrails::bureau_five_years(Some(d("2020-02-29")), d("2025-03-01")).is_some());
    assert_eq!(guardrails::bureau_five_years(None, d("2025-03-01")), None);
}

// ---------------------------------------------------------------- repetition

#[test]
fn once_is_once_per_delinquency_episode() {
    let s = strategy(
        Policy::default(),
        vec![(
            "carta",
            vec![contact(Channel::Letter, None, Some(Repeat::Once))],
        )],
    );
    let mut h = history("D1");
    // Sent in an earlier episode (before 2025-01-11): does not count.
    h.contacts
        .push(sent(Channel::Letter, "2024-06-01T09:00:00-03:00", "carta"));
    assert_eq!(reasons(&plan(&s, &h, "2025-03-10")), vec![None]);
    h.contacts
        .push(sent(Channel::Letter, "2025-02-01T09:00:00-03:00", "carta"));
    assert_eq!(
        reasons(&plan(&s, &h, "2025-03-10")),
        vec![Some(
            "once: already done on 2025-02-01 in this delinquency episode"
        )]
    );
    // The same channel by another rule does not count for this rule.
    let mut other = history("D1");
    other
        .contacts
        .push(sent(Channel::Letter, "2025-02-01T09:00:00-03:00", "outra"));
    assert_eq!(reasons(&plan(&s, &other, "2025-03-10")), vec![None]);
}

#[test]
fn every_n_days_looks_at_the_last_time() {
    let s = strategy(
        Policy::default(),
        vec![(
            "ligar",
            vec![contact(Channel::Call, None, Some(Repeat::EveryDays(7)))],
        )],
    );
    let mut h = history("D1");
    h.contacts
        .push(sent(Channel::Call, "2025-03-03T09:00:00-03:00", "ligar"));
    // 7 days since: due again.
    assert_eq!(reasons(&plan(&s, &h, "2025-03-10")), vec![None]);
    h.contacts
        .push(sent(Channel::Call, "2025-03-08T09:00:00-03:00", "ligar"));
    assert_eq!(
        reasons(&plan(&s, &h, "2025-03-10")),
        vec![Some("every 7 days: last done 2025-03-08")]
    );
}

#[test]
fn repetition_of_non_contacts_comes_from_earlier_plans_of_the_same_strategy() {
    let s = strategy(
        Policy::default(),
        vec![(
            "marcar",
            vec![action(ActionSpec::Tag("vip".into()), Some(Repeat::Once))],
        )],
    );
    let h = history("D1");
    let as_of = d("2025-03-10");
    let earlier = |strategy: &str| EarlierAction {
        strategy: strategy.into(),
        rule: "marcar".into(),
        kind: ActionKind::Tag,
        channel: None,
        done_on: d("2025-03-01"),
    };
    let (actions, _) = plan_with(
        &s,
        &h,
        &derived(as_of),
        &[earlier("varejo-pf")],
        as_of,
        &SERVICES,
    );
    assert_eq!(
        reasons(&actions),
        vec![Some(
            "once: already done on 2025-03-01 in this delinquency episode"
        )]
    );
    let (actions, _) = plan_with(
        &s,
        &h,
        &derived(as_of),
        &[earlier("outra")],
        as_of,
        &SERVICES,
    );
    assert_eq!(reasons(&actions), vec![None]);
}

#[test]
fn repetition_guardrail_function() {
    let as_of = d("2025-03-10");
    assert_eq!(guardrails::repetition(None, Some(as_of), None, as_of), None);
    assert_eq!(
        guardrails::repetition(Some(Repeat::Once), None, None, as_of),
        None
    );
    assert_eq!(
        guardrails::repetition(Some(Repeat::Once), Some(d("2020-01-01")), None, as_of).as_deref(),
        Some("once: already done on 2020-01-01 in this delinquency episode")
    );
    assert_eq!(
        guardrails::repetition(
            Some(Repeat::EveryDays(15)),
            Some(d("2025-02-23")),
            None,
            as_of
        ),
        None
    );
    assert!(guardrails::repetition(
        Some(Repeat::EveryDays(15)),
        Some(d("2025-02-24")),
        None,
        as_of
    )
    .is_some());
}

// ---------------------------------------------------------------- traces (explain)

#[test]
fn traces_list_every_guardrail_in_order_even_after_a_suppression() {
    let mut policy = Policy::default();
    policy.max_contacts = Some((5, 7));
    policy.channel_caps = vec![(Channel::Sms, 2, 7)];
    let s = strategy(policy, vec![("a", vec![contact(Channel::Sms, None, None)])]);
    let mut h = history("D1");
    h.opt_outs.push(OptOut {
        channel: Channel::Sms,
        since: d("2025-02-01"),
    });
    let as_of = d("2025-03-10");
    let (actions, traces) = plan_with(&s, &h, &derived(as_of), &[], as_of, &SERVICES);
    assert_eq!(actions.len(), 1);
    let names: Vec<Guardrail> = traces[0].decisions.iter().map(|(g, _)| *g).collect();
    assert_eq!(
        names,
        vec![
            Guardrail::Repetition,
            Guardrail::OptOut,
            Guardrail::Address,
            Guardrail::Agreement,
            Guardrail::ContactWindow,
            Guardrail::MaxContacts,
            Guardrail::ChannelCap
        ]
    );
    let failed: Vec<bool> = traces[0]
        .decisions
        .iter()
        .map(|(_, r)| r.is_some())
        .collect();
    assert_eq!(failed, vec![false, true, false, false, false, false, false]);
}

// ---------------------------------------------------------------- offers and templates

#[test]
fn templates_render_fields_offers_and_creditor_without_re_expanding_values() {
    let s = strategy_with(
        Policy::default(),
        vec![(
            "quitação",
            vec![
                // The template comes before the offer in the rule and still sees it.
                contact(Channel::Whatsapp, Some("oferta"), None),
                action(ActionSpec::OfferDiscount(dec!(30)), None),
            ],
        )],
        vec![(
            "oferta",
            Channel::Whatsapp,
            "{first_name}, quite {updated_balance} com {discount} de desconto: {discounted_total} até {offer_deadline}. {segment} {{não}} {creditor_name} {creditor_document}",
        )],
        vec![(
            "segment",
            Type::Enum {
                name: "segment".into(),
                variants: vec!["high_value".into(), "standard".into()],
            },
        )],
    );
    let h = history("D1");
    let as_of = d("2025-03-10");
    let mut der = derived(as_of);
    der.row = {
        let mut row = Row::with_slots(BUILTIN_SLOTS + 1);
        for slot in 0..BUILTIN_SLOTS {
            match der.row.get(slot) {
                Value::Text => row.set_text(slot, der.row.text(slot)),
                value => row.set(slot, value),
            }
        }
        row.set(BUILTIN_SLOTS, Value::Enum(1));
        // A debtor whose name looks like a placeholder gets it verbatim.
        row.set_text(Builtin::FirstName.slot(), Some("{balance}"));
        row
    };
    let (actions, _) = plan_with(&s, &h, &der, &[], as_of, &SERVICES);
    assert_eq!(
        actions[0].text.as_deref(),
        Some("{balance}, quite R$ 1.050,00 com 30% de desconto: R$ 735,00 até 17/03/2025. standard {não} Loja Exemplo S.A. 12.345.678/0001-90")
    );
    assert_eq!(actions[0].template.as_deref(), Some("oferta"));
    let offer = serde_json::to_value(&actions[1].offer).unwrap();
    assert_eq!(
        offer,
        serde_json::json!({"type": "discount", "pct_applied": "30", "discount_amount": "315.00",
            "discounted_total": "735.00",
            "remaining": {"principal": "735.00", "late_fee": "0.00", "interest": "0.00", "total": "735.00"},
            "deadline": "2025-03-17"})
    );
}

#[test]
fn an_offer_on_nothing_owed_is_suppressed_with_the_money_engines_reason() {
    let s = strategy(
        Policy::default(),
        vec![(
            "parcelar",
            vec![action(ActionSpec::OfferInstallments(6), None)],
        )],
    );
    let as_of = d("2025-03-10");
    let mut der = derived(as_of);
    der.debts[0].update = DebtUpdate::default();
    let (actions, _) = plan_with(&s, &history("D1"), &der, &[], as_of, &SERVICES);
    assert_eq!(
        reasons(&actions),
        vec![Some(
            "offer: nothing to offer: the updated balance is R$ 0,00"
        )]
    );
    assert_eq!(actions[0].offer, None);
}

#[test]
fn installment_offer_record_is_the_money_engines() {
    let mut policy = Policy::default();
    policy.max_installments = Some(2);
    let s = strategy(
        policy,
        vec![(
            "parcelar",
            vec![action(ActionSpec::OfferInstallments(6), None)],
        )],
    );
    let actions = plan(&s, &history("D1"), "2025-03-10");
    assert_eq!(
        serde_json::to_string(&actions[0].offer).unwrap(),
        r#"{"type":"installments","count":2,"amounts":["525.00","525.00"],"due_dates":["2025-03-17","2025-04-17"],"total":"1050.00"}"#
    );
}

// ---------------------------------------------------------------- record, ids, determinism

fn sample_plan() -> Vec<Action> {
    let mut policy = Policy::default();
    policy.max_contacts = Some((2, 7));
    policy.bureau_notice_days = Some(10);
    let s = strategy_with(
        policy,
        vec![
            (
                "lembrete",
                vec![contact(Channel::Email, Some("lembrete"), None)],
            ),
            (
                "ligar",
                vec![
                    contact(Channel::Call, None, Some(Repeat::EveryDays(7))),
                    action(ActionSpec::OfferInstallments(3), None),
                    action(ActionSpec::ReportToBureau, Some(Repeat::Once)),
                    contact(Channel::Sms, None, None),
                ],
            ),
        ],
        vec![(
            "lembrete",
            Channel::Email,
            "Olá {first_name}, {balance} venceu em {due_date}.",
        )],
        vec![],
    );
    plan(&s, &history("D1"), "2025-03-10")
}

fn jsonl(actions: &[Action]) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut sink = JsonLines::new(&mut bytes);
    for a in actions {
        sink.write(a).unwrap();
    }
    sink.finish().unwrap();
    bytes
}

#[test]
fn same_input_gives_identical_bytes() {
    let first = jsonl(&sample_plan());
    let second = jsonl(&sample_plan());
    assert_eq!(first, second);
    assert_eq!(first.iter().filter(|b| **b == b'\n').count(), 5);
}

#[test]
fn record_fields_are_in_contract_order() {
    let bytes = jsonl(&sample_plan());
    let first_line = String::from_utf8(bytes)
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .to_string();
    let keys: Vec<String> = {
        let value: serde_json::Value = serde_json::from_str(&first_line).unwrap();
        let text = first_line.clone();
        let mut keys: Vec<(usize, String)> = value
            .as_object()
            .unwrap()
            .keys()
            .map(|k| (text.find(&format!("\"{k}\":")).unwrap(), k.clone()))
            .collect();
        keys.sort();
        keys.into_iter().map(|(_, k)| k).collect()
    };
    assert_eq!(
        keys,
        [
            "action_id",
            "as_of",
            "strategy",
            "strategy_version",
            "debtor_id",
            "rule",
            "line",
            "kind",
            "channel",
            "template",
            "text",
            "offer",
            "target",
            "scheduled_for",
            "status",
            "reason"
        ]
    );
    assert!(
        first_line.contains(r#""text":"Olá Maria, R$ 1.000,00 venceu em 10/01/2025.""#),
        "{first_line}"
    );
}

#[test]
fn sample_plan_decisions() {
    let actions = sample_plan();
    let summary: Vec<(ActionKind, Option<&str>, Status)> = actions
        .iter()
        .map(|a| (a.kind, a.channel.map(Channel::as_str), a.status))
        .collect();
    assert_eq!(
        summary,
        vec![
            (ActionKind::Contact, Some("email"), Status::Planned),
            (ActionKind::Contact, Some("call"), Status::Planned),
            (ActionKind::Offer, None, Status::Planned),
            (ActionKind::Bureau, None, Status::Suppressed),
            (ActionKind::Contact, Some("sms"), Status::Suppressed),
        ]
    );
    assert_eq!(
        actions[4].reason.as_deref(),
        Some("max contacts 2 per 7 days reached (2 in window)")
    );
    assert_eq!(actions[1].line, 11);
    assert_eq!(actions[1].rule, "ligar");
}

#[test]
fn action_id_is_stable_and_depends_on_every_part() {
    let key = ActionKey {
        strategy: "varejo-pf",
        version: 3,
        debtor_id: "D1",
        rule: "ligar",
        index: 0,
        kind: ActionKind::Contact,
        channel: Some(Channel::Call),
        as_of: d("2025-03-10"),
    };
    let id = action_id(&key);
    assert_eq!(id.len(), 32);
    assert!(id
        .chars()
        .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
    // Pinned: a change here breaks idempotency for every stored plan.
    assert_eq!(id, PINNED_ID);
    let variants = [
        ActionKey {
            strategy: "varejo-pj",
            ..key
        },
        ActionKey { version: 4, ..key },
        ActionKey {
            debtor_id: "D2",
            ..key
        },
        ActionKey {
            rule: "ligar2",
            ..key
        },
        ActionKey { index: 1, ..key },
        ActionKey {
            kind: ActionKind::Offer,
            channel: None,
            ..key
        },
        ActionKey {
            channel: Some(Channel::Sms),
            ..key
        },
        ActionKey {
            as_of: d("2025-03-11"),
            ..key
        },
        // Separators keep parts from running together.
        ActionKey {
            strategy: "varejo-pf3",
            version: 3,
            debtor_id: "D1",
            ..key
        },
        ActionKey {
            debtor_id: "D",
            rule: "1ligar",
            ..key
        },
    ];
    for variant in variants {
        assert_ne!(action_id(&variant), id, "{variant:?}");
    }
}

const PINNED_ID: &str = "f521c940c4645ac93bab33647f68d8c1";

// ---------------------------------------------------------------- the real calendar

#[test]
fn real_calendar_skips_a_national_holiday_and_uses_the_debtors_zone() {
    let s = strategy(
        Policy::default(),
        vec![("a", vec![contact(Channel::Email, None, None)])],
    );
    let engines = Engines::new(HolidayCalendar::builtin_br());
    // 2025-04-18 is Sexta-feira da Paixão: the next window is Saturday at 08:00 (default hours).
    let as_of = d("2025-04-18");
    let mut h = history("D1");
    h.timezone = Some("America/Rio_Branco".into());
    let mut der = derived(as_of);
    der.timezone = Some("America/Rio_Branco".into());
    let (actions, _) = plan_with(&s, &h, &der, &[], as_of, &engines);
    assert_eq!(actions[0].scheduled_for, at("2025-04-19T08:00:00-05:00"));
    // Saturday's window closes at 14:00 but the slot is its start; on Sunday the next is
    // Tuesday (Monday 21 is Tiradentes).
    let as_of = d("2025-04-20");
    let (actions, _) = plan_with(&s, &h, &derived(as_of), &[], as_of, &engines);
    assert_eq!(actions[0].scheduled_for, at("2025-04-22T08:00:00-05:00"));
}
