//! Streaming load: every debtor's [`DebtorHistory`] in debtor-id order, read with one ordered
//! query per table and merge-joined here, so there is no query per debtor and memory holds
//! one debtor at a time whatever the portfolio's size. Reads only; parses the stored text
//! strictly (a value written behind the importer's back is an error, not a guess). Rows are
//! read into reused buffers, so a warm stream allocates nothing per debtor.

use super::history::{Agreement, Contact, Debt, DebtorHistory, OptOut, Payment};
use super::store::{custom_columns_of, quote_ident, Store};
use super::values::{parse_date_bytes, parse_decimal_bytes};
use crate::schema::Channel;
use chrono::{DateTime, NaiveDate};
use rusqlite::types::ValueRef;
use rust_decimal::Decimal;
use std::cmp::Ordering;
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

/// Which debtors a stream reads (ids compare as bytes, SQLite's default collation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Debtors<'a> {
    All,
    One(&'a str),
    /// Ids from `from` (inclusive) to `to` (exclusive; `None`: to the last): one shard of a
    /// portfolio planned on several threads.
    Range {
        from: &'a str,
        to: Option<&'a str>,
    },
}

/// Which stored contacts a stream reads. Everything reads them all except `strat plan`,
/// which needs only part of each debtor's history for one as-of date (`plan::scope` says
/// which) and leaves the rest in SQLite: on the benchmark portfolio, contacts (reading them
/// and planning with them) were about a tenth of a plan's instructions.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ContactScope {
    /// `None`: every contact. Otherwise only contacts whose local date (the date part of the
    /// stored RFC 3339 text, in the offset it was recorded with) is on or after this day,
    /// plus those matching `channels` or `rules`.
    pub since: Option<NaiveDate>,
    /// Contacts on these channels, whatever their date.
    pub channels: Vec<Channel>,
    /// Contacts that name one of these rules, whatever their date.
    pub rules: Vec<String>,
}

impl ContactScope {
    /// Every contact.
    pub fn all() -> ContactScope {
        ContactScope::default()
    }

    /// The SQL condition on `contacts` (empty for every contact). Literals, not parameters:
    /// the six queries share one parameter list.
    fn condition(&self) -> String {
        let Some(since) = self.since else {
            return String::new();
        };
        let mut any = vec![format!("at >= {}", sql_text(&since.to_string()))];
        if !self.channels.is_empty() {
            let names = sql_list(self.channels.iter().map(|c| c.as_str()));
            any.push(format!("channel IN ({names})"));
        }
        if !self.rules.is_empty() {
            let names = sql_list(self.rules.iter().map(String::as_str));
            any.push(format!("rule IN ({names})"));
        }
        format!("({})", any.join(" OR "))
    }
}

/// A SQL string literal (quotes doubled).
fn sql_text(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// SQL string literals, comma-separated.
fn sql_list<'a>(items: impl Iterator<Item = &'a str>) -> String {
    items.map(sql_text).collect::<Vec<_>>().join(", ")
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
    stream(
        store,
        custom_columns,
        Debtors::All,
        &ContactScope::all(),
        visit,
    )
}

/// Like [`for_each_debtor`], for the debtors `which` selects, with the contacts `contacts`
/// selects.
pub fn for_each_debtor_in<E>(
    store: &Store,
    custom_columns: &[String],
    which: Debtors,
    contacts: &ContactScope,
    visit: impl FnMut(&DebtorHistory) -> Result<(), E>,
) -> Result<(), E>
where
    E: From<LoadError>,
{
    stream(store, custom_columns, which, contacts, visit)
}

/// One debtor's history (for `strat explain`); `None` when there is no such debtor.
pub fn load_debtor(
    store: &Store,
    id: &str,
    custom_columns: &[String],
) -> Result<Option<DebtorHistory>, LoadError> {
    let mut found = None;
    stream(
        store,
        custom_columns,
        Debtors::One(id),
        &ContactScope::all(),
        |history| {
            found = Some(history.clone());
            Ok::<(), LoadError>(())
        },
    )?;
    Ok(found)
}

