//! The per-debtor state of one run: facts computed once per debtor (time zone, start of
//! day, contact history by local date, letters, the `once` episode, the balance offers are
//! made on) and what this run already planned. Must not apply guardrails or build records.

use super::{debtor_timezone, start_of_day, DebtorInputs, PlanContext, PlanError};
use crate::check::CheckedStrategy;
use crate::money::update::DebtUpdate;
use crate::plan::action::ActionKind;
use crate::schema::Channel;
use chrono::{DateTime, Duration, FixedOffset, NaiveDate};
use chrono_tz::Tz;

/// Per-debtor facts, computed once per debtor and updated as actions are planned.
pub(super) struct DebtorState<'a> {
    pub debtor: DebtorInputs<'a>,
    pub ctx: PlanContext<'a>,
    pub policy: &'a crate::check::Policy,
    pub tz: Tz,
    pub day_start: DateTime<FixedOffset>,
    /// The first contact slot, computed on first use.
    slot: Option<Option<DateTime<FixedOffset>>>,
    /// Contacts on or before the as-of date (history) and planned in this run: local date
    /// and channel.
    pub contacts: Vec<(NaiveDate, Channel)>,
    /// Dates of letters sent (history) or planned by earlier runs.
    pub letters: Vec<NaiveDate>,
    /// Where a `once` episode starts: the delinquency episode, or before anything is
    /// overdue, the earliest issue date of an open debt.
    pub once_start: Option<NaiveDate>,
    /// The updated balance of all open debts, by part (what offers are made on).
    pub balance: DebtUpdate,
}

impl<'a> DebtorState<'a> {
    pub fn new(
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

    pub fn slot(&mut self) -> Option<DateTime<FixedOffset>> {
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
    pub fn contacts_in_window(&self, channel: Option<Channel>, days: u32) -> usize {
        let from = self.ctx.as_of - Duration::days(i64::from(days.max(1)) - 1);
        self.contacts
            .iter()
            .filter(|(day, c)| *day >= from && channel.is_none_or(|want| want == *c))
            .count()
    }

    /// The latest date the same rule did the same action: contacts in the history (by rule
    /// name and channel) and planned actions of earlier runs of this strategy.
    pub fn last_done(
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
    pub fn opt_out_since(&self, channel: Channel) -> Option<NaiveDate> {
        self.debtor
            .history
            .opt_outs
            .iter()
            .filter(|o| o.channel == channel && o.since <= self.ctx.as_of)
            .map(|o| o.since)
            .min()
    }

    /// Due date of the oldest open debt that is overdue.
    pub fn oldest_overdue_due(&self) -> Option<NaiveDate> {
        self.debtor
            .derived
            .debts
            .iter()
            .filter(|d| d.days_overdue > 0)
            .map(|d| d.due_on)
            .min()
    }
}
