//! End-to-end tests of `strat test`: exit codes, the per-test lines, the readable difference
//! of a failed test and the `N passed, M failed` summary.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use assert_cmd::Command;
use std::path::{Path, PathBuf};

const STRATEGY: &str = r#"strategy "t" version 1
field segment: enum(high_value, standard, low_value)
field score: int
segment priority = balance >= 5000 and score >= 600
template aviso for sms: "Olá {first_name}"
rule "aviso D+1": when days_overdue = 1 then sms template "aviso"
rule "ligar prioridade": when days_overdue >= 20 and priority then call every 7 days; offer up to 6 installments
rule "lembrete": when days_overdue >= 2 then email
"#;

const PASSING: &str = r#"
test "prioridade no dia 20" {
  given days_overdue = 20, segment = high_value, balance = 8000.00, score = 700
  expect call, offer up to 6 installments
  expect rule "ligar prioridade"
}
test "aviso" {
  given days_overdue = 1
  expect sms template "aviso"
}
test "em dia" {
  given balance = 10.00
  expect nothing
}
"#;

const FAILING: &str = r#"
test "esquece a oferta" {
  given days_overdue = 20, balance = 8000.00, score = 700
  expect call
}
test "score baixo" {
  given days_overdue = 20, balance = 8000.00, score = 100
  expect call, offer up to 6 installments
}
test "em dia" {
  given days_overdue = 0
  expect nothing
}
"#;

fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// Runs `strat test FILES…`: (exit code, stdout, stderr), never a panic or a signal.
fn strat_test(files: &[&Path]) -> (i32, String, String) {
    let output = Command::cargo_bin("strat")
        .unwrap()
        .env_remove("NO_COLOR")
        .env_remove("COLUMNS")
        .arg("test")
        .args(files)
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(!stderr.contains("panicked"), "panic:\n{stderr}");
    (output.status.code().unwrap(), stdout, stderr)
}

#[test]
fn a_passing_file_exits_0_with_the_summary() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(&dir, "ok.strat", &format!("{STRATEGY}{PASSING}"));
    let (code, stdout, stderr) = strat_test(&[&file]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(
        stdout.contains("test \"prioridade no dia 20\" ... ok"),
        "{stdout}"
    );
    assert!(stdout.contains("test \"em dia\" ... ok"), "{stdout}");
    assert!(
        stdout.lines().any(|l| l == "3 passed, 0 failed"),
        "{stdout}"
    );
}

#[test]
fn a_failing_test_exits_1_and_prints_the_difference() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(&dir, "bad.strat", &format!("{STRATEGY}{FAILING}"));
    let (code, stdout, _) = strat_test(&[&file]);
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stdout.contains("test \"esquece a oferta\" ... FAILED"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "expected `call`; got `call`, `offer up to 6 installments` (from rule `ligar prioridade`)"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("unexpected: `offer up to 6 installments`"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "expected `call`, `offer up to 6 installments`; got `email` (from rule `lembrete`)"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("missing: `call`, `offer up to 6 installments`; unexpected: `email`"),
        "{stdout}"
    );
    assert!(stdout.contains("test \"em dia\" ... ok"), "{stdout}");
    assert!(
        stdout.lines().any(|l| l == "1 passed, 2 failed"),
        "{stdout}"
    );
}

#[test]
fn the_summary_counts_every_file() {
    let dir = tempfile::tempdir().unwrap();
    let ok = write(&dir, "ok.strat", &format!("{STRATEGY}{PASSING}"));
    let bad = write(&dir, "bad.strat", &format!("{STRATEGY}{FAILING}"));
    let (code, stdout, _) = strat_test(&[&ok, &bad]);
    assert_eq!(code, 1);
    assert!(stdout.contains("running 3 tests from"), "{stdout}");
    assert!(
        stdout.lines().any(|l| l == "4 passed, 2 failed"),
        "{stdout}"
    );
}

#[test]
fn a_file_with_check_errors_exits_1_with_its_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        &dir,
        "broken.strat",
        "rule \"r\": when balanse >= 10 then call\ntest \"t\" {\n  given days_overdue = 1\n  expect call\n}\n",
    );
    let (code, stdout, stderr) = strat_test(&[&file]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(stderr.contains("balanse"), "{stderr}");
    assert!(stderr.contains("its tests were not run"), "{stderr}");
    assert!(
        stdout.lines().any(|l| l == "0 passed, 0 failed"),
        "{stdout}"
    );
}

#[test]
fn an_unreadable_file_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, stderr) = strat_test(&[&dir.path().join("absent.strat")]);
    assert_eq!(code, 2);
    assert!(stderr.contains("absent.strat"), "{stderr}");
}

#[test]
fn no_file_is_a_usage_error() {
    let (code, _, _) = strat_test(&[]);
    assert_eq!(code, 2);
}

#[test]
fn the_shipped_strategies_pass_their_tests() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("strategies");
    let Ok(entries) = std::fs::read_dir(&root) else {
        return;
    };
    let files: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "strat"))
        .collect();
    let refs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    if refs.is_empty() {
        return;
    }
    let (code, stdout, stderr) = strat_test(&refs);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains(" passed, 0 failed"), "{stdout}");
}
