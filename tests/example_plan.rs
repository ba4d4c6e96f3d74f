#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

//! The README's main job, pinned: the shipped example portfolio planned with the shipped
//! retail strategy. Snapshots of the JSON Lines plan and of `strat explain` for debtors that
//! show a chosen discount offer, a suppression and a pre-due reminder; plus the byte-for-byte
//! determinism the executor relies on.

use assert_cmd::Command;
use std::path::Path;

const AS_OF: &str = "2025-03-31";
const STRATEGY: &str = "strategies/varejo_pf.strat";

fn imported_example(dir: &Path) -> String {
    let db = dir.join("exemplo.db").display().to_string();
    Command::cargo_bin("strat")
        .unwrap()
        .args(["import", "--portfolio", &db, "examples/portfolio"])
        .assert()
        .success();
    db
}

fn plan(db: &str) -> String {
    String::from_utf8(plan_on(db, AS_OF, &[])).unwrap()
}

#[test]
fn example_plan_is_stable_and_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    let db = imported_example(dir.path());
    let first = plan(&db);
    let second = plan(&db);
    assert_eq!(first, second, "two runs must give byte-identical plans");

    // Every line is one action with the contract's fields.
    let mut debtors = Vec::new();
    for line in first.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        for key in [
            "action_id",
            "debtor_id",
            "rule",
            "line",
            "kind",
            "channel",
            "template",
            "text",
            "scheduled_for",
            "status",
            "reason",
        ] {
            assert!(v.get(key).is_some(), "missing {key} in {line}");
        }
        debtors.push(v["debtor_id"].as_str().unwrap().to_string());
    }
    let mut sorted = debtors.clone();
    sorted.sort();
    assert_eq!(debtors, sorted, "ordered by debtor id");
    insta::assert_snapshot!("example_plan_jsonl", first);
}

