//! As-of derivation: one debtor's events + an as-of date → the built-in field values and the
//! per-debt state the plan needs. Pure: the same history and date always give the same result,
//! and nothing dated after the as-of date exists yet.

use super::custom::bind_custom;
/// Re-exported: `derive`'s error, defined apart so `custom` can return it without importing
/// this file.
pub use super::derive_error::DeriveError;
use super::history::{Debt, DebtorHistory};
use crate::check::CheckedStrategy;
use crate::money::update::{update_debt, DebtUpdate};
use crate::schema::Channel;
use crate::schema::{Builtin, Row, Type, Value, BUILTIN_SLOTS};
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

/// What derivation needs from a strategy: the policy's fee and interest and the declared
/// fields. Tests (and callers without a checked strategy) build it directly.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DeriveSpec {
    /// Late fee, percent of the overdue principal (`2` is 2%).
    pub late_fee: Decimal,
    /// Interest, percent per 30-day month.
    pub interest_per_month: Decimal,
    /// The declared fields, in declaration order; `history.custom[i]` is `custom[i]`'s cell.
    pub custom: Vec<CustomField>,
}

/// A declared (custom) field: the debtors column it reads, its type and its row slot.
#[derive(Debug, Clone, PartialEq)]
pub struct CustomField {
    pub name: String,
    pub ty: Type,
    pub slot: usize,
}

impl DeriveSpec {
    pub fn from_strategy(strategy: &CheckedStrategy) -> DeriveSpec {
        DeriveSpec {
            late_fee: strategy.policy.late_fee,
            interest_per_month: strategy.policy.interest_per_month,
            custom: strategy
                .custom_fields()
                .map(|f| CustomField {
                    name: f.name.clone(),
                    ty: f.ty.clone(),
                    slot: f.slot,
                })
                .collect(),
        }
    }

    /// The debtors columns to load, in the order `DebtorHistory::custom` holds them.
    pub fn custom_columns(&self) -> Vec<String> {
        self.custom.iter().map(|f| f.name.clone()).collect()
    }
}

/// Derive every built-in field, the open debts, the episode start, opt-outs, agreement and
/// the declared fields of one debtor on `as_of`, into `out` (whose buffers are reused).
///
/// Only what is dated on or before `as_of` exists: debts issued, payments made, opt-outs
/// asked for, agreements made, and contacts whose *local* date (in the offset they were
/// recorded with) is on or before it. A debt is open while its principal exceeds its
/// payments. `days_overdue` counts from the oldest open due date (0 if that is not past);
/// `days_to_due` to the nearest open due date on or after `as_of`; the 7- and 30-day
/// contact windows end on `as_of` inclusive (`as_of - 6 ..= as_of` for 7). A previous delay
/// is a debt whose payments first covered it after its due date. Custom cells are parsed per
/// the declared type (see `custom`); an empty cell is missing.
pub fn derive(
    history: &DebtorHistory,
    as_of: NaiveDate,
    strategy: &CheckedStrategy,
    out: &mut Derived,
) -> Result<(), DeriveError> {
    let fees = Fees {
        late_fee: strategy.policy.late_fee,
        interest_per_month: strategy.policy.interest_per_month,
    };
    // `custom_fields()`, spelled out so the iterator can be walked twice.
    let custom = strategy
        .fields
        .iter()
        .filter(|f| f.builtin.is_none())
        .map(|f| (f.name.as_str(), &f.ty, f.slot));
    derive_parts(history, as_of, fees, custom, out)
}

/// [`derive`] from a [`DeriveSpec`].
pub fn derive_with(
    history: &DebtorHistory,
    as_of: NaiveDate,
    spec: &DeriveSpec,
    out: &mut Derived,
) -> Result<(), DeriveError> {
    let fees = Fees {
        late_fee: spec.late_fee,
        interest_per_month: spec.interest_per_month,
    };
    let custom = spec.custom.iter().map(|f| (f.name.as_str(), &f.ty, f.slot));
    derive_parts(history, as_of, fees, custom, out)
}

#[derive(Debug, Clone, Copy)]
struct Fees {
    late_fee: Decimal,
    interest_per_month: Decimal,
}

