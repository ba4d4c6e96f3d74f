//! The plan store's schema as an ordered list of migrations, as the portfolio's
//! (`portfolio::migrations`): migration `i` (0-based) takes a file from version `i` to
//! `i + 1`, and the `schema_version` table records how far it has come. Append new
//! migrations at the end; never edit or reorder a released one. Owns only the SQL; applying
//! it is `plan::store`'s job.

/// Every migration, oldest first. The store's version is the number applied.
pub const MIGRATIONS: &[&str] = &[
    // 1: the schema of the first release (no `schema_version` table then). Written with
    // `IF NOT EXISTS` so that a store of that release, which has these tables and no
    // version, is taken to version 1 without change.
    r#"
    CREATE TABLE IF NOT EXISTS plan_runs (
        as_of       TEXT NOT NULL,
        strategy    TEXT NOT NULL,
        version     INTEGER NOT NULL,
        created_by  TEXT NOT NULL,
        PRIMARY KEY (as_of, strategy, version)
    );
    CREATE TABLE IF NOT EXISTS plan_actions (
        action_id        TEXT PRIMARY KEY,
        as_of            TEXT NOT NULL,
        strategy         TEXT NOT NULL,
        strategy_version INTEGER NOT NULL,
        debtor_id        TEXT NOT NULL,
        rule             TEXT NOT NULL,
        line             INTEGER NOT NULL,
        kind             TEXT NOT NULL,
        channel          TEXT,
        template         TEXT,
        text             TEXT,
        offer            TEXT,
        target           TEXT,
        scheduled_for    TEXT NOT NULL,
        status           TEXT NOT NULL,
        reason           TEXT,
        dispatch_status  TEXT NOT NULL DEFAULT 'pending'
    );
    CREATE INDEX IF NOT EXISTS plan_actions_by_debtor ON plan_actions (debtor_id, as_of);
    CREATE INDEX IF NOT EXISTS plan_actions_by_dispatch
        ON plan_actions (dispatch_status, scheduled_for);
    "#,
    // 2: the typed contract. `due_at` is `scheduled_for` in UTC (`...Z`), and the dispatch
    // index is on it: the text order of times in offsets -02:00 to -05:00 is not time
    // order. `reason_code` is the stable code of a suppression (docs/plan.md); rows of
    // earlier runs get it from the reason's words, which the first release wrote with a
    // fixed prefix per guardrail.
    r#"
    ALTER TABLE plan_actions ADD COLUMN due_at TEXT NOT NULL DEFAULT '';
    ALTER TABLE plan_actions ADD COLUMN reason_code TEXT;
    UPDATE plan_actions SET due_at = strftime('%Y-%m-%dT%H:%M:%SZ', scheduled_for);
    UPDATE plan_actions SET reason_code = CASE
        WHEN reason LIKE 'once:%' THEN 'once_done'
        WHEN reason LIKE 'every %' THEN 'every_not_due'
        WHEN reason LIKE 'opt-out:%' THEN 'opt_out'
        WHEN reason LIKE 'no address:%' THEN 'no_address'
        WHEN reason = 'agreement in force' THEN 'agreement_in_force'
        WHEN reason LIKE 'no contact window%' THEN 'no_contact_window'
        WHEN reason LIKE 'max contacts %' THEN 'max_contacts'
        WHEN reason LIKE 'max %' THEN 'channel_cap'
        WHEN reason LIKE 'bureau: debt overdue more than 5 years%' THEN 'bureau_five_years'
        WHEN reason LIKE 'bureau: the policy sets no bureau notice%'
            THEN 'bureau_no_notice_policy'
        WHEN reason LIKE 'bureau: no letter%' THEN 'bureau_no_letter'
        WHEN reason LIKE 'offer:%' THEN 'offer_unavailable'
    END
    WHERE status = 'suppressed';
    DROP INDEX IF EXISTS plan_actions_by_dispatch;
    CREATE INDEX plan_actions_by_dispatch ON plan_actions (dispatch_status, due_at);
    -- A strat of the first release knows no schema_version and would go on inserting rows
    -- without due_at or reason_code (the column default lets it), rows the executor would
    -- claim first. Refuse them, so that run fails whole instead.
    CREATE TRIGGER plan_actions_written_by_an_older_strat
    BEFORE INSERT ON plan_actions
    WHEN NEW.due_at = '' OR (NEW.status = 'suppressed' AND NEW.reason_code IS NULL)
    BEGIN
        SELECT RAISE(ABORT, 'this plan store was upgraded by a newer strat (plan store schema version 2): write to it with that strat');
    END;
    "#,
];

/// The schema version this code writes and understands.
pub fn current_version() -> u32 {
    MIGRATIONS.len() as u32
}
