//! The SQLite plan store on its own: schema, idempotent inserts, and reading a debtor's
//! earlier planned actions back (only `planned`, only earlier as-of dates, the local date of
//! `scheduled_for`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{DateTime, NaiveDate};
use strat::plan::action::{Action, ActionKind, Status};
use strat::plan::build::EarlierAction;
use strat::plan::store::PlanStore;
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
        status,
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
