//! Literal spelling shared by the formatter: numbers as written (a `Decimal` keeps its
//! scale, so `8000.00` stays `8000.00`), dates, quoted strings, clock times.

use rust_decimal::Decimal;

pub(crate) fn decimal(d: Decimal) -> String {
    d.to_string()
}

pub(crate) fn date(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// A string literal with `\"`, `\\` and `\n` escaped (the only escapes the grammar reads).
pub(crate) fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            other => out.push(other),
        }
    }
    out.push('"');
    out
}

/// Minutes since midnight → `HH:MM`.
pub(crate) fn clock(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}
