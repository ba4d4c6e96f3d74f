//! As-of derivation: one debtor's events + an as-of date → the built-in field values and the
//! per-debt state the plan needs. Pure: the same history and date always give the same result,
//! and nothing dated after the as-of date exists yet.

use crate::money::update::DebtUpdate;
use crate::schema::Row;
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// Everything derived for one debtor on one as-of date. Reused across debtors (the vectors
/// keep their capacity) so that streaming a portfolio does not allocate per debtor.
#[derive(Debug, Clone, Default)]
pub struct Derived {
    /// Field values by slot (built-ins, then the strategy's declared fields).
    pub row: Row,
    /// Open debts on the as-of date, oldest due date first.
    pub debts: Vec<DebtState>,
    /// First day of the current delinquency episode (the day the debtor last went from
    /// nothing overdue to something overdue); `None` when nothing is overdue.
    pub episode_start: Option<NaiveDate>,
    /// Per channel (`Channel::index()`): opted out on or before the as-of date.
    pub opted_out: [bool; 5],
    /// An agreement with status `active` made on or before the as-of date.
    pub agreement_in_force: bool,
    /// The debtor's time zone name as stored (`None`: use the strategy's).
    pub timezone: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DebtState {
    /// Index into `DebtorHistory::debts`.
    pub debt: usize,
    pub due_on: NaiveDate,
    /// Principal minus payments made on or before the as-of date.
    pub open_principal: Decimal,
    /// Days past due on the as-of date (0 when not yet due).
    pub days_overdue: i64,
    /// The debt updated per policy (fee and interest only when overdue).
    pub update: DebtUpdate,
}
