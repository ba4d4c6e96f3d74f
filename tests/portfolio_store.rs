//! The store: migrations at open, refusing a newer schema, not creating a portfolio by
//! accident.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use strat::portfolio::migrations::current_version;
use strat::portfolio::store::{Store, StoreError, Table};

#[test]
fn a_new_portfolio_is_migrated_to_the_current_version_and_reopens() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.db");
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), current_version());
    for table in Table::ALL {
        assert_eq!(store.count(table).unwrap(), 0, "{}", table.name());
    }
    assert!(store.custom_columns().unwrap().is_empty());
    drop(store);
    let again = Store::open_existing(&path).unwrap();
    assert_eq!(again.schema_version().unwrap(), current_version());
}

#[test]
fn a_portfolio_from_a_newer_strat_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.db");
    let store = Store::open(&path).unwrap();
    store
        .conn()
        .execute("UPDATE schema_version SET version = 99", [])
        .unwrap();
    drop(store);
    let err = Store::open(&path).unwrap_err();
    assert!(
        matches!(err, StoreError::NewerSchema { found: 99, .. }),
        "{err:?}"
    );
    assert!(err
        .to_string()
        .contains("schema version 99, newer than this strat"));
}

#[test]
fn open_existing_does_not_create_a_portfolio() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("typo.db");
    let err = Store::open_existing(&path).unwrap_err();
    assert!(matches!(err, StoreError::NotFound { .. }), "{err:?}");
    assert!(!path.exists());
}

#[test]
fn a_version_2_portfolio_is_upgraded_in_place_with_its_rows() {
    use strat::portfolio::load::load_debtor;
    use strat::portfolio::migrations::MIGRATIONS;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        // A file as the first release wrote it: migrations 1 and 2 only, with rows.
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(MIGRATIONS[0]).unwrap();
        conn.execute_batch(MIGRATIONS[1]).unwrap();
        conn.execute_batch(
            "CREATE TABLE schema_version (version INTEGER NOT NULL);
             INSERT INTO schema_version VALUES (2);
             INSERT INTO debtors (id, name) VALUES ('A', 'Ana'), ('B', 'Bia');
             INSERT INTO debts VALUES ('T9', 'A', '10.00', '2025-01-01', '2025-02-01');
             INSERT INTO debts VALUES ('T1', 'A', '20.00', '2025-01-01', '2025-03-01');
             INSERT INTO debts VALUES ('T5', 'B', '30.00', '2025-01-01', '2025-01-15');
             INSERT INTO payments VALUES ('P2', 'T1', '2025-03-05', '5.00');
             INSERT INTO payments VALUES ('P1', 'T9', '2025-02-03', '10.00');
             INSERT INTO payments VALUES ('P3', 'T5', '2025-01-20', '1.00');
             INSERT INTO contacts (debtor_id, channel, at) VALUES
                 ('A', 'sms', '2025-03-02T10:00:00-03:00'),
                 ('A', 'sms', '2025-03-02T10:00:00-03:00');",
        )
        .unwrap();
    }
    let store = Store::open_existing(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), current_version());
    assert_eq!(store.count(Table::Debts).unwrap(), 3);
    assert_eq!(store.count(Table::Payments).unwrap(), 3);
    assert_eq!(store.count(Table::Contacts).unwrap(), 2);
    let debtor_of_p2: String = store
        .conn()
        .query_row("SELECT debtor_id FROM payments WHERE id = 'P2'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(debtor_of_p2, "A");
    let a = load_debtor(&store, "A", &[]).unwrap().unwrap();
    let debts: Vec<&str> = a.debts.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(debts, ["T9", "T1"], "debts by due date");
    let payments: Vec<(&str, usize)> = a.payments.iter().map(|p| (p.id.as_str(), p.debt)).collect();
    assert_eq!(
        payments,
        [("P1", 0), ("P2", 1)],
        "payments by date, tied to their debt"
    );
    assert_eq!(a.contacts.len(), 2, "identical contacts are both kept");
    // The id stays unique across debtors after the upgrade.
    let dup = store.conn().execute(
        "INSERT INTO debts VALUES ('T5', 'A', '1.00', '2025-01-01', '2025-01-02')",
        [],
    );
    assert!(dup.is_err(), "a second debt T5 must be refused");
}
