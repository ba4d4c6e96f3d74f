//! Reading one CSV file for the importer: the header resolved against a table's columns, and
//! each cell parsed strictly into the value the store keeps, failing with the cell's column
//! and a [`RowError`]. Knows nothing of SQLite.

use super::error::{ImportError, RowError};
use crate::portfolio::values::{parse_date, parse_decimal};
use crate::schema::Channel;
use chrono::{DateTime, FixedOffset, NaiveDate};
use csv::StringRecord;
use rust_decimal::Decimal;
use std::fs::File;
use std::path::Path;

/// A row-level failure: a bad cell (0-based column), a duplicate id (resolved against the
/// file later), or the database itself failing.
#[derive(Debug)]
pub enum Failure {
    Bad(usize, RowError),
    Duplicate { column: usize, id: String },
    Sqlite(rusqlite::Error),
}

impl From<rusqlite::Error> for Failure {
    fn from(e: rusqlite::Error) -> Self {
        Failure::Sqlite(e)
    }
}

/// Which of a table's columns a CSV must have (the rest may be absent and read as empty).
pub struct Layout {
    /// Must be in the header.
    pub required: &'static [&'static str],
    /// Other columns are custom fields (debtors) rather than errors.
    pub custom_allowed: bool,
}

/// A header resolved against a table's columns.
pub struct Resolved {
    /// Per table column, its index in the header (`None`: an absent optional column).
    pub positions: Vec<Option<usize>>,
    /// Custom columns (debtors only): header index and name.
    pub custom: Vec<(usize, String)>,
}

/// A CSV file being imported, with its header resolved.
pub struct CsvFile {
    pub name: String,
    reader: csv::Reader<File>,
    headers: StringRecord,
}

impl CsvFile {
    pub fn open(path: &Path) -> Result<CsvFile, ImportError> {
        let name = path.display().to_string();
        let delimiter = sniff_delimiter(path).map_err(|e| ImportError::Read {
            file: name.clone(),
            source: csv::Error::from(e),
        })?;
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .delimiter(delimiter)
            .from_path(path)
            .map_err(|source| ImportError::Read {
                file: name.clone(),
                source,
            })?;
        // Cells are trimmed as they are read (`cell`), which is cheaper than letting the
        // reader rebuild every record; the header is trimmed here once.
        let headers = match reader.headers() {
            Ok(h) => h.iter().map(str::trim).collect(),
            Err(e) => return Err(csv_failure(&name, e)),
        };
        Ok(CsvFile {
            name,
            reader,
            headers,
        })
    }

    /// Where each layout column is (`None`: an absent optional column), and the custom
    /// columns as (header index, name). Errors are on row 1.
    pub fn resolve(
        &self,
        layout: &Layout,
        columns: &[&'static str],
    ) -> Result<Resolved, ImportError> {
        let header_error = |column: usize, error: RowError| ImportError::Data {
            file: self.name.clone(),
            row: 1,
            column: column + 1,
            error,
        };
        for (i, h) in self.headers.iter().enumerate() {
            if self.headers.iter().take(i).any(|earlier| earlier == h) {
                return Err(header_error(
                    i,
                    RowError::DuplicateColumn {
                        column: h.to_string(),
                    },
                ));
            }
        }
        let mut positions = Vec::with_capacity(columns.len());
        for column in columns {
            let at = self.headers.iter().position(|h| h == *column);
            if at.is_none() && layout.required.contains(column) {
                return Err(header_error(
                    0,
                    RowError::MissingColumn {
                        column: (*column).to_string(),
                    },
                ));
            }
            positions.push(at);
        }
        let mut custom = Vec::new();
        for (i, h) in self.headers.iter().enumerate() {
            if columns.contains(&h) {
                continue;
            }
            if !layout.custom_allowed {
                return Err(header_error(
                    i,
                    RowError::UnknownColumn {
                        column: h.to_string(),
                        expected: columns.join(", "),
                    },
                ));
            }
            if !is_field_name(h) {
                return Err(header_error(
                    i,
                    RowError::BadColumnName {
                        column: h.to_string(),
                    },
                ));
            }
            custom.push((i, h.to_string()));
        }
        Ok(Resolved { positions, custom })
    }

    /// Read the next record into `record`; `false` at the end of the file.
    pub fn next(&mut self, record: &mut StringRecord) -> Result<bool, ImportError> {
        self.reader
            .read_record(record)
            .map_err(|e| csv_failure(&self.name, e))
    }
}

/// `;` when the header line has more semicolons than commas (spreadsheets in Brazilian
/// Portuguese save CSV with `;`, since `,` is the decimal separator), else `,`.
fn sniff_delimiter(path: &Path) -> std::io::Result<u8> {
    use std::io::BufRead;
    let mut first = Vec::new();
    std::io::BufReader::new(File::open(path)?).read_until(b'\n', &mut first)?;
    let count = |c: u8| first.iter().filter(|b| **b == c).count();
    Ok(if count(b';') > count(b',') {
        b';'
    } else {
        b','
    })
}

/// The CSV line where a record starts (the header is line 1).
pub fn line_of(record: &StringRecord) -> u64 {
    record.position().map(|p| p.line()).unwrap_or(0)
}

fn csv_failure(file: &str, e: csv::Error) -> ImportError {
    let data = |row: u64, column: usize, error: RowError| ImportError::Data {
        file: file.to_string(),
        row,
        column,
        error,
    };
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            pos,
            expected_len,
            len,
        } => data(
            pos.as_ref().map(|p| p.line()).unwrap_or(0),
            (*expected_len).min(*len) as usize + 1,
            RowError::FieldCount {
                found: *len,
                expected: *expected_len,
            },
        ),
        csv::ErrorKind::Utf8 { pos, err } => data(
            pos.as_ref().map(|p| p.line()).unwrap_or(0),
            err.field() + 1,
            RowError::NotUtf8,
        ),
        _ => ImportError::Read {
            file: file.to_string(),
            source: e,
        },
    }
}

