//! Why a stored portfolio cannot be read: SQLite's error, or a stored value that does not
//! parse (named by table, debtor and column).

use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error(
        "the strategy declares field `{column}` but the portfolio's debtors have no column \
         `{column}` (custom columns: {available})"
    )]
    MissingColumn { column: String, available: String },
    #[error("portfolio `{path}`: {table} row of debtor `{debtor}` has a bad {column} `{value}`")]
    BadStored {
        path: PathBuf,
        table: &'static str,
        debtor: String,
        column: &'static str,
        value: String,
    },
    #[error("portfolio `{path}`: {source}")]
    Sqlite {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
}

pub(super) fn sql_err(path: &Path) -> impl Fn(rusqlite::Error) -> LoadError + '_ {
    move |source| LoadError::Sqlite {
        path: path.to_path_buf(),
        source,
    }
}
