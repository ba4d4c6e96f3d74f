//! The portfolio: the SQLite event store (schema, migrations, CSV import) and the as-of
//! derivation of each debtor's built-in fields. IO (SQLite, CSV) stays in `store`/`import`;
//! `derive` is pure. Must not know about rules or plans.

pub mod derive;
pub mod history;
