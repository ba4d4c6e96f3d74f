//! Planning one debtor: the matching rules' actions, in order, each turned into a record that
//! is `planned` or `suppressed` with the guardrail that stopped it. Repetition (`once`,
//! `every N days`) is decided from the contact history and earlier plans; guardrails see the
//! history plus what this run already planned for the debtor. Pure: no IO, no clock; the
//! calendar and the money engine come in through [`Services`].

use super::action::{action_id, Action, ActionKey, ActionKind, Offer, Status};
use super::guardrails::{self as guard, Guardrail};
use super::render::{compile_templates, render, CompiledTemplate, RenderInputs, RuleOffers};
use super::services::Services;
use crate::check::{ActionSpec, RuleAction};
use crate::check::{CheckedStrategy, RuleInfo};
use crate::eval::program::Program;
use crate::money::update::DebtUpdate;
use crate::portfolio::derive::Derived;
use crate::portfolio::history::DebtorHistory;
use crate::schema::Channel;
use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveTime, TimeZone};
use chrono_tz::Tz;

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
    pub decisions: Vec<(Guardrail, Option<String>)>,
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
            for (index, action) in rule.actions.iter().enumerate() {
                let mut gate = Gate::new(traces.is_some());
                let record = self.action(
                    &mut state, rule_index, rule, index, action, &offers, &mut gate,
                );
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
    ) -> Vec<Option<Result<Offer, String>>> {
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

    #[allow(clippy::too_many_arguments)]
    fn action(
        &self,
        state: &mut DebtorState<'_>,
        rule_index: usize,
        rule: &RuleInfo,
        index: usize,
        action: &RuleAction,
        offers: &[Option<Result<Offer, String>>],
        gate: &mut Gate,
    ) -> Action {
        let header = &self.strategy.header;
        let policy = &self.strategy.policy;
        let as_of = state.ctx.as_of;
        let (kind, channel, template, target) = describe(&action.kind);

        let repeat = action.repeat;
        let last_done = state.last_done(&header.name, &rule.name, kind, channel);
        gate.check(Guardrail::Repetition, || {
            guard::repetition(repeat, last_done, state.once_start, as_of)
        });

        let mut scheduled_for = state.day_start;
        let mut offer = None;
        let mut text = None;
        match (kind, channel) {
            (ActionKind::Contact, Some(channel)) => {
                let derived = state.debtor.derived;
                let since = state.opt_out_since(channel);
                let opted = derived
                    .opted_out
                    .get(channel.index())
                    .copied()
                    .unwrap_or(false);
                gate.check(Guardrail::OptOut, || guard::opt_out(channel, opted, since));
                let history = state.debtor.history;
                gate.check(Guardrail::Address, || {
                    guard::address(channel, has_text(&history.email), has_text(&history.phone))
                });
                gate.check(Guardrail::Agreement, || {
                    guard::agreement(derived.agreement_in_force)
                });
                let slot = state.slot();
                if let Some(slot) = slot {
                    scheduled_for = slot;
                }
                gate.check(Guardrail::ContactWindow, || {
                    guard::contact_window(slot.is_some())
                });
                if let Some((count, days)) = policy.max_contacts {
                    gate.check(Guardrail::MaxContacts, || {
                        let in_window = state.contacts_in_window(None, days);
                        guard::max_contacts(Some((count, days)), in_window)
                    });
                }
                for &(capped, count, days) in &policy.channel_caps {
                    if capped == channel {
                        gate.check(Guardrail::ChannelCap, || {
                            let in_window = state.contacts_in_window(Some(channel), days);
                            guard::channel_cap(channel, count, days, in_window)
                        });
                    }
                }
                if let Some(template) = self
                    .action_templates
                    .get(rule_index)
                    .and_then(|t| t.get(index))
                    .copied()
                    .flatten()
                    .and_then(|t| self.templates.get(t))
                {
                    let inputs = RenderInputs {
                        row: &derived.row,
                        fields: &self.strategy.fields,
                        header,
                        offers: first_offers(offers),
                    };
                    text = Some(render(template, &inputs));
                }
            }
            (ActionKind::Bureau, _) => {
                let derived = state.debtor.derived;
                gate.check(Guardrail::Agreement, || {
                    guard::agreement(derived.agreement_in_force)
                });
                gate.check(Guardrail::BureauFiveYears, || {
                    guard::bureau_five_years(state.oldest_overdue_due(), as_of)
                });
                gate.check(Guardrail::BureauNotice, || {
                    guard::bureau_notice(
                        policy.bureau_notice_days,
                        &state.letters,
                        derived.episode_start,
                        as_of,
                    )
                });
            }
            (ActionKind::Offer, _) => match offers.get(index).cloned().flatten() {
                Some(Ok(made)) => offer = Some(made),
                Some(Err(why)) => gate.check(Guardrail::Offer, || Some(format!("offer: {why}"))),
                None => {}
            },
            _ => {}
        }

        let key = ActionKey {
            strategy: &header.name,
            version: header.version,
            debtor_id: &state.debtor.history.id,
            rule: &rule.name,
            index,
            kind,
            channel,
            as_of,
        };
        let reason = gate.reason.take();
        Action {
            action_id: action_id(&key),
            as_of,
            strategy: header.name.clone(),
            strategy_version: header.version,
            debtor_id: state.debtor.history.id.clone(),
            rule: rule.name.clone(),
            line: rule.line,
            kind,
            channel,
            template,
            text,
            offer,
            target,
            scheduled_for,
            status: if reason.is_some() {
                Status::Suppressed
            } else {
                Status::Planned
            },
            reason,
        }
    }
}