#[test]
fn example_explain_snapshots() {
    let dir = tempfile::tempdir().unwrap();
    let db = imported_example(dir.path());
    let plan = plan(&db);
    // Pick debtors by what the plan shows, so the snapshot covers the interesting cases.
    let first_with = |pred: &dyn Fn(&serde_json::Value) -> bool| -> Option<String> {
        plan.lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
            .find(|v| pred(v))
            .map(|v| v["debtor_id"].as_str().unwrap().to_string())
    };
    let offer = first_with(&|v| v["kind"] == "offer").expect("an offer in the example plan");
    let suppressed =
        first_with(&|v| v["status"] == "suppressed").expect("a suppression in the example plan");
    for (name, debtor) in [("offer", offer), ("suppressed", suppressed)] {
        let out = Command::cargo_bin("strat")
            .unwrap()
            .args([
                "explain",
                "--strategy",
                STRATEGY,
                "--portfolio",
                &db,
                "--as-of",
                AS_OF,
                "--debtor",
                &debtor,
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        insta::assert_snapshot!(
            format!("example_explain_{name}"),
            String::from_utf8(out.stdout).unwrap()
        );
    }
}

fn plan_with(db: &str, extra: &[&str]) -> Vec<u8> {
    plan_on(db, AS_OF, extra)
}

fn plan_on(db: &str, as_of: &str, extra: &[&str]) -> Vec<u8> {
    let out = Command::cargo_bin("strat")
        .unwrap()
        .args([
            "plan",
            "--strategy",
            STRATEGY,
            "--portfolio",
            db,
            "--as-of",
            as_of,
        ])
        .args(extra)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn stored(path: &Path) -> Vec<Vec<String>> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare("SELECT * FROM plan_actions ORDER BY action_id")
        .unwrap();
    let columns = stmt.column_count();
    stmt.query_map([], |row| {
        (0..columns)
            .map(|i| {
                row.get::<_, rusqlite::types::Value>(i)
                    .map(|v| format!("{v:?}"))
            })
            .collect()
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

#[test]
fn the_plan_is_the_same_on_any_number_of_threads() {
    // 200 debtors in shards of 7: 29 shards finished out of order by 3 threads must still
    // give the single-thread plan byte for byte, in both formats and in the plan store.
    let dir = tempfile::tempdir().unwrap();
    let db = imported_example(dir.path());
    let one = plan_with(&db, &["--threads", "1"]);
    assert!(one.len() > 1000, "the example plans something");
    for format in ["jsonl", "table"] {
        let single = plan_with(&db, &["--threads", "1", "--format", format]);
        let sharded = plan_with(
            &db,
            &["--threads", "3", "--shard-debtors", "7", "--format", format],
        );
        assert_eq!(
            String::from_utf8(single).unwrap(),
            String::from_utf8(sharded).unwrap(),
            "{format}"
        );
    }
    assert_eq!(one, plan_with(&db, &["--threads", "2"]));

    let single_store = dir.path().join("one.db");
    let sharded_store = dir.path().join("three.db");
    let out = |p: &Path| p.display().to_string();
    plan_with(&db, &["--threads", "1", "--out", &out(&single_store)]);
    plan_with(
        &db,
        &[
            "--threads",
            "3",
            "--shard-debtors",
            "7",
            "--out",
            &out(&sharded_store),
        ],
    );
    let rows = stored(&single_store);
    assert_eq!(rows.len(), String::from_utf8(one).unwrap().lines().count());
    assert_eq!(rows, stored(&sharded_store));

    // A later run reads the earlier one (`once`, `every`, caps, bureau notice) shard by
    // shard: the same decisions as reading it debtor by debtor on one thread.
    let later = "2025-04-01";
    let one_later = plan_on(&db, later, &["--threads", "1"]);
    let three_later = plan_on(&db, later, &["--threads", "3", "--shard-debtors", "7"]);
    assert_eq!(one_later, three_later);
    plan_on(
        &db,
        later,
        &["--threads", "1", "--out", &out(&single_store)],
    );
    plan_on(
        &db,
        later,
        &[
            "--threads",
            "3",
            "--shard-debtors",
            "7",
            "--out",
            &out(&sharded_store),
        ],
    );
    let rows_later = stored(&single_store);
    assert!(rows_later.len() > rows.len());
    assert_eq!(rows_later, stored(&sharded_store));
    // And the earlier run did count: more of the later run is suppressed with it than
    // without it (repetition and contact caps see the earlier contacts).
    let suppressed_without = String::from_utf8(one_later)
        .unwrap()
        .matches("\"status\":\"suppressed\"")
        .count();
    let conn = rusqlite::Connection::open(&single_store).unwrap();
    let suppressed_with: usize = conn
        .query_row(
            "SELECT COUNT(*) FROM plan_actions WHERE as_of = ?1 AND status = 'suppressed'",
            [later],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        suppressed_with > suppressed_without,
        "{suppressed_with} vs {suppressed_without}"
    );
}

#[test]
fn a_bad_debtor_stops_the_plan_at_the_same_place_on_any_number_of_threads() {
    // Everything planned for the debtors before the bad one is written, nothing after it,
    // whether or not the bad debtor is in the first shard a thread finishes.
    let dir = tempfile::tempdir().unwrap();
    let db = imported_example(dir.path());
    let full = String::from_utf8(plan_with(&db, &["--threads", "1"])).unwrap();
    let conn = rusqlite::Connection::open(&db).unwrap();
    let bad: String = conn
        .query_row(
            "SELECT id FROM debtors ORDER BY id LIMIT 1 OFFSET 150",
            [],
            |r| r.get(0),
        )
        .unwrap();
    conn.execute("UPDATE debtors SET score = 'alto' WHERE id = ?1", [&bad])
        .unwrap();
    drop(conn);
    let before: String = full
        .lines()
        .filter(|line| {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            v["debtor_id"].as_str().unwrap() < bad.as_str()
        })
        .map(|line| format!("{line}\n"))
        .collect();
    assert!(!before.is_empty());
    for extra in [
        &["--threads", "1"][..],
        &["--threads", "3", "--shard-debtors", "7"][..],
    ] {
        let out = Command::cargo_bin("strat")
            .unwrap()
            .args(["plan", "--strategy", STRATEGY, "--portfolio", &db])
            .args(["--as-of", AS_OF])
            .args(extra)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{extra:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(&format!("`{bad}`")), "{stderr}");
        assert!(stderr.contains("score"), "{stderr}");
        assert_eq!(String::from_utf8(out.stdout).unwrap(), before, "{extra:?}");
    }
}
