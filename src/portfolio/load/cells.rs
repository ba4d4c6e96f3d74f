//! One stored cell, parsed strictly: text into a reused string, dates, amounts and channels
//! from SQLite's bytes; a value that does not parse is an error naming its table, debtor and
//! column, not a guess.

use super::error::{sql_err, LoadError};
use crate::portfolio::values::{parse_date_bytes, parse_decimal_bytes};
use crate::schema::Channel;
use chrono::NaiveDate;
use rusqlite::types::ValueRef;
use rust_decimal::Decimal;
use std::path::Path;

/// A text cell's bytes, borrowed from SQLite's row buffer (no copy, no UTF-8 check: dates,
/// amounts and ids are parsed or compared as bytes). Anything but text is a bad value.
pub(super) fn cell<'r>(
    row: &'r rusqlite::Row,
    i: usize,
    path: &Path,
) -> Result<&'r [u8], LoadError> {
    match row.get_ref(i).map_err(sql_err(path))? {
        ValueRef::Text(t) => Ok(t),
        other => Err(sql_err(path)(rusqlite::Error::InvalidColumnType(
            i,
            format!("column {i}"),
            other.data_type(),
        ))),
    }
}

/// Overwrite `dst` with text cell `i`, keeping `dst`'s buffer.
pub(super) fn set_text(
    dst: &mut String,
    row: &rusqlite::Row,
    i: usize,
    path: &Path,
) -> Result<(), LoadError> {
    let bytes = cell(row, i, path)?;
    let text = std::str::from_utf8(bytes).map_err(|e| {
        sql_err(path)(rusqlite::Error::FromSqlConversionFailure(
            i,
            rusqlite::types::Type::Text,
            Box::new(e),
        ))
    })?;
    dst.clear();
    dst.push_str(text);
    Ok(())
}

/// [`set_text`] for a nullable column.
pub(super) fn set_optional_text(
    dst: &mut Option<String>,
    row: &rusqlite::Row,
    i: usize,
    path: &Path,
) -> Result<(), LoadError> {
    if let ValueRef::Null = row.get_ref(i).map_err(sql_err(path))? {
        *dst = None;
        return Ok(());
    }
    set_text(dst.get_or_insert_with(String::new), row, i, path)
}

/// A stored value that does not parse.
pub(super) fn bad(
    path: &Path,
    table: &'static str,
    debtor: &[u8],
    column: &'static str,
    value: &str,
) -> LoadError {
    LoadError::BadStored {
        path: path.to_path_buf(),
        table,
        debtor: String::from_utf8_lossy(debtor).into_owned(),
        column,
        value: value.to_string(),
    }
}

/// A cell that must be a date.
pub(super) fn date_cell(
    row: &rusqlite::Row,
    i: usize,
    path: &Path,
    (table, debtor, column): (&'static str, &[u8], &'static str),
) -> Result<NaiveDate, LoadError> {
    let bytes = cell(row, i, path)?;
    parse_date_bytes(bytes)
        .ok_or_else(|| bad(path, table, debtor, column, &String::from_utf8_lossy(bytes)))
}

/// A cell that must be a plain decimal.
pub(super) fn decimal_cell(
    row: &rusqlite::Row,
    i: usize,
    path: &Path,
    (table, debtor, column): (&'static str, &[u8], &'static str),
) -> Result<Decimal, LoadError> {
    let bytes = cell(row, i, path)?;
    parse_decimal_bytes(bytes)
        .ok_or_else(|| bad(path, table, debtor, column, &String::from_utf8_lossy(bytes)))
}

/// A cell that must name a channel.
pub(super) fn channel_cell(
    row: &rusqlite::Row,
    i: usize,
    path: &Path,
    (table, debtor, column): (&'static str, &[u8], &'static str),
) -> Result<Channel, LoadError> {
    let bytes = cell(row, i, path)?;
    Channel::ALL
        .into_iter()
        .find(|c| c.as_str().as_bytes() == bytes)
        .ok_or_else(|| bad(path, table, debtor, column, &String::from_utf8_lossy(bytes)))
}
