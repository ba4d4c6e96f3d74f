//! Concrete offers: an installment plan (count, amounts, due dates) and a discount for
//! settlement (percent applied, amount, discounted total, deadline).
//!
//! Pure arithmetic over an already updated total. Rounding goes through
//! [`crate::money::round`]; the policy's numbers are passed in, never read here.

use chrono::{Days, Months, NaiveDate};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::money::round::{to_cents, truncate_cents};
use crate::money::update::DebtUpdate;

/// Default days from the as-of date to an offer's deadline / first installment.
pub const DEFAULT_OFFER_VALID_DAYS: u32 = 7;

/// Safety ceiling on an installment count (35 years of monthly payments, the longest
/// Brazilian mortgage term), so a typo such as `offer up to 100000 installments` with no
/// policy maximum cannot build a huge plan.
pub const MAX_INSTALLMENT_COUNT: u32 = 420;

const ONE_CENT: Decimal = Decimal::from_parts(1, 0, 0, false, 2);

/// An installment plan: `count` installments whose `amounts` sum exactly to `total`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstallmentOffer {
    pub count: u32,
    /// Equal cents, the last one absorbing the remainder.
    pub amounts: Vec<Decimal>,
    /// Monthly from the first due date, same day of month (clamped to the month's end).
    pub due_dates: Vec<NaiveDate>,
    /// The negotiated total, in cents; `amounts` sum to exactly this.
    pub total: Decimal,
}

impl InstallmentOffer {
    /// The regular installment (the first one); the last may differ by the remainder.
    pub fn installment_value(&self) -> Decimal {
        self.amounts.first().copied().unwrap_or(self.total)
    }

    /// Due date of the first installment.
    pub fn first_due(&self) -> Option<NaiveDate> {
        self.due_dates.first().copied()
    }
}

/// Offer up to `requested_max` installments of `total`.
///
/// The count is the largest `n ≤ requested_max`, `≤ policy_max` and `≤`
/// [`MAX_INSTALLMENT_COUNT`] whose installment (`total / n` truncated to cents) is at least
/// `min_installment` and at least one cent; never below 1. The total is
/// first rounded to cents (half-up), then split: `n - 1` equal installments and a last one
/// that absorbs the remainder, so the amounts sum to the total exactly. The first falls due
/// `first_due_days` after `as_of`, the rest monthly on the same day of month (clamped to
/// the month's last day: Jan 31 → Feb 28 → Mar 31).
pub fn installment_offer(
    total: Decimal,
    requested_max: u32,
    policy_max: Option<u32>,
    min_installment: Decimal,
    as_of: NaiveDate,
    first_due_days: u32,
) -> InstallmentOffer {
    let total = to_cents(total);
    let cap = policy_max
        .map_or(requested_max, |p| p.min(requested_max))
        .clamp(1, MAX_INSTALLMENT_COUNT);
    let count = largest_count(total, cap, min_installment);
    let regular = truncate_cents(total / Decimal::from(count));
    let mut amounts = vec![regular; (count - 1) as usize];
    amounts.push(total - regular * Decimal::from(count - 1));
    let first = add_days(as_of, first_due_days);
    let due_dates = (0..count).map(|i| add_months(first, i)).collect();
    InstallmentOffer {
        count,
        amounts,
        due_dates,
        total,
    }
}

/// The largest `n` in `1..=cap` with `truncate_cents(total / n) >= min_installment`
/// (the installment shrinks as `n` grows, so this is a threshold). An installment is never
/// below one cent, whatever the policy's minimum.
fn largest_count(total: Decimal, cap: u32, min_installment: Decimal) -> u32 {
    if total <= Decimal::ZERO {
        return 1;
    }
    let floor = min_installment.max(ONE_CENT);
    let fits = |n: u32| truncate_cents(total / Decimal::from(n)) >= floor;
    // total / floor bounds the answer; start one above it to absorb division inexactness,
    // then step down (a couple of steps at most).
    let estimate = total
        .checked_div(floor)
        .and_then(|ratio| ratio.floor().to_u32())
        .map_or(cap, |e| e.saturating_add(1).min(cap));
    let mut n = estimate.max(1);
    while n > 1 && !fits(n) {
        n -= 1;
    }
    n
}

/// A discount offer for settling the whole updated balance by `deadline`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiscountOffer {
    /// The percent actually applied: the requested one, capped by the policy and to 0–100.
    pub pct_applied: Decimal,
    /// `pct_applied` percent of the updated total, cut to cents (never above the percent).
    pub discount_amount: Decimal,
    /// Updated total minus the discount.
    pub discounted_total: Decimal,
    /// What remains of each part after the discount took late fee, interest, then principal.
    pub remaining: DebtUpdate,
    /// Last day the offer is valid: `as_of + valid_days`.
    pub deadline: NaiveDate,
}

/// Offer a discount of up to `requested_pct` percent of the updated total (`breakdown.total`),
/// never above `policy_max`. The amount is cut to cents (so it never exceeds the percent)
/// and taken from the late fee first, then interest, then principal. A total of zero or
/// less gets no discount.
pub fn discount_offer(
    breakdown: &DebtUpdate,
    requested_pct: Decimal,
    policy_max: Option<Decimal>,
    as_of: NaiveDate,
    valid_days: u32,
) -> DiscountOffer {
    let capped = policy_max.map_or(requested_pct, |p| p.min(requested_pct));
    let pct_applied = capped.clamp(Decimal::ZERO, Decimal::ONE_HUNDRED);
    let total = breakdown.total;
    let discount_amount = if total > Decimal::ZERO {
        truncate_cents(total.saturating_mul(pct_applied) / Decimal::ONE_HUNDRED)
    } else {
        Decimal::ZERO
    };
    let mut left = discount_amount;
    let mut take = |part: Decimal| {
        let taken = left.min(part.max(Decimal::ZERO));
        left -= taken;
        part - taken
    };
    let late_fee = take(breakdown.late_fee);
    let interest = take(breakdown.interest);
    let principal = take(breakdown.principal);
    DiscountOffer {
        pct_applied,
        discount_amount,
        discounted_total: total - discount_amount,
        remaining: DebtUpdate {
            principal,
            late_fee,
            interest,
            total: total - discount_amount,
        },
        deadline: add_days(as_of, valid_days),
    }
}

