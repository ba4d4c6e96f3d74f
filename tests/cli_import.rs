//! `strat import` end to end: a good import, an additive import, and every kind of bad row,
//! each of which must exit 1 with `file:row:column: reason` and leave the database exactly as
//! it was (same rows, same schema).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use assert_cmd::Command;
use rusqlite::Connection;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

fn strat() -> Command {
    Command::cargo_bin("strat").unwrap()
}

/// Every row of every table and the schema, as text: equal dumps mean an unchanged database.
fn dump(db: &Path) -> String {
    let conn = Connection::open(db).unwrap();
    let mut out = String::new();
    let mut schema = conn
        .prepare("SELECT type, name, coalesce(sql, '') FROM sqlite_master ORDER BY name")
        .unwrap();
    let rows = schema
        .query_map([], |r| {
            Ok(format!(
                "{} {} {}\n",
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?
            ))
        })
        .unwrap();
    for row in rows {
        out.push_str(&row.unwrap());
    }
    for table in [
        "debtors",
        "debts",
        "payments",
        "contacts",
        "opt_outs",
        "agreements",
    ] {
        let mut stmt = conn.prepare(&format!("SELECT * FROM {table}")).unwrap();
        let columns = stmt.column_count();
        let mut lines: Vec<String> = stmt
            .query_map([], |r| {
                let cells: Vec<String> = (0..columns)
                    .map(|i| format!("{:?}", r.get::<_, rusqlite::types::Value>(i).unwrap()))
                    .collect();
                Ok(cells.join("|"))
            })
            .unwrap()
            .map(Result::unwrap)
            .collect();
        lines.sort();
        out.push_str(&format!(
            "[{table}] {}\n{}\n",
            lines.len(),
            lines.join("\n")
        ));
    }
    out
}

fn count(db: &Path, table: &str) -> i64 {
    let conn = Connection::open(db).unwrap();
    conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

/// A portfolio with the good fixtures imported.
fn good_portfolio() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    strat()
        .arg("import")
        .arg("--portfolio")
        .arg(&db)
        .arg("--debtors")
        .arg(fixture("good/debtors.csv"))
        .arg("--debts")
        .arg(fixture("good/debts.csv"))
        .arg("--payments")
        .arg(fixture("good/payments.csv"))
        .arg("--contacts")
        .arg(fixture("good/contacts.csv"))
        .arg("--opt-outs")
        .arg(fixture("good/opt_outs.csv"))
        .arg("--agreements")
        .arg(fixture("good/agreements.csv"))
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "imported 3 debtors, 4 debts, 2 payments, 3 contacts, 1 opt_outs, 1 agreements",
        ));
    (dir, db)
}

