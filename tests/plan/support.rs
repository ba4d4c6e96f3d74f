//! Hand-built strategies, histories, derivations and services shared by the plan tests.
#![allow(dead_code, unused_imports)]

pub use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, TimeZone, Weekday};
pub use chrono_tz::Tz;
pub use rust_decimal::Decimal;
pub use rust_decimal_macros::dec;
pub use strat::check::{
    ActionSpec, CheckedStrategy, FieldInfo, Header, Policy, RuleAction, RuleInfo, TExpr, TExprKind,
    TemplateInfo,
};
pub use strat::eval::program::Program;
pub use strat::money::update::DebtUpdate;
pub use strat::plan::action::{
    action_id, Action, ActionKey, ActionKind, Offer, ReasonCode, Status,
};
pub use strat::plan::build::{ActionTrace, DebtorInputs, EarlierAction, PlanContext, Planner};
pub use strat::plan::guardrails::{self, Guardrail, Suppression};
pub use strat::plan::holidays::HolidayCalendar;
pub use strat::plan::output::write_json_line;
pub use strat::plan::services::{Engines, OfferError, Services};
pub use strat::portfolio::derive::{DebtState, Derived};
pub use strat::portfolio::history::{Agreement, Contact, Debt, DebtorHistory, OptOut};
pub use strat::schema::{Builtin, Row, Type, Value, BUILTIN_SLOTS};
pub use strat::schema::{Channel, HitPolicy, Repeat};
pub use strat::source::{SourceFile, Span};

// ---------------------------------------------------------------- hand-built inputs

pub fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

pub fn contact(channel: Channel, template: Option<&str>, repeat: Option<Repeat>) -> RuleAction {
    RuleAction {
        kind: ActionSpec::Contact {
            channel,
            template: template.map(str::to_string),
        },
        repeat,
        span: Span::default(),
    }
}

pub fn action(kind: ActionSpec, repeat: Option<Repeat>) -> RuleAction {
    RuleAction {
        kind,
        repeat,
        span: Span::default(),
    }
}

pub fn strategy(policy: Policy, rules: Vec<(&str, Vec<RuleAction>)>) -> CheckedStrategy {
    strategy_with(policy, rules, Vec::new(), Vec::new())
}

pub fn strategy_with(
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

pub fn history(id: &str) -> DebtorHistory {
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
pub fn derived(as_of: NaiveDate) -> Derived {
    derived_due(as_of, d("2025-01-10"))
}

pub fn derived_due(as_of: NaiveDate, due_on: NaiveDate) -> Derived {
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

pub fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

pub fn sent(channel: Channel, when: &str, rule: &str) -> Contact {
    Contact {
        channel,
        at: at(when),
        rule: rule.into(),
        outcome: "delivered".into(),
    }
}

/// Contact windows at 08:00 local on Monday to Saturday (Sunday moves to Monday); offers
/// from the real money engine. `no_window` makes every debtor unreachable.
pub struct FakeServices {
    pub no_window: bool,
}

pub const SERVICES: FakeServices = FakeServices { no_window: false };

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
    ) -> Result<Offer, OfferError> {
        Engines::new(HolidayCalendar::empty()).installment_offer(balance, up_to, policy, as_of)
    }

    fn discount_offer(
        &self,
        balance: &DebtUpdate,
        up_to_percent: Decimal,
        policy: &Policy,
        as_of: NaiveDate,
    ) -> Result<Offer, OfferError> {
        Engines::new(HolidayCalendar::empty()).discount_offer(balance, up_to_percent, policy, as_of)
    }
}

/// Plan every rule of the strategy for one debtor (as if all matched).
pub fn plan_with(
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

pub fn plan(strategy: &CheckedStrategy, history: &DebtorHistory, as_of: &str) -> Vec<Action> {
    let as_of = d(as_of);
    plan_with(strategy, history, &derived(as_of), &[], as_of, &SERVICES).0
}

pub fn reasons(actions: &[Action]) -> Vec<Option<&str>> {
    actions.iter().map(|a| a.reason.as_deref()).collect()
}
