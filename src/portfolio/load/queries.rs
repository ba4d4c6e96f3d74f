//! The six ordered queries of a stream (debtors, debts, payments, contacts, opt-outs,
//! agreements) for a set of debtors and a contact scope, and their bound parameters.

use super::scope::{ContactScope, Debtors};
use crate::portfolio::store::quote_ident;

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