#[test]
fn good_import_stores_every_row_exactly() {
    let (_dir, db) = good_portfolio();
    assert_eq!(count(&db, "debtors"), 3);
    assert_eq!(count(&db, "debts"), 4);
    assert_eq!(count(&db, "payments"), 2);
    assert_eq!(count(&db, "contacts"), 3);
    assert_eq!(count(&db, "opt_outs"), 1);
    assert_eq!(count(&db, "agreements"), 1);
    let conn = Connection::open(&db).unwrap();
    let (name, segment, score, email): (String, String, Option<String>, Option<String>) = conn
        .query_row(
            "SELECT name, segment, score, email FROM debtors WHERE id = 'D2'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(name, "Bruno Lima");
    assert_eq!(segment, "standard");
    assert_eq!(score, None, "an empty custom cell is NULL");
    assert_eq!(email, None, "an empty email is NULL");
    let name3: String = conn
        .query_row("SELECT name FROM debtors WHERE id = 'D3'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(name3, "Carla, a Terceira");
    let principal: String = conn
        .query_row("SELECT principal FROM debts WHERE id = 'T2'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(principal, "250.50", "money is kept as exact decimal text");
}

#[test]
fn importing_into_an_existing_portfolio_adds_rows() {
    let (_dir, db) = good_portfolio();
    strat()
        .arg("import")
        .arg("--portfolio")
        .arg(&db)
        .arg("--contacts")
        .arg(fixture("good/more_contacts.csv"))
        .assert()
        .success()
        .stdout(predicates::str::contains("imported 2 contacts"));
    assert_eq!(count(&db, "contacts"), 5);
    assert_eq!(count(&db, "debtors"), 3);
}

/// Run a bad import and check: exit 1, the located reason, and an unchanged database.
fn assert_rejected(args: &[(&str, &str)], location: &str, reason: &str) {
    let (_dir, db) = good_portfolio();
    let before = dump(&db);
    let mut cmd = strat();
    cmd.arg("import").arg("--portfolio").arg(&db);
    for (flag, file) in args {
        cmd.arg(flag).arg(fixture(file));
    }
    let output = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "stderr: {stderr}");
    let file = args.last().unwrap().1;
    let expected_location = format!("{}:{location}:", fixture(file).display());
    assert!(
        stderr.contains(&expected_location),
        "expected `{expected_location}` in: {stderr}"
    );
    assert!(stderr.contains(reason), "expected `{reason}` in: {stderr}");
    assert_eq!(
        dump(&db),
        before,
        "the database changed after a rejected import"
    );
}

#[test]
fn bad_date() {
    assert_rejected(
        &[("--debts", "bad/bad_date.csv")],
        "3:5",
        "`due_on`: `2025-13-01` is not a date",
    );
}

#[test]
fn bad_number() {
    assert_rejected(
        &[("--payments", "bad/bad_number.csv")],
        "3:4",
        "`amount`: `12,50` is not a decimal number",
    );
}

#[test]
fn negative_principal() {
    assert_rejected(
        &[("--debts", "bad/negative_principal.csv")],
        "3:3",
        "`principal`: `-5.00` is negative",
    );
}

#[test]
fn unknown_debtor() {
    assert_rejected(
        &[("--debts", "bad/unknown_debtor.csv")],
        "4:2",
        "unknown debtor `D99`",
    );
}

#[test]
fn unknown_debt() {
    assert_rejected(
        &[("--payments", "bad/unknown_debt.csv")],
        "3:2",
        "unknown debt `T99`",
    );
}

#[test]
fn duplicate_id_in_file() {
    assert_rejected(
        &[("--debtors", "bad/duplicate_in_file.csv")],
        "4:1",
        "duplicate id `D10` (first on row 2)",
    );
}

#[test]
fn duplicate_id_against_the_portfolio() {
    assert_rejected(
        &[("--debtors", "bad/duplicate_vs_db.csv")],
        "3:1",
        "duplicate id `D2`: already in the portfolio",
    );
}

#[test]
fn bad_channel() {
    assert_rejected(
        &[("--contacts", "bad/bad_channel.csv")],
        "3:2",
        "`channel`: `telegram` is not a channel",
    );
}

#[test]
fn bad_timezone() {
    assert_rejected(
        &[("--debtors", "bad/bad_timezone.csv")],
        "3:6",
        "`timezone`: `Mars/Olympus` is not an IANA time zone",
    );
}

#[test]
fn missing_column() {
    assert_rejected(
        &[("--debts", "bad/missing_column.csv")],
        "1:1",
        "missing column `due_on`",
    );
}

#[test]
fn bad_timestamp() {
    assert_rejected(
        &[("--contacts", "bad/bad_timestamp.csv")],
        "2:3",
        "`at`: `2025-01-20 10:00` is not an RFC 3339 timestamp",
    );
}

#[test]
fn unknown_column() {
    assert_rejected(
        &[("--payments", "bad/unknown_column.csv")],
        "1:5",
        "unknown column `note`",
    );
}

#[test]
fn wrong_number_of_fields() {
    assert_rejected(
        &[("--opt-outs", "bad/field_count.csv")],
        "3:3",
        "row has 2 fields but the header has 3",
    );
}

#[test]
fn bad_agreement_status_and_installments() {
    assert_rejected(
        &[("--agreements", "bad/bad_status.csv")],
        "2:5",
        "`status`: `pending` is not an agreement status",
    );
    assert_rejected(
        &[("--agreements", "bad/bad_installments.csv")],
        "2:4",
        "`installments`: `0` is not a whole number of at least 1",
    );
}

#[test]
fn row_numbers_are_csv_lines_even_with_quoted_newlines() {
    assert_rejected(
        &[("--contacts", "bad/quoted_newline.csv")],
        "4:3",
        "`at`: `2025-01-20` is not an RFC 3339 timestamp",
    );
}

#[test]
fn a_bad_row_in_one_file_rolls_back_the_other_files_and_new_columns() {
    // The debtors file is fine (and adds a custom column); the debts file is not.
    assert_rejected(
        &[
            ("--debtors", "bad/new_debtors.csv"),
            ("--debts", "bad/debts_of_new_debtor_bad.csv"),
        ],
        "3:3",
        "`principal`: `ten` is not a decimal number",
    );
}

#[test]
fn usage_and_io_problems_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    strat()
        .arg("import")
        .arg("--portfolio")
        .arg(&db)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("nothing to import"));
    strat()
        .arg("import")
        .arg("--portfolio")
        .arg(&db)
        .arg("--debtors")
        .arg(dir.path().join("missing.csv"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("cannot read"));
}

#[test]
fn semicolon_separated_files_from_brazilian_spreadsheets_are_read() {
    let (_dir, db) = good_portfolio();
    strat()
        .arg("import")
        .arg("--portfolio")
        .arg(&db)
        .arg("--debtors")
        .arg(fixture("good/semicolon_debtors.csv"))
        .assert()
        .success();
    let conn = Connection::open(&db).unwrap();
    let name: String = conn
        .query_row("SELECT name FROM debtors WHERE id = 'D7'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(name, "Gabriel; o Sétimo");
    assert_eq!(count(&db, "debtors"), 5);
}

#[test]
fn a_folder_argument_imports_the_tables_it_holds() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    for name in ["debtors.csv", "debts.csv", "payments.csv"] {
        std::fs::copy(fixture(&format!("good/{name}")), data.join(name)).unwrap();
    }
    let db = dir.path().join("p.db");
    strat()
        .arg("import")
        .arg("--portfolio")
        .arg(&db)
        .arg(&data)
        .arg("--contacts")
        .arg(fixture("good/more_contacts.csv"))
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "imported 3 debtors, 4 debts, 2 payments, 2 contacts",
        ));
    strat()
        .arg("import")
        .arg("--portfolio")
        .arg(&db)
        .arg(dir.path().join("nowhere"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("is not a folder"));
}

#[test]
fn a_failed_first_import_leaves_no_portfolio_behind() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new.db");
    strat()
        .arg("import")
        .arg("--portfolio")
        .arg(&db)
        .arg("--debtors")
        .arg(fixture("bad/duplicate_in_file.csv"))
        .assert()
        .code(1);
    assert!(
        !db.exists(),
        "a portfolio that did not exist must not be created"
    );
}
