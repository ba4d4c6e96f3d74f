//! `strat plan` and `strat explain` end to end: exit codes and messages for every kind of bad
//! input, the SQLite plan store (idempotent re-runs, dispatch status, run records) and earlier
//! plans feeding `once` and the bureau notice of a later run.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use assert_cmd::Command;
use predicates::prelude::*;
use rusqlite::Connection;
use std::path::{Path, PathBuf};

mod plan_fixture;
use plan_fixture::{fixture, portfolio, strat};

fn plan(strategy: &Path, db: &Path, as_of: &str) -> Command {
    let mut cmd = strat();
    cmd.arg("plan")
        .arg("--strategy")
        .arg(strategy)
        .arg("--portfolio")
        .arg(db)
        .arg("--as-of")
        .arg(as_of);
    cmd
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

// ---------------------------------------------------------------- exit codes

#[test]
fn a_bad_as_of_date_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let db = portfolio(dir.path());
    plan(&fixture("regua.strat"), &db, "2025-02-30")
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "invalid --as-of `2025-02-30`: expected a date as YYYY-MM-DD",
        ));
    plan(&fixture("regua.strat"), &db, "18/04/2025")
        .assert()
        .code(2);
}

#[test]
fn a_missing_strategy_or_portfolio_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let db = portfolio(dir.path());
    plan(&dir.path().join("nope.strat"), &db, "2025-04-18")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read"));
    let missing = dir.path().join("missing.db");
    plan(&fixture("regua.strat"), &missing, "2025-04-18")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("does not exist"));
    assert!(
        !missing.exists(),
        "a typo must not create an empty portfolio"
    );
}

#[test]
fn a_strategy_with_errors_prints_diagnostics_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let db = portfolio(dir.path());
    let bad = write(
        dir.path(),
        "bad.strat",
        "rule \"x\": when days_overdue >= 1 then email template \"nao_existe\"\n",
    );
    plan(&bad, &db, "2025-04-18")
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("nao_existe"))
        .stderr(predicate::str::contains("has errors"));
}

#[test]
fn a_custom_value_of_the_wrong_type_names_the_debtor_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let db = portfolio(dir.path());
    // `segment` holds enum words; declaring it an int cannot derive.
    let strategy = write(
        dir.path(),
        "int.strat",
        "field segment: int\nrule \"x\": when days_overdue >= 1 and segment > 1 then tag \"t\"\n",
    );
    plan(&strategy, &db, "2025-04-18")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("debtor `D01`"))
        .stderr(predicate::str::contains("segment"));
}

#[test]
fn a_declared_field_missing_from_the_portfolio_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let db = portfolio(dir.path());
    let strategy = write(
        dir.path(),
        "score.strat",
        "field score: int\nrule \"x\": when days_overdue >= 1 and score > 1 then tag \"t\"\n",
    );
    plan(&strategy, &db, "2025-04-18")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("score"));
}

#[test]
fn a_bad_holiday_file_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let db = portfolio(dir.path());
    let holidays = write(dir.path(), "h.txt", "2025-04-19 ok\nnot a date\n");
    plan(&fixture("regua.strat"), &db, "2025-04-18")
        .arg("--holidays")
        .arg(&holidays)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("h.txt:2"));
}

#[test]
fn explain_an_unknown_debtor_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let db = portfolio(dir.path());
    strat()
        .args(["explain", "--as-of", "2025-04-18", "--debtor", "D99"])
        .arg("--strategy")
        .arg(fixture("regua.strat"))
        .arg("--portfolio")
        .arg(&db)
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("debtor `D99` is not in portfolio"));
}

#[test]
fn explain_a_bad_date_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let db = portfolio(dir.path());
    strat()
        .args(["explain", "--as-of", "tomorrow", "--debtor", "D01"])
        .arg("--strategy")
        .arg(fixture("regua.strat"))
        .arg("--portfolio")
        .arg(&db)
        .assert()
        .code(2);
}

// ---------------------------------------------------------------- the plan store