/// `date + days`, saturating at the last representable date (never reached in practice).
fn add_days(date: NaiveDate, days: u32) -> NaiveDate {
    date.checked_add_days(Days::new(u64::from(days)))
        .unwrap_or(NaiveDate::MAX)
}

/// `date + months`, clamped to the month's end by chrono, saturating like [`add_days`].
fn add_months(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn six_installments_of_1040() {
        let o = installment_offer(dec!(1040.00), 6, Some(12), dec!(50), date(2025, 3, 11), 7);
        assert_eq!(o.count, 6);
        assert_eq!(o.amounts[..5], [dec!(173.33); 5]);
        assert_eq!(o.amounts[5], dec!(173.35));
        assert_eq!(o.due_dates[0], date(2025, 3, 18));
        assert_eq!(o.due_dates[5], date(2025, 8, 18));
    }

    #[test]
    fn min_installment_limits_the_count() {
        // 1040 / 50 = 20.8 → at most 20 installments of 52.00.
        let o = installment_offer(dec!(1040), 24, None, dec!(50), date(2025, 3, 11), 7);
        assert_eq!(o.count, 20);
        // 1040 / 21 = 49.52 < 50.
        let o = installment_offer(dec!(1040), 21, None, dec!(50), date(2025, 3, 11), 7);
        assert_eq!(o.count, 20);
    }

    #[test]
    fn min_installment_with_fractional_cents() {
        // 100 / 2 = 50.00 < 50.001 → one installment.
        let o = installment_offer(dec!(100), 2, None, dec!(50.001), date(2025, 3, 11), 7);
        assert_eq!(o.count, 1);
        assert_eq!(o.amounts, vec![dec!(100)]);
    }

    #[test]
    fn policy_max_caps_and_zero_means_one() {
        let o = installment_offer(dec!(1000), 12, Some(3), dec!(0), date(2025, 3, 11), 7);
        assert_eq!(o.count, 3);
        let o = installment_offer(dec!(1000), 0, None, dec!(0), date(2025, 3, 11), 7);
        assert_eq!(o.count, 1);
    }

    #[test]
    fn huge_requests_are_bounded() {
        let o = installment_offer(dec!(1000000), u32::MAX, None, dec!(0), date(2025, 3, 11), 7);
        assert_eq!(o.count, MAX_INSTALLMENT_COUNT);
        // Never an installment of zero cents.
        let o = installment_offer(dec!(0.05), 12, None, dec!(0), date(2025, 3, 11), 7);
        assert_eq!(o.count, 5);
        assert_eq!(o.amounts, vec![dec!(0.01); 5]);
        // A minimum so small that total / minimum overflows a Decimal.
        let tiny = Decimal::new(1, 28);
        let o = installment_offer(dec!(100000000), 12, None, tiny, date(2025, 3, 11), 7);
        assert_eq!(o.count, 12);
        let o = installment_offer(dec!(-10), 12, None, dec!(0), date(2025, 3, 11), 7);
        assert_eq!(o.count, 1);
        assert_eq!(o.amounts, vec![dec!(-10)]);
    }

    #[test]
    fn due_dates_clamp_to_month_end_and_recover() {
        let o = installment_offer(dec!(400), 4, None, dec!(0), date(2025, 1, 24), 7);
        assert_eq!(
            o.due_dates,
            vec![
                date(2025, 1, 31),
                date(2025, 2, 28),
                date(2025, 3, 31),
                date(2025, 4, 30)
            ]
        );
    }

    #[test]
    fn discount_takes_fee_then_interest_then_principal() {
        let b = DebtUpdate {
            principal: dec!(1000),
            late_fee: dec!(20),
            interest: dec!(20),
            total: dec!(1040),
        };
        let d = discount_offer(&b, dec!(30), Some(dec!(20)), date(2025, 3, 11), 7);
        assert_eq!(d.pct_applied, dec!(20));
        assert_eq!(d.discount_amount, dec!(208.00));
        assert_eq!(d.discounted_total, dec!(832.00));
        assert_eq!(d.remaining.late_fee, dec!(0));
        assert_eq!(d.remaining.interest, dec!(0));
        assert_eq!(d.remaining.principal, dec!(832.00));
        assert_eq!(d.deadline, date(2025, 3, 18));
        let small = discount_offer(&b, dec!(2.5), None, date(2025, 3, 11), 7);
        assert_eq!(small.discount_amount, dec!(26.00));
        assert_eq!(small.remaining.late_fee, dec!(0));
        assert_eq!(small.remaining.interest, dec!(14));
        assert_eq!(small.remaining.principal, dec!(1000));
    }

    #[test]
    fn discount_never_rounds_above_the_percent() {
        let b = DebtUpdate {
            principal: dec!(0.05),
            total: dec!(0.05),
            ..DebtUpdate::default()
        };
        // 30% of 0.05 = 0.015: half-up would give 0.02 (40%); we cut to 0.01.
        let d = discount_offer(&b, dec!(30), None, date(2025, 3, 11), 7);
        assert_eq!(d.discount_amount, dec!(0.01));
    }
}
