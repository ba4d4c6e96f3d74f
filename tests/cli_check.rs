//! End-to-end tests of `strat check`: exit codes, output formats, and bad input of every kind
//! (never a panic). Sections say what each group depends on: the CLI alone (source reading,
//! rendering), the parser, or the checker (fixture diagnostics and positions).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/cli")
        .join(name)
}

fn strat() -> Command {
    let mut cmd = Command::cargo_bin("strat").unwrap();
    cmd.env_remove("NO_COLOR").env_remove("COLUMNS");
    cmd
}

/// Runs `strat check ARGS…` and returns (exit code, stdout, stderr), asserting that the
/// process ended normally (no signal such as a stack overflow) and did not panic.
fn check(args: &[&std::ffi::OsStr]) -> (i32, String, String) {
    let output = strat().arg("check").args(args).output().unwrap();
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

fn json_of(stdout: &str) -> Value {
    serde_json::from_str(stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{stdout}"))
}

/// A temporary file holding `bytes`.
fn temp_file(name: &str, bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    (dir, path)
}

// ---- usage and IO: independent of parser and checker ----

#[test]
fn missing_file_exits_2_with_the_path_on_stderr() {
    let (code, _, stderr) = check(&[os("does/not/exist.strat")]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("cannot read `does/not/exist.strat`"),
        "{stderr}"
    );
}

#[test]
fn a_directory_is_an_io_error() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, stderr) = check(&[dir.path().as_os_str()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("cannot read"), "{stderr}");
}

#[test]
fn unknown_flag_exits_2() {
    let clean = fixture("clean.strat");
    let (code, _, stderr) = check(&[os("--no-such-flag"), clean.as_os_str()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--no-such-flag"), "{stderr}");
}

#[test]
fn unknown_format_exits_2() {
    let clean = fixture("clean.strat");
    let (code, _, stderr) = check(&[os("--format"), os("xml"), clean.as_os_str()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("xml"), "{stderr}");
}

#[test]
fn no_file_exits_2() {
    let (code, _, stderr) = check(&[]);
    assert_eq!(code, 2);
    assert!(stderr.contains("FILE"), "{stderr}");
}

#[test]
fn an_unreadable_file_does_not_stop_the_others() {
    let bad = temp_file("bad.strat", b"ok\xff");
    let (code, stdout, stderr) = check(&[
        os("--format"),
        os("json"),
        os("missing.strat"),
        bad.1.as_os_str(),
    ]);
    assert_eq!(code, 2, "an IO error wins over findings");
    assert!(stderr.contains("missing.strat"));
    let value = json_of(&stdout);
    assert_eq!(value["diagnostics"][0]["code"], "strat::invalid-input");
}

// ---- bad input rejected before parsing: independent of parser and checker ----

#[test]
fn invalid_utf8_names_the_byte_offset() {
    let (_dir, path) = temp_file(
        "latin1.strat",
        b"rule \"a\xe7\xe3o\": when x = 1 then call\n",
    );
    let (code, stdout, _) = check(&[path.as_os_str()]);
    assert_eq!(code, 1);
    assert!(stdout.contains("strat::invalid-input"), "{stdout}");
    assert!(stdout.contains("not valid UTF-8"), "{stdout}");
    assert!(stdout.contains("byte 0xE7 at byte offset 7"), "{stdout}");
    assert!(stdout.contains("1 error, 0 warnings in 1 file"), "{stdout}");
}

#[test]
fn invalid_utf8_in_json_points_at_line_and_column() {
    let (_dir, path) = temp_file("latin1.strat", b"# ok\nrule \"a\xe7\":");
    let (code, stdout, _) = check(&[os("--format"), os("json"), path.as_os_str()]);
    assert_eq!(code, 1);
    let item = &json_of(&stdout)["diagnostics"][0];
    assert_eq!(item["code"], "strat::invalid-input");
    assert_eq!(item["severity"], "error");
    assert_eq!(item["line"], 2);
    assert_eq!(item["column"], 8);
}

#[test]
fn ten_megabyte_file_is_rejected_without_parsing() {
    let (_dir, path) = temp_file("huge.strat", &vec![b'a'; 10 * 1024 * 1024]);
    let started = std::time::Instant::now();
    let (code, stdout, _) = check(&[path.as_os_str()]);
    assert_eq!(code, 1);
    assert!(stdout.contains("file is larger than 4 MiB"), "{stdout}");
    assert!(
        started.elapsed().as_secs() < 20,
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn empty_file_is_an_error() {
    for content in [&b""[..], b"\n  \n\t"] {
        let (_dir, path) = temp_file("empty.strat", content);
        let (code, stdout, _) = check(&[path.as_os_str()]);
        assert_eq!(code, 1, "{stdout}");
        assert!(stdout.contains("file is empty"), "{stdout}");
    }
}

#[test]
fn sarif_is_valid_2_1_0_for_code_scanning() {
    let (_dir, path) = temp_file("latin1.strat", b"x\xff");
    let (code, stdout, _) = check(&[os("--format"), os("sarif"), path.as_os_str()]);
    assert_eq!(code, 1);
    let log = json_of(&stdout);
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"]
        .as_str()
        .unwrap()
        .ends_with("sarif-2.1.0.json"));
    let run = &log["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "strat");
    let rules = driver["rules"].as_array().unwrap();
    assert!(rules.iter().any(|r| r["id"] == "strat::unknown-field"));
    let result = &run["results"][0];
    assert_eq!(result["ruleId"], "strat::invalid-input");
    assert_eq!(result["level"], "error");
    assert!(result["message"]["text"]
        .as_str()
        .unwrap()
        .contains("UTF-8"));
    let location = &result["locations"][0]["physicalLocation"];
    let uri = location["artifactLocation"]["uri"].as_str().unwrap();
    assert!(
        uri.ends_with("latin1.strat") && !uri.contains('\\'),
        "{uri}"
    );
    assert_eq!(location["region"]["startLine"], 1);
    assert_eq!(location["region"]["startColumn"], 2);
}

#[test]
fn sarif_with_no_findings_still_has_a_run() {
    // Depends on the checker finding nothing in clean.strat.
    let clean = fixture("clean.strat");
    let (code, stdout, _) = check(&[os("--format"), os("sarif"), clean.as_os_str()]);
    assert_eq!(code, 0);
    let log = json_of(&stdout);
    assert_eq!(log["runs"][0]["results"].as_array().unwrap().len(), 0);
}

#[test]
fn github_format_prints_one_workflow_command_per_finding() {
    let (_dir, path) = temp_file("latin1.strat", b"ab\n\xff");
    let (code, stdout, _) = check(&[os("--format"), os("github"), path.as_os_str()]);
    assert_eq!(code, 1);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{stdout}");
    let expected_prefix = format!(
        "::error file={},line=2,col=1,endLine=2,endColumn=2,title=strat%3A%3Ainvalid-input::",
        path.display()
    );
    assert!(lines[0].starts_with(&expected_prefix), "{}", lines[0]);
}

#[test]
fn human_output_has_no_colour_when_piped() {
    let (_dir, path) = temp_file("latin1.strat", b"\xff");
    let (_, stdout, _) = check(&[path.as_os_str()]);
    assert!(!stdout.contains('\u{1b}'), "{stdout}");
    assert!(stdout.contains("× file is not valid UTF-8"), "{stdout}");
}

// ---- depend on the parser ----

#[test]
fn syntax_errors_are_all_reported_and_exit_1() {
    let path = fixture("syntax.strat");
    let (code, stdout, _) = check(&[os("--format"), os("json"), path.as_os_str()]);
    assert_eq!(code, 1);
    let items = json_of(&stdout)["diagnostics"].as_array().unwrap().clone();
    let syntax: Vec<&Value> = items
        .iter()
        .filter(|d| d["code"] == "strat::syntax-error")
        .collect();
    assert!(
        syntax.len() >= 2,
        "several syntax errors, not only the first: {stdout}"
    );
    assert_eq!(syntax[0]["line"], 3);
    let lines: Vec<u64> = items.iter().map(|d| d["line"].as_u64().unwrap()).collect();
    assert!(
        lines.windows(2).all(|w| w[0] <= w[1]),
        "sorted by position: {lines:?}"
    );
}

#[test]
fn binary_garbage_is_a_syntax_error_not_a_crash() {
    let mut garbage = b"\0\0\x01\x02strategy\0\x7f".to_vec();
    garbage.extend((0u8..=127).cycle().take(5000));
    let (_dir, path) = temp_file("garbage.strat", &garbage);
    let (code, stdout, _) = check(&[path.as_os_str()]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("strat::syntax-error"), "{stdout}");
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let mut text = String::from("rule \"fundo\": when ");
    text.push_str(&"(".repeat(10_000));
    text.push_str("days_overdue >= 1");
    text.push_str(&")".repeat(10_000));
    text.push_str(" then call\n");
    let (_dir, path) = temp_file("deep.strat", text.as_bytes());
    let (code, stdout, _) = check(&[path.as_os_str()]);
    // `check` asserts a normal exit; an overflow would be a signal.
    assert_eq!(code, 1, "{stdout}");
}

#[test]
fn unclosed_deep_nesting_is_an_error() {
    let text = format!("rule \"x\": when {}", "(".repeat(10_000));
    let (_dir, path) = temp_file("open.strat", text.as_bytes());
    let (code, _, _) = check(&[path.as_os_str()]);
    assert_eq!(code, 1);
}

// ---- depend on the checker (fixture codes, positions, severities) ----

#[test]
fn clean_file_exits_0_with_a_summary() {
    // Depends on the checker finding nothing in clean.strat.
    let clean = fixture("clean.strat");
    let (code, stdout, _) = check(&[clean.as_os_str()]);
    assert_eq!(code, 0, "{stdout}");
    assert_eq!(stdout.trim(), "0 errors, 0 warnings in 1 file");
}

#[test]
fn errors_exit_1_and_are_located() {
    let path = fixture("errors.strat");
    let (code, stdout, _) = check(&[path.as_os_str()]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("strat::unknown-field"), "{stdout}");
    assert!(stdout.contains("errors.strat:7:"), "{stdout}");
    assert!(stdout.contains("1 error"), "{stdout}");
}

#[test]
fn json_has_the_required_keys() {
    let path = fixture("errors.strat");
    let (code, stdout, _) = check(&[os("--format"), os("json"), path.as_os_str()]);
    assert_eq!(code, 1);
    let value = json_of(&stdout);
    let item = value["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "strat::unknown-field")
        .unwrap_or_else(|| panic!("no unknown-field: {stdout}"));
    for key in [
        "code",
        "severity",
        "message",
        "help",
        "file",
        "line",
        "column",
        "end_line",
        "end_column",
        "labels",
    ] {
        assert!(item.get(key).is_some(), "missing `{key}` in {item}");
    }
    assert_eq!(item["severity"], "error");
    assert_eq!(item["line"], 7);
    assert!(item["message"].as_str().unwrap().contains("scor"));
    assert!(item["file"].as_str().unwrap().ends_with("errors.strat"));
}

#[test]
fn warnings_exit_0_unless_denied() {
    let path = fixture("warnings.strat");
    let (code, stdout, _) = check(&[path.as_os_str()]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("0 errors, 1 warning in 1 file"), "{stdout}");
    assert!(stdout.contains("strat::shadowed-rule"), "{stdout}");

    let (code, _, _) = check(&[os("--deny-warnings"), path.as_os_str()]);
    assert_eq!(code, 1);
}

#[test]
fn several_files_are_summarised_together() {
    let (code, stdout, _) = check(&[
        fixture("clean.strat").as_os_str(),
        fixture("errors.strat").as_os_str(),
        fixture("warnings.strat").as_os_str(),
    ]);
    assert_eq!(code, 1);
    assert!(
        stdout.trim_end().ends_with("1 error, 1 warning in 3 files"),
        "{stdout}"
    );
}

#[test]
fn github_lines_for_errors_and_warnings() {
    let (code, stdout, _) = check(&[
        os("--format"),
        os("github"),
        fixture("errors.strat").as_os_str(),
        fixture("warnings.strat").as_os_str(),
    ]);
    assert_eq!(code, 1);
    assert!(stdout.lines().any(|l| l.starts_with("::error file=")
        && l.contains("errors.strat,line=7,")
        && l.contains("title=strat%3A%3Aunknown-field::")));
    assert!(stdout
        .lines()
        .any(|l| l.starts_with("::warning file=") && l.contains("warnings.strat,line=7,")));
}

#[test]
fn sarif_uris_are_relative_to_the_working_directory() {
    let (dir, path) = temp_file("latin1.strat", b"\xff");
    let output = strat()
        .current_dir(dir.path())
        .args([os("check"), os("--format"), os("sarif"), path.as_os_str()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let log = json_of(&String::from_utf8(output.stdout).unwrap());
    let location = &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "latin1.strat");
}

#[test]
fn every_shipped_strategy_checks_without_errors() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("strategies");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "strat"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no strategies in {}", dir.display());
    let args: Vec<&std::ffi::OsStr> = files.iter().map(|p| p.as_os_str()).collect();
    let (code, stdout, _) = check(&args);
    assert_eq!(code, 0, "{stdout}");
    let summary = stdout.lines().last().unwrap_or_default();
    assert!(summary.starts_with("0 errors, "), "{stdout}");
    assert!(
        summary.ends_with(&format!(" in {} files", files.len())),
        "{stdout}"
    );
}

// ---- money in lint messages: rounded by `strat::money`, as the plan rounds ----

#[test]
fn lint_messages_round_money_half_up_like_the_plan() {
    // 50.125 is where the two rules part: banker's rounding (`round_dp`) gives 50.12, the
    // money module (half away from zero, what plans and bank slips use) gives 50.13.
    let min: rust_decimal::Decimal = "50.125".parse().unwrap();
    assert_eq!(min.round_dp(2).to_string(), "50.12");
    let plan_text = strat::money::format::brl(min);
    assert_eq!(plan_text, "R$ 50,13");

    let (_dir, path) = temp_file(
        "cents.strat",
        b"creditor \"Loja Exemplo S.A.\" document \"12.345.678/0001-90\"\n\
          policy {\n  min installment 50.125\n}\n\
          rule \"parcelar\": when days_overdue >= 1 then offer up to 6 installments\n",
    );
    let (_, stdout, _) = check(&[os("--format"), os("json"), path.as_os_str()]);
    let value = json_of(&stdout);
    let lint = value["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "strat::impossible-installment")
        .unwrap_or_else(|| panic!("no impossible-installment: {stdout}"));
    let message = lint["message"].as_str().unwrap();
    assert!(
        message.contains(&format!("installments of at least {plan_text}")),
        "{message}"
    );
    assert!(!message.contains("R$ 50,12"), "{message}");
}

// ---- `--explain CODE`: a code's documentation, as `ruff rule` prints a rule's ----

#[test]
fn explain_prints_the_documentation_of_a_code() {
    let (code, stdout, _) = check(&[os("--explain"), os("never-matches")]);
    assert_eq!(code, 0, "{stdout}");
    assert_eq!(
        stdout,
        strat::check::docs::explain(strat::diagnostics::Code::NeverMatches)
    );
    assert!(
        stdout.starts_with("# never-matches\n\nSeverity: error.\n"),
        "{stdout}"
    );
    for heading in ["## What it does", "## Why is this bad?", "## Example"] {
        assert!(stdout.contains(heading), "no {heading}:\n{stdout}");
    }
}

#[test]
fn explain_accepts_the_qualified_name_and_non_lint_codes() {
    let (code, stdout, _) = check(&[os("--explain"), os("strat::syntax-error")]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.starts_with("# syntax-error\n"), "{stdout}");
}

#[test]
fn explain_of_an_unknown_code_exits_2_with_a_suggestion() {
    let (code, stdout, stderr) = check(&[os("--explain"), os("never-match")]);
    assert_eq!(code, 2);
    assert!(stdout.is_empty(), "{stdout}");
    assert!(
        stderr.contains("`never-match` is not a diagnostic code"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `never-matches`?"), "{stderr}");

    let (code, _, stderr) = check(&[os("--explain"), os("zzz")]);
    assert_eq!(code, 2);
    assert!(stderr.contains("the codes are invalid-input, "), "{stderr}");
}

#[test]
fn explain_takes_no_files() {
    let clean = fixture("clean.strat");
    let (code, _, stderr) = check(&[os("--explain"), os("never-matches"), clean.as_os_str()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("cannot be used with"), "{stderr}");
}
