//! `strat test`: read, parse and check each strategy file, run its `test` blocks, print one
//! line per test (`ok` / `FAILED` with what differed) and the summary `N passed, M failed`.
//! Exit 0 when every test passed, 1 on a failed test or a file with check errors (its
//! diagnostics go to stderr), 2 when a file cannot be read. Running tests is
//! [`crate::eval::testrun`]'s job; this file only does the IO around it.

use super::check::{compile, human_for, Stream};
use super::source;
use crate::eval::program::Program;
use crate::eval::testrun::{run_tests, TestReport};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Strategy files whose tests to run.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

pub fn run(args: Args) -> i32 {
    let mut passed = 0usize;
    let mut failed = 0usize;
    let mut broken = false;
    let mut unreadable = false;
    let mut out = String::new();
    for path in &args.files {
        let loaded = match source::read(path) {
            Ok(loaded) => loaded,
            Err(error) => {
                eprintln!("error: {error}");
                unreadable = true;
                continue;
            }
        };
        let (checked, diagnostics) = compile(&loaded);
        let Some(strategy) = checked else {
            let errors: Vec<_> = diagnostics.into_iter().filter(|d| d.is_error()).collect();
            eprint!("{}", human_for(Stream::Stderr, &loaded.source, &errors));
            eprintln!(
                "error: `{}` has errors; its tests were not run (see `strat check`)",
                loaded.source.name
            );
            broken = true;
            continue;
        };
        let program = Program::compile(&strategy);
        let reports = run_tests(&strategy, &program);
        passed += reports.iter().filter(|r| r.passed()).count();
        failed += reports.iter().filter(|r| !r.passed()).count();
        out.push_str(&format_reports(&loaded.source.name, &reports));
    }
    let _ = writeln!(out, "\n{passed} passed, {failed} failed");
    let printed = std::io::stdout().lock().write_all(out.as_bytes());
    if unreadable || printed.is_err() {
        2
    } else if broken || failed > 0 {
        1
    } else {
        0
    }
}

/// The report of one file: a heading, then a line per test with its differences indented.
pub fn format_reports(file: &str, reports: &[TestReport]) -> String {
    let mut out = String::new();
    let plural = if reports.len() == 1 { "" } else { "s" };
    let _ = writeln!(out, "running {} test{plural} from {file}", reports.len());
    for r in reports {
        if r.passed() {
            let _ = writeln!(out, "test {:?} ... ok", r.name);
        } else {
            let _ = writeln!(out, "test {:?} ... FAILED ({file}:{})", r.name, r.line);
            for failure in &r.failures {
                let _ = writeln!(out, "    {failure}");
            }
        }
    }
    out
}
