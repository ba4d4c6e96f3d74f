//! The plan record: one action for one debtor on one as-of date, exactly as the executor reads
//! it (JSON Lines and the SQLite plan table). The field order here is the wire order and is
//! part of the contract; do not reorder. Owns the deterministic action id. Must not decide
//! anything (that is `build` and `guardrails`).

use crate::money::offers::{DiscountOffer, InstallmentOffer};
use crate::schema::Channel;
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, SecondsFormat, Timelike, Utc};
use serde::{Serialize, Serializer};
use sha2::{Digest, Sha256};

/// One planned (or suppressed) action. Serialized with this exact field order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Action {
    /// Idempotency key: see [`action_id`].
    pub action_id: String,
    pub as_of: NaiveDate,
    pub strategy: String,
    pub strategy_version: u32,
    pub debtor_id: String,
    pub rule: String,
    /// 1-based source line of the rule.
    pub line: u32,
    pub kind: ActionKind,
    pub channel: Option<Channel>,
    pub template: Option<String>,
    /// The rendered template (`None` for a contact without template and for non-contacts).
    pub text: Option<String>,
    pub offer: Option<Offer>,
    /// Agency, queue or tag name.
    pub target: Option<String>,
    /// RFC 3339 with the debtor's offset: the start of the first allowed contact window for
    /// contacts, the start of the as-of day for everything else.
    #[serde(serialize_with = "rfc3339")]
    pub scheduled_for: DateTime<FixedOffset>,
    /// The same instant in UTC (`2025-03-10T11:00:00Z`): what the executor orders and
    /// claims by, since the text order of times in different offsets is not time order.
    #[serde(serialize_with = "rfc3339_utc")]
    pub due_at: DateTime<Utc>,
    pub status: Status,
    /// Which guardrail suppressed it, as a stable code; `None` when planned.
    pub reason_code: Option<ReasonCode>,
    /// Why it was suppressed, in words for an operator; `None` when planned.
    pub reason: Option<String>,
}

/// What an action does, as the executor dispatches it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ActionKind {
    Contact,
    Offer,
    Bureau,
    Escalate,
    Assign,
    Tag,
    Suspend,
}

impl ActionKind {
    pub const ALL: [ActionKind; 7] = [
        ActionKind::Contact,
        ActionKind::Offer,
        ActionKind::Bureau,
        ActionKind::Escalate,
        ActionKind::Assign,
        ActionKind::Tag,
        ActionKind::Suspend,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ActionKind::Contact => "contact",
            ActionKind::Offer => "offer",
            ActionKind::Bureau => "bureau",
            ActionKind::Escalate => "escalate",
            ActionKind::Assign => "assign",
            ActionKind::Tag => "tag",
            ActionKind::Suspend => "suspend",
        }
    }

    pub fn parse(s: &str) -> Option<ActionKind> {
        ActionKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Planned,
    Suppressed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Planned => "planned",
            Status::Suppressed => "suppressed",
        }
    }
}

/// Why an action was suppressed: one code per guardrail decision an operator or the executor
/// may act on. The snake_case names are the contract (JSON Lines `reason_code`, plan store
/// column `reason_code`, docs/plan.md): append new codes, never rename or reuse one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReasonCode {
    /// `once`: already done in this delinquency episode.
    OnceDone,
    /// `every N days`: done fewer than N days ago.
    EveryNotDue,
    /// The debtor opted out of the channel (LGPD).
    OptOut,
    /// No email address or phone number for the channel.
    NoAddress,
    /// An agreement is in force.
    AgreementInForce,
    /// No allowed contact window within the scheduling horizon.
    NoContactWindow,
    /// `max contacts N per D days` reached.
    MaxContacts,
    /// A per-channel cap (`max calls N per D days`) reached.
    ChannelCap,
    /// CDC art. 43 §1: debt overdue more than five years.
    BureauFiveYears,
    /// The policy sets no `bureau notice`.
    BureauNoNoticePolicy,
    /// No posted letter at least `bureau notice` days before.
    BureauNoLetter,
    /// The money engine could not build the offer.
    OfferUnavailable,
}

impl ReasonCode {
    pub const ALL: [ReasonCode; 12] = [
        ReasonCode::OnceDone,
        ReasonCode::EveryNotDue,
        ReasonCode::OptOut,
        ReasonCode::NoAddress,
        ReasonCode::AgreementInForce,
        ReasonCode::NoContactWindow,
        ReasonCode::MaxContacts,
        ReasonCode::ChannelCap,
        ReasonCode::BureauFiveYears,
        ReasonCode::BureauNoNoticePolicy,
        ReasonCode::BureauNoLetter,
        ReasonCode::OfferUnavailable,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReasonCode::OnceDone => "once_done",
            ReasonCode::EveryNotDue => "every_not_due",
            ReasonCode::OptOut => "opt_out",
            ReasonCode::NoAddress => "no_address",
            ReasonCode::AgreementInForce => "agreement_in_force",
            ReasonCode::NoContactWindow => "no_contact_window",
            ReasonCode::MaxContacts => "max_contacts",
            ReasonCode::ChannelCap => "channel_cap",
            ReasonCode::BureauFiveYears => "bureau_five_years",
            ReasonCode::BureauNoNoticePolicy => "bureau_no_notice_policy",
            ReasonCode::BureauNoLetter => "bureau_no_letter",
            ReasonCode::OfferUnavailable => "offer_unavailable",
        }
    }

    pub fn parse(s: &str) -> Option<ReasonCode> {
        ReasonCode::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// A concrete offer, as the money engine computed it (see docs/money.md, "The `offer`
/// record"), tagged with its `type`. Amounts are exact decimals serialized as strings.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Offer {
    /// `{"type":"installments","count":3,"amounts":[...],"due_dates":[...],"total":"1040.00"}`
    Installments(InstallmentOffer),
    /// `{"type":"discount","pct_applied":"20","discount_amount":"208.00",
    /// "discounted_total":"832.00","remaining":{...},"deadline":"2025-03-18"}`
    Discount(DiscountOffer),
}

