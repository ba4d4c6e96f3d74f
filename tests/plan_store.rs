//! The SQLite plan store on its own: schema, idempotent inserts, and reading a debtor's
//! earlier planned actions back (only `planned`, only earlier as-of dates, the local date of
//! `scheduled_for`), the schema version and the in-place upgrade of a store written by the
//! first release (fixture `tests/fixtures/plan_store/v0_release_2a7123a.db`), and the
//! dispatch order by the UTC instant.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::Connection;
use strat::plan::action::{Action, ActionKind, ReasonCode, Status};
use strat::plan::build::EarlierAction;
use strat::plan::migrations::current_version;
use strat::plan::store::{DispatchStatus, PlanStore, StoreError};
use strat::schema::Channel;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn action(
    id: &str,
    as_of: &str,
    kind: ActionKind,
    channel: Option<Channel>,
    at: &str,
    status: Status,
) -> Action {
    Action {
        action_id: id.into(),
        as_of: d(as_of),
        strategy: "s".into(),
        strategy_version: 1,
        debtor_id: "D1".into(),
        rule: "r".into(),
        line: 3,
        kind,
        channel,
        template: None,
        text: None,
        offer: None,
        target: None,
        scheduled_for: DateTime::parse_from_rfc3339(at).unwrap(),
        due_at: DateTime::parse_from_rfc3339(at)
            .unwrap()
            .with_timezone(&Utc),
        status,
        reason_code: (status == Status::Suppressed).then_some(ReasonCode::OptOut),
        reason: (status == Status::Suppressed).then(|| "why".to_string()),
    }
}

/// A store at `path` in the middle of a run (as of 2025-04-18) holding `one` action.
fn store_with(path: &std::path::Path, one: Action) -> PlanStore {
    let mut store = PlanStore::open(path).unwrap();
    store.begin_run(d("2025-04-18"), "s", 1, "test").unwrap();
    store.insert(&one).unwrap();
    store
}

#[test]
fn earlier_actions_are_planned_ones_of_earlier_dates() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = PlanStore::open(&dir.path().join("plan.db")).unwrap();
    store.begin_run(d("2025-04-18"), "s", 1, "test").unwrap();
    // Scheduled late on the 19th in Manaus: still the 19th locally.
    store
        .insert(&action(
            "a1",
            "2025-04-18",
            ActionKind::Contact,
            Some(Channel::Letter),
            "2025-04-19T23:30:00-04:00",
            Status::Planned,
        ))
        .unwrap();
    store
        .insert(&action(
            "a2",
            "2025-04-18",
            ActionKind::Contact,
            Some(Channel::Sms),
            "2025-04-19T09:00:00-03:00",
            Status::Suppressed,
        ))
        .unwrap();
    store
        .insert(&action(
            "a3",
            "2025-04-20",
            ActionKind::Tag,
            None,
            "2025-04-20T00:00:00-03:00",
            Status::Planned,
        ))
        .unwrap();
    // The same id again is ignored, whatever it says.
    store
        .insert(&action(
            "a1",
            "2025-04-18",
            ActionKind::Tag,
            None,
            "2025-04-18T00:00:00-03:00",
            Status::Planned,
        ))
        .unwrap();
    store.commit().unwrap();

    let mut earlier = Vec::new();
    store
        .earlier_actions("D1", d("2025-04-20"), &mut earlier)
        .unwrap();
    assert_eq!(
        earlier,
        vec![EarlierAction {
            strategy: "s".into(),
            rule: "r".into(),
            kind: ActionKind::Contact,
            channel: Some(Channel::Letter),
            done_on: d("2025-04-19"),
        }]
    );
    store
        .earlier_actions("D1", d("2025-04-21"), &mut earlier)
        .unwrap();
    assert_eq!(earlier.len(), 2);
    store
        .earlier_actions("D2", d("2025-04-21"), &mut earlier)
        .unwrap();
    assert!(earlier.is_empty());
    assert_eq!(store.count_for(d("2025-04-18")).unwrap(), 2);

    // One query per shard (id range) gives what one query per debtor gives, tagged by debtor.
    let mut per_debtor = Vec::new();
    store
        .earlier_actions("D1", d("2025-04-21"), &mut per_debtor)
        .unwrap();
    let expected: Vec<(String, EarlierAction)> = per_debtor
        .into_iter()
        .map(|a| ("D1".to_string(), a))
        .collect();
    let mut shard = Vec::new();
    for (from, to) in [("", None), ("D1", Some("D2")), ("", Some("D10"))] {
        store
            .earlier_actions_between(from, to, d("2025-04-21"), &mut shard)
            .unwrap();
        assert_eq!(shard, expected, "{from:?}..{to:?}");
    }
    for (from, to) in [("", Some("D1")), ("D10", None)] {
        store
            .earlier_actions_between(from, to, d("2025-04-21"), &mut shard)
            .unwrap();
        assert!(shard.is_empty(), "{from:?}..{to:?}");
    }
}