fn count(db: &Path, sql: &str) -> i64 {
    Connection::open(db)
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

#[test]
fn the_plan_store_is_idempotent_per_as_of_date() {
    let dir = tempfile::tempdir().unwrap();
    let db = portfolio(dir.path());
    let out = dir.path().join("plan.db");
    // With --out and no --format, nothing goes to stdout.
    plan(&fixture("regua.strat"), &db, "2025-04-18")
        .arg("--out")
        .arg(&out)
        .assert()
        .success()
        .stdout("")
        .stderr(predicate::str::contains(
            "20 actions for 9 debtors as of 2025-04-18: 12 planned, 8 suppressed",
        ));
    let all = "SELECT COUNT(*) FROM plan_actions";
    assert_eq!(count(&out, all), 20);
    // The executor claimed one row; a re-run must not reset it nor add rows.
    Connection::open(&out)
        .unwrap()
        .execute(
            "UPDATE plan_actions SET dispatch_status = 'done' WHERE debtor_id = 'D01'",
            [],
        )
        .unwrap();
    plan(&fixture("regua.strat"), &db, "2025-04-18")
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    assert_eq!(count(&out, all), 20);
    assert_eq!(count(&out, "SELECT COUNT(*) FROM plan_runs"), 1);
    assert_eq!(
        count(
            &out,
            "SELECT COUNT(*) FROM plan_actions WHERE debtor_id = 'D01' AND dispatch_status = 'done'"
        ),
        1
    );
    assert_eq!(
        count(
            &out,
            "SELECT COUNT(*) FROM plan_actions WHERE status = 'suppressed' AND dispatch_status = 'skipped'"
        ),
        8
    );
    assert_eq!(
        count(
            &out,
            "SELECT COUNT(*) FROM plan_actions WHERE status = 'planned' AND dispatch_status IN ('pending', 'done')"
        ),
        12
    );
}

#[test]
fn the_store_and_the_jsonl_hold_the_same_records() {
    let dir = tempfile::tempdir().unwrap();
    let db = portfolio(dir.path());
    let out = dir.path().join("plan.db");
    let printed = plan(&fixture("regua.strat"), &db, "2025-04-18")
        .arg("--out")
        .arg(&out)
        .args(["--format", "jsonl"])
        .output()
        .unwrap();
    assert!(printed.status.success());
    let lines: Vec<serde_json::Value> = String::from_utf8(printed.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let conn = Connection::open(&out).unwrap();
    for line in &lines {
        let (reason, scheduled, offer): (Option<String>, String, Option<String>) = conn
            .query_row(
                "SELECT reason, scheduled_for, offer FROM plan_actions WHERE action_id = ?1",
                [line["action_id"].as_str().unwrap()],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!(reason.as_deref(), line["reason"].as_str());
        assert_eq!(scheduled, line["scheduled_for"].as_str().unwrap());
        let stored_offer: Option<serde_json::Value> =
            offer.map(|o| serde_json::from_str(&o).unwrap());
        assert_eq!(
            stored_offer.unwrap_or(serde_json::Value::Null),
            line["offer"]
        );
    }
    assert_eq!(lines.len(), 20);
}

/// D09's letter is planned (not yet in the contact history) on 2025-04-18 and scheduled for
/// Saturday 19/04. On 2025-05-23 D09 is 45 days overdue: the bureau report needs a letter at
/// least 10 days before, and only the earlier plan has one.
#[test]
fn a_letter_planned_by_an_earlier_run_is_notice_for_a_later_bureau_report() {
    let dir = tempfile::tempdir().unwrap();
    let db = portfolio(dir.path());
    let out = dir.path().join("plan.db");
    let bureau_of_d09 = |stdout: &[u8]| -> serde_json::Value {
        String::from_utf8(stdout.to_vec())
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
            .find(|a| a["debtor_id"] == "D09" && a["kind"] == "bureau")
            .unwrap()
    };

    // Without the store there is no notice.
    let alone = plan(&fixture("regua.strat"), &db, "2025-05-23")
        .output()
        .unwrap();
    assert_eq!(
        bureau_of_d09(&alone.stdout)["reason"],
        "bureau: no letter sent at least 10 days before (policy bureau notice 10 days)"
    );

    plan(&fixture("regua.strat"), &db, "2025-04-18")
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let later = plan(&fixture("regua.strat"), &db, "2025-05-23")
        .arg("--out")
        .arg(&out)
        .args(["--format", "jsonl"])
        .output()
        .unwrap();
    assert!(later.status.success());
    let bureau = bureau_of_d09(&later.stdout);
    assert_eq!(bureau["status"], "planned", "{bureau}");

    // And `once` sees the earlier plan: the letter is not planned again in the episode.
    let next_day = plan(&fixture("regua.strat"), &db, "2025-04-19")
        .arg("--out")
        .arg(&out)
        .args(["--format", "jsonl"])
        .output()
        .unwrap();
    let letter = String::from_utf8(next_day.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|a| a["debtor_id"] == "D09" && a["channel"] == "letter")
        .unwrap();
    assert_eq!(
        letter["reason"],
        "once: already done on 2025-04-19 in this delinquency episode"
    );
}

#[test]
fn explain_agrees_with_plan() {
    let dir = tempfile::tempdir().unwrap();
    let db = portfolio(dir.path());
    let planned = plan(&fixture("regua.strat"), &db, "2025-04-18")
        .output()
        .unwrap();
    let from_plan: Vec<serde_json::Value> = String::from_utf8(planned.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    for debtor in [
        "D01", "D02", "D03", "D04", "D05", "D06", "D07", "D08", "D09",
    ] {
        let explained = strat()
            .args([
                "explain",
                "--as-of",
                "2025-04-18",
                "--format",
                "json",
                "--debtor",
                debtor,
            ])
            .arg("--strategy")
            .arg(fixture("regua.strat"))
            .arg("--portfolio")
            .arg(&db)
            .output()
            .unwrap();
        assert!(explained.status.success());
        let json: serde_json::Value = serde_json::from_slice(&explained.stdout).unwrap();
        let actions: Vec<&serde_json::Value> = json["actions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| &a["action"])
            .collect();
        let expected: Vec<&serde_json::Value> = from_plan
            .iter()
            .filter(|a| a["debtor_id"] == debtor)
            .collect();
        assert_eq!(actions, expected, "debtor {debtor}");
    }
}

/// A date whose year no holiday calendar covers is planned, with a warning that every day
/// of that year looks like a working day; a covered year (any from 2003) warns nothing.
#[test]
fn a_year_without_known_holidays_is_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let db = portfolio(dir.path());
    plan(&fixture("regua.strat"), &db, "2002-06-03")
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "warning: no holidays are known for 2002",
        ));
    // Late December: the scheduling horizon reaches into the next year, which is covered.
    plan(&fixture("regua.strat"), &db, "2031-12-24")
        .assert()
        .success()
        .stderr(predicate::str::contains("warning").not());
    // A user file covering the year silences it.
    let extra = write(
        dir.path(),
        "2002.txt",
        "2002-11-20 Consciência Negra (municipal)\n",
    );
    plan(&fixture("regua.strat"), &db, "2002-06-03")
        .arg("--holidays")
        .arg(&extra)
        .assert()
        .success()
        .stderr(predicate::str::contains("warning").not());
}
