//! One folder per diagnostic code under `tests/fixtures/diagnostics/<code>/`: `bad.strat` must
//! produce that code, `good.strat` (the fixed version) must not. Each file's diagnostics are
//! snapshotted twice: as data (JSON: code, severity, message, help, line, column, labels) and
//! as the human rendering (miette, fixed width, no colour), so the text analysts read is
//! reviewed with the source it points at.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::{json, Value};
use strat::diagnostics::{render, Code, Diagnostic};
use strat::source::{SourceFile, Span};

fn run(path: &std::path::Path) -> (SourceFile, Vec<Diagnostic>) {
    let text = std::fs::read_to_string(path).unwrap();
    let name = format!(
        "{}/{}",
        path.parent()
            .unwrap()
            .file_name()
            .unwrap()
            .to_string_lossy(),
        path.file_name().unwrap().to_string_lossy()
    );
    let source = SourceFile::new(name, text);
    let (ast, mut diagnostics) = strat::syntax::parse(&source);
    let (_, checked) = strat::check::check(&source, &ast);
    diagnostics.extend(checked);
    (source, diagnostics)
}

fn position(source: &SourceFile, span: Span) -> Value {
    let (line, column) = source.line_col(span.start);
    json!({ "line": line, "column": column, "text": source.slice(span) })
}

fn as_json(source: &SourceFile, diagnostics: &[Diagnostic]) -> Value {
    Value::Array(
        diagnostics
            .iter()
            .map(|d| {
                json!({
                    "code": d.code.name(),
                    "severity": d.severity.as_str(),
                    "message": d.message,
                    "at": position(source, d.span),
                    "label": d.label,
                    "labels": d.labels.iter().map(|l| json!({
                        "message": l.message,
                        "at": position(source, l.span),
                    })).collect::<Vec<_>>(),
                    "help": d.help,
                })
            })
            .collect(),
    )
}

fn code_of(path: &std::path::Path) -> Code {
    let folder = path
        .parent()
        .unwrap()
        .file_name()
        .unwrap()
        .to_string_lossy();
    Code::from_name(&folder).unwrap_or_else(|| panic!("folder `{folder}` is not a code"))
}

#[test]
fn bad_files_produce_their_code() {
    insta::glob!("fixtures/diagnostics/*/bad.strat", |path| {
        let (source, diagnostics) = run(path);
        let code = code_of(path);
        assert!(
            diagnostics.iter().any(|d| d.code == code),
            "{} should report `{}`, got {:?}",
            path.display(),
            code.name(),
            diagnostics
                .iter()
                .map(|d| d.code.name())
                .collect::<Vec<_>>()
        );
        insta::assert_json_snapshot!("json", as_json(&source, &diagnostics));
        insta::assert_snapshot!("human", render::human(&source, &diagnostics, 100, false));
    });
}

#[test]
fn good_files_are_clean_of_their_code() {
    insta::glob!("fixtures/diagnostics/*/good.strat", |path| {
        let (source, diagnostics) = run(path);
        let code = code_of(path);
        assert!(
            !diagnostics.iter().any(|d| d.code == code),
            "{} should not report `{}`: {:#?}",
            path.display(),
            code.name(),
            diagnostics
        );
        assert!(
            !diagnostics.iter().any(Diagnostic::is_error),
            "{} has errors: {:#?}",
            path.display(),
            diagnostics
        );
        insta::assert_json_snapshot!("json", as_json(&source, &diagnostics));
    });
}

#[test]
fn every_code_has_a_fixture_folder_and_docs() {
    let docs = std::fs::read_to_string("docs/diagnostics.md").unwrap();
    for code in Code::ALL {
        if *code == Code::InvalidInput {
            continue; // about reading the file, before any parsing: the CLI's tests cover it
        }
        let folder = format!("tests/fixtures/diagnostics/{}/bad.strat", code.name());
        assert!(std::path::Path::new(&folder).exists(), "missing {folder}");
        assert!(
            docs.contains(&format!("## {}", code.name())),
            "docs/diagnostics.md lacks {}",
            code.name()
        );
    }
}
