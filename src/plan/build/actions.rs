//! One written action of a matching rule turned into a record: the guardrails its kind is
//! subject to (contact, bureau report, offer; the others only repetition), in the order the
//! contract documents, then the record itself with its id, schedule and suppression. Must not
//! choose rules or keep state across debtors (that is `build`); the guardrails' rules are
//! `plan::guardrails`.

use super::gate::Gate;
use super::state::DebtorState;
use super::Planner;
use crate::check::{ActionSpec, RuleAction, RuleInfo};
use crate::plan::action::{action_id, Action, ActionKey, ActionKind, Offer, Status};
use crate::plan::guardrails::{self as guard, Guardrail};
use crate::plan::render::{render, RenderInputs, RuleOffers};
use crate::plan::services::OfferError;
use crate::schema::Channel;
use chrono::Utc;

/// The offers a rule made (one per written action, `None` for a non-offer), computed before
/// its actions so a template anywhere in the rule can show them.
pub(super) type RuleOfferResults = [Option<Result<Offer, OfferError>>];

/// The rule whose actions are being built.
pub(super) struct RuleStep<'r> {
    pub index: usize,
    pub rule: &'r RuleInfo,
    pub offers: &'r RuleOfferResults,
}

impl Planner<'_> {
    /// The record of the `index`-th written action of the rule; every guardrail decision goes
    /// through `gate`.
    pub(super) fn action(
        &self,
        state: &mut DebtorState<'_>,
        step: &RuleStep<'_>,
        index: usize,
        action: &RuleAction,
        gate: &mut Gate,
    ) -> Action {
        let header = &self.strategy.header;
        let as_of = state.ctx.as_of;
        let (kind, channel, template, target) = describe(&action.kind);

        let repeat = action.repeat;
        let last_done = state.last_done(&header.name, &step.rule.name, kind, channel);
        gate.check(Guardrail::Repetition, || {
            guard::repetition(repeat, last_done, state.once_start, as_of)
        });

        let mut scheduled_for = state.day_start;
        let mut offer = None;
        let mut text = None;
        match (kind, channel) {
            (ActionKind::Contact, Some(channel)) => {
                if let Some(slot) = self.contact_guardrails(state, channel, gate) {
                    scheduled_for = slot;
                }
                text = self.render_contact(state, step, index);
            }
            (ActionKind::Bureau, _) => self.bureau_guardrails(state, gate),
            (ActionKind::Offer, _) => match step.offers.get(index).cloned().flatten() {
                Some(Ok(made)) => offer = Some(made),
                Some(Err(why)) => gate.check(Guardrail::Offer, || Some(guard::offer(&why))),
                None => {}
            },
            _ => {}
        }

        let key = ActionKey {
            strategy: &header.name,
            version: header.version,
            debtor_id: &state.debtor.history.id,
            rule: &step.rule.name,
            index,
            kind,
            channel,
            as_of,
        };
        let suppression = gate.take();
        let (status, reason_code, reason) = match suppression {
            Some(s) => (Status::Suppressed, Some(s.code), Some(s.reason)),
            None => (Status::Planned, None, None),
        };
        Action {
            action_id: action_id(&key),
            as_of,
            strategy: header.name.clone(),
            strategy_version: header.version,
            debtor_id: state.debtor.history.id.clone(),
            rule: step.rule.name.clone(),
            line: step.rule.line,
            kind,
            channel,
            template,
            text,
            offer,
            target,
            scheduled_for,
            due_at: scheduled_for.with_timezone(&Utc),
            status,
            reason_code,
            reason,
        }
    }

    /// A contact's guardrails after repetition; returns the contact slot, if there is one.
    fn contact_guardrails(
        &self,
        state: &mut DebtorState<'_>,
        channel: Channel,
        gate: &mut Gate,
    ) -> Option<chrono::DateTime<chrono::FixedOffset>> {
        let policy = &self.strategy.policy;
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
        slot
    }

    /// A bureau report's guardrails after repetition.
    fn bureau_guardrails(&self, state: &DebtorState<'_>, gate: &mut Gate) {
        let policy = &self.strategy.policy;
        let derived = state.debtor.derived;
        let as_of = state.ctx.as_of;
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

    /// The contact's rendered template, if it has one.
    fn render_contact(
        &self,
        state: &DebtorState<'_>,
        step: &RuleStep<'_>,
        index: usize,
    ) -> Option<String> {
        let template = self
            .action_templates
            .get(step.index)
            .and_then(|t| t.get(index))
            .copied()
            .flatten()
            .and_then(|t| self.templates.get(t))?;
        let inputs = RenderInputs {
            row: &state.debtor.derived.row,
            fields: &self.strategy.fields,
            header: &self.strategy.header,
            offers: first_offers(step.offers),
        };
        Some(render(template, &inputs))
    }
}

fn has_text(value: &Option<String>) -> bool {
    value.as_deref().is_some_and(|v| !v.trim().is_empty())
}

/// The first installment offer and the first discount offer the rule made.
fn first_offers(offers: &RuleOfferResults) -> RuleOffers<'_> {
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
