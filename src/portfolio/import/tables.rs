//! The per-table import rules: which columns each CSV has, how each cell is checked, which
//! references must resolve, and the INSERT. Runs inside the caller's transaction and never
//! commits or rolls back itself.

use super::cells::{cell, line_of, CsvFile, Failure, Layout};
use super::error::{ImportError, RowError};
use crate::portfolio::migrations::INDEXES;
use crate::portfolio::store::{custom_columns_of, quote_ident, StoreError, Table};
use csv::StringRecord;
use rusqlite::{params, params_from_iter, OptionalExtension, Transaction};
use std::path::Path;

pub struct Ctx<'a> {
    pub tx: &'a Transaction<'a>,
    /// The CSV file (re-read only to locate the first copy of a duplicate id).
    pub path: &'a Path,
    pub db_path: &'a Path,
}

impl Ctx<'_> {
    fn sqlite(&self, source: rusqlite::Error) -> ImportError {
        ImportError::Store(StoreError::Sqlite {
            path: self.db_path.to_path_buf(),
            source,
        })
    }
}

/// Import one file into its table; returns the number of rows added.
pub fn import_table(ctx: &Ctx, table: Table, csv: CsvFile) -> Result<u64, ImportError> {
    // Maintaining a secondary index row by row is slower than building it once, so an empty
    // table loses its indexes for the load. DDL is transactional: a failed import gets them
    // back with the rollback.
    let bulk = table_is_empty(ctx, table)?;
    if bulk {
        for index in INDEXES.iter().filter(|i| i.table == table.name()) {
            ctx.tx
                .execute_batch(index.drop)
                .map_err(|e| ctx.sqlite(e))?;
        }
    }
    let rows = match table {
        Table::Debtors => debtors(ctx, csv),
        Table::Debts => debts(ctx, csv),
        Table::Payments => payments(ctx, csv),
        Table::Contacts => contacts(ctx, csv),
        Table::OptOuts => opt_outs(ctx, csv),
        Table::Agreements => agreements(ctx, csv),
    }?;
    for index in INDEXES.iter().filter(|i| i.table == table.name()) {
        ctx.tx
            .execute_batch(index.create)
            .map_err(|e| ctx.sqlite(e))?;
    }
    Ok(rows)
}

fn table_is_empty(ctx: &Ctx, table: Table) -> Result<bool, ImportError> {
    let sql = format!("SELECT NOT EXISTS (SELECT 1 FROM {})", table.name());
    ctx.tx
        .query_row(&sql, [], |r| r.get(0))
        .map_err(|e| ctx.sqlite(e))
}

/// Run `row` over every record, turning failures into located errors.
fn each_row(
    ctx: &Ctx,
    mut csv: CsvFile,
    mut row: impl FnMut(&StringRecord) -> Result<(), Failure>,
) -> Result<u64, ImportError> {
    let mut record = StringRecord::new();
    let mut count = 0u64;
    while csv.next(&mut record)? {
        if let Err(failure) = row(&record) {
            let line = line_of(&record);
            let (column, error) = match failure {
                Failure::Bad(column, error) => (column, error),
                Failure::Duplicate { column, id } => {
                    let error = match first_line_with(ctx.path, column, &id, line) {
                        Some(first_row) => RowError::DuplicateInFile { id, first_row },
                        None => RowError::DuplicateInStore { id },
                    };
                    (column, error)
                }
                Failure::Sqlite(e) => return Err(ctx.sqlite(e)),
            };
            return Err(ImportError::Data {
                file: csv.name.clone(),
                row: line,
                column: column + 1,
                error,
            });
        }
        count += 1;
    }
    Ok(count)
}

/// The first line before `before` whose cell `column` is `id` (error path only: re-reads the
/// file rather than remembering every id).
fn first_line_with(path: &Path, column: usize, id: &str, before: u64) -> Option<u64> {
    let mut csv = CsvFile::open(path).ok()?;
    let mut record = StringRecord::new();
    while let Ok(true) = csv.next(&mut record) {
        let line = line_of(&record);
        if line >= before {
            return None;
        }
        if record.get(column).map(str::trim) == Some(id) {
            return Some(line);
        }
    }
    None
}

