#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

//! Every strategy shipped in `strategies/` is held to the bar analysts are: it checks with no
//! errors and no warnings (`strat check --deny-warnings`), its own `test` blocks pass
//! (`strat test`), and it is already in canonical form (`strat fmt --check`).

use std::path::PathBuf;
use strat::eval::program::Program;
use strat::eval::testrun::run_tests;
use strat::source::SourceFile;

fn shipped() -> Vec<(PathBuf, SourceFile)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir("strategies")
        .expect("strategies/ exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "strat"))
        .collect();
    files.sort();
    assert!(files.len() >= 3, "at least three shipped strategies");
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("utf-8 strategy");
            let source = SourceFile::new(p.display().to_string(), text);
            (p, source)
        })
        .collect()
}

#[test]
fn shipped_strategies_check_clean_with_warnings_denied() {
    for (path, source) in shipped() {
        let (ast, syntax) = strat::syntax::parse(&source);
        assert!(syntax.is_empty(), "{}: {syntax:?}", path.display());
        let (checked, diagnostics) = strat::check::check(&source, &ast);
        assert!(
            diagnostics.is_empty(),
            "{}: {diagnostics:#?}",
            path.display()
        );
        assert!(checked.is_some(), "{}", path.display());
    }
}

#[test]
fn shipped_strategies_have_passing_tests() {
    for (path, source) in shipped() {
        let (ast, _) = strat::syntax::parse(&source);
        let (checked, _) = strat::check::check(&source, &ast);
        let checked = checked.expect("checks clean");
        assert!(
            checked.tests.len() >= 5,
            "{} should carry its own tests",
            path.display()
        );
        let program = Program::compile(&checked);
        for report in run_tests(&checked, &program) {
            assert!(
                report.passed(),
                "{}: test {:?} failed: {:?}",
                path.display(),
                report.name,
                report.failures
            );
        }
    }
}

#[test]
fn shipped_strategies_are_formatted() {
    for (path, source) in shipped() {
        let (ast, _) = strat::syntax::parse(&source);
        let formatted = strat::fmt::format(&source, &ast);
        assert_eq!(
            formatted,
            &*source.text,
            "{} is not in canonical form; run `strat fmt {}`",
            path.display(),
            path.display()
        );
    }
}

/// `true`/`false` in a test's `given` once failed to parse (they are keywords); the retail
/// strategy's agreement test depends on it.
#[test]
fn given_accepts_boolean_literals() {
    let source = SourceFile::new(
        "bool.strat",
        "rule \"a\": when has_agreement then tag \"x\"\ntest \"t\" {\n  given has_agreement = true\n  expect tag \"x\"\n}\ntest \"f\" {\n  given has_agreement = false\n  expect nothing\n}\n",
    );
    let (ast, syntax) = strat::syntax::parse(&source);
    assert!(syntax.is_empty(), "{syntax:?}");
    let (checked, diagnostics) = strat::check::check(&source, &ast);
    let checked = checked.unwrap_or_else(|| panic!("{diagnostics:?}"));
    let program = Program::compile(&checked);
    let reports = run_tests(&checked, &program);
    assert_eq!(reports.len(), 2);
    assert!(reports.iter().all(|r| r.passed()), "{reports:?}");
}
