//! What can go wrong in an import: a bad cell or row (exit 1, located as `file:row:column`)
//! or an unreadable file / unusable database (exit 2). Only describes; detects nothing.

use crate::portfolio::store::StoreError;

/// Why one row (or the header, row 1) of a CSV file is rejected. User input in backticks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RowError {
    #[error("missing column `{column}` (the header must name it)")]
    MissingColumn { column: String },
    #[error("unknown column `{column}`; the columns are {expected}")]
    UnknownColumn { column: String, expected: String },
    #[error("column `{column}` appears twice in the header")]
    DuplicateColumn { column: String },
    #[error(
        "custom column `{column}` is not a valid field name (lowercase letters, digits and `_`, \
         not starting with a digit)"
    )]
    BadColumnName { column: String },
    #[error("`{column}` is empty; a value is required")]
    Empty { column: String },
    #[error("`{column}`: `{value}` is not a date (expected YYYY-MM-DD, like 2025-01-31)")]
    BadDate { column: String, value: String },
    #[error("`{column}`: `{value}` is not an RFC 3339 timestamp (like 2025-01-31T14:00:00-03:00)")]
    BadTimestamp { column: String, value: String },
    #[error("`{column}`: `{value}` is not a decimal number (like 1234.56)")]
    BadNumber { column: String, value: String },
    #[error("`{column}`: `{value}` is negative; amounts must be zero or more")]
    Negative { column: String, value: String },
    #[error("`{column}`: `{value}` is not a whole number of at least 1")]
    BadCount { column: String, value: String },
    #[error("`{column}`: `{value}` is not a channel (email, sms, whatsapp, letter, call)")]
    BadChannel { column: String, value: String },
    #[error("`timezone`: `{value}` is not an IANA time zone name (like America/Sao_Paulo)")]
    BadTimezone { value: String },
    #[error("`status`: `{value}` is not an agreement status (active, broken, paid, cancelled)")]
    BadStatus { value: String },
    #[error("unknown debtor `{id}` (not in this import nor in the portfolio)")]
    UnknownDebtor { id: String },
    #[error("unknown debt `{id}` (not in this import nor in the portfolio)")]
    UnknownDebt { id: String },
    #[error("duplicate id `{id}` (first on row {first_row})")]
    DuplicateInFile { id: String, first_row: u64 },
    #[error("duplicate id `{id}`: already in the portfolio")]
    DuplicateInStore { id: String },
    #[error("row has {found} fields but the header has {expected}")]
    FieldCount { found: u64, expected: u64 },
    #[error("text is not valid UTF-8")]
    NotUtf8,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// Bad data: the whole import was rolled back.
    #[error("{file}:{row}:{column}: {error}")]
    Data {
        file: String,
        /// The CSV line number (the header is row 1).
        row: u64,
        /// 1-based column.
        column: usize,
        error: RowError,
    },
    #[error("cannot read `{file}`: {source}")]
    Read {
        file: String,
        #[source]
        source: csv::Error,
    },
    #[error("nothing to import: give at least one CSV file")]
    NothingToImport,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl ImportError {
    /// 1 for bad data, 2 for usage and IO problems (the CLI's convention).
    pub fn exit_code(&self) -> i32 {
        match self {
            ImportError::Data { .. } => 1,
            _ => 2,
        }
    }
}
