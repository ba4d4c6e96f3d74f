//! Snapshots of `strat plan` (JSON Lines and table) and `strat explain` (human and JSON) on the
//! small portfolio in tests/fixtures/plan/, imported with `strat import`, as of 2025-04-18
//! (Sexta-feira da Paixão: contacts move to Saturday 09:00). Between them the debtors hit every
//! guardrail: opt-out, `every`, `once`, max contacts, missing phone, agreement in force,
//! bureau without notice, bureau past five years, and a planned bureau report.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

mod plan_fixture;
use plan_fixture::{fixture, portfolio, strat};

fn run(args: &[&str], db: &Path) -> String {
    let output = strat()
        .args(args)
        .arg("--strategy")
        .arg(fixture("regua.strat"))
        .arg("--portfolio")
        .arg(db)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn plan_jsonl() {
    let dir = tempfile::tempdir().unwrap();
    let db = portfolio(dir.path());
    let first = run(&["plan", "--as-of", "2025-04-18"], &db);
    let second = run(&["plan", "--as-of", "2025-04-18"], &db);
    assert_eq!(first, second, "two runs must be byte-identical");
    insta::assert_snapshot!(first);
}

#[test]
fn plan_table() {
    let dir = tempfile::tempdir().unwrap();
    let db = portfolio(dir.path());
    insta::assert_snapshot!(run(
        &["plan", "--as-of", "2025-04-18", "--format", "table"],
        &db
    ));
}

#[test]
fn plan_with_a_municipal_holiday_moves_contacts_to_tuesday() {
    let dir = tempfile::tempdir().unwrap();
    let db = portfolio(dir.path());
    let holidays = fixture("extra_holidays.txt");
    let out = run(
        &[
            "plan",
            "--as-of",
            "2025-04-18",
            "--holidays",
            holidays.to_str().unwrap(),
        ],
        &db,
    );
    // Saturday 19 is now a holiday, Sunday is never allowed, Monday 21 is Tiradentes.
    let contacts: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|a| a["kind"] == "contact")
        .collect();
    assert!(!contacts.is_empty());
    for contact in &contacts {
        let at = contact["scheduled_for"].as_str().unwrap();
        assert!(at.starts_with("2025-04-22T08:00:00-0"), "{at}");
    }
}

#[test]
fn explain_human_bureau_without_notice() {
    let dir = tempfile::tempdir().unwrap();
    let db = portfolio(dir.path());
    insta::assert_snapshot!(run(
        &["explain", "--as-of", "2025-04-18", "--debtor", "D04"],
        &db
    ));
}

#[test]
fn explain_human_five_years() {
    let dir = tempfile::tempdir().unwrap();
    let db = portfolio(dir.path());
    insta::assert_snapshot!(run(
        &["explain", "--as-of", "2025-04-18", "--debtor", "D06"],
        &db
    ));
}

#[test]
fn explain_json_opt_out_and_every() {
    let dir = tempfile::tempdir().unwrap();
    let db = portfolio(dir.path());
    insta::assert_snapshot!(run(
        &[
            "explain",
            "--as-of",
            "2025-04-18",
            "--debtor",
            "D02",
            "--format",
            "json"
        ],
        &db
    ));
}
