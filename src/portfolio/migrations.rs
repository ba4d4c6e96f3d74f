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
    // 2: the secondary indexes the loader's ordered scans used (replaced by 3).
    r#"
    CREATE INDEX IF NOT EXISTS debts_by_debtor ON debts (debtor_id, due_on, id);
    CREATE INDEX IF NOT EXISTS payments_by_debt ON payments (debt_id);
    CREATE INDEX IF NOT EXISTS contacts_by_debtor ON contacts (debtor_id);
    CREATE INDEX IF NOT EXISTS opt_outs_by_debtor ON opt_outs (debtor_id);
    CREATE INDEX IF NOT EXISTS agreements_by_debtor ON agreements (debtor_id);
    "#,
    // 3: the event tables clustered by debtor, so the loader's debtor-ordered reads are
    // sequential scans instead of an index walk plus one lookup per row. Debts and payments
    // are WITHOUT ROWID tables keyed by debtor first, with a UNIQUE index on their id (the
    // importer's duplicate check and payment -> debt lookup); payments carry their debt's
    // debtor (filled at import). Contacts, opt-outs and agreements keep their tables but get
    // covering indexes in debtor order, so their scans never touch the table. Earlier files
    // are upgraded in place by copying (payments of an unknown debt, which no import could
    // write, are not carried over).
    r#"
    DROP INDEX IF EXISTS debts_by_debtor;
    DROP INDEX IF EXISTS payments_by_debt;
    CREATE TABLE debts_clustered (
        id TEXT NOT NULL,
        debtor_id TEXT NOT NULL,
        principal TEXT NOT NULL,
        issued_on TEXT NOT NULL,
        due_on TEXT NOT NULL,
        PRIMARY KEY (debtor_id, due_on, id)
    ) WITHOUT ROWID;
    INSERT INTO debts_clustered (id, debtor_id, principal, issued_on, due_on)
        SELECT id, debtor_id, principal, issued_on, due_on FROM debts
        ORDER BY debtor_id, due_on, id;
    CREATE TABLE payments_clustered (
        id TEXT NOT NULL,
        debt_id TEXT NOT NULL,
        debtor_id TEXT NOT NULL,
        paid_on TEXT NOT NULL,
        amount TEXT NOT NULL,
        PRIMARY KEY (debtor_id, debt_id, paid_on, id)
    ) WITHOUT ROWID;
    INSERT INTO payments_clustered (id, debt_id, debtor_id, paid_on, amount)
        SELECT p.id, p.debt_id, d.debtor_id, p.paid_on, p.amount
        FROM payments p JOIN debts d ON d.id = p.debt_id
        ORDER BY d.debtor_id, p.debt_id, p.paid_on, p.id;
    DROP TABLE payments;
    DROP TABLE debts;
    ALTER TABLE debts_clustered RENAME TO debts;
    ALTER TABLE payments_clustered RENAME TO payments;
    CREATE UNIQUE INDEX debts_by_id ON debts (id);
    CREATE UNIQUE INDEX payments_by_id ON payments (id);
    DROP INDEX IF EXISTS contacts_by_debtor;
    DROP INDEX IF EXISTS opt_outs_by_debtor;
    DROP INDEX IF EXISTS agreements_by_debtor;
    CREATE INDEX contacts_by_debtor ON contacts (debtor_id, at, channel, rule, outcome);
    CREATE INDEX opt_outs_by_debtor ON opt_outs (debtor_id, since, channel);
    CREATE INDEX agreements_by_debtor
        ON agreements (debtor_id, made_on, id, installments, status);
    "#,
];

/// A secondary index: its table and the statements that drop and (re)create it. The import
/// drops an empty table's indexes before a bulk load and rebuilds them after, which is
/// faster than maintaining them row by row. The UNIQUE id indexes are not listed: they
/// must catch a duplicate id at the row that repeats it.
pub struct Index {
    pub table: &'static str,
    pub drop: &'static str,
    pub create: &'static str,
}

/// The secondary indexes of the current schema (must match the last migration creating them).
pub const INDEXES: &[Index] = &[
    Index {
        table: "contacts",
        drop: "DROP INDEX IF EXISTS contacts_by_debtor",
        create: "CREATE INDEX IF NOT EXISTS contacts_by_debtor \
                 ON contacts (debtor_id, at, channel, rule, outcome)",
    },
    Index {
        table: "opt_outs",
        drop: "DROP INDEX IF EXISTS opt_outs_by_debtor",
        create: "CREATE INDEX IF NOT EXISTS opt_outs_by_debtor \
                 ON opt_outs (debtor_id, since, channel)",
    },
    Index {
        table: "agreements",
        drop: "DROP INDEX IF EXISTS agreements_by_debtor",
        create: "CREATE INDEX IF NOT EXISTS agreements_by_debtor \
                 ON agreements (debtor_id, made_on, id, installments, status)",
    },
];

/// The schema version this code writes and understands.
pub fn current_version() -> u32 {
    MIGRATIONS.len() as u32
}
