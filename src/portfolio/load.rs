//! Streaming load: every debtor's [`DebtorHistory`] in debtor-id order, read with one ordered
//! query per table and merge-joined here, so there is no query per debtor and memory holds
//! one debtor at a time whatever the portfolio's size. Reads only; parses the stored text
//! strictly (a value written behind the importer's back is an error, not a guess).

use super::history::{Agreement, Contact, Debt, DebtorHistory, OptOut, Payment};
use super::store::{custom_columns_of, quote_ident, Store};
use super::values::{parse_date, parse_decimal};
use crate::syntax::ast::Channel;
use chrono::DateTime;
use rusqlite::types::Value as SqlValue;
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

/// Call `visit` with each debtor's history, in debtor-id order. `custom_columns` are the
/// strategy's declared fields; `history.custom` holds their cells in that order.
pub fn for_each_debtor<E>(
    store: &Store,
    custom_columns: &[String],
    visit: impl FnMut(&DebtorHistory) -> Result<(), E>,
) -> Result<(), E>
where
    E: From<LoadError>,
{
    stream(store, custom_columns, None, visit)
}

/// One debtor's history (for `strat explain`); `None` when there is no such debtor.
pub fn load_debtor(
    store: &Store,
    id: &str,
    custom_columns: &[String],
) -> Result<Option<DebtorHistory>, LoadError> {
    let mut found = None;
    stream(store, custom_columns, Some(id), |history| {
        found = Some(history.clone());
        Ok::<(), LoadError>(())
    })?;
    Ok(found)
}

/// The ordered query of each table: debtors, debts, payments, contacts, opt-outs, agreements
/// (`one`: restricted to debtor `?1`). Each walks its table's primary key (debtors, debts,
/// payments are clustered by debtor) or a covering index in debtor order (contacts, opt-outs,
/// agreements): a sequential read, no lookup per row. Public so a test can check their query
/// plans need no sort of a whole table.
pub fn queries(custom_columns: &[String], one: bool) -> [String; 6] {
    let (debtor_filter, by_debtor) = if one {
        ("WHERE id = ?1", "WHERE debtor_id = ?1")
    } else {
        ("", "")
    };
    let custom_select: String = custom_columns
        .iter()
        .map(|c| format!(", {}", quote_ident(c)))
        .collect();
    [
        format!(
            "SELECT id, name, document, email, phone, timezone{custom_select} \
             FROM debtors {debtor_filter} ORDER BY id"
        ),
        format!(
            "SELECT debtor_id, id, principal, issued_on, due_on FROM debts {by_debtor} \
             ORDER BY debtor_id, due_on, id"
        ),
        // Each debtor's payments are put in date order in memory.
        format!(
            "SELECT debtor_id, debt_id, id, paid_on, amount FROM payments {by_debtor} \
             ORDER BY debtor_id, debt_id, paid_on, id"
        ),
        format!(
            "SELECT debtor_id, channel, at, rule, outcome FROM contacts {by_debtor} \
             ORDER BY debtor_id, at, channel, rule, outcome"
        ),
        format!(
            "SELECT debtor_id, channel, since FROM opt_outs {by_debtor} \
             ORDER BY debtor_id, since, channel"
        ),
        format!(
            "SELECT debtor_id, id, made_on, installments, status FROM agreements \
             {by_debtor} ORDER BY debtor_id, made_on, id"
        ),
    ]
}