/// Run an INSERT; a uniqueness violation is a duplicate of the id in `id_column`.
fn insert<P: rusqlite::Params>(
    stmt: &mut rusqlite::Statement,
    params: P,
    id_column: usize,
    id: &str,
) -> Result<(), Failure> {
    match stmt.execute(params) {
        Ok(_) => Ok(()),
        Err(rusqlite::Error::SqliteFailure(e, _))
            if e.code == rusqlite::ErrorCode::ConstraintViolation =>
        {
            Err(Failure::Duplicate {
                column: id_column,
                id: id.to_string(),
            })
        }
        Err(e) => Err(Failure::Sqlite(e)),
    }
}

/// Checks that referenced rows exist. Exports usually list a debtor's debts (a debt's
/// payments) together, so the last id found is remembered and not looked up again.
struct Lookup<'t> {
    stmt: rusqlite::Statement<'t>,
    last_found: String,
}

impl<'t> Lookup<'t> {
    fn new(ctx: &Ctx<'t>, sql: &str) -> Result<Self, ImportError> {
        Ok(Lookup {
            stmt: ctx.tx.prepare(sql).map_err(|e| ctx.sqlite(e))?,
            last_found: String::new(),
        })
    }

    fn check(
        &mut self,
        id: &str,
        column: usize,
        missing: impl FnOnce() -> RowError,
    ) -> Result<(), Failure> {
        if !self.last_found.is_empty() && self.last_found == id {
            return Ok(());
        }
        if self.stmt.exists([id])? {
            self.last_found.clear();
            self.last_found.push_str(id);
            Ok(())
        } else {
            Err(Failure::Bad(column, missing()))
        }
    }
}

/// The debtor of a debt, which must exist; like [`Lookup`], remembers the last debt found.
struct DebtorOfDebt<'t> {
    stmt: rusqlite::Statement<'t>,
    last_debt: String,
    last_debtor: String,
}

impl<'t> DebtorOfDebt<'t> {
    fn new(ctx: &Ctx<'t>) -> Result<Self, ImportError> {
        Ok(DebtorOfDebt {
            stmt: ctx
                .tx
                .prepare("SELECT debtor_id FROM debts WHERE id = ?1")
                .map_err(|e| ctx.sqlite(e))?,
            last_debt: String::new(),
            last_debtor: String::new(),
        })
    }

    fn find(
        &mut self,
        debt: &str,
        column: usize,
        missing: impl FnOnce() -> RowError,
    ) -> Result<&str, Failure> {
        if self.last_debt.is_empty() || self.last_debt != debt {
            let found: Option<String> = self.stmt.query_row([debt], |r| r.get(0)).optional()?;
            let Some(debtor) = found else {
                return Err(Failure::Bad(column, missing()));
            };
            self.last_debt.clear();
            self.last_debt.push_str(debt);
            self.last_debtor = debtor;
        }
        Ok(&self.last_debtor)
    }
}

const DEBTOR_COLUMNS: &[&str] = &["id", "name", "document", "email", "phone", "timezone"];

