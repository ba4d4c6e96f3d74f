//! Guardrails: the rules the engine enforces whatever the strategy says. One function per
//! guardrail; each gets exactly the facts it needs and returns `None` (passed) or a
//! [`Suppression`]: the stable [`ReasonCode`] the executor reads and the reason in words,
//! which names the guardrail so an operator can tell which one fired.
//! Pure; must not build actions, read stores or know about rule selection.

use super::action::ReasonCode;
use super::services::OfferError;
use crate::schema::{Channel, Repeat};
use chrono::{Months, NaiveDate};

/// The guardrails, in the order they are applied (after repetition) for each action kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Guardrail {
    /// `once` / `every N days`.
    Repetition,
    /// The debtor opted out of the channel (LGPD).
    OptOut,
    /// The debtor has no email address or phone number for the channel.
    Address,
    /// No collection contact or bureau report while an agreement is in force.
    Agreement,
    /// Contact hours and days in the debtor's time zone, Sundays and holidays.
    ContactWindow,
    /// `max contacts N per D days`, all channels together.
    MaxContacts,
    /// `max calls N per D days` and the like.
    ChannelCap,
    /// CDC art. 43 §1: no report of a debt overdue more than five years.
    BureauFiveYears,
    /// A posted letter at least `bureau notice` days before the report.
    BureauNotice,
    /// The money engine could not build the offer (e.g. below `min installment`).
    Offer,
}

impl Guardrail {
    /// How the guardrail is named to an operator (`strat explain`).
    pub fn name(self) -> &'static str {
        match self {
            Guardrail::Repetition => "repetition",
            Guardrail::OptOut => "opt-out",
            Guardrail::Address => "address",
            Guardrail::Agreement => "agreement",
            Guardrail::ContactWindow => "contact window",
            Guardrail::MaxContacts => "max contacts",
            Guardrail::ChannelCap => "channel cap",
            Guardrail::BureauFiveYears => "bureau 5 years",
            Guardrail::BureauNotice => "bureau notice",
            Guardrail::Offer => "offer",
        }
    }
}

/// Why a guardrail suppressed an action: the code (contract) and the words (for people).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    pub code: ReasonCode,
    pub reason: String,
}

impl Suppression {
    pub fn new(code: ReasonCode, reason: impl Into<String>) -> Self {
        Suppression {
            code,
            reason: reason.into(),
        }
    }
}

/// How far ahead the scheduler looks for an allowed contact window.
pub const WINDOW_HORIZON_DAYS: u32 = 14;

/// `once`: suppressed when the action was already done on or after the episode start
/// (`episode_start = None`: ever). `every N days`: suppressed when last done fewer than N days
/// before the as-of date. `last_done` is the latest date the same rule did the same action.
pub fn repetition(
    repeat: Option<Repeat>,
    last_done: Option<NaiveDate>,
    episode_start: Option<NaiveDate>,
    as_of: NaiveDate,
) -> Option<Suppression> {
    let last = last_done?;
    match repeat? {
        Repeat::Once => {
            let in_episode = episode_start.is_none_or(|start| last >= start);
            in_episode.then(|| {
                Suppression::new(
                    ReasonCode::OnceDone,
                    format!("once: already done on {last} in this delinquency episode"),
                )
            })
        }
        Repeat::EveryDays(days) => {
            let since = (as_of - last).num_days();
            (since < i64::from(days)).then(|| {
                Suppression::new(
                    ReasonCode::EveryNotDue,
                    format!("every {days} days: last done {last}"),
                )
            })
        }
    }
}

/// Per-channel opt-out. `since` is the earliest opt-out of that channel dated on or before
/// the as-of date; `opted_out` is the derivation's flag (they agree for a consistent history).
pub fn opt_out(channel: Channel, opted_out: bool, since: Option<NaiveDate>) -> Option<Suppression> {
    match since {
        Some(day) => Some(Suppression::new(
            ReasonCode::OptOut,
            format!("opt-out: debtor opted out of {} on {day}", channel.as_str()),
        )),
        None if opted_out => Some(Suppression::new(
            ReasonCode::OptOut,
            format!("opt-out: debtor opted out of {}", channel.as_str()),
        )),
        None => None,
    }
}