fn stream<E>(
    store: &Store,
    custom_columns: &[String],
    only: Option<&str>,
    mut visit: impl FnMut(&DebtorHistory) -> Result<(), E>,
) -> Result<(), E>
where
    E: From<LoadError>,
{
    let conn = store.conn();
    let path = store.path();
    let sqlite = |source| LoadError::Sqlite {
        path: path.to_path_buf(),
        source,
    };
    let available = custom_columns_of(conn).map_err(sqlite)?;
    if let Some(column) = custom_columns.iter().find(|c| !available.contains(c)) {
        return Err(LoadError::MissingColumn {
            column: column.clone(),
            available: if available.is_empty() {
                "none".into()
            } else {
                available.join(", ")
            },
        }
        .into());
    }
    let sql = queries(custom_columns, only.is_some());
    let mut statements = Vec::with_capacity(sql.len());
    for text in &sql {
        statements.push(conn.prepare(text).map_err(sqlite)?);
    }
    let params: Vec<&dyn rusqlite::ToSql> = match &only {
        Some(id) => vec![id as &dyn rusqlite::ToSql],
        None => Vec::new(),
    };
    let mut queries = statements.iter_mut();
    let mut open = || -> Result<rusqlite::Rows<'_>, LoadError> {
        match queries.next() {
            Some(stmt) => stmt.query(params.as_slice()).map_err(sqlite),
            None => Err(sqlite(rusqlite::Error::InvalidQuery)),
        }
    };
    let mut debtors = open()?;
    let mut debts = Cursor::open(open()?, path, read_debt)?;
    let mut payments = Cursor::open(open()?, path, read_payment)?;
    let mut contacts = Cursor::open(open()?, path, read_contact)?;
    let mut opt_outs = Cursor::open(open()?, path, read_opt_out)?;
    let mut agreements = Cursor::open(open()?, path, read_agreement)?;

    let mut history = DebtorHistory::default();
    let mut debtor_payments: Vec<(String, Payment)> = Vec::new();
    while let Some(row) = debtors.next().map_err(sqlite)? {
        read_debtor(row, custom_columns.len(), &mut history).map_err(sqlite)?;
        let id = history.id.as_str();
        debts.take_for(id, &mut history.debts)?;
        debtor_payments.clear();
        payments.take_for(id, &mut debtor_payments)?;
        history.payments.clear();
        for (debt_id, mut payment) in debtor_payments.drain(..) {
            if let Some(index) = history.debts.iter().position(|d| d.id == debt_id) {
                payment.debt = index;
                history.payments.push(payment);
            }
        }
        history
            .payments
            .sort_unstable_by(|a, b| (a.paid_on, &a.id).cmp(&(b.paid_on, &b.id)));
        contacts.take_for(id, &mut history.contacts)?;
        history.contacts.sort_unstable_by(|a, b| {
            (a.at, a.channel.index(), &a.rule, &a.outcome).cmp(&(
                b.at,
                b.channel.index(),
                &b.rule,
                &b.outcome,
            ))
        });
        opt_outs.take_for(id, &mut history.opt_outs)?;
        history
            .opt_outs
            .sort_unstable_by_key(|o| (o.since, o.channel.index()));
        agreements.take_for(id, &mut history.agreements)?;
        history
            .agreements
            .sort_unstable_by(|a, b| (a.made_on, &a.id).cmp(&(b.made_on, &b.id)));
        visit(&history)?;
    }
    Ok(())
}

/// Fill the identity and custom cells of `history` from a debtors row; clears the events.
fn read_debtor(
    row: &rusqlite::Row,
    custom: usize,
    history: &mut DebtorHistory,
) -> rusqlite::Result<()> {
    history.id = row.get(0)?;
    history.name = row.get(1)?;
    history.document = row.get::<_, Option<String>>(2)?.unwrap_or_default();
    history.email = row.get(3)?;
    history.phone = row.get(4)?;
    history.timezone = row.get(5)?;
    history.custom.clear();
    for i in 0..custom {
        let cell = match row.get::<_, SqlValue>(6 + i)? {
            SqlValue::Null => None,
            SqlValue::Text(t) => Some(t),
            SqlValue::Integer(n) => Some(n.to_string()),
            SqlValue::Real(x) => Some(x.to_string()),
            SqlValue::Blob(b) => Some(String::from_utf8_lossy(&b).into_owned()),
        };
        history.custom.push(cell);
    }
    history.debts.clear();
    history.payments.clear();
    history.contacts.clear();
    history.opt_outs.clear();
    history.agreements.clear();
    Ok(())
}

type Read<T> = fn(&rusqlite::Row, &Path) -> Result<(String, T), LoadError>;

/// One table's ordered rows with the next one read ahead (the merge join's cursor).
struct Cursor<'s, 'p, T> {
    rows: rusqlite::Rows<'s>,
    path: &'p Path,
    read: Read<T>,
    head: Option<(String, T)>,
}

impl<'s, 'p, T> Cursor<'s, 'p, T> {
    fn open(rows: rusqlite::Rows<'s>, path: &'p Path, read: Read<T>) -> Result<Self, LoadError> {
        let mut cursor = Cursor {
            rows,
            path,
            read,
            head: None,
        };
        cursor.advance()?;
        Ok(cursor)
    }

    fn advance(&mut self) -> Result<(), LoadError> {
        let path = self.path;
        self.head = match self.rows.next().map_err(|source| LoadError::Sqlite {
            path: path.to_path_buf(),
            source,
        })? {
            Some(row) => Some((self.read)(row, path)?),
            None => None,
        };
        Ok(())
    }

    /// Move every row of debtor `id` into `out`, skipping rows of debtors that sort before
    /// it (rows whose debtor does not exist).
    fn take_for(&mut self, id: &str, out: &mut Vec<T>) -> Result<(), LoadError> {
        out.clear();
        loop {
            match &self.head {
                Some((debtor, _)) if debtor.as_str() < id => self.advance()?,
                Some((debtor, _)) if debtor.as_str() == id => {
                    if let Some((_, item)) = self.head.take() {
                        out.push(item);
                    }
                    self.advance()?;
                }
                _ => return Ok(()),
            }
        }
    }
}

/// A text cell borrowed from SQLite's row buffer: the hot loader parses dates, amounts and
/// channels straight from it instead of allocating a `String` per cell.
fn borrowed_text<'r>(row: &'r rusqlite::Row, i: usize, path: &Path) -> Result<&'r str, LoadError> {
    let value = row.get_ref(i).map_err(sql_err(path))?;
    value.as_str().map_err(|e| {
        sql_err(path)(rusqlite::Error::FromSqlConversionFailure(
            i,
            value.data_type(),
            Box::new(e),
        ))
    })
}

