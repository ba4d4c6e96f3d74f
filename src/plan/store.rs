//! The SQLite plan store: the queue the executor claims from. Table `plan_actions` holds every
//! field of the record plus `dispatch_status` ([`DispatchStatus`]: `pending` for planned
//! actions, `skipped` for suppressed ones; the executor moves `pending` rows on);
//! `plan_runs` records each run. The schema is versioned (`plan::migrations`): a store of an
//! earlier release is upgraded in place when opened.
//! Inserts are `INSERT OR IGNORE` on the deterministic `action_id`, so re-running the same
//! as-of date is idempotent and never resets a row the executor already claimed. Also reads a
//! debtor's earlier planned actions for repetition and the bureau notice. Must not decide
//! anything about actions.

use super::action::{format_rfc3339, format_utc, Action, ActionKind, Status};
use super::build::EarlierAction;
use super::migrations::MIGRATIONS;
use crate::schema::Channel;
use crate::sqlite::MigrateError;
use chrono::NaiveDate;
use rusqlite::{params, Connection, OpenFlags, OptionalExtension};
use std::path::Path;

/// Where a stored action is in its dispatch: the column `dispatch_status`, which the planner
/// writes once and the executor moves on. Documented with its transitions in docs/plan.md.
///
/// Today the planner writes `pending` (a planned action, waiting for the executor) and
/// `skipped` (a suppressed action, never dispatched; final). The executor will add
/// `claimed`, `sending`, `sent`, `failed`, `retry`, `cancelled`, `unknown` and `dead`
/// (PRODUCT.md §6), and a later plan may mark a pending action `superseded` (issue #11):
/// new variants are appended here, and a value this version does not know is read as an
/// error, never as `pending`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DispatchStatus {
    /// Planned, waiting for the executor to claim it.
    Pending,
    /// Suppressed by a guardrail: never dispatched (final).
    Skipped,
}

impl DispatchStatus {
    pub const ALL: [DispatchStatus; 2] = [DispatchStatus::Pending, DispatchStatus::Skipped];

    /// The status a new row gets.
    pub fn initial(status: Status) -> DispatchStatus {
        match status {
            Status::Planned => DispatchStatus::Pending,
            Status::Suppressed => DispatchStatus::Skipped,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            DispatchStatus::Pending => "pending",
            DispatchStatus::Skipped => "skipped",
        }
    }

    pub fn parse(s: &str) -> Option<DispatchStatus> {
        DispatchStatus::ALL.into_iter().find(|d| d.as_str() == s)
    }

    /// Whether the status can still change (the executor has work to do on it).
    pub fn is_final(self) -> bool {
        match self {
            DispatchStatus::Pending => false,
            DispatchStatus::Skipped => true,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("plan store `{path}`: {source}")]
    Sqlite {
        path: String,
        #[source]
        source: rusqlite::Error,
    },
    /// The store was written by a newer strat, with a schema this version does not know.
    #[error(
        "plan store `{path}` has schema version {found}, newer than this strat knows ({known}); \
         use a newer strat"
    )]
    NewerSchema {
        path: String,
        found: u32,
        known: u32,
    },
    #[error("plan store `{path}`: upgrading to schema version {version}: {source}")]
    Migration {
        path: String,
        version: u32,
        #[source]
        source: rusqlite::Error,
    },
    /// A stored action this version cannot read back (a kind, channel or date it does not
    /// know, e.g. written by a newer strat): an error rather than a skip, because `once`,
    /// `every` and the bureau notice would silently miss it.
    #[error("plan store `{path}`: action `{action_id}`: {message}")]
    UnreadableAction {
        path: String,
        action_id: String,
        message: String,
    },
}

/// An open plan store. Writes of one run go in one transaction (see [`PlanStore::begin_run`]
/// and [`PlanStore::commit`]), so the executor never sees half a plan.
pub struct PlanStore {
    conn: Connection,
    path: String,
    in_run: bool,
}

impl PlanStore {
    /// Open (or create) a store read-write, upgrading an earlier schema in place.
    pub fn open(path: &Path) -> Result<PlanStore, StoreError> {
        let mut store = PlanStore::connect(path, OpenFlags::default())?;
        // A 32 MB page cache (default 2 MB): action ids are hashes, so each run's inserts land
        // all over the primary-key index; with the small default cache most of them re-read
        // pages (1M-debtor runs: 9.1 -> 8.5 s and 11.0 -> 9.6 s wall; RSS 40 -> 95 MB).
        store
            .conn
            .execute_batch(
                "PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000; \
                 PRAGMA cache_size = -32768;",
            )
            .map_err(|e| store.error(e))?;
        store.migrate()?;
        Ok(store)
    }

