//! Strict parsing of the text forms stored in the portfolio (CSV cells, SQLite text): ISO
//! dates, exact decimals, booleans, percents. Shared by `import` (validation) and `derive`
//! (custom columns), so that what the importer accepts is exactly what derivation reads.
//! Pure; knows nothing of files or tables.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::str::FromStr;

/// `YYYY-MM-DD`, exactly (no single-digit months, no time part).
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    parse_date_bytes(text.as_bytes())
}

/// [`parse_date`] on raw bytes: the loader reads dates straight from SQLite's row buffer,
/// where checking UTF-8 first would be wasted work (any non-digit is refused anyway).
pub fn parse_date_bytes(b: &[u8]) -> Option<NaiveDate> {
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        b.get(range)?.iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let year = digits(0..4)?;
    let month = digits(5..7)?;
    let day = digits(8..10)?;
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
}

/// A plain decimal: optional `-`, digits, optional `.` and digits (`1234.56`, `-3`, `0.5`).
/// No thousands separators, exponents or `+`: money must be unambiguous.
pub fn parse_decimal(text: &str) -> Option<Decimal> {
    parse_decimal_bytes(text.as_bytes())
}

/// [`parse_decimal`] on raw bytes (the loader reads amounts straight from SQLite's row
/// buffer). The scale is the number of digits after the point, trailing zeros included, as
/// `Decimal::from_str` gives it.
pub fn parse_decimal_bytes(b: &[u8]) -> Option<Decimal> {
    let (negative, unsigned) = match b.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, b),
    };
    let point = unsigned.iter().position(|&c| c == b'.');
    let (whole, frac) = match point {
        Some(p) => (unsigned.get(..p)?, Some(unsigned.get(p + 1..)?)),
        None => (unsigned, None),
    };
    let all_digits = |s: &[u8]| s.iter().all(u8::is_ascii_digit);
    if whole.is_empty() || !all_digits(whole) {
        return None;
    }
    let frac = frac.unwrap_or(&[]);
    if (point.is_some() && frac.is_empty()) || !all_digits(frac) {
        return None;
    }
    // Up to 18 digits fit an i64 mantissa: the common case (amounts in cents), built here
    // without the generic parser. Longer ones, and a negative zero (whose sign `from_str`
    // keeps), take `from_str` on the same text.
    let digits = whole.len() + frac.len();
    if digits <= 18 {
        let mantissa = whole
            .iter()
            .chain(frac)
            .fold(0i64, |n, &c| n * 10 + i64::from(c - b'0'));
        if !(negative && mantissa == 0) {
            let signed = if negative { -mantissa } else { mantissa };
            let scale = u32::try_from(frac.len()).ok()?;
            return Some(Decimal::new(signed, scale));
        }
    }
    Decimal::from_str(std::str::from_utf8(b).ok()?).ok()
}

/// A whole number with optional sign.
pub fn parse_int(text: &str) -> Option<i64> {
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    if unsigned.is_empty() || !unsigned.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// A percent as the number before `%` (`12.5` or `12.5%` is 12.5), the strategy's convention.
pub fn parse_percent(text: &str) -> Option<Decimal> {
    parse_decimal(text.strip_suffix('%').unwrap_or(text).trim_end())
}

/// `true`/`false`, `1`/`0`, `yes`/`no`, `sim`/`não` (analysts' spreadsheets), any case.
pub fn parse_bool(text: &str) -> Option<bool> {
    const TRUE: &[&str] = &["true", "1", "yes", "sim", "s", "y"];
    const FALSE: &[&str] = &["false", "0", "no", "não", "nao", "n"];
    let is = |words: &[&str]| {
        words
            .iter()
            .any(|w| w.eq_ignore_ascii_case(text) || (*w == "não" && text == "NÃO"))
    };
    if is(TRUE) {
        Some(true)
    } else if is(FALSE) {
        Some(false)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn dates_are_strict_iso() {
        assert_eq!(
            parse_date("2025-01-31"),
            NaiveDate::from_ymd_opt(2025, 1, 31)
        );
        for bad in [
            "2025-1-31",
            "2025-02-30",
            "31/01/2025",
            "2025-01-31T00:00",
            "",
            "abcd-ef-gh",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn decimals_are_plain() {
        assert_eq!(parse_decimal("1234.56"), Some(dec!(1234.56)));
        assert_eq!(parse_decimal("-3"), Some(dec!(-3)));
        for bad in ["1,5", "1.", ".5", "+1", "1e3", "1_000", "", "-", "abc"] {
            assert_eq!(parse_decimal(bad), None, "{bad}");
        }
    }

    #[test]
    fn decimals_parse_as_from_str_does() {
        // Same value, same scale (trailing zeros kept), same sign, on both paths.
        for text in [
            "0",
            "0.00",
            "-0",
            "-0.0",
            "007.50",
            "1234.56",
            "-1234.560",
            "999999999999999999",
            "99999999999999999.9",
            "1000000000000000000",
            "123456789012345678901234.5678",
            "0.0000000000000000000000000001",
        ] {
            let ours = parse_decimal(text).unwrap_or_else(|| panic!("{text}"));
            let theirs = Decimal::from_str(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(ours, theirs, "{text}");
            assert_eq!(ours.scale(), theirs.scale(), "{text}");
            assert_eq!(ours.to_string(), theirs.to_string(), "{text}");
        }
        assert_eq!(parse_decimal_bytes(b"12.5\xff"), None);
    }

    proptest::proptest! {
        #[test]
        fn decimals_agree_with_from_str(
            negative: bool,
            whole in "[0-9]{1,20}",
            frac in proptest::option::of("[0-9]{1,10}"),
        ) {
            let text = format!(
                "{}{whole}{}",
                if negative { "-" } else { "" },
                frac.map(|f| format!(".{f}")).unwrap_or_default()
            );
            let theirs = Decimal::from_str(&text).ok();
            let ours = parse_decimal(&text);
            proptest::prop_assert_eq!(ours.map(|d| d.to_string()), theirs.map(|d| d.to_string()));
        }
    }

    #[test]
    fn percents_and_bools() {
        assert_eq!(parse_percent("12.5%"), Some(dec!(12.5)));
        assert_eq!(parse_percent("12.5"), Some(dec!(12.5)));
        assert_eq!(parse_bool("Sim"), Some(true));
        assert_eq!(parse_bool("não"), Some(false));
        assert_eq!(parse_bool("0"), Some(false));
        assert_eq!(parse_bool("maybe"), None);
    }
}
