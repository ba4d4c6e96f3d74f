//! One folder per diagnostic code under `tests/fixtures/diagnostics/<code>/`: `bad.strat` must
//! produce that code, `good.strat` (the fixed version) must not. Each file's diagnostics are
//! snapshotted twice: as data (JSON: code, severity, message, help, line, column, labels) and
//! as the human rendering (miette, fixed width, no colour), so the text analysts read is
//! reviewed with the source it points at.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::{json, Value};
use strat::check::docs;
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
fn every_code_has_a_fixture_folder() {
    for code in Code::ALL {
        if *code == Code::InvalidInput {
            continue; // about reading the file, before any parsing: the CLI's tests cover it
        }
        let folder = format!("tests/fixtures/diagnostics/{}/bad.strat", code.name());
        assert!(std::path::Path::new(&folder).exists(), "missing {folder}");
    }
}

// ---- documentation: one registry (`strat::check::docs`), the page generated from it ----

#[test]
fn every_code_has_documentation_in_the_fixed_sections() {
    for code in Code::ALL {
        let doc = docs::doc(*code);
        assert!(!doc.severities.is_empty(), "{}: no severity", code.name());
        for heading in ["What it does", "Why is this bad?", "Example"] {
            let section = doc.section(heading).unwrap_or_default();
            assert!(
                !section.trim().is_empty(),
                "{}: no `## {heading}` section in\n{}",
                code.name(),
                doc.markdown()
            );
        }
    }
}

/// The `text` code blocks of a Markdown section, in order.
fn code_blocks(section: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in section.lines() {
        match (&mut current, line.starts_with("```")) {
            (None, true) => current = Some(String::new()),
            (Some(block), true) => {
                blocks.push(std::mem::take(block));
                current = None;
            }
            (Some(block), false) => {
                block.push_str(line);
                block.push('\n');
            }
            (None, false) => {}
        }
    }
    blocks
}

#[test]
fn every_documented_example_is_its_fixture() {
    for code in Code::ALL {
        if *code == Code::InvalidInput {
            continue;
        }
        let example = docs::doc(*code).section("Example").unwrap_or_default();
        let folder = format!("tests/fixtures/diagnostics/{}", code.name());
        let bad = std::fs::read_to_string(format!("{folder}/bad.strat")).unwrap();
        let good = std::fs::read_to_string(format!("{folder}/good.strat")).unwrap();
        assert_eq!(
            code_blocks(&example),
            vec![bad, good],
            "the Example of `{}` must show {folder}/bad.strat, then good.strat",
            code.name()
        );
    }
}

/// `docs/diagnostics.md` is [`docs::page`]: regenerate it rather than edit it.
#[test]
fn diagnostics_page_is_generated_from_the_code_docs() {
    let path = "docs/diagnostics.md";
    let generated = docs::page();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(path, &generated).unwrap();
        return;
    }
    let on_disk = std::fs::read_to_string(path).unwrap_or_default();
    if on_disk != generated {
        let first = on_disk
            .lines()
            .zip(generated.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(on_disk.lines().count().min(generated.lines().count()));
        panic!(
            "{path} is out of date with the documentation in the code (first difference at line \
             {}). Run `UPDATE_DOCS=1 cargo test --test diagnostics` to update it, and commit it.",
            first + 1
        );
    }
}