/// The first installment offer and the first discount offer the rule made.
fn first_offers(offers: &[Option<Result<Offer, String>>]) -> RuleOffers<'_> {
    let mut found = RuleOffers::default();
    for offer in offers.iter().flatten().flatten() {
        match offer {
            Offer::Installments(made) if found.installments.is_none() => {
                found.installments = Some(made)
            }
            Offer::Discount(made) if found.discount.is_none() => found.discount = Some(made),
            _ => {}
        }
    }
    found
}

/// Kind, channel, template and target of a written action.
fn describe(kind: &ActionSpec) -> (ActionKind, Option<Channel>, Option<String>, Option<String>) {
    match kind {
        ActionSpec::Contact { channel, template } => {
            (ActionKind::Contact, Some(*channel), template.clone(), None)
        }
        ActionSpec::OfferInstallments(_) | ActionSpec::OfferDiscount(_) => {
            (ActionKind::Offer, None, None, None)
        }
        ActionSpec::ReportToBureau => (ActionKind::Bureau, None, None, None),
        ActionSpec::EscalateToAgency(name) => {
            (ActionKind::Escalate, None, None, Some(name.clone()))
        }
        ActionSpec::AssignToQueue(name) => (ActionKind::Assign, None, None, Some(name.clone())),
        ActionSpec::Tag(name) => (ActionKind::Tag, None, None, Some(name.clone())),
        ActionSpec::SuspendService => (ActionKind::Suspend, None, None, None),
    }
}

/// Applies guardrails in order: in plan mode it stops evaluating at the first suppression;
/// in trace mode it evaluates and records every one.
struct Gate {
    trace: bool,
    decisions: Vec<(Guardrail, Option<String>)>,
    reason: Option<String>,
}

impl Gate {
    fn new(trace: bool) -> Self {
        Gate {
            trace,
            decisions: Vec::new(),
            reason: None,
        }
    }

    fn check(&mut self, guardrail: Guardrail, decide: impl FnOnce() -> Option<String>) {
        if self.reason.is_some() && !self.trace {
            return;
        }
        let outcome = decide();
        if self.reason.is_none() {
            self.reason.clone_from(&outcome);
        }
        if self.trace {
            self.decisions.push((guardrail, outcome));
        }
    }
}

/// Per-debtor facts, computed once per debtor and updated as actions are planned.
struct DebtorState<'a> {
    debtor: DebtorInputs<'a>,
    ctx: PlanContext<'a>,
    policy: &'a crate::check::Policy,
    tz: Tz,
    day_start: DateTime<FixedOffset>,
    /// The first contact slot, computed on first use.
    slot: Option<Option<DateTime<FixedOffset>>>,
    /// Contacts on or before the as-of date (history) and planned in this run: local date
    /// and channel.
    contacts: Vec<(NaiveDate, Channel)>,
    /// Dates of letters sent (history) or planned by earlier runs.
    letters: Vec<NaiveDate>,
    /// Where a `once` episode starts: the delinquency episode, or before anything is
    /// overdue, the earliest issue date of an open debt.
    once_start: Option<NaiveDate>,
    /// The updated balance of all open debts, by part (what offers are made on).
    balance: DebtUpdate,
}

