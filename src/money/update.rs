//! Debt update (atualização do débito): open principal + late fee + interest pro rata die.
//!
//! Owns the arithmetic of one debt's updated value on an as-of date. Rounding goes through
//! [`crate::money::round`]; offers and formatting live elsewhere.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::money::round::to_cents;

/// Days in the commercial month used for pro rata die interest.
const DAYS_PER_MONTH: u32 = 30;

/// One debt's updated value on an as-of date, each part rounded to cents half-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct DebtUpdate {
    pub principal: Decimal,
    pub late_fee: Decimal,
    pub interest: Decimal,
    /// principal + late_fee + interest.
    pub total: Decimal,
}

impl DebtUpdate {
    /// Sum several debts' updates part by part (each debt was already rounded on its own,
    /// so the sum is exact: "rounded per debt, then summed").
    pub fn sum<'a>(updates: impl IntoIterator<Item = &'a DebtUpdate>) -> DebtUpdate {
        updates
            .into_iter()
            .fold(DebtUpdate::default(), |acc, u| DebtUpdate {
                principal: acc.principal.saturating_add(u.principal),
                late_fee: acc.late_fee.saturating_add(u.late_fee),
                interest: acc.interest.saturating_add(u.interest),
                total: acc.total.saturating_add(u.total),
            })
    }
}

/// Update one debt: `late_fee_pct` percent of the open principal once it is overdue, plus
/// `interest_pct_month` percent per 30-day month, simple, pro rata die, from the day after
/// `due_on` to `as_of`. A debt not yet overdue is just its principal.
///
/// Days counted = `as_of - due_on` (due 2025-01-10, as of 2025-01-11 → 1 day). Late fee and
/// interest are each rounded to cents half-up; the total is their exact sum with the
/// principal. Arithmetic saturates instead of overflowing, so absurd inputs cannot panic.
pub fn update_debt(
    open_principal: Decimal,
    due_on: NaiveDate,
    as_of: NaiveDate,
    late_fee_pct: Decimal,
    interest_pct_month: Decimal,
) -> DebtUpdate {
    let days_overdue = (as_of - due_on).num_days();
    if days_overdue <= 0 {
        return DebtUpdate {
            principal: open_principal,
            late_fee: Decimal::ZERO,
            interest: Decimal::ZERO,
            total: open_principal,
        };
    }
    let hundred = Decimal::ONE_HUNDRED;
    let late_fee = to_cents(open_principal.saturating_mul(late_fee_pct) / hundred);
    // One division at the end keeps the intermediate exact: principal × pct × days / 3000.
    let interest = to_cents(
        open_principal
            .saturating_mul(interest_pct_month)
            .saturating_mul(Decimal::from(days_overdue))
            / (hundred * Decimal::from(DAYS_PER_MONTH)),
    );
    DebtUpdate {
        principal: open_principal,
        late_fee,
        interest,
        total: open_principal
            .saturating_add(late_fee)
            .saturating_add(interest),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn worked_example_sixty_days() {
        let u = update_debt(
            dec!(1000.00),
            date(2025, 1, 10),
            date(2025, 3, 11),
            dec!(2),
            dec!(1),
        );
        assert_eq!(u.late_fee, dec!(20.00));
        assert_eq!(u.interest, dec!(20.00));
        assert_eq!(u.total, dec!(1040.00));
    }

    #[test]
    fn on_the_due_date_nothing_is_added() {
        let u = update_debt(
            dec!(500),
            date(2025, 1, 10),
            date(2025, 1, 10),
            dec!(2),
            dec!(1),
        );
        assert_eq!(u.total, dec!(500));
        assert_eq!(u.late_fee, Decimal::ZERO);
    }

    #[test]
    fn one_day_late_charges_the_fee_and_one_day_of_interest() {
        let u = update_debt(
            dec!(300),
            date(2025, 1, 10),
            date(2025, 1, 11),
            dec!(2),
            dec!(1),
        );
        assert_eq!(u.late_fee, dec!(6.00));
        assert_eq!(u.interest, dec!(0.10));
        assert_eq!(u.total, dec!(306.10));
    }

    #[test]
    fn interest_rounds_half_up_per_debt() {
        // 0.15 × 1% × 10 / 30 = 0.0005 → 0.00; 4.50 × 1% × 10/30 = 0.015 → 0.02
        let u = update_debt(
            dec!(4.50),
            date(2025, 1, 1),
            date(2025, 1, 11),
            dec!(0),
            dec!(1),
        );
        assert_eq!(u.interest, dec!(0.02));
    }

    #[test]
    fn sum_adds_part_by_part() {
        let a = update_debt(
            dec!(1000),
            date(2025, 1, 10),
            date(2025, 3, 11),
            dec!(2),
            dec!(1),
        );
        let b = update_debt(
            dec!(4.50),
            date(2025, 1, 1),
            date(2025, 1, 11),
            dec!(0),
            dec!(1),
        );
        let s = DebtUpdate::sum([&a, &b]);
        assert_eq!(s.total, dec!(1044.52));
        assert_eq!(s.interest, dec!(20.02));
    }
}