fn derive_parts<'s>(
    history: &DebtorHistory,
    as_of: NaiveDate,
    fees: Fees,
    custom: impl Iterator<Item = (&'s str, &'s Type, usize)> + Clone,
    out: &mut Derived,
) -> Result<(), DeriveError> {
    let slots = custom
        .clone()
        .map(|(_, _, slot)| slot + 1)
        .max()
        .unwrap_or(0)
        .max(BUILTIN_SLOTS);
    out.row.reset(slots);

    derive_debts(history, as_of, fees, out);
    derive_payments(history, as_of, &mut out.row);
    derive_contacts(history, as_of, &mut out.row);
    derive_identity(history, &mut out.row);

    out.opted_out = [false; 5];
    for opt_out in history.opt_outs.iter().filter(|o| o.since <= as_of) {
        if let Some(flag) = out.opted_out.get_mut(opt_out.channel.index()) {
            *flag = true;
        }
    }
    out.agreement_in_force = history
        .agreements
        .iter()
        .any(|a| a.status == "active" && a.made_on <= as_of);
    out.row.set(
        Builtin::HasAgreement.slot(),
        Value::Bool(out.agreement_in_force),
    );
    match (&mut out.timezone, history.timezone.as_deref()) {
        (Some(buf), Some(tz)) => {
            buf.clear();
            buf.push_str(tz);
        }
        (slot, tz) => *slot = tz.map(str::to_string),
    }

    for (index, (column, ty, slot)) in custom.enumerate() {
        let text = history
            .custom
            .get(index)
            .and_then(|c| c.as_deref())
            .map(str::trim)
            .unwrap_or("");
        bind_custom(&history.id, column, ty, slot, text, &mut out.row)?;
    }
    Ok(())
}

/// What the payments made on or before `as_of` did to one debt.
struct DebtStatus {
    /// The debt was issued on or before `as_of`.
    exists: bool,
    /// Principal minus payments (may be negative when overpaid).
    open_principal: Decimal,
    /// The day the payments first covered the principal (on or before `as_of`).
    paid_in_full_on: Option<NaiveDate>,
}

impl DebtStatus {
    fn is_open(&self) -> bool {
        self.exists && self.open_principal > Decimal::ZERO
    }

    /// The days the debt was overdue, up to `as_of`: `[start, end)`.
    fn overdue_days(&self, debt: &Debt, as_of: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
        if !self.exists {
            return None;
        }
        let start = debt.due_on.succ_opt()?.max(debt.issued_on);
        let end = match self.paid_in_full_on {
            Some(day) => day,
            None => as_of.succ_opt()?,
        };
        (start < end && start <= as_of).then_some((start, end))
    }
}

/// Relies on `history.payments` being sorted by date (the history contract).
fn debt_status(history: &DebtorHistory, index: usize, as_of: NaiveDate) -> DebtStatus {
    let Some(debt) = history.debts.get(index) else {
        return DebtStatus {
            exists: false,
            open_principal: Decimal::ZERO,
            paid_in_full_on: None,
        };
    };
    if debt.issued_on > as_of {
        return DebtStatus {
            exists: false,
            open_principal: Decimal::ZERO,
            paid_in_full_on: None,
        };
    }
    let mut open = debt.principal;
    let mut paid_in_full_on = (open <= Decimal::ZERO).then_some(debt.issued_on);
    for payment in history
        .payments
        .iter()
        .filter(|p| p.debt == index && p.paid_on <= as_of)
    {
        open -= payment.amount;
        if paid_in_full_on.is_none() && open <= Decimal::ZERO {
            paid_in_full_on = Some(payment.paid_on);
        }
    }
    DebtStatus {
        exists: true,
        open_principal: open,
        paid_in_full_on,
    }
}

fn derive_debts(history: &DebtorHistory, as_of: NaiveDate, fees: Fees, out: &mut Derived) {
    out.debts.clear();
    let mut balance = Decimal::ZERO;
    let mut updated = Decimal::ZERO;
    let mut previous_delays = 0i64;
    for (index, debt) in history.debts.iter().enumerate() {
        let status = debt_status(history, index, as_of);
        if let Some(paid_on) = status.paid_in_full_on {
            if status.exists && paid_on > debt.due_on && debt.principal > Decimal::ZERO {
                previous_delays += 1;
            }
        }
        if !status.is_open() {
            continue;
        }
        let update = update_debt(
            status.open_principal,
            debt.due_on,
            as_of,
            fees.late_fee,
            fees.interest_per_month,
        );
        balance += status.open_principal;
        updated += update.total;
        out.debts.push(DebtState {
            debt: index,
            due_on: debt.due_on,
            open_principal: status.open_principal,
            days_overdue: (as_of - debt.due_on).num_days().max(0),
            update,
        });
    }
    out.debts.sort_unstable_by_key(|d| (d.due_on, d.debt));

    let row = &mut out.row;
    row.set(Builtin::Balance.slot(), Value::Money(balance));
    row.set(Builtin::UpdatedBalance.slot(), Value::Money(updated));
    row.set(
        Builtin::OpenDebts.slot(),
        Value::Int(out.debts.len() as i64),
    );
    row.set(Builtin::PreviousDelays.slot(), Value::Int(previous_delays));
    let oldest = out.debts.first().map(|d| d.due_on);
    row.set(
        Builtin::DueDate.slot(),
        oldest.map_or(Value::Missing, Value::Date),
    );
    let days_overdue = oldest.map_or(0, |due| (as_of - due).num_days().max(0));
    row.set(Builtin::DaysOverdue.slot(), Value::Days(days_overdue));
    let next_due = out.debts.iter().map(|d| d.due_on).find(|due| *due >= as_of);
    row.set(
        Builtin::DaysToDue.slot(),
        next_due.map_or(Value::Missing, |due| Value::Days((due - as_of).num_days())),
    );
    out.episode_start = if days_overdue > 0 {
        episode_start(history, as_of)
    } else {
        None
    };
}

