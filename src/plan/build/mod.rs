//! Planning one debtor: the matching rules' actions, in order, each turned into a record that
//! is `planned` or `suppressed` with the guardrail that stopped it. Repetition (`once`,
//! `every N days`) is decided from the contact history and earlier plans; guardrails see the
//! history plus what this run already planned for the debtor. Pure: no IO, no clock; the
//! calendar and the money engine come in through [`Services`].
//!
//! This file owns the planner and the order of rules and actions; one action's guardrails
//! and record are `actions`, the per-debtor facts `state`, the order of guardrail decisions
//! `gate`.

mod actions;
mod gate;
mod state;

use super::action::{Action, ActionKind, Status};
use super::guardrails::{Guardrail, Suppression};
use super::render::{compile_templates, CompiledTemplate};
use super::services::Services;
use crate::check::ActionSpec;
use crate::check::{CheckedStrategy, RuleInfo};
use crate::eval::program::Program;
use crate::portfolio::derive::Derived;
use crate::portfolio::history::DebtorHistory;
use crate::schema::Channel;
use actions::RuleStep;
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeZone};
use chrono_tz::Tz;
use gate::Gate;
use state::DebtorState;

/// An action of an earlier plan run (from the plan store), as repetition and the bureau
/// notice need it. Only `planned` actions of runs with an earlier as-of date are passed in.
#[derive(Debug, Clone, PartialEq)]
pub struct EarlierAction {
    pub strategy: String,
    pub rule: String,
    pub kind: ActionKind,
    pub channel: Option<Channel>,
    /// The local date of its `scheduled_for`.
    pub done_on: NaiveDate,
}

/// Everything known about one debtor for one run.
#[derive(Debug, Clone, Copy)]
pub struct DebtorInputs<'a> {
    pub history: &'a DebtorHistory,
    pub derived: &'a Derived,
    /// This debtor's actions from earlier plans (empty without a plan store).
    pub earlier: &'a [EarlierAction],
}

/// The run-wide inputs.
#[derive(Clone, Copy)]
pub struct PlanContext<'a> {
    pub as_of: NaiveDate,
    pub services: &'a dyn Services,
}

/// Why a debtor could not be planned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error(transparent)]
    UnknownPlaceholder(#[from] super::render::UnknownPlaceholder),
    #[error("rule `{rule}` uses template `{template}`, which is not declared")]
    UnknownTemplate { rule: String, template: String },
    #[error("debtor `{debtor}` has an unknown time zone `{timezone}`")]
    BadTimezone { debtor: String, timezone: String },
}

/// Each guardrail decision for one action, in the order applied (`None` = passed).
#[derive(Debug, Clone, PartialEq)]
pub struct ActionTrace {
    pub decisions: Vec<(Guardrail, Option<Suppression>)>,
}

/// A strategy ready to plan: the compiled program plus templates split once.
pub struct Planner<'s> {
    strategy: &'s CheckedStrategy,
    program: &'s Program,
    templates: Vec<CompiledTemplate>,
    /// Per rule, per action: index into `templates` of the action's template.
    action_templates: Vec<Vec<Option<usize>>>,
}

impl<'s> Planner<'s> {
    pub fn new(strategy: &'s CheckedStrategy, program: &'s Program) -> Result<Self, PlanError> {
        let templates = compile_templates(strategy)?;
        let mut action_templates = Vec::with_capacity(strategy.rules.len());
        for rule in &strategy.rules {
            let mut per_action = Vec::with_capacity(rule.actions.len());
            for action in &rule.actions {
                let index =
                    match &action.kind {
                        ActionSpec::Contact {
                            template: Some(name),
                            ..
                        } => Some(templates.iter().position(|t| t.name == *name).ok_or_else(
                            || PlanError::UnknownTemplate {
                                rule: rule.name.clone(),
                                template: name.clone(),
                            },
                        )?),
                        _ => None,
                    };
                per_action.push(index);
            }
            action_templates.push(per_action);
        }
        Ok(Planner {
            strategy,
            program,
            templates,
            action_templates,
        })
    }

    pub fn strategy(&self) -> &CheckedStrategy {
        self.strategy
    }

    pub fn program(&self) -> &Program {
        self.program
    }

    /// Append this debtor's actions to `out`: matching rules in rule order, each rule's
    /// actions in written order.
    pub fn plan_debtor(
        &self,
        debtor: DebtorInputs<'_>,
        ctx: PlanContext<'_>,
        out: &mut Vec<Action>,
    ) -> Result<(), PlanError> {
        let mut selected = Vec::new();
        self.program
            .select(&debtor.derived.row, ctx.as_of, &mut selected);
        self.plan(debtor, ctx, &selected, out, None)
    }