fn rfc3339<S: Serializer>(at: &DateTime<FixedOffset>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&format_rfc3339(at))
}

/// `2025-03-10T11:00:00Z`, written from a stack buffer (this runs for every action of a plan;
/// chrono's `format` interprets its pattern on each call, which cost 3% of a whole plan's
/// instructions).
fn rfc3339_utc<S: Serializer>(at: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
    match utc_digits(at) {
        Some(buffer) => s.serialize_str(utc_text(&buffer)),
        None => s.collect_str(&at.format(UTC_FORMAT)),
    }
}

/// The format of `due_at`: RFC 3339, seconds precision, `Z`.
pub const UTC_FORMAT: &str = "%Y-%m-%dT%H:%M:%SZ";

/// `2025-03-10T11:00:00Z`.
pub fn format_utc(at: &DateTime<Utc>) -> String {
    match utc_digits(at) {
        Some(buffer) => utc_text(&buffer).to_string(),
        None => at.format(UTC_FORMAT).to_string(),
    }
}

/// `UTC_FORMAT`'s text for a four-digit year, `None` for any other (chrono writes those).
fn utc_digits(at: &DateTime<Utc>) -> Option<[u8; 20]> {
    let year = u32::try_from(at.year()).ok().filter(|y| *y <= 9999)?;
    let mut out = *b"0000-00-00T00:00:00Z";
    let mut put = |at: usize, value: u32, width: usize| {
        let mut value = value;
        for i in (at..at + width).rev() {
            out[i] = b'0' + (value % 10) as u8;
            value /= 10;
        }
    };
    put(0, year, 4);
    put(5, at.month(), 2);
    put(8, at.day(), 2);
    put(11, at.hour(), 2);
    put(14, at.minute(), 2);
    put(17, at.second(), 2);
    Some(out)
}

fn utc_text(digits: &[u8; 20]) -> &str {
    // Only ASCII digits and separators were written.
    std::str::from_utf8(digits).unwrap_or_default()
}

/// `2025-03-10T08:00:00-03:00`: seconds precision, numeric offset (never `Z`).
pub fn format_rfc3339(at: &DateTime<FixedOffset>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, false)
}

/// The parts an action id is computed from.
#[derive(Debug, Clone, Copy)]
pub struct ActionKey<'a> {
    pub strategy: &'a str,
    pub version: u32,
    pub debtor_id: &'a str,
    pub rule: &'a str,
    /// Position of the action within its rule (0-based).
    pub index: usize,
    pub kind: ActionKind,
    pub channel: Option<Channel>,
    pub as_of: NaiveDate,
}

/// The deterministic action id: the first 16 bytes of SHA-256 over the key's parts, in hex
/// (32 characters). Parts are separated by the ASCII unit separator (0x1F), which cannot occur
/// in a rule name or id typed by an analyst, so no two keys share an input.
pub fn action_id(key: &ActionKey<'_>) -> String {
    let mut hasher = Sha256::new();
    // Numbers written into stack buffers: an id is computed for every action of a plan.
    let mut version = itoa::Buffer::new();
    let mut index = itoa::Buffer::new();
    let as_of = key.as_of.to_string(); // `YYYY-MM-DD`
    let parts: [&[u8]; 8] = [
        key.strategy.as_bytes(),
        version.format(key.version).as_bytes(),
        key.debtor_id.as_bytes(),
        key.rule.as_bytes(),
        index.format(key.index).as_bytes(),
        key.kind.as_str().as_bytes(),
        key.channel.map(Channel::as_str).unwrap_or("").as_bytes(),
        as_of.as_bytes(),
    ];
    for part in parts {
        hasher.update(part);
        hasher.update([0x1f]);
    }
    let digest = hasher.finalize();
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut id = String::with_capacity(32);
    for b in digest.iter().take(16) {
        id.push(char::from(HEX[usize::from(b >> 4)]));
        id.push(char::from(HEX[usize::from(b & 0xf)]));
    }
    id
}

#[cfg(test)]
mod tests {
    use super::{format_utc, UTC_FORMAT};
    use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};

    #[test]
    fn due_at_text_is_chronos_for_every_year() {
        let start = NaiveDate::from_ymd_opt(-3, 1, 1)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|t| t.and_utc());
        let mut at: DateTime<Utc> = start.unwrap_or_default();
        // Steps of 7 days 13:47:29 through years -3 to about 10,010: every field changes.
        let step = Duration::seconds(7 * 86_400 + 13 * 3_600 + 47 * 60 + 29);
        let mut checked = 0;
        while at.year() < 10_010 {
            assert_eq!(format_utc(&at), at.format(UTC_FORMAT).to_string(), "{at:?}");
            at += step;
            checked += 1;
        }
        assert!(checked > 400_000, "{checked}");
    }
}