fn debtors(ctx: &Ctx, csv: CsvFile) -> Result<u64, ImportError> {
    let layout = Layout {
        required: &["id", "name"],
        custom_allowed: true,
    };
    let resolved = csv.resolve(&layout, DEBTOR_COLUMNS)?;
    let (at, custom) = (resolved.positions, resolved.custom);
    let existing = custom_columns_of(ctx.tx).map_err(|e| ctx.sqlite(e))?;
    for (_, name) in &custom {
        if !existing.contains(name) {
            let sql = format!("ALTER TABLE debtors ADD COLUMN {} TEXT", quote_ident(name));
            ctx.tx.execute_batch(&sql).map_err(|e| ctx.sqlite(e))?;
        }
    }
    let mut columns: Vec<String> = DEBTOR_COLUMNS.iter().map(|c| c.to_string()).collect();
    columns.extend(custom.iter().map(|(_, name)| quote_ident(name)));
    let placeholders: Vec<String> = (1..=columns.len()).map(|i| format!("?{i}")).collect();
    let sql = format!(
        "INSERT INTO debtors ({}) VALUES ({})",
        columns.join(", "),
        placeholders.join(", ")
    );
    let mut stmt = ctx.tx.prepare(&sql).map_err(|e| ctx.sqlite(e))?;
    each_row(ctx, csv, |r| {
        let id = cell(r, at[0], "id");
        let id_text = id.required()?;
        let name = cell(r, at[1], "name").required()?;
        let document = cell(r, at[2], "document").optional();
        let email = cell(r, at[3], "email").optional();
        let phone = cell(r, at[4], "phone").optional();
        let timezone = cell(r, at[5], "timezone").timezone()?;
        let customs = custom
            .iter()
            .map(|(i, _)| r.get(*i).map(str::trim).filter(|t| !t.is_empty()));
        let values = [Some(id_text), Some(name), document, email, phone, timezone]
            .into_iter()
            .chain(customs);
        insert(&mut stmt, params_from_iter(values), id.column, id_text)
    })
}

/// A table with a fixed header (every table but debtors): where its columns are in the CSV
/// (`required` must be there, the rest of `columns` may be), and its prepared insert.
fn fixed_table<'c>(
    ctx: &'c Ctx,
    csv: &CsvFile,
    required: &'static [&'static str],
    columns: &'static [&'static str],
    insert_sql: &str,
) -> Result<(Vec<Option<usize>>, rusqlite::Statement<'c>), ImportError> {
    let layout = Layout {
        required,
        custom_allowed: false,
    };
    let at = csv.resolve(&layout, columns)?.positions;
    let stmt = ctx.tx.prepare(insert_sql).map_err(|e| ctx.sqlite(e))?;
    Ok((at, stmt))
}