impl<'a> DebtorState<'a> {
    fn new(
        strategy: &'a CheckedStrategy,
        debtor: DebtorInputs<'a>,
        ctx: PlanContext<'a>,
    ) -> Result<Self, PlanError> {
        let history = debtor.history;
        let derived = debtor.derived;
        let tz = debtor_timezone(strategy, history, derived)?;
        let as_of = ctx.as_of;
        let contacts: Vec<(NaiveDate, Channel)> = history
            .contacts
            .iter()
            .map(|c| (c.at.with_timezone(&tz).date_naive(), c.channel))
            .filter(|(day, _)| *day <= as_of)
            .collect();
        let mut letters: Vec<NaiveDate> = contacts
            .iter()
            .filter(|(_, channel)| *channel == Channel::Letter)
            .map(|(day, _)| *day)
            .collect();
        letters.extend(
            debtor
                .earlier
                .iter()
                .filter(|e| e.kind == ActionKind::Contact && e.channel == Some(Channel::Letter))
                .map(|e| e.done_on),
        );
        let once_start = derived.episode_start.or_else(|| {
            derived
                .debts
                .iter()
                .filter_map(|d| history.debts.get(d.debt).map(|debt| debt.issued_on))
                .min()
        });
        let balance = DebtUpdate::sum(derived.debts.iter().map(|d| &d.update));
        Ok(DebtorState {
            debtor,
            ctx,
            policy: &strategy.policy,
            tz,
            day_start: start_of_day(as_of, tz),
            slot: None,
            contacts,
            letters,
            once_start,
            balance,
        })
    }

    fn slot(&mut self) -> Option<DateTime<FixedOffset>> {
        if let Some(slot) = self.slot {
            return slot;
        }
        let slot = self
            .ctx
            .services
            .contact_slot(self.ctx.as_of, self.tz, self.policy);
        self.slot = Some(slot);
        slot
    }

    /// Contacts (optionally of one channel) dated within the last `days` days, the as-of date
    /// included, plus everything this run already planned.
    fn contacts_in_window(&self, channel: Option<Channel>, days: u32) -> usize {
        let from = self.ctx.as_of - Duration::days(i64::from(days.max(1)) - 1);
        self.contacts
            .iter()
            .filter(|(day, c)| *day >= from && channel.is_none_or(|want| want == *c))
            .count()
    }

    /// The latest date the same rule did the same action: contacts in the history (by rule
    /// name and channel) and planned actions of earlier runs of this strategy.
    fn last_done(
        &self,
        strategy: &str,
        rule: &str,
        kind: ActionKind,
        channel: Option<Channel>,
    ) -> Option<NaiveDate> {
        let from_history = self
            .debtor
            .history
            .contacts
            .iter()
            .filter(|c| kind == ActionKind::Contact && Some(c.channel) == channel && c.rule == rule)
            .map(|c| c.at.with_timezone(&self.tz).date_naive())
            .filter(|day| *day <= self.ctx.as_of)
            .max();
        let from_plans = self
            .debtor
            .earlier
            .iter()
            .filter(|e| {
                e.strategy == strategy && e.rule == rule && e.kind == kind && e.channel == channel
            })
            .map(|e| e.done_on)
            .max();
        from_history.max(from_plans)
    }

    /// The earliest opt-out of the channel on or before the as-of date.
    fn opt_out_since(&self, channel: Channel) -> Option<NaiveDate> {
        self.debtor
            .history
            .opt_outs
            .iter()
            .filter(|o| o.channel == channel && o.since <= self.ctx.as_of)
            .map(|o| o.since)
            .min()
    }

    /// Due date of the oldest open debt that is overdue.
    fn oldest_overdue_due(&self) -> Option<NaiveDate> {
        self.debtor
            .derived
            .debts
            .iter()
            .filter(|d| d.days_overdue > 0)
            .map(|d| d.due_on)
            .min()
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

fn has_text(value: &Option<String>) -> bool {
    value.as_deref().is_some_and(|v| !v.trim().is_empty())
}

fn local_date(at: &DateTime<FixedOffset>) -> NaiveDate {
    at.date_naive()
}