/// A contact needs somewhere to go: an email address for email, a phone number for sms,
/// whatsapp and calls. Letters are not checked (postal addresses are not in the portfolio).
pub fn address(channel: Channel, has_email: bool, has_phone: bool) -> Option<Suppression> {
    match channel {
        Channel::Email if !has_email => Some(Suppression::new(
            ReasonCode::NoAddress,
            "no address: debtor has no email",
        )),
        Channel::Sms | Channel::Whatsapp | Channel::Call if !has_phone => Some(Suppression::new(
            ReasonCode::NoAddress,
            format!("no address: debtor has no phone for {}", channel.as_str()),
        )),
        _ => None,
    }
}

/// No collection contact and no bureau report while an agreement is in force.
pub fn agreement(in_force: bool) -> Option<Suppression> {
    in_force.then(|| Suppression::new(ReasonCode::AgreementInForce, "agreement in force"))
}

/// A contact needs an allowed window within [`WINDOW_HORIZON_DAYS`].
pub fn contact_window(has_slot: bool) -> Option<Suppression> {
    (!has_slot).then(|| {
        Suppression::new(
            ReasonCode::NoContactWindow,
            format!("no contact window in the next {WINDOW_HORIZON_DAYS} days"),
        )
    })
}

/// `max contacts N per D days`: `in_window` counts contacts already made or planned in the
/// window (this one excluded).
pub fn max_contacts(cap: Option<(u32, u32)>, in_window: usize) -> Option<Suppression> {
    let (count, days) = cap?;
    (in_window >= count as usize).then(|| {
        Suppression::new(
            ReasonCode::MaxContacts,
            format!("max contacts {count} per {days} days reached ({in_window} in window)"),
        )
    })
}

/// A per-channel cap such as `max calls 7 per 7 days`.
pub fn channel_cap(
    channel: Channel,
    count: u32,
    days: u32,
    in_window: usize,
) -> Option<Suppression> {
    (in_window >= count as usize).then(|| {
        Suppression::new(
            ReasonCode::ChannelCap,
            format!(
                "max {} {count} per {days} days reached ({in_window} in window)",
                channel_plural(channel)
            ),
        )
    })
}

/// The word `max ... per ... days` uses for a channel.
pub fn channel_plural(channel: Channel) -> &'static str {
    match channel {
        Channel::Email => "emails",
        Channel::Sms => "sms",
        Channel::Whatsapp => "whatsapp",
        Channel::Letter => "letters",
        Channel::Call => "calls",
    }
}

/// CDC art. 43 §1. The exact rule: suppressed when the as-of date is later than five calendar
/// years (60 months) after the oldest open overdue debt's due date.
pub fn bureau_five_years(
    oldest_overdue_due: Option<NaiveDate>,
    as_of: NaiveDate,
) -> Option<Suppression> {
    let due = oldest_overdue_due?;
    let limit = due.checked_add_months(Months::new(60))?;
    (as_of > limit).then(|| {
        Suppression::new(
            ReasonCode::BureauFiveYears,
            "bureau: debt overdue more than 5 years (CDC art. 43 §1)",
        )
    })
}

/// A report needs a letter dated at least `notice_days` before the as-of date, within the
/// current delinquency episode (a letter about an earlier, settled episode is not notice of
/// this debt). Email or SMS alone is not notice, so only letters are passed in.
pub fn bureau_notice(
    notice_days: Option<u32>,
    letters: &[NaiveDate],
    episode_start: Option<NaiveDate>,
    as_of: NaiveDate,
) -> Option<Suppression> {
    let Some(days) = notice_days else {
        return Some(Suppression::new(
            ReasonCode::BureauNoNoticePolicy,
            "bureau: the policy sets no bureau notice (a posted letter must come first)",
        ));
    };
    let latest_allowed = as_of - chrono::Duration::days(i64::from(days));
    let noticed = letters
        .iter()
        .any(|&sent| sent <= latest_allowed && episode_start.is_none_or(|start| sent >= start));
    (!noticed).then(|| {
        Suppression::new(
            ReasonCode::BureauNoLetter,
            format!(
                "bureau: no letter sent at least {days} days before (policy bureau notice {days} \
                 days)"
            ),
        )
    })
}

/// The money engine could not build the offer the rule asked for.
pub fn offer(why: &OfferError) -> Suppression {
    Suppression::new(ReasonCode::OfferUnavailable, format!("offer: {why}"))
}