/// The id of the first debtor after skipping `count` debtors from `from` (inclusive; `None`:
/// from the first): where the next shard of `count` debtors starts. `None` when fewer than
/// `count + 1` debtors are left. Walks only the id column of that many rows.
pub fn debtor_after(
    store: &Store,
    from: Option<&str>,
    count: usize,
) -> Result<Option<String>, LoadError> {
    let sql = "SELECT id FROM debtors WHERE id >= ?1 ORDER BY id LIMIT 1 OFFSET ?2";
    let offset = i64::try_from(count).unwrap_or(i64::MAX);
    let path = store.path();
    let mut stmt = store.conn().prepare_cached(sql).map_err(sql_err(path))?;
    let mut rows = stmt
        .query(rusqlite::params![from.unwrap_or(""), offset])
        .map_err(sql_err(path))?;
    match rows.next().map_err(sql_err(path))? {
        Some(row) => Ok(Some(row.get(0).map_err(sql_err(path))?)),
        None => Ok(None),
    }
}

/// The ordered query of each table: debtors, debts, payments, contacts, opt-outs, agreements,
/// restricted as `which` says (`?1`, `?2`: its ids; see [`bind`]). Each walks its table's
/// primary key (debtors, debts, payments are clustered by debtor) or a covering index in
/// debtor order (contacts, opt-outs, agreements): a sequential read, no lookup per row.
/// Public so a test can check their query plans need no sort of a whole table.
pub fn queries(custom_columns: &[String], which: Debtors, contacts: &ContactScope) -> [String; 6] {
    let (debtor_filter, by_debtor) = match which {
        Debtors::All => ("", ""),
        Debtors::One(_) => ("WHERE id = ?1", "WHERE debtor_id = ?1"),
        Debtors::Range { to: None, .. } => ("WHERE id >= ?1", "WHERE debtor_id >= ?1"),
        Debtors::Range { to: Some(_), .. } => (
            "WHERE id >= ?1 AND id < ?2",
            "WHERE debtor_id >= ?1 AND debtor_id < ?2",
        ),
    };
    let contact_filter = match (contacts.condition(), by_debtor) {
        (condition, _) if condition.is_empty() => by_debtor.to_string(),
        (condition, "") => format!("WHERE {condition}"),
        (condition, by_debtor) => format!("{by_debtor} AND {condition}"),
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
            "SELECT debtor_id, channel, at, rule, outcome FROM contacts {contact_filter} \
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

/// The parameters of [`queries`] for `which`.
pub fn bind<'a>(which: &Debtors<'a>) -> Vec<&'a str> {
    match *which {
        Debtors::All => Vec::new(),
        Debtors::One(id) => vec![id],
        Debtors::Range { from, to: None } => vec![from],
        Debtors::Range { from, to: Some(to) } => vec![from, to],
    }
}

