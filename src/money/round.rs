//! Rounding: the ONE place where money is rounded or truncated to cents.
//!
//! Every other module calls these helpers; none calls `round_dp` itself. Half-up means
//! "half away from zero" (0.005 → 0.01, -0.005 → -0.01), the rule Brazilian contracts and
//! bank slips use.

use rust_decimal::{Decimal, RoundingStrategy};

/// Decimal places of a BRL amount.
pub const CENTS_DP: u32 = 2;

/// Round to cents, half-up (half away from zero): 10.005 → 10.01, 10.004 → 10.00.
pub fn to_cents(amount: Decimal) -> Decimal {
    amount.round_dp_with_strategy(CENTS_DP, RoundingStrategy::MidpointAwayFromZero)
}

/// Cut to cents toward zero: 173.339 → 173.33. Used where rounding up could break a
/// promise (an installment share, a discount that must never exceed its percent).
pub fn truncate_cents(amount: Decimal) -> Decimal {
    amount.round_dp_with_strategy(CENTS_DP, RoundingStrategy::ToZero)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn to_cents_rounds_half_away_from_zero() {
        assert_eq!(to_cents(dec!(10.005)), dec!(10.01));
        assert_eq!(to_cents(dec!(10.0049)), dec!(10.00));
        assert_eq!(to_cents(dec!(-10.005)), dec!(-10.01));
        assert_eq!(to_cents(dec!(2.675)), dec!(2.68));
        assert_eq!(to_cents(dec!(7)), dec!(7));
    }

    #[test]
    fn truncate_cents_cuts_toward_zero() {
        assert_eq!(truncate_cents(dec!(173.3333)), dec!(173.33));
        assert_eq!(truncate_cents(dec!(173.339)), dec!(173.33));
        assert_eq!(truncate_cents(dec!(-1.239)), dec!(-1.23));
    }
}