/// Lowercase ASCII identifier: the shape of a strategy's field name.
fn is_field_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c == '_')
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// One cell of the current record, by layout position, without surrounding whitespace.
pub struct Cell<'r> {
    pub column: usize,
    pub name: &'static str,
    pub text: &'r str,
}

pub fn cell<'r>(record: &'r StringRecord, at: Option<usize>, name: &'static str) -> Cell<'r> {
    match at {
        Some(i) => Cell {
            column: i,
            name,
            text: record.get(i).unwrap_or("").trim(),
        },
        None => Cell {
            column: 0,
            name,
            text: "",
        },
    }
}

impl<'r> Cell<'r> {
    fn bad(&self, error: RowError) -> Failure {
        Failure::Bad(self.column, error)
    }

    pub fn optional(&self) -> Option<&'r str> {
        (!self.text.is_empty()).then_some(self.text)
    }

    pub fn required(&self) -> Result<&'r str, Failure> {
        self.optional().ok_or_else(|| {
            self.bad(RowError::Empty {
                column: self.name.to_string(),
            })
        })
    }

    pub fn date(&self) -> Result<NaiveDate, Failure> {
        let text = self.required()?;
        parse_date(text).ok_or_else(|| {
            self.bad(RowError::BadDate {
                column: self.name.to_string(),
                value: text.to_string(),
            })
        })
    }

    pub fn timestamp(&self) -> Result<DateTime<FixedOffset>, Failure> {
        let text = self.required()?;
        DateTime::parse_from_rfc3339(text).map_err(|_| {
            self.bad(RowError::BadTimestamp {
                column: self.name.to_string(),
                value: text.to_string(),
            })
        })
    }

    /// A non-negative exact decimal.
    pub fn amount(&self) -> Result<Decimal, Failure> {
        let text = self.required()?;
        let value = parse_decimal(text).ok_or_else(|| {
            self.bad(RowError::BadNumber {
                column: self.name.to_string(),
                value: text.to_string(),
            })
        })?;
        if value.is_sign_negative() && !value.is_zero() {
            return Err(self.bad(RowError::Negative {
                column: self.name.to_string(),
                value: text.to_string(),
            }));
        }
        Ok(value)
    }

    pub fn count(&self) -> Result<u32, Failure> {
        let text = self.required()?;
        match text.parse::<u32>() {
            Ok(n) if n >= 1 && text.bytes().all(|c| c.is_ascii_digit()) => Ok(n),
            _ => Err(self.bad(RowError::BadCount {
                column: self.name.to_string(),
                value: text.to_string(),
            })),
        }
    }

    pub fn channel(&self) -> Result<Channel, Failure> {
        let text = self.required()?;
        Channel::parse(text).ok_or_else(|| {
            self.bad(RowError::BadChannel {
                column: self.name.to_string(),
                value: text.to_string(),
            })
        })
    }

    /// Empty, or a valid IANA name.
    pub fn timezone(&self) -> Result<Option<&'r str>, Failure> {
        match self.optional() {
            None => Ok(None),
            Some(text) if text.parse::<chrono_tz::Tz>().is_ok() => Ok(Some(text)),
            Some(text) => Err(self.bad(RowError::BadTimezone {
                value: text.to_string(),
            })),
        }
    }

    pub fn status(&self) -> Result<&'r str, Failure> {
        let text = self.required()?;
        if AGREEMENT_STATUSES.contains(&text) {
            Ok(text)
        } else {
            Err(self.bad(RowError::BadStatus {
                value: text.to_string(),
            }))
        }
    }
}

pub const AGREEMENT_STATUSES: &[&str] = &["active", "broken", "paid", "cancelled"];