/// The first day of the unbroken run of overdue days ending on `as_of` (which is overdue):
/// widen the run to the left while some debt's overdue stretch overlaps or touches it.
fn episode_start(history: &DebtorHistory, as_of: NaiveDate) -> Option<NaiveDate> {
    // Each debt's stretch is computed once into a stack buffer (no allocation) for the usual
    // debtor; one with more debts recomputes them on each widening instead.
    const INLINE: usize = 64;
    let stretch =
        |index: usize, debt: &Debt| debt_status(history, index, as_of).overdue_days(debt, as_of);
    if history.debts.len() <= INLINE {
        let mut stretches = [None; INLINE];
        for (index, debt) in history.debts.iter().enumerate() {
            if let Some(slot) = stretches.get_mut(index) {
                *slot = stretch(index, debt);
            }
        }
        widen(as_of, || stretches.iter().flatten().copied())
    } else {
        widen(as_of, || {
            history
                .debts
                .iter()
                .enumerate()
                .filter_map(|(index, debt)| stretch(index, debt))
        })
    }
}

/// The fixpoint behind [`episode_start`] over overdue stretches `[from, until)`.
fn widen<I>(as_of: NaiveDate, stretches: impl Fn() -> I) -> Option<NaiveDate>
where
    I: Iterator<Item = (NaiveDate, NaiveDate)>,
{
    let mut start = as_of;
    let mut covered = false;
    loop {
        let mut widened = false;
        for (from, until) in stretches() {
            // `until` is exclusive (the stretch's last day is `until - 1`), so `until >= start`
            // means the stretch overlaps or touches the run `start..=as_of`.
            if until > as_of {
                covered = true;
            }
            if until >= start && from < start {
                start = from;
                widened = true;
            }
        }
        if !widened {
            break;
        }
    }
    covered.then_some(start)
}

fn derive_payments(history: &DebtorHistory, as_of: NaiveDate, row: &mut Row) {
    let last = history
        .payments
        .iter()
        .filter(|p| p.paid_on <= as_of)
        .filter(|p| {
            history
                .debts
                .get(p.debt)
                .is_some_and(|d| d.issued_on <= as_of)
        })
        .map(|p| p.paid_on)
        .max();
    row.set(
        Builtin::LastPayment.slot(),
        last.map_or(Value::Missing, Value::Date),
    );
    row.set(
        Builtin::DaysSinceLastPayment.slot(),
        last.map_or(Value::Missing, |d| Value::Days((as_of - d).num_days())),
    );
}

/// The longest window a contact-count field looks back (`contacts_30d` and the like), in
/// days, the as-of date included.
pub const LONGEST_CONTACT_WINDOW_DAYS: u32 = 30;

fn derive_contacts(history: &DebtorHistory, as_of: NaiveDate, row: &mut Row) {
    let mut last_7 = [0i64; 5];
    let mut last_30 = [0i64; 5];
    for contact in &history.contacts {
        // The contact's own local date: a 22:00 call in São Paulo happened that day.
        let age = (as_of - contact.at.date_naive()).num_days();
        let channel = contact.channel.index();
        if (0..7).contains(&age) {
            if let Some(n) = last_7.get_mut(channel) {
                *n += 1;
            }
        }
        if (0..i64::from(LONGEST_CONTACT_WINDOW_DAYS)).contains(&age) {
            if let Some(n) = last_30.get_mut(channel) {
                *n += 1;
            }
        }
    }
    row.set(
        Builtin::contacts_for(None, false).slot(),
        Value::Int(last_7.iter().sum()),
    );
    row.set(
        Builtin::contacts_for(None, true).slot(),
        Value::Int(last_30.iter().sum()),
    );
    for channel in Channel::ALL {
        let i = channel.index();
        let (n7, n30) = (last_7.get(i), last_30.get(i));
        row.set(
            Builtin::contacts_for(Some(channel), false).slot(),
            Value::Int(n7.copied().unwrap_or(0)),
        );
        row.set(
            Builtin::contacts_for(Some(channel), true).slot(),
            Value::Int(n30.copied().unwrap_or(0)),
        );
    }
}

fn derive_identity(history: &DebtorHistory, row: &mut Row) {
    fn present(s: &str) -> Option<&str> {
        let s = s.trim();
        (!s.is_empty()).then_some(s)
    }
    let name = present(&history.name);
    row.set_text(Builtin::Name.slot(), name);
    row.set_text(
        Builtin::FirstName.slot(),
        name.and_then(|n| n.split_whitespace().next()),
    );
    row.set_text(Builtin::Document.slot(), present(&history.document));
    row.set_text(
        Builtin::Email.slot(),
        history.email.as_deref().and_then(present),
    );
    row.set_text(
        Builtin::Phone.slot(),
        history.phone.as_deref().and_then(present),
    );
}
