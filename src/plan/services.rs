//! The seam between the plan and the two engines it consults but does not own: the contact
//! calendar (`plan::schedule`, `plan::holidays`: first allowed window on or after a date,
//! Sundays and holidays) and the money engine (`money::offers`: concrete offers). The planner
//! depends only on the [`Services`] trait, so its logic can be tested with hand-built answers;
//! [`Engines`] is the real thing, used by `strat plan` and `strat explain`.

use super::action::Offer;
use super::holidays::HolidayCalendar;
use super::schedule::first_contact_slot;
use crate::check::Policy;
use crate::money::format::brl;
use crate::money::offers::{discount_offer, installment_offer};
use crate::money::update::DebtUpdate;
use chrono::{DateTime, FixedOffset, NaiveDate};
use chrono_tz::Tz;
use rust_decimal::Decimal;

/// What the planner asks of the calendar and the money engine.
pub trait Services {
    /// The start of the first allowed contact window on or after the start of `as_of` in
    /// `tz`, at most [`super::guardrails::WINDOW_HORIZON_DAYS`] days ahead; `None` if there is
    /// none.
    fn contact_slot(
        &self,
        as_of: NaiveDate,
        tz: Tz,
        policy: &Policy,
    ) -> Option<DateTime<FixedOffset>>;

    /// An installment offer of the updated `balance` in at most `up_to` installments (and
    /// at most the policy's `max installments`), or why none can be made.
    fn installment_offer(
        &self,
        balance: &DebtUpdate,
        up_to: u32,
        policy: &Policy,
        as_of: NaiveDate,
    ) -> Result<Offer, OfferError>;

    /// A discount of at most `up_to_percent` (and at most the policy's `max discount`) on
    /// the updated `balance`, or why none can be made.
    fn discount_offer(
        &self,
        balance: &DebtUpdate,
        up_to_percent: Decimal,
        policy: &Policy,
        as_of: NaiveDate,
    ) -> Result<Offer, OfferError>;
}

/// The real calendar and money engine.
#[derive(Debug, Clone)]
pub struct Engines {
    pub calendar: HolidayCalendar,
}

impl Engines {
    pub fn new(calendar: HolidayCalendar) -> Self {
        Engines { calendar }
    }
}

/// Why the money engine made no offer (the action is suppressed with it, reason code
/// `offer_unavailable`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OfferError {
    /// Nothing is owed, so nothing can be offered.
    #[error("nothing to offer: the updated balance is {}", brl(*.balance))]
    NothingOwed { balance: Decimal },
}

fn nothing_owed(balance: &DebtUpdate) -> Result<(), OfferError> {
    if balance.total > Decimal::ZERO {
        Ok(())
    } else {
        Err(OfferError::NothingOwed {
            balance: balance.total,
        })
    }
}

impl Services for Engines {
    fn contact_slot(
        &self,
        as_of: NaiveDate,
        tz: Tz,
        policy: &Policy,
    ) -> Option<DateTime<FixedOffset>> {
        first_contact_slot(
            as_of,
            tz,
            &policy.contact_hours,
            &self.calendar,
            policy.contact_on_sundays,
            policy.contact_on_holidays,
        )
    }

    fn installment_offer(
        &self,
        balance: &DebtUpdate,
        up_to: u32,
        policy: &Policy,
        as_of: NaiveDate,
    ) -> Result<Offer, OfferError> {
        nothing_owed(balance)?;
        Ok(Offer::Installments(installment_offer(
            balance.total,
            up_to,
            policy.max_installments,
            policy.min_installment,
            as_of,
            policy.offer_valid_days,
        )))
    }

    fn discount_offer(
        &self,
        balance: &DebtUpdate,
        up_to_percent: Decimal,
        policy: &Policy,
        as_of: NaiveDate,
    ) -> Result<Offer, OfferError> {
        nothing_owed(balance)?;
        Ok(Offer::Discount(discount_offer(
            balance,
            up_to_percent,
            policy.max_discount,
            as_of,
            policy.offer_valid_days,
        )))
    }
}
