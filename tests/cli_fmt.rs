//! End-to-end tests of `strat fmt` and `strat fmt --check`: what is written, what is listed,
//! exit codes, and that invalid files are never rewritten. Sections say what each group
//! depends on (the CLI alone, the parser, the formatter).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/cli")
        .join(name)
}

/// A copy of a fixture (or of raw bytes) in a fresh directory, so tests may rewrite it.
fn scratch(name: &str, bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    (dir, path)
}

fn copy_of(fixture_name: &str) -> (tempfile::TempDir, PathBuf) {
    scratch(fixture_name, &std::fs::read(fixture(fixture_name)).unwrap())
}

/// Runs `strat fmt ARGS…`; returns (exit code, stdout, stderr) after asserting a normal exit
/// without a panic.
fn fmt(args: &[&std::ffi::OsStr]) -> (i32, String, String) {
    let output = Command::cargo_bin("strat")
        .unwrap()
        .arg("fmt")
        .args(args)
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(!stderr.contains("panicked"), "panic:\n{stderr}");
    let code = output
        .status
        .code()
        .unwrap_or_else(|| panic!("killed by a signal: {:?}\n{stderr}", output.status));
    (code, stdout, stderr)
}

fn os(s: &str) -> &std::ffi::OsStr {
    s.as_ref()
}

// ---- independent of parser and formatter ----

#[test]
fn missing_file_exits_2() {
    let (code, _, stderr) = fmt(&[os("nowhere.strat")]);
    assert_eq!(code, 2);
    assert!(stderr.contains("cannot read `nowhere.strat`"), "{stderr}");
}

#[test]
fn no_file_and_unknown_flag_exit_2() {
    assert_eq!(fmt(&[]).0, 2);
    let clean = fixture("clean.strat");
    assert_eq!(fmt(&[os("--bogus"), clean.as_os_str()]).0, 2);
}

#[test]
fn invalid_utf8_is_reported_and_left_untouched() {
    let bytes = b"rule \"a\xe7\xe3o\": when days_overdue >= 1 then call\n";
    let (_dir, path) = scratch("latin1.strat", bytes);
    let (code, stdout, stderr) = fmt(&[path.as_os_str()]);
    assert_eq!(code, 1);
    assert!(stdout.is_empty(), "{stdout}");
    assert!(stderr.contains("strat::invalid-input"), "{stderr}");
    assert!(stderr.contains("byte offset 7"), "{stderr}");
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
}

#[test]
fn oversized_file_is_reported_and_left_untouched() {
    let bytes = vec![b'#'; 5 * 1024 * 1024];
    let (_dir, path) = scratch("huge.strat", &bytes);
    let (code, _, stderr) = fmt(&[os("--check"), path.as_os_str()]);
    assert_eq!(code, 1);
    assert!(stderr.contains("file is larger than 4 MiB"), "{stderr}");
    assert_eq!(std::fs::read(&path).unwrap().len(), bytes.len());
}

// ---- depend on the parser ----

#[test]
fn syntax_errors_are_printed_and_the_file_is_not_rewritten() {
    let (_dir, path) = copy_of("syntax.strat");
    let before = std::fs::read(&path).unwrap();
    let (code, stdout, stderr) = fmt(&[path.as_os_str()]);
    assert_eq!(code, 1);
    assert!(stdout.is_empty(), "{stdout}");
    assert!(stderr.contains("strat::syntax-error"), "{stderr}");
    assert!(stderr.contains("syntax.strat:3:"), "{stderr}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn binary_garbage_is_never_rewritten() {
    let garbage: Vec<u8> = (0u8..=127).cycle().take(4000).collect();
    let (_dir, path) = scratch("garbage.strat", &garbage);
    let (code, _, stderr) = fmt(&[path.as_os_str()]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(std::fs::read(&path).unwrap(), garbage);
}

// ---- depend on the formatter and the parser ----

#[test]
fn check_lists_files_that_would_change_and_writes_nothing() {
    let (_dir, path) = copy_of("unformatted.strat");
    let before = std::fs::read(&path).unwrap();
    let (code, stdout, _) = fmt(&[os("--check"), path.as_os_str()]);
    assert_eq!(code, 1);
    assert_eq!(stdout.trim(), path.display().to_string());
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn fmt_rewrites_in_place_keeping_comments_and_is_idempotent() {
    let (_dir, path) = copy_of("unformatted.strat");
    let before = std::fs::read_to_string(&path).unwrap();
    let (code, stdout, stderr) = fmt(&[path.as_os_str()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.is_empty(), "{stdout}");
    let after = std::fs::read_to_string(&path).unwrap();
    assert_ne!(after, before);
    assert!(after.contains("# lembrete antes do vencimento"), "{after}");
    assert!(after.contains("# liga toda semana"), "{after}");
    assert!(after.contains("days_to_due = 3"), "{after}");

    // Formatted output is a fixed point: --check passes and a second run changes nothing.
    let (code, stdout, _) = fmt(&[os("--check"), path.as_os_str()]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.is_empty());
    assert_eq!(fmt(&[path.as_os_str()]).0, 0);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), after);
}

#[test]
fn check_over_several_files_lists_only_the_changed_ones() {
    let (_dir_a, messy) = copy_of("unformatted.strat");
    let (_dir_b, tidy) = copy_of("unformatted.strat");
    assert_eq!(fmt(&[tidy.as_os_str()]).0, 0);
    let (code, stdout, _) = fmt(&[os("--check"), messy.as_os_str(), tidy.as_os_str()]);
    assert_eq!(code, 1);
    assert_eq!(
        stdout.lines().collect::<Vec<_>>(),
        [messy.display().to_string()]
    );
}

#[test]
fn one_invalid_file_does_not_stop_formatting_the_others() {
    let (_dir_a, broken) = copy_of("syntax.strat");
    let (_dir_b, messy) = copy_of("unformatted.strat");
    let messy_before = std::fs::read(&messy).unwrap();
    let (code, _, stderr) = fmt(&[broken.as_os_str(), messy.as_os_str()]);
    assert_eq!(code, 1, "{stderr}");
    assert_ne!(std::fs::read(&messy).unwrap(), messy_before);
}
