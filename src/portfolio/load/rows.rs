//! One stored row of each table into a reused history item.

use super::cells::{bad, cell, channel_cell, date_cell, decimal_cell, set_optional_text, set_text};
use super::error::{sql_err, LoadError};
use crate::portfolio::history::{Agreement, Contact, Debt, DebtorHistory, OptOut, Payment};
use chrono::DateTime;
use rusqlite::types::ValueRef;
use std::path::Path;

/// Fill the identity and custom cells of `history` from a debtors row, reusing its strings.
/// Its event lists are refilled by the cursors.
pub(super) fn read_debtor(
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

pub(super) fn read_debt(
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
pub(super) struct PaymentRow {
    pub(super) debt_id: Vec<u8>,
    pub(super) payment: Payment,
}

pub(super) fn read_payment(
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

pub(super) fn read_contact(
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

pub(super) fn read_opt_out(
    row: &rusqlite::Row,
    debtor: &[u8],
    opt_out: &mut OptOut,
    path: &Path,
) -> Result<(), LoadError> {
    opt_out.channel = channel_cell(row, 1, path, ("opt_outs", debtor, "channel"))?;
    opt_out.since = date_cell(row, 2, path, ("opt_outs", debtor, "since"))?;
    Ok(())
}

pub(super) fn read_agreement(
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
