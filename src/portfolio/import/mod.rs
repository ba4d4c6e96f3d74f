//! `strat import`'s engine: load CSV files into the portfolio store as ONE transaction.
//! Every cell is validated while streaming; the first bad row aborts the whole import with
//! `file:row:column: reason` and the database is left exactly as it was. Owns the order of
//! the files and the transaction; the per-table rules are in `tables`, cell parsing in
//! `cells`. Prints nothing (the CLI reports).

mod cells;
pub mod error;
mod tables;

pub use error::{ImportError, RowError};

use super::store::{Store, StoreError, Table};
use rusqlite::TransactionBehavior;
use std::path::{Path, PathBuf};

/// The CSV files of one import; any may be absent (adding contacts to an existing portfolio
/// needs only `contacts`).
#[derive(Debug, Clone, Default)]
pub struct ImportFiles {
    pub debtors: Option<PathBuf>,
    pub debts: Option<PathBuf>,
    pub payments: Option<PathBuf>,
    pub contacts: Option<PathBuf>,
    pub opt_outs: Option<PathBuf>,
    pub agreements: Option<PathBuf>,
}

impl ImportFiles {
    /// In the order they must be loaded: referenced tables before referencing ones.
    fn in_order(&self) -> [(Table, Option<&PathBuf>); 6] {
        [
            (Table::Debtors, self.debtors.as_ref()),
            (Table::Debts, self.debts.as_ref()),
            (Table::Payments, self.payments.as_ref()),
            (Table::Contacts, self.contacts.as_ref()),
            (Table::OptOuts, self.opt_outs.as_ref()),
            (Table::Agreements, self.agreements.as_ref()),
        ]
    }
}

/// Rows added per table, in load order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub imported: Vec<(Table, u64)>,
}

/// Import the files into the store, all or nothing.
pub fn import(store: &mut Store, files: &ImportFiles) -> Result<ImportSummary, ImportError> {
    let mut sources = Vec::new();
    for (table, path) in files.in_order() {
        if let Some(path) = path {
            // Open every file before touching the database: a typo is a usage error.
            sources.push((table, path.clone(), cells::CsvFile::open(path)?));
        }
    }
    if sources.is_empty() {
        return Err(ImportError::NothingToImport);
    }
    let db_path = store.path().to_path_buf();
    let sqlite = |source| {
        ImportError::Store(StoreError::Sqlite {
            path: db_path.clone(),
            source,
        })
    };
    let conn = store.conn_mut();
    let cache_size: i64 = conn
        .query_row("PRAGMA cache_size", [], |r| r.get(0))
        .map_err(sqlite)?;
    let result = import_in_transaction(conn, sources, &db_path);
    // The big import cache is for the import only; the connection may live on.
    conn.execute_batch(&format!("PRAGMA cache_size = {cache_size}"))
        .map_err(sqlite)?;
    result
}

fn import_in_transaction(
    conn: &mut rusqlite::Connection,
    sources: Vec<(Table, PathBuf, cells::CsvFile)>,
    db_path: &Path,
) -> Result<ImportSummary, ImportError> {
    let sqlite = |source| {
        ImportError::Store(StoreError::Sqlite {
            path: db_path.to_path_buf(),
            source,
        })
    };
    // Speed without losing atomicity: one transaction with the default rollback journal
    // (a fresh table's new pages need no journaling), a large page cache so the journal is
    // not spilled mid-import, temporary sorts (index builds) in memory. `synchronous` stays
    // FULL: with a single commit its cost is a handful of fsyncs.
    conn.execute_batch(
        "PRAGMA cache_size = -262144; PRAGMA temp_store = MEMORY; PRAGMA synchronous = FULL;",
    )
    .map_err(sqlite)?;
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(sqlite)?;
    let mut summary = ImportSummary::default();
    for (table, path, csv) in sources {
        let ctx = tables::Ctx {
            tx: &tx,
            path: &path,
            db_path,
        };
        let rows = tables::import_table(&ctx, table, csv)?;
        summary.imported.push((table, rows));
    }
    tx.commit().map_err(sqlite)?;
    Ok(summary)
}
