//! The seam between the plan and the two engines it consults but does not own: the contact
//! calendar (first allowed window on or after a date, Sundays and holidays) and the money
//! engine (concrete offers). The plan depends only on this trait, so planning logic can be
//! tested with hand-built answers and the real engines plug in at the edge.

use super::action::Offer;
use crate::check::Policy;
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

    /// An installment offer of `total` in at most `up_to` installments (and at most the
    /// policy's `max installments`), or why none can be made.
    fn installment_offer(
        &self,
        total: Decimal,
        up_to: u32,
        policy: &Policy,
        as_of: NaiveDate,
    ) -> Result<Offer, String>;

    /// A discount offer of at most `up_to_percent` (and at most the policy's `max discount`)
    /// on `total`, or why none can be made.
    fn discount_offer(
        &self,
        total: Decimal,
        up_to_percent: Decimal,
        policy: &Policy,
        as_of: NaiveDate,
    ) -> Result<Offer, String>;
}