    /// Apply every migration the file has not seen (`crate::sqlite::migrate`).
    fn migrate(&mut self) -> Result<(), StoreError> {
        let path = self.path.clone();
        crate::sqlite::migrate(&mut self.conn, MIGRATIONS).map_err(|e| match e {
            MigrateError::Sqlite(source) => StoreError::Sqlite { path, source },
            MigrateError::Newer { found, known } => StoreError::NewerSchema { path, found, known },
            MigrateError::Step { version, source } => StoreError::Migration {
                path,
                version,
                source,
            },
        })
    }

    /// The schema version recorded in the file (0 for a new file or one of the first
    /// release, which had no version).
    pub fn schema_version(&self) -> Result<u32, StoreError> {
        crate::sqlite::schema_version(&self.conn).map_err(|e| self.error(e))
    }

    /// A second connection to a store already opened with [`PlanStore::open`], for reading
    /// earlier actions from another thread while the run's transaction is open (WAL: readers
    /// see the committed plans and never block the writer). Must not be used to write.
    pub fn open_reader(path: &Path) -> Result<PlanStore, StoreError> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let store = PlanStore::connect(path, flags)?;
        store
            .conn
            .execute_batch("PRAGMA busy_timeout = 5000;")
            .map_err(|e| store.error(e))?;
        Ok(store)
    }

    fn connect(path: &Path, flags: OpenFlags) -> Result<PlanStore, StoreError> {
        let name = path.display().to_string();
        match Connection::open_with_flags(path, flags) {
            Ok(conn) => Ok(PlanStore {
                conn,
                path: name,
                in_run: false,
            }),
            Err(source) => Err(StoreError::Sqlite { path: name, source }),
        }
    }

    fn error(&self, source: rusqlite::Error) -> StoreError {
        StoreError::Sqlite {
            path: self.path.clone(),
            source,
        }
    }

    /// Start a run: opens the transaction and records the run.
    pub fn begin_run(
        &mut self,
        as_of: NaiveDate,
        strategy: &str,
        version: u32,
        created_by: &str,
    ) -> Result<(), StoreError> {
        self.conn
            .execute_batch("BEGIN IMMEDIATE")
            .map_err(|e| self.error(e))?;
        self.in_run = true;
        self.conn
            .execute(
                "INSERT OR IGNORE INTO plan_runs (as_of, strategy, version, created_by) \
                 VALUES (?1, ?2, ?3, ?4)",
                params![as_of.to_string(), strategy, version, created_by],
            )
            .map_err(|e| self.error(e))?;
        Ok(())
    }

    /// Commit the run's transaction.
    pub fn commit(&mut self) -> Result<(), StoreError> {
        if self.in_run {
            self.conn
                .execute_batch("COMMIT")
                .map_err(|e| self.error(e))?;
            self.in_run = false;
        }
        Ok(())
    }

    /// Insert one action; an action id already stored is left as it is.
    pub fn insert(&mut self, action: &Action) -> Result<(), StoreError> {
        let offer =
            match &action.offer {
                Some(offer) => Some(serde_json::to_string(offer).map_err(|e| {
                    self.error(rusqlite::Error::ToSqlConversionFailure(Box::new(e)))
                })?),
                None => None,
            };
        let dispatch = DispatchStatus::initial(action.status);
        let mut insert = self
            .conn
            .prepare_cached(
                "INSERT OR IGNORE INTO plan_actions (action_id, as_of, strategy, \
                 strategy_version, debtor_id, rule, line, kind, channel, template, text, offer, \
                 target, scheduled_for, due_at, status, reason_code, reason, dispatch_status) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, \
                 ?17, ?18, ?19)",
            )
            .map_err(|e| self.error(e))?;
        insert
            .execute(params![
                action.action_id,
                action.as_of.to_string(),
                action.strategy,
                action.strategy_version,
                action.debtor_id,
                action.rule,
                action.line,
                action.kind.as_str(),
                action.channel.map(Channel::as_str),
                action.template,
                action.text,
                offer,
                action.target,
                format_rfc3339(&action.scheduled_for),
                format_utc(&action.due_at),
                action.status.as_str(),
                action.reason_code.map(|c| c.as_str()),
                action.reason,
                dispatch.as_str(),
            ])
            .map_err(|e| self.error(e))?;
        Ok(())
    }

    /// The debtor's planned actions from runs with an as-of date before `as_of` (any
    /// strategy), into `out` (cleared first).
    pub fn earlier_actions(
        &self,
        debtor_id: &str,
        as_of: NaiveDate,
        out: &mut Vec<EarlierAction>,
    ) -> Result<(), StoreError> {
        out.clear();
        let sql = "SELECT debtor_id, strategy, rule, kind, channel, scheduled_for, action_id \
                   FROM plan_actions \
                   WHERE debtor_id = ?1 AND as_of < ?2 AND status = 'planned' \
                   ORDER BY as_of, action_id";
        self.read_earlier(sql, params![debtor_id, as_of.to_string()], |_, action| {
            out.push(action)
        })
    }

    /// [`PlanStore::earlier_actions`] for every debtor with an id from `from` (inclusive) to
    /// `to` (exclusive; `None`: to the last), as (debtor id, action) in debtor order, each
    /// debtor's in the order `earlier_actions` gives: one query per shard of a plan instead
    /// of one per debtor. `out` is cleared first.
    pub fn earlier_actions_between(
        &self,
        from: &str,
        to: Option<&str>,
        as_of: NaiveDate,
        out: &mut Vec<(String, EarlierAction)>,
    ) -> Result<(), StoreError> {
        out.clear();
        let as_of = as_of.to_string();
        let mut push = |debtor: &str, action| out.push((debtor.to_string(), action));
        match to {
            Some(to) => self.read_earlier(
                "SELECT debtor_id, strategy, rule, kind, channel, scheduled_for, action_id \
                 FROM plan_actions \
                 WHERE debtor_id >= ?1 AND debtor_id < ?2 AND as_of < ?3 \
                 AND status = 'planned' ORDER BY debtor_id, as_of, action_id",
                params![from, to, as_of],
                &mut push,
            ),
            None => self.read_earlier(
                "SELECT debtor_id, strategy, rule, kind, channel, scheduled_for, action_id \
                 FROM plan_actions \
                 WHERE debtor_id >= ?1 AND as_of < ?2 \
                 AND status = 'planned' ORDER BY debtor_id, as_of, action_id",
                params![from, as_of],
                &mut push,
            ),
        }
    }

    /// Run a query of (debtor_id, strategy, rule, kind, channel, scheduled_for, action_id)
    /// rows and hand each to `visit`; a row this version cannot read is an error.
    fn read_earlier(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
        mut visit: impl FnMut(&str, EarlierAction),
    ) -> Result<(), StoreError> {
        let mut query = self.conn.prepare_cached(sql).map_err(|e| self.error(e))?;
        let mut rows = query.query(params).map_err(|e| self.error(e))?;
        while let Some(row) = rows.next().map_err(|e| self.error(e))? {
            let text = |i| row.get_ref(i).and_then(|v| Ok(v.as_str()?));
            let read = || -> rusqlite::Result<_> {
                Ok((
                    text(0)?,
                    text(1)?,
                    text(2)?,
                    text(3)?,
                    row.get_ref(4)?.as_str_or_null()?,
                    text(5)?,
                    text(6)?,
                ))
            };
            let (debtor, strategy, rule, kind, channel, scheduled_for, action_id) =
                read().map_err(|e| self.error(e))?;
            let unreadable = |message: String| StoreError::UnreadableAction {
                path: self.path.clone(),
                action_id: action_id.to_string(),
                message,
            };
            let kind = ActionKind::parse(kind).ok_or_else(|| {
                unreadable(format!("unknown kind `{kind}` (written by a newer strat?)"))
            })?;
            let channel = match channel {
                None => None,
                Some(c) => Some(Channel::parse(c).ok_or_else(|| {
                    unreadable(format!("unknown channel `{c}` (written by a newer strat?)"))
                })?),
            };
            let done_on = scheduled_for
                .get(..10)
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                .ok_or_else(|| {
                    unreadable(format!(
                        "`scheduled_for` `{scheduled_for}` does not start with a YYYY-MM-DD date"
                    ))
                })?;
            visit(
                debtor,
                EarlierAction {
                    strategy: strategy.to_string(),
                    rule: rule.to_string(),
                    kind,
                    channel,
                    done_on,
                },
            );
        }
        Ok(())
    }

    /// How many actions the store holds for an as-of date (for the run summary and tests).
    pub fn count_for(&self, as_of: NaiveDate) -> Result<u64, StoreError> {
        self.conn
            .query_row(
                "SELECT COUNT(*) FROM plan_actions WHERE as_of = ?1",
                params![as_of.to_string()],
                |row| row.get::<_, u64>(0),
            )
            .optional()
            .map(|n| n.unwrap_or(0))
            .map_err(|e| self.error(e))
    }
}

/// Who wrote a run, as recorded in `plan_runs.created_by`.
pub(super) const CREATED_BY: &str = concat!("strat ", env!("CARGO_PKG_VERSION"));
