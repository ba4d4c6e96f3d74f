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
