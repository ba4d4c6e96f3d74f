//! Streaming load: every debtor's [`DebtorHistory`] in debtor-id order, read with one ordered
//! query per table and merge-joined here, so there is no query per debtor and memory holds
//! one debtor at a time whatever the portfolio's size. Reads only; parses the stored text
//! strictly (a value written behind the importer's back is an error, not a guess). Rows are
//! read into reused buffers, so a warm stream allocates nothing per debtor.

mod cells;
mod cursor;
mod error;
mod queries;
mod rows;
mod scope;

pub use error::LoadError;
pub use queries::{bind, queries};
pub use scope::{ContactScope, Debtors};

use super::history::{DebtorHistory, Payment};
use super::store::{custom_columns_of, Store};
use cells::bad;
use cursor::Cursor;
use error::sql_err;
use rows::{
    read_agreement, read_contact, read_debt, read_debtor, read_opt_out, read_payment, PaymentRow,
};

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
