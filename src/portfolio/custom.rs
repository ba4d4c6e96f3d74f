//! Binding a debtor's custom (declared-field) cells to typed row values: the strategy says
//! `field score: int`, the portfolio holds text, this parses it. Pure; a bad cell becomes a
//! [`DeriveError`] naming the debtor, the column and the value.

use super::derive_error::DeriveError;
use super::values::{parse_bool, parse_date, parse_decimal, parse_int, parse_percent};
use crate::schema::Channel;
use crate::schema::{Row, Type, Value};

/// Parse one trimmed cell into `slot`: empty is missing; text is copied into the row's
/// reused buffer; enum variants become their declaration index.
pub fn bind_custom(
    debtor: &str,
    column: &str,
    ty: &Type,
    slot: usize,
    text: &str,
    row: &mut Row,
) -> Result<(), DeriveError> {
    if text.is_empty() {
        row.set(slot, Value::Missing);
        return Ok(());
    }
    let value = match ty {
        Type::Text => {
            row.set_text(slot, Some(text));
            return Ok(());
        }
        Type::Int => parse_int(text).map(Value::Int),
        Type::Money => parse_decimal(text).map(Value::Money),
        Type::Percent => parse_percent(text).map(Value::Percent),
        Type::Date => parse_date(text).map(Value::Date),
        Type::Days => parse_int(text).map(Value::Days),
        Type::Bool => parse_bool(text).map(Value::Bool),
        Type::Channel => Channel::parse(text).map(Value::Channel),
        Type::Enum { variants, .. } => variants
            .iter()
            .position(|v| v == text)
            .and_then(|i| u32::try_from(i).ok())
            .map(Value::Enum),
    };
    match value {
        Some(v) => {
            row.set(slot, v);
            Ok(())
        }
        None => Err(DeriveError::BadCustomValue {
            debtor: debtor.to_string(),
            column: column.to_string(),
            value: text.to_string(),
            expected: expected(ty),
        }),
    }
}

/// How a type's text form is described in an error.
fn expected(ty: &Type) -> String {
    match ty {
        Type::Int => "a whole number (int)".into(),
        Type::Money => "an amount of money like 1234.56".into(),
        Type::Percent => "a percent like 12.5 or 12.5%".into(),
        Type::Date => "a date like 2025-01-31".into(),
        Type::Days => "a whole number of days".into(),
        Type::Text => "text".into(),
        Type::Bool => "true or false (also 1/0, sim/não)".into(),
        Type::Channel => "a channel (email, sms, whatsapp, letter, call)".into(),
        Type::Enum { variants, .. } => format!("one of {}", variants.join(", ")),
    }
}