fn debts(ctx: &Ctx, csv: CsvFile) -> Result<u64, ImportError> {
    const COLUMNS: &[&str] = &["id", "debtor_id", "principal", "issued_on", "due_on"];
    let (at, mut stmt) = fixed_table(
        ctx,
        &csv,
        COLUMNS,
        COLUMNS,
        "INSERT INTO debts (id, debtor_id, principal, issued_on, due_on) \
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    let mut debtor = debtor_lookup(ctx)?;
    each_row(ctx, csv, |r| {
        let id = cell(r, at[0], "id");
        let id_text = id.required()?;
        let debtor_id = cell(r, at[1], "debtor_id");
        let debtor_text = debtor_id.required()?;
        let principal = cell(r, at[2], "principal");
        principal.amount()?;
        let issued_on = cell(r, at[3], "issued_on");
        issued_on.date()?;
        let due_on = cell(r, at[4], "due_on");
        due_on.date()?;
        debtor.check(debtor_text, debtor_id.column, || RowError::UnknownDebtor {
            id: debtor_text.to_string(),
        })?;
        insert(
            &mut stmt,
            params![
                id_text,
                debtor_text,
                principal.text,
                issued_on.text,
                due_on.text
            ],
            id.column,
            id_text,
        )
    })
}

fn payments(ctx: &Ctx, csv: CsvFile) -> Result<u64, ImportError> {
    const COLUMNS: &[&str] = &["id", "debt_id", "paid_on", "amount"];
    let (at, mut stmt) = fixed_table(
        ctx,
        &csv,
        COLUMNS,
        COLUMNS,
        "INSERT INTO payments (id, debt_id, debtor_id, paid_on, amount) \
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    // Payments are stored clustered by their debt's debtor, found through debts' id index.
    let mut debt = DebtorOfDebt::new(ctx)?;
    each_row(ctx, csv, |r| {
        let id = cell(r, at[0], "id");
        let id_text = id.required()?;
        let debt_id = cell(r, at[1], "debt_id");
        let debt_text = debt_id.required()?;
        let paid_on = cell(r, at[2], "paid_on");
        paid_on.date()?;
        let amount = cell(r, at[3], "amount");
        amount.amount()?;
        let debtor = debt.find(debt_text, debt_id.column, || RowError::UnknownDebt {
            id: debt_text.to_string(),
        })?;
        insert(
            &mut stmt,
            params![id_text, debt_text, debtor, paid_on.text, amount.text],
            id.column,
            id_text,
        )
    })
}

fn contacts(ctx: &Ctx, csv: CsvFile) -> Result<u64, ImportError> {
    const COLUMNS: &[&str] = &["debtor_id", "channel", "at", "rule", "outcome"];
    let (at, mut stmt) = fixed_table(
        ctx,
        &csv,
        &["debtor_id", "channel", "at"],
        COLUMNS,
        "INSERT INTO contacts (debtor_id, channel, at, rule, outcome) \
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    let mut debtor = debtor_lookup(ctx)?;
    each_row(ctx, csv, |r| {
        let debtor_id = cell(r, at[0], "debtor_id");
        let debtor_text = debtor_id.required()?;
        let channel = cell(r, at[1], "channel").channel()?;
        let when = cell(r, at[2], "at");
        when.timestamp()?;
        let rule = cell(r, at[3], "rule").text;
        let outcome = cell(r, at[4], "outcome").text;
        debtor.check(debtor_text, debtor_id.column, || RowError::UnknownDebtor {
            id: debtor_text.to_string(),
        })?;
        stmt.execute(params![
            debtor_text,
            channel.as_str(),
            when.text,
            rule,
            outcome
        ])?;
        Ok(())
    })
}

fn opt_outs(ctx: &Ctx, csv: CsvFile) -> Result<u64, ImportError> {
    const COLUMNS: &[&str] = &["debtor_id", "channel", "since"];
    let (at, mut stmt) = fixed_table(
        ctx,
        &csv,
        COLUMNS,
        COLUMNS,
        "INSERT INTO opt_outs (debtor_id, channel, since) VALUES (?1, ?2, ?3)",
    )?;
    let mut debtor = debtor_lookup(ctx)?;
    each_row(ctx, csv, |r| {
        let debtor_id = cell(r, at[0], "debtor_id");
        let debtor_text = debtor_id.required()?;
        let channel = cell(r, at[1], "channel").channel()?;
        let since = cell(r, at[2], "since");
        since.date()?;
        debtor.check(debtor_text, debtor_id.column, || RowError::UnknownDebtor {
            id: debtor_text.to_string(),
        })?;
        stmt.execute(params![debtor_text, channel.as_str(), since.text])?;
        Ok(())
    })
}

fn agreements(ctx: &Ctx, csv: CsvFile) -> Result<u64, ImportError> {
    const COLUMNS: &[&str] = &["id", "debtor_id", "made_on", "installments", "status"];
    let (at, mut stmt) = fixed_table(
        ctx,
        &csv,
        COLUMNS,
        COLUMNS,
        "INSERT INTO agreements (id, debtor_id, made_on, installments, status) \
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    let mut debtor = debtor_lookup(ctx)?;
    each_row(ctx, csv, |r| {
        let id = cell(r, at[0], "id");
        let id_text = id.required()?;
        let debtor_id = cell(r, at[1], "debtor_id");
        let debtor_text = debtor_id.required()?;
        let made_on = cell(r, at[2], "made_on");
        made_on.date()?;
        let installments = cell(r, at[3], "installments").count()?;
        let status = cell(r, at[4], "status").status()?;
        debtor.check(debtor_text, debtor_id.column, || RowError::UnknownDebtor {
            id: debtor_text.to_string(),
        })?;
        insert(
            &mut stmt,
            params![id_text, debtor_text, made_on.text, installments, status],
            id.column,
            id_text,
        )
    })
}

fn debtor_lookup<'t>(ctx: &Ctx<'t>) -> Result<Lookup<'t>, ImportError> {
    Lookup::new(ctx, "SELECT 1 FROM debtors WHERE id = ?1")
}