    /// As [`Planner::plan_debtor`], and record every guardrail decision of every action
    /// (all guardrails are evaluated, not only up to the first that suppresses): one trace per
    /// appended action, in the same order.
    pub fn plan_debtor_traced(
        &self,
        debtor: DebtorInputs<'_>,
        ctx: PlanContext<'_>,
        out: &mut Vec<Action>,
        traces: &mut Vec<ActionTrace>,
    ) -> Result<(), PlanError> {
        let mut selected = Vec::new();
        self.program
            .select(&debtor.derived.row, ctx.as_of, &mut selected);
        self.plan(debtor, ctx, &selected, out, Some(traces))
    }

    /// Plan the actions of already selected rules (indices into the strategy's rules, in the
    /// order given). `plan_debtor` is `Program::select` followed by this; simulation and tests
    /// that decide the matches themselves call it directly.
    pub fn plan_rules(
        &self,
        debtor: DebtorInputs<'_>,
        ctx: PlanContext<'_>,
        rules: &[usize],
        out: &mut Vec<Action>,
        traces: Option<&mut Vec<ActionTrace>>,
    ) -> Result<(), PlanError> {
        self.plan(debtor, ctx, rules, out, traces)
    }

    fn plan(
        &self,
        debtor: DebtorInputs<'_>,
        ctx: PlanContext<'_>,
        selected: &[usize],
        out: &mut Vec<Action>,
        mut traces: Option<&mut Vec<ActionTrace>>,
    ) -> Result<(), PlanError> {
        if selected.is_empty() {
            return Ok(());
        }
        let mut state = DebtorState::new(self.strategy, debtor, ctx)?;
        for &rule_index in selected {
            let Some(rule) = self.strategy.rules.get(rule_index) else {
                continue;
            };
            let offers = self.rule_offers(rule, &state);
            let step = RuleStep {
                index: rule_index,
                rule,
                offers: &offers,
            };
            for (index, action) in rule.actions.iter().enumerate() {
                let mut gate = Gate::new(traces.is_some());
                let record = self.action(&mut state, &step, index, action, &mut gate);
                if record.status == Status::Planned {
                    if let (ActionKind::Contact, Some(channel)) = (record.kind, record.channel) {
                        state
                            .contacts
                            .push((local_date(&record.scheduled_for), channel));
                    }
                }
                out.push(record);
                if let Some(traces) = traces.as_deref_mut() {
                    traces.push(ActionTrace {
                        decisions: gate.decisions,
                    });
                }
            }
        }
        Ok(())
    }

    /// Compute the rule's offers first, so a template anywhere in the rule can show them.
    fn rule_offers(
        &self,
        rule: &RuleInfo,
        state: &DebtorState<'_>,
    ) -> Vec<Option<Result<super::action::Offer, super::services::OfferError>>> {
        let policy = &self.strategy.policy;
        let services = state.ctx.services;
        rule.actions
            .iter()
            .map(|action| match &action.kind {
                ActionSpec::OfferInstallments(up_to) => Some(services.installment_offer(
                    &state.balance,
                    *up_to,
                    policy,
                    state.ctx.as_of,
                )),
                ActionSpec::OfferDiscount(percent) => {
                    Some(services.discount_offer(&state.balance, *percent, policy, state.ctx.as_of))
                }
                _ => None,
            })
            .collect()
    }
}

/// The debtor's time zone: the debtor's own, else the strategy's.
pub fn debtor_timezone(
    strategy: &CheckedStrategy,
    history: &DebtorHistory,
    derived: &Derived,
) -> Result<Tz, PlanError> {
    match derived.timezone.as_deref().or(history.timezone.as_deref()) {
        None | Some("") => Ok(strategy.header.timezone),
        Some(name) => name.parse::<Tz>().map_err(|_| PlanError::BadTimezone {
            debtor: history.id.clone(),
            timezone: name.to_string(),
        }),
    }
}

/// The first instant of a local day (midnight, or the first hour after a DST gap at
/// midnight, as Brazil had until 2019).
pub fn start_of_day(date: NaiveDate, tz: Tz) -> DateTime<FixedOffset> {
    for hour in 0..4 {
        let Some(time) = NaiveTime::from_hms_opt(hour, 0, 0) else {
            continue;
        };
        if let Some(at) = tz.from_local_datetime(&date.and_time(time)).earliest() {
            return at.fixed_offset();
        }
    }
    // No zone skips four hours; fall back to midnight UTC rather than fail.
    date.and_time(NaiveTime::MIN).and_utc().fixed_offset()
}

fn local_date(at: &DateTime<FixedOffset>) -> NaiveDate {
    at.date_naive()
}
