//! The small plan fixture in tests/fixtures/plan/, shared by the plan CLI and snapshot tests:
//! its file paths, the `strat` command, and a fresh portfolio imported from its CSVs.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/plan")
        .join(name)
}

pub fn strat() -> Command {
    Command::cargo_bin("strat").unwrap()
}

/// Import the fixture CSVs into a fresh portfolio in `dir`.
pub fn portfolio(dir: &Path) -> PathBuf {
    let db = dir.join("portfolio.db");
    let mut import = strat();
    import.arg("import").arg("--portfolio").arg(&db);
    for (flag, file) in [
        ("--debtors", "debtors.csv"),
        ("--debts", "debts.csv"),
        ("--payments", "payments.csv"),
        ("--contacts", "contacts.csv"),
        ("--opt-outs", "opt_outs.csv"),
        ("--agreements", "agreements.csv"),
    ] {
        import.arg(flag).arg(fixture(file));
    }
    import.assert().success();
    db
}
