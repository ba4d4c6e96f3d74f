//! The portfolio store: one SQLite file holding the event tables (PRODUCT.md §3). Opening a
//! file applies the pending migrations; a file written by a newer strat is refused. Owns the
//! connection and schema questions (which custom columns exist); reading histories is
//! `load`'s job and writing CSV rows is `import`'s.

use super::migrations::MIGRATIONS;
use crate::sqlite::MigrateError;
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};

/// The columns every `debtors` table has; any other column is a custom (declared) field.
pub const DEBTOR_BUILTIN_COLUMNS: &[&str] =
    &["id", "name", "document", "email", "phone", "timezone"];

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open portfolio `{path}`: {source}")]
    Open {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    #[error("portfolio `{path}` does not exist")]
    NotFound { path: PathBuf },
    #[error(
        "portfolio `{path}` has schema version {found}, newer than this strat understands \
         ({known}); upgrade strat"
    )]
    NewerSchema {
        path: PathBuf,
        found: u32,
        known: u32,
    },
    #[error("portfolio `{path}`: migration to schema version {version} failed: {source}")]
    Migration {
        path: PathBuf,
        version: u32,
        #[source]
        source: rusqlite::Error,
    },
    #[error("portfolio `{path}`: {source}")]
    Sqlite {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
}

/// An open portfolio database at the current schema version.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Open a portfolio, creating the file if it does not exist, and migrate it.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let conn = Connection::open(path).map_err(|source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        })?;
        Store::init(conn, path)
    }

    /// Open a portfolio that must already exist (plan, explain: a typo must not silently
    /// create an empty portfolio).
    pub fn open_existing(path: &Path) -> Result<Store, StoreError> {
        if !path.exists() {
            return Err(StoreError::NotFound {
                path: path.to_path_buf(),
            });
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        })?;
        Store::init(conn, path)
    }

    /// A fresh portfolio in memory (tests, simulation scratch).
    pub fn open_in_memory() -> Result<Store, StoreError> {
        let path = PathBuf::from(":memory:");
        let conn = Connection::open_in_memory().map_err(|source| StoreError::Open {
            path: path.clone(),
            source,
        })?;
        Store::init(conn, &path)
    }

    fn init(conn: Connection, path: &Path) -> Result<Store, StoreError> {
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
        };
        // A busy portfolio (the executor writing contacts) should make us wait, not fail.
        store
            .conn
            .busy_timeout(std::time::Duration::from_secs(30))
            .map_err(|e| store.sqlite(e))?;
        store.migrate()?;
        Ok(store)
    }

    /// Apply every migration the file has not seen (`crate::sqlite::migrate`).
    fn migrate(&mut self) -> Result<(), StoreError> {
        let path = self.path.clone();
        crate::sqlite::migrate(&mut self.conn, MIGRATIONS).map_err(|e| match e {
            MigrateError::Sqlite(source) => StoreError::Sqlite { path, source },
            MigrateError::Newer { found, known } => StoreError::NewerSchema { path, found, known },
            MigrateError::Step { version, source } => StoreError::Migration {
                path,
                version,
                source,
            },
        })
    }

    /// The version recorded in the file (0 for a new file).
    pub fn schema_version(&self) -> Result<u32, StoreError> {
        crate::sqlite::schema_version(&self.conn).map_err(|e| self.sqlite(e))
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    pub fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The custom columns of `debtors`, in table order.
    pub fn custom_columns(&self) -> Result<Vec<String>, StoreError> {
        custom_columns_of(&self.conn).map_err(|e| self.sqlite(e))
    }

    /// Number of rows in one of the portfolio's tables (reports, tests).
    pub fn count(&self, table: Table) -> Result<u64, StoreError> {
        let sql = format!("SELECT COUNT(*) FROM {}", table.name());
        self.conn
            .query_row(&sql, [], |r| r.get::<_, i64>(0))
            .map(|n| n.max(0) as u64)
            .map_err(|e| self.sqlite(e))
    }

    pub(crate) fn sqlite(&self, source: rusqlite::Error) -> StoreError {
        StoreError::Sqlite {
            path: self.path.clone(),
            source,
        }
    }
}

/// The event tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    Debtors,
    Debts,
    Payments,
    Contacts,
    OptOuts,
    Agreements,
}

impl Table {
    pub const ALL: [Table; 6] = [
        Table::Debtors,
        Table::Debts,
        Table::Payments,
        Table::Contacts,
        Table::OptOuts,
        Table::Agreements,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Table::Debtors => "debtors",
            Table::Debts => "debts",
            Table::Payments => "payments",
            Table::Contacts => "contacts",
            Table::OptOuts => "opt_outs",
            Table::Agreements => "agreements",
        }
    }
}

/// The custom columns of `debtors` on any connection (the importer asks inside its
/// transaction).
pub(crate) fn custom_columns_of(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare("SELECT name FROM pragma_table_info('debtors') ORDER BY cid")?;
    let names = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(names
        .into_iter()
        .filter(|n| !DEBTOR_BUILTIN_COLUMNS.contains(&n.as_str()))
        .collect())
}

/// Quote an SQL identifier (custom column names come from CSV headers).
pub(crate) fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}