fn stream<E>(
    store: &Store,
    custom_columns: &[String],
    which: Debtors,
    contacts: &ContactScope,
    mut visit: impl FnMut(&DebtorHistory) -> Result<(), E>,
) -> Result<(), E>
where
    E: From<LoadError>,
{
    let conn = store.conn();
    let path = store.path();
    let sqlite = sql_err(path);
    let available = custom_columns_of(conn).map_err(&sqlite)?;
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
    let sql = queries(custom_columns, which, contacts);
    // Cached: a sharded plan runs these once per shard on the same connection.
    let mut statements = Vec::with_capacity(sql.len());
    for text in &sql {
        statements.push(conn.prepare_cached(text).map_err(&sqlite)?);
    }
    let params = bind(&which);
    let params: Vec<&dyn rusqlite::ToSql> =
        params.iter().map(|p| p as &dyn rusqlite::ToSql).collect();
    let mut queries = statements.iter_mut();
    let mut open = || -> Result<rusqlite::Rows<'_>, LoadError> {
        match queries.next() {
            Some(stmt) => stmt.query(params.as_slice()).map_err(&sqlite),
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
    let mut debtor_payments: Vec<PaymentRow> = Vec::new();
    let mut spare_payments: Vec<Payment> = Vec::new();
    while let Some(row) = debtors.next().map_err(&sqlite)? {
        read_debtor(row, custom_columns.len(), &mut history, path)?;
        let id = history.id.as_bytes();
        debts.take_for(id, &mut history.debts)?;
        payments.take_for(id, &mut debtor_payments)?;
        spare_payments.append(&mut history.payments);
        for row in &mut debtor_payments {
            let Some(index) = history
                .debts
                .iter()
                .position(|d| d.id.as_bytes() == row.debt_id)
            else {
                let debt = String::from_utf8_lossy(&row.debt_id);
                return Err(bad(path, "payments", id, "debt_id", &debt).into());
            };
            // Swap, not move: the row keeps a spare payment to read into next time.
            let mut payment = spare_payments.pop().unwrap_or_default();
            std::mem::swap(&mut payment, &mut row.payment);
            payment.debt = index;
            history.payments.push(payment);
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

/// Fill the identity and custom cells of `history` from a debtors row, reusing its strings.
/// Its event lists are refilled by the cursors.
fn read_debtor(
    row: &rusqlite::Row,
    custom: usize,
    history: &mut DebtorHistory,
    path: &Path,
) -> Result<(), LoadError> {
    set_text(&mut history.id, row, 0, path)?;
    set_text(&mut history.name, row, 1, path)?;
    let mut document = Some(std::mem::take(&mut history.document));
    set_optional_text(&mut document, row, 2, path)?;
    history.document = document.unwrap_or_default();
    set_optional_text(&mut history.email, row, 3, path)?;
    set_optional_text(&mut history.phone, row, 4, path)?;
    set_optional_text(&mut history.timezone, row, 5, path)?;
    history.custom.resize(custom, None);
    for (i, cell) in history.custom.iter_mut().enumerate() {
        match row.get_ref(6 + i).map_err(sql_err(path))? {
            ValueRef::Null => *cell = None,
            ValueRef::Text(t) | ValueRef::Blob(t) => {
                // A custom cell is whatever the importer stored; lossy only for bytes
                // written behind its back (derivation then reports the bad value).
                let text = String::from_utf8_lossy(t);
                let dst = cell.get_or_insert_with(String::new);
                dst.clear();
                dst.push_str(&text);
            }
            ValueRef::Integer(n) => *cell = Some(n.to_string()),
            ValueRef::Real(x) => *cell = Some(x.to_string()),
        }
    }
    Ok(())
}

/// A text cell's bytes, borrowed from SQLite's row buffer (no copy, no UTF-8 check: dates,
/// amounts and ids are parsed or compared as bytes). Anything but text is a bad value.
fn cell<'r>(row: &'r rusqlite::Row, i: usize, path: &Path) -> Result<&'r [u8], LoadError> {
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
fn set_text(dst: &mut String, row: &rusqlite::Row, i: usize, path: &Path) -> Result<(), LoadError> {
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
fn set_optional_text(
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

/// Reads one row (whose debtor id is given, for messages) into a reused item.
type ReadInto<T> = fn(&rusqlite::Row, &[u8], &mut T, &Path) -> Result<(), LoadError>;

/// One table's ordered rows with the next one read ahead (the merge join's cursor). Rows are
/// read into reused items: after the first debtors, loading allocates nothing.
struct Cursor<'s, 'p, T> {
    rows: rusqlite::Rows<'s>,
    path: &'p Path,
    read: ReadInto<T>,
    /// The row read ahead (valid while `ahead`) and its debtor id.
    ahead: bool,
    head_debtor: Vec<u8>,
    head: T,
    /// Items given back by the caller at each `take_for`, to read the next rows into.
    spare: Vec<T>,
}

impl<'s, 'p, T: Default> Cursor<'s, 'p, T> {
    fn open(
        rows: rusqlite::Rows<'s>,
        path: &'p Path,
        read: ReadInto<T>,
    ) -> Result<Self, LoadError> {
        let mut cursor = Cursor {
            rows,
            path,
            read,
            ahead: false,
            head_debtor: Vec::new(),
            head: T::default(),
            spare: Vec::new(),
        };
        cursor.advance()?;
        Ok(cursor)
    }

    fn advance(&mut self) -> Result<(), LoadError> {
        let path = self.path;
        match self.rows.next().map_err(sql_err(path))? {
            Some(row) => {
                let debtor = cell(row, 0, path)?;
                self.head_debtor.clear();
                self.head_debtor.extend_from_slice(debtor);
                (self.read)(row, debtor, &mut self.head, path)?;
                self.ahead = true;
            }
            None => self.ahead = false,
        }
        Ok(())
    }

    /// Replace `out` with every row of debtor `id`, skipping rows of debtors that sort before
    /// it (rows whose debtor does not exist). `out`'s old items are kept for reuse.
    fn take_for(&mut self, id: &[u8], out: &mut Vec<T>) -> Result<(), LoadError> {
        self.spare.append(out);
        while self.ahead {
            match self.head_debtor.as_slice().cmp(id) {
                Ordering::Less => self.advance()?,
                Ordering::Equal => {
                    let mut item = self.spare.pop().unwrap_or_default();
                    std::mem::swap(&mut item, &mut self.head);
                    out.push(item);
                    self.advance()?;
                }
                Ordering::Greater => break,
            }
        }
        Ok(())
    }
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
fn date_cell(
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
fn decimal_cell(
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
fn channel_cell(
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

fn read_debt(
    row: &rusqlite::Row,
    debtor: &[u8],
    debt: &mut Debt,
    path: &Path,
) -> Result<(), LoadError> {
    set_text(&mut debt.id, row, 1, path)?;
    debt.principal = decimal_cell(row, 2, path, ("debts", debtor, "principal"))?;
    debt.issued_on = date_cell(row, 3, path, ("debts", debtor, "issued_on"))?;
    debt.due_on = date_cell(row, 4, path, ("debts", debtor, "due_on"))?;
    Ok(())
}

/// A payment as read, with the id of its debt; the caller turns that id into the index of
/// the debt in the history.
#[derive(Default)]
struct PaymentRow {
    debt_id: Vec<u8>,
    payment: Payment,
}

fn read_payment(
    row: &rusqlite::Row,
    debtor: &[u8],
    item: &mut PaymentRow,
    path: &Path,
) -> Result<(), LoadError> {
    item.debt_id.clear();
    item.debt_id.extend_from_slice(cell(row, 1, path)?);
    set_text(&mut item.payment.id, row, 2, path)?;
    item.payment.paid_on = date_cell(row, 3, path, ("payments", debtor, "paid_on"))?;
    item.payment.amount = decimal_cell(row, 4, path, ("payments", debtor, "amount"))?;
    Ok(())
}

fn read_contact(
    row: &rusqlite::Row,
    debtor: &[u8],
    contact: &mut Contact,
    path: &Path,
) -> Result<(), LoadError> {
    contact.channel = channel_cell(row, 1, path, ("contacts", debtor, "channel"))?;
    let at = cell(row, 2, path)?;
    contact.at = std::str::from_utf8(at)
        .ok()
        .and_then(|text| DateTime::parse_from_rfc3339(text).ok())
        .ok_or_else(|| bad(path, "contacts", debtor, "at", &String::from_utf8_lossy(at)))?;
    set_text(&mut contact.rule, row, 3, path)?;
    set_text(&mut contact.outcome, row, 4, path)?;
    Ok(())
}

fn read_opt_out(
    row: &rusqlite::Row,
    debtor: &[u8],
    opt_out: &mut OptOut,
    path: &Path,
) -> Result<(), LoadError> {
    opt_out.channel = channel_cell(row, 1, path, ("opt_outs", debtor, "channel"))?;
    opt_out.since = date_cell(row, 2, path, ("opt_outs", debtor, "since"))?;
    Ok(())
}

fn read_agreement(
    row: &rusqlite::Row,
    debtor: &[u8],
    agreement: &mut Agreement,
    path: &Path,
) -> Result<(), LoadError> {
    set_text(&mut agreement.id, row, 1, path)?;
    agreement.made_on = date_cell(row, 2, path, ("agreements", debtor, "made_on"))?;
    let installments = row.get::<_, i64>(3).map_err(sql_err(path))?;
    agreement.installments = u32::try_from(installments).map_err(|_| {
        bad(
            path,
            "agreements",
            debtor,
            "installments",
            &installments.to_string(),
        )
    })?;
    set_text(&mut agreement.status, row, 4, path)?;
    Ok(())
}
