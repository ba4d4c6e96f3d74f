//! One debtor's events, as loaded from the store: the input of the pure as-of derivation.
//! Loading it once lets plan, explain and simulation derive any as-of date without re-reading.

use crate::schema::Channel;
use chrono::{DateTime, FixedOffset, NaiveDate};
use rust_decimal::Decimal;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct DebtorHistory {
    pub id: String,
    pub name: String,
    pub document: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// IANA time zone name; `None` means the strategy's time zone.
    pub timezone: Option<String>,
    /// Raw text of the custom columns the strategy declares, in the strategy's declared-field
    /// order (`None` for an empty cell).
    pub custom: Vec<Option<String>>,
    /// Sorted by due date, then id.
    pub debts: Vec<Debt>,
    /// Sorted by paid_on, then id.
    pub payments: Vec<Payment>,
    /// Sorted by `at`.
    pub contacts: Vec<Contact>,
    pub opt_outs: Vec<OptOut>,
    pub agreements: Vec<Agreement>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Debt {
    pub id: String,
    pub principal: Decimal,
    pub issued_on: NaiveDate,
    pub due_on: NaiveDate,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Payment {
    pub id: String,
    /// Index into `DebtorHistory::debts`.
    pub debt: usize,
    pub paid_on: NaiveDate,
    pub amount: Decimal,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Contact {
    pub channel: Channel,
    pub at: DateTime<FixedOffset>,
    /// The rule that caused it (may name a rule of another strategy, or be empty).
    pub rule: String,
    pub outcome: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct OptOut {
    pub channel: Channel,
    pub since: NaiveDate,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Agreement {
    pub id: String,
    pub made_on: NaiveDate,
    pub installments: u32,
    /// `active` (in force), `broken`, `paid`, `cancelled`.
    pub status: String,
}

// `Default` gives the loader blank items to read rows into and reuse (no allocation per row
// once warm); a blank is never part of a loaded history.
impl Default for Contact {
    fn default() -> Self {
        Contact {
            channel: Channel::Email,
            at: DateTime::default(),
            rule: String::new(),
            outcome: String::new(),
        }
    }
}

impl Default for OptOut {
    fn default() -> Self {
        OptOut {
            channel: Channel::Email,
            since: NaiveDate::default(),
        }
    }
}