#[test]
fn an_uncommitted_run_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.db");
    // Dropped without commit, as when a run fails half-way.
    drop(store_with(
        &path,
        action(
            "a1",
            "2025-04-18",
            ActionKind::Tag,
            None,
            "2025-04-18T00:00:00-03:00",
            Status::Planned,
        ),
    ));
    let store = PlanStore::open(&path).unwrap();
    assert_eq!(store.count_for(d("2025-04-18")).unwrap(), 0);
}

/// A stored action this version cannot read back (here a kind from a newer strat, then an
/// unknown channel, then a date that is not one) fails the read, naming the action, instead
/// of being skipped: `once`, `every` and the bureau notice would otherwise forget it.
#[test]
fn an_unreadable_earlier_action_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.db");
    let mut store = store_with(
        &path,
        action(
            "a1",
            "2025-04-18",
            ActionKind::Contact,
            Some(Channel::Letter),
            "2025-04-19T09:00:00-03:00",
            Status::Planned,
        ),
    );
    store.commit().unwrap();
    drop(store);

    let edit = |sql: &str| {
        rusqlite::Connection::open(&path)
            .unwrap()
            .execute(sql, [])
            .unwrap();
    };
    let read = || {
        let store = PlanStore::open(&path).unwrap();
        let mut earlier = Vec::new();
        let one = store
            .earlier_actions("D1", d("2025-04-21"), &mut earlier)
            .map(|()| earlier.len());
        let mut shard = Vec::new();
        let range = store
            .earlier_actions_between("", None, d("2025-04-21"), &mut shard)
            .map(|()| shard.len());
        (one, range)
    };
    assert_eq!(
        {
            let (one, range) = read();
            (one.unwrap(), range.unwrap())
        },
        (1, 1)
    );

    edit("UPDATE plan_actions SET kind = 'protest' WHERE action_id = 'a1'");
    for result in [read().0, read().1] {
        let message = result.unwrap_err().to_string();
        assert!(message.contains("action `a1`"), "{message}");
        assert!(message.contains("unknown kind `protest`"), "{message}");
    }

    edit("UPDATE plan_actions SET kind = 'contact', channel = 'telegram'");
    let message = read().0.unwrap_err().to_string();
    assert!(message.contains("unknown channel `telegram`"), "{message}");

    edit("UPDATE plan_actions SET channel = 'letter', scheduled_for = 'soon'");
    let message = read().0.unwrap_err().to_string();
    assert!(message.contains("`scheduled_for` `soon`"), "{message}");
}

// ---------------------------------------------------------------- schema versions

const RELEASE_FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/plan_store/v0_release_2a7123a.db"
);

#[test]
fn a_new_store_is_at_the_current_schema_version() {
    let dir = tempfile::tempdir().unwrap();
    let store = PlanStore::open(&dir.path().join("plan.db")).unwrap();
    assert_eq!(store.schema_version().unwrap(), current_version());
    assert_eq!(current_version(), 2);
}

/// A copy of the first release's store (two runs of `strategies/varejo_pf.strat` over
/// `examples/portfolio`, as of 2025-03-31 and 2025-04-10, written by commit 2a7123a).
fn release_store() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.db");
    std::fs::copy(RELEASE_FIXTURE, &path).unwrap();
    (dir, path)
}

#[test]
fn a_store_of_the_first_release_is_upgraded_in_place() {
    let (_dir, path) = release_store();
    {
        let before = Connection::open(&path).unwrap();
        let has_version: i64 = before
            .query_row(
                "SELECT COUNT(*) FROM sqlite_master WHERE name = 'schema_version'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(
            has_version, 0,
            "the fixture must be a store of the first release"
        );
    }
    let store = PlanStore::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), current_version());
    drop(store);

    let conn = Connection::open(&path).unwrap();
    // Every row has its UTC instant, computed from its offset.
    let rows: Vec<(String, String)> = conn
        .prepare("SELECT scheduled_for, due_at FROM plan_actions ORDER BY action_id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(rows.len(), 171);
    for (scheduled_for, due_at) in &rows {
        let expected = DateTime::parse_from_rfc3339(scheduled_for)
            .unwrap()
            .with_timezone(&Utc)
            .format("%Y-%m-%dT%H:%M:%SZ")
            .to_string();
        assert_eq!(due_at, &expected, "{scheduled_for}");
    }
    // Suppressed rows get the code of their reason; planned rows none.
    let codes: Vec<(String, String, Option<String>, i64)> = conn
        .prepare(
            "SELECT status, COALESCE(reason, ''), reason_code, COUNT(*) FROM plan_actions \
             GROUP BY 1, 2, 3 ORDER BY 1, 2",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        codes,
        vec![
            ("planned".into(), "".into(), None, 135),
            (
                "suppressed".into(),
                "every 30 days: last done 2025-03-31".into(),
                Some("every_not_due".into()),
                32
            ),
            (
                "suppressed".into(),
                "no address: debtor has no phone for whatsapp".into(),
                Some("no_address".into()),
                4
            ),
        ]
    );
    // The dispatch index is on the UTC instant.
    let index: String = conn
        .query_row(
            "SELECT sql FROM sqlite_master WHERE name = 'plan_actions_by_dispatch'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(index.contains("(dispatch_status, due_at)"), "{index}");
    // Opening again changes nothing.
    let store = PlanStore::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), current_version());
}

