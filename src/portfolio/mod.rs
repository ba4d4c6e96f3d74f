//! The portfolio: the SQLite event store (schema, migrations, CSV import), streaming load of
//! each debtor's history, and the pure as-of derivation of each debtor's built-in fields.
//! IO (SQLite, CSV) stays in `store`/`import`/`load`; `derive` and `values` are pure. Must
//! not know about rules or plans.

pub mod custom;
pub mod derive;
pub mod derive_error;
pub mod history;
pub mod import;
pub mod load;
pub mod migrations;
pub mod store;
pub mod values;