fn sql_err(path: &Path) -> impl Fn(rusqlite::Error) -> LoadError + '_ {
    move |source| LoadError::Sqlite {
        path: path.to_path_buf(),
        source,
    }
}

/// A stored value that does not parse.
fn bad(
    path: &Path,
    table: &'static str,
    debtor: &str,
    column: &'static str,
    value: &str,
) -> LoadError {
    LoadError::BadStored {
        path: path.to_path_buf(),
        table,
        debtor: debtor.to_string(),
        column,
        value: value.to_string(),
    }
}

fn read_debt(row: &rusqlite::Row, path: &Path) -> Result<(String, Debt), LoadError> {
    let text = |i| row.get::<_, String>(i).map_err(sql_err(path));
    let debtor = text(0)?;
    let principal_text = borrowed_text(row, 2, path)?;
    let issued_text = borrowed_text(row, 3, path)?;
    let due_text = borrowed_text(row, 4, path)?;
    let principal = parse_decimal(principal_text)
        .ok_or_else(|| bad(path, "debts", &debtor, "principal", principal_text))?;
    let issued_on = parse_date(issued_text)
        .ok_or_else(|| bad(path, "debts", &debtor, "issued_on", issued_text))?;
    let due_on =
        parse_date(due_text).ok_or_else(|| bad(path, "debts", &debtor, "due_on", due_text))?;
    let debt = Debt {
        id: text(1)?,
        principal,
        issued_on,
        due_on,
    };
    Ok((debtor, debt))
}

/// Returns (debtor, (debt id, payment)); the caller turns the debt id into the index of the
/// debt in the history.
fn read_payment(
    row: &rusqlite::Row,
    path: &Path,
) -> Result<(String, (String, Payment)), LoadError> {
    let text = |i| row.get::<_, String>(i).map_err(sql_err(path));
    let debtor = text(0)?;
    let paid_text = borrowed_text(row, 3, path)?;
    let amount_text = borrowed_text(row, 4, path)?;
    let paid_on = parse_date(paid_text)
        .ok_or_else(|| bad(path, "payments", &debtor, "paid_on", paid_text))?;
    let amount = parse_decimal(amount_text)
        .ok_or_else(|| bad(path, "payments", &debtor, "amount", amount_text))?;
    let payment = Payment {
        id: text(2)?,
        debt: 0,
        paid_on,
        amount,
    };
    Ok((debtor, (text(1)?, payment)))
}

fn read_contact(row: &rusqlite::Row, path: &Path) -> Result<(String, Contact), LoadError> {
    let text = |i| row.get::<_, String>(i).map_err(sql_err(path));
    let debtor = text(0)?;
    let channel_text = borrowed_text(row, 1, path)?;
    let at_text = borrowed_text(row, 2, path)?;
    let channel = Channel::parse(channel_text)
        .ok_or_else(|| bad(path, "contacts", &debtor, "channel", channel_text))?;
    let at = DateTime::parse_from_rfc3339(at_text)
        .map_err(|_| bad(path, "contacts", &debtor, "at", at_text))?;
    let contact = Contact {
        channel,
        at,
        rule: text(3)?,
        outcome: text(4)?,
    };
    Ok((debtor, contact))
}

fn read_opt_out(row: &rusqlite::Row, path: &Path) -> Result<(String, OptOut), LoadError> {
    let text = |i| row.get::<_, String>(i).map_err(sql_err(path));
    let debtor = text(0)?;
    let channel_text = borrowed_text(row, 1, path)?;
    let since_text = borrowed_text(row, 2, path)?;
    let channel = Channel::parse(channel_text)
        .ok_or_else(|| bad(path, "opt_outs", &debtor, "channel", channel_text))?;
    let since = parse_date(since_text)
        .ok_or_else(|| bad(path, "opt_outs", &debtor, "since", since_text))?;
    Ok((debtor, OptOut { channel, since }))
}

fn read_agreement(row: &rusqlite::Row, path: &Path) -> Result<(String, Agreement), LoadError> {
    let text = |i| row.get::<_, String>(i).map_err(sql_err(path));
    let debtor = text(0)?;
    let made_text = borrowed_text(row, 2, path)?;
    let made_on = parse_date(made_text)
        .ok_or_else(|| bad(path, "agreements", &debtor, "made_on", made_text))?;
    let installments = row.get::<_, i64>(3).map_err(sql_err(path))?;
    let installments = u32::try_from(installments).map_err(|_| {
        bad(
            path,
            "agreements",
            &debtor,
            "installments",
            &installments.to_string(),
        )
    })?;
    let agreement = Agreement {
        id: text(1)?,
        made_on,
        installments,
        status: text(4)?,
    };
    Ok((debtor, agreement))
}