#[test]
fn a_new_run_into_an_upgraded_store_reads_its_earlier_actions() {
    let (_dir, path) = release_store();
    let mut store = PlanStore::open(&path).unwrap();
    let mut earlier = Vec::new();
    store
        .earlier_actions("D0000012", d("2025-04-20"), &mut earlier)
        .unwrap();
    assert!(
        !earlier.is_empty(),
        "the release's runs count as earlier plans"
    );
    store.begin_run(d("2025-04-20"), "s", 1, "test").unwrap();
    store
        .insert(&action(
            "new1",
            "2025-04-20",
            ActionKind::Contact,
            Some(Channel::Sms),
            "2025-04-21T08:00:00-05:00",
            Status::Suppressed,
        ))
        .unwrap();
    store.commit().unwrap();
    drop(store);
    let conn = Connection::open(&path).unwrap();
    let row: (String, String, String) = conn
        .query_row(
            "SELECT due_at, reason_code, dispatch_status FROM plan_actions \
             WHERE action_id = 'new1'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        row,
        (
            "2025-04-21T13:00:00Z".to_string(),
            "opt_out".to_string(),
            "skipped".to_string()
        )
    );
}

/// A strat of the first release does not read `schema_version`: its inserts (which name no
/// `due_at` or `reason_code`) must fail on an upgraded store rather than add rows the
/// executor would claim first, with no due instant.
#[test]
fn the_first_release_cannot_write_into_an_upgraded_store() {
    let (_dir, path) = release_store();
    drop(PlanStore::open(&path).unwrap());
    let conn = Connection::open(&path).unwrap();
    let insert_as_the_release_did = |id: &str, status: &str, reason: Option<&str>| {
        conn.execute(
            "INSERT INTO plan_actions (action_id, as_of, strategy, strategy_version, debtor_id, \
             rule, line, kind, channel, template, text, offer, target, scheduled_for, status, \
             reason) VALUES (?1, '2025-05-01', 's', 1, 'D1', 'r', 1, 'contact', 'sms', NULL, \
             NULL, NULL, NULL, '2025-05-01T08:00:00-03:00', ?2, ?3)",
            rusqlite::params![id, status, reason],
        )
    };
    for (id, status, reason) in [
        ("old-planned", "planned", None),
        (
            "old-suppressed",
            "suppressed",
            Some("opt-out: debtor opted out of sms"),
        ),
    ] {
        let err = insert_as_the_release_did(id, status, reason).unwrap_err();
        assert!(
            err.to_string().contains("upgraded by a newer strat"),
            "{id}: {err}"
        );
    }
    let kept: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM plan_actions WHERE action_id LIKE 'old-%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(kept, 0);
}

#[test]
fn a_store_of_a_newer_strat_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.db");
    drop(PlanStore::open(&path).unwrap());
    let conn = Connection::open(&path).unwrap();
    conn.execute("UPDATE schema_version SET version = 99", [])
        .unwrap();
    drop(conn);
    let err = PlanStore::open(&path).err().unwrap();
    assert!(
        matches!(err, StoreError::NewerSchema { found: 99, .. }),
        "{err}"
    );
}

#[test]
fn the_dispatch_order_is_time_order_across_offsets() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.db");
    let mut store = PlanStore::open(&path).unwrap();
    store.begin_run(d("2025-04-18"), "s", 1, "test").unwrap();
    // 08:00 in Rio Branco (-05:00) is after 09:00 in Noronha (-02:00) although its text sorts
    // first.
    for (id, at) in [
        ("acre", "2025-04-21T08:00:00-05:00"),
        ("noronha", "2025-04-21T09:00:00-02:00"),
        ("sp", "2025-04-21T08:30:00-03:00"),
    ] {
        store
            .insert(&action(
                id,
                "2025-04-18",
                ActionKind::Contact,
                Some(Channel::Sms),
                at,
                Status::Planned,
            ))
            .unwrap();
    }
    store.commit().unwrap();
    drop(store);
    let conn = Connection::open(&path).unwrap();
    let order: Vec<String> = conn
        .prepare(
            "SELECT action_id FROM plan_actions WHERE dispatch_status = 'pending' \
             ORDER BY due_at",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(order, ["noronha", "sp", "acre"]);
}

#[test]
fn dispatch_statuses_are_the_documented_ones() {
    assert_eq!(
        DispatchStatus::initial(Status::Planned),
        DispatchStatus::Pending
    );
    assert_eq!(
        DispatchStatus::initial(Status::Suppressed),
        DispatchStatus::Skipped
    );
    for status in DispatchStatus::ALL {
        assert_eq!(DispatchStatus::parse(status.as_str()), Some(status));
    }
    assert!(!DispatchStatus::Pending.is_final());
    assert!(DispatchStatus::Skipped.is_final());
    for code in ReasonCode::ALL {
        assert_eq!(ReasonCode::parse(code.as_str()), Some(code));
        let json = serde_json::to_string(&code).unwrap();
        assert_eq!(json, format!("\"{}\"", code.as_str()));
    }
}
