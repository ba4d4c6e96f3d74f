//! The portfolio schema as an ordered list of migrations. Migration `i` (0-based) takes the
//! database from version `i` to `i + 1`; `schema_version` records how far a file has come.
//! Append new migrations at the end; never edit or reorder a released one.

/// Every migration, oldest first. The database's version is the number applied.
pub const MIGRATIONS: &[&str] = &[
    // 1: the event tables (PRODUCT.md §3). Money is exact decimal text, dates ISO text,
    // contact times RFC 3339 text. Tables keyed by a text id are clustered on it
    // (WITHOUT ROWID) so that a debtor-id-ordered scan reads in storage order.
    r#"
    CREATE TABLE debtors (
        id TEXT PRIMARY KEY NOT NULL,
        name TEXT NOT NULL,
        document TEXT,
        email TEXT,
        phone TEXT,
        timezone TEXT
    ) WITHOUT ROWID;
    CREATE TABLE debts (
        id TEXT PRIMARY KEY NOT NULL,
        debtor_id TEXT NOT NULL,
        principal TEXT NOT NULL,
        issued_on TEXT NOT NULL,
        due_on TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE payments (
        id TEXT PRIMARY KEY NOT NULL,
        debt_id TEXT NOT NULL,
        paid_on TEXT NOT NULL,
        amount TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE contacts (
        debtor_id TEXT NOT NULL,
        channel TEXT NOT NULL,
        at TEXT NOT NULL,
        rule TEXT NOT NULL DEFAULT '',
        outcome TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE opt_outs (
        debtor_id TEXT NOT NULL,
        channel TEXT NOT NULL,
        since TEXT NOT NULL
    );
    CREATE TABLE agreements (
        id TEXT PRIMARY KEY NOT NULL,
        debtor_id TEXT NOT NULL,
        made_on TEXT NOT NULL,
        installments INTEGER NOT NULL,
        status TEXT NOT NULL
    ) WITHOUT ROWID;
    "#,
    // 2: the secondary indexes the loader's ordered scans use (see `indexes`).
    r#"
    CREATE INDEX IF NOT EXISTS debts_by_debtor ON debts (debtor_id, due_on, id);
    CREATE INDEX IF NOT EXISTS payments_by_debt ON payments (debt_id);
    CREATE INDEX IF NOT EXISTS contacts_by_debtor ON contacts (debtor_id);
    CREATE INDEX IF NOT EXISTS opt_outs_by_debtor ON opt_outs (debtor_id);
    CREATE INDEX IF NOT EXISTS agreements_by_debtor ON agreements (debtor_id);
    "#,
];

/// A secondary index: its table and the statements that drop and (re)create it. The import
/// drops an empty table's indexes before a bulk load and rebuilds them after, which is
/// faster than maintaining them row by row.
pub struct Index {
    pub table: &'static str,
    pub drop: &'static str,
    pub create: &'static str,
}

/// The secondary indexes of the current schema (must match the last migration creating them).
pub const INDEXES: &[Index] = &[
    Index {
        table: "debts",
        drop: "DROP INDEX IF EXISTS debts_by_debtor",
        create: "CREATE INDEX IF NOT EXISTS debts_by_debtor ON debts (debtor_id, due_on, id)",
    },
    Index {
        table: "payments",
        drop: "DROP INDEX IF EXISTS payments_by_debt",
        create: "CREATE INDEX IF NOT EXISTS payments_by_debt ON payments (debt_id)",
    },
    Index {
        table: "contacts",
        drop: "DROP INDEX IF EXISTS contacts_by_debtor",
        create: "CREATE INDEX IF NOT EXISTS contacts_by_debtor ON contacts (debtor_id)",
    },
    Index {
        table: "opt_outs",
        drop: "DROP INDEX IF EXISTS opt_outs_by_debtor",
        create: "CREATE INDEX IF NOT EXISTS opt_outs_by_debtor ON opt_outs (debtor_id)",
    },
    Index {
        table: "agreements",
        drop: "DROP INDEX IF EXISTS agreements_by_debtor",
        create: "CREATE INDEX IF NOT EXISTS agreements_by_debtor ON agreements (debtor_id)",
    },
];

/// The schema version this code writes and understands.
pub fn current_version() -> u32 {
    MIGRATIONS.len() as u32
}
