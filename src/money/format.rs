//! Brazilian formatting of money, dates and percents for messages and templates:
//! `R$ 1.234,56`, `31/01/2025`, `2,5%`.
//!
//! Presentation only: amounts are rounded to cents through [`crate::money::round`] before
//! display, never by hand here. No locale lookup; the output is fixed and deterministic.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use crate::money::round::to_cents;

/// `R$ 1.234,56`; negatives as `-R$ 1.234,56`. Rounded to cents half-up first.
pub fn brl(amount: Decimal) -> String {
    let cents = to_cents(amount);
    let sign = if cents < Decimal::ZERO { "-" } else { "" };
    let text = format!("{:.2}", cents.abs());
    let (units, fraction) = text.split_once('.').unwrap_or((text.as_str(), "00"));
    format!("{sign}R$ {},{fraction}", group_thousands(units))
}

/// `31/01/2025`.
pub fn date_br(date: NaiveDate) -> String {
    // Not `format("%d/%m/%Y")`: that parses the pattern on every call, and this is per action.
    format!("{:02}/{:02}/{:04}", date.day(), date.month(), date.year())
}

/// `30%`, `2,5%`: the number as written, trailing zeros dropped, decimal comma.
pub fn percent_br(pct: Decimal) -> String {
    let text = pct.normalize().to_string().replace('.', ",");
    format!("{text}%")
}

/// `1234567` → `1.234.567`.
fn group_thousands(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn brl_groups_thousands_and_uses_decimal_comma() {
        assert_eq!(brl(dec!(1234.56)), "R$ 1.234,56");
        assert_eq!(brl(dec!(0)), "R$ 0,00");
        assert_eq!(brl(dec!(0.5)), "R$ 0,50");
        assert_eq!(brl(dec!(999.999)), "R$ 1.000,00");
        assert_eq!(brl(dec!(1234567.8)), "R$ 1.234.567,80");
        assert_eq!(brl(dec!(100000)), "R$ 100.000,00");
        assert_eq!(brl(dec!(-1234.56)), "-R$ 1.234,56");
        assert_eq!(brl(dec!(-0.001)), "R$ 0,00");
    }

    #[test]
    fn date_and_percent() {
        let d = NaiveDate::from_ymd_opt(2025, 1, 31).unwrap();
        assert_eq!(date_br(d), "31/01/2025");
        assert_eq!(percent_br(dec!(30)), "30%");
        assert_eq!(percent_br(dec!(2.50)), "2,5%");
        assert_eq!(percent_br(dec!(0.0)), "0%");
    }
}
