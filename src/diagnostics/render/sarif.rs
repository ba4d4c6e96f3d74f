//! SARIF 2.1.0 rendering for GitHub code scanning: one run whose driver lists every code as a
//! rule, one result per diagnostic. Must stay valid against the SARIF 2.1.0 schema.

use super::region::Region;
use crate::diagnostics::{Code, Diagnostic, Severity};
use crate::source::{SourceFile, Span};
use serde_json::{json as value, Value};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// One SARIF log for all files. Columns are Unicode code points (declared with
/// `columnKind`), matching the JSON format.
pub fn sarif(files: &[(SourceFile, Vec<Diagnostic>)]) -> Value {
    let rules: Vec<Value> = Code::ALL.iter().map(|&code| rule(code)).collect();
    let results: Vec<Value> = files
        .iter()
        .flat_map(|(source, diagnostics)| {
            diagnostics
                .iter()
                .map(|d| result(source, d))
                .collect::<Vec<_>>()
        })
        .collect();
    value!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "strat",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    })
}

fn rule(code: Code) -> Value {
    value!({
        "id": code.qualified(),
        "name": code.name(),
        "shortDescription": { "text": code.summary().trim() },
        // No public home page exists yet, so no URI: the help text names the doc section.
        "help": { "text": format!("see docs/diagnostics.md, section `{}`", code.name()) },
        "defaultConfiguration": { "level": level(default_severity(code)) },
    })
}

/// The severity a code usually has (the lints in `check::lints` that only ever warn). Only a
/// hint for code-scanning dashboards: each result carries the severity actually reported, and
/// codes reported both ways (`impossible-installment`) default to error.
fn default_severity(code: Code) -> Severity {
    match code {
        Code::ShadowedRule
        | Code::CoverageGap
        | Code::InterestAboveCustomary
        | Code::BureauWithoutLetter => Severity::Warning,
        _ => Severity::Error,
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn result(source: &SourceFile, d: &Diagnostic) -> Value {
    let mut text = d.message.clone();
    if let Some(help) = &d.help {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    let rule_index = Code::ALL.iter().position(|&c| c == d.code).unwrap_or(0);
    let related: Vec<Value> = d
        .labels
        .iter()
        .enumerate()
        .map(|(id, l)| {
            value!({
                "id": id,
                "message": { "text": l.message },
                "physicalLocation": physical_location(source, l.span),
            })
        })
        .collect();
    let mut result = value!({
        "ruleId": d.code.qualified(),
        "ruleIndex": rule_index,
        "level": level(d.severity),
        "message": { "text": text },
        "locations": [{ "physicalLocation": physical_location(source, d.span) }],
    });
    if !related.is_empty() {
        result["relatedLocations"] = Value::from(related);
    }
    result
}

fn physical_location(source: &SourceFile, span: Span) -> Value {
    let at = Region::of(source, span);
    value!({
        "artifactLocation": { "uri": artifact_uri(&source.name) },
        "region": {
            "startLine": at.line,
            "startColumn": at.column,
            "endLine": at.end_line,
            "endColumn": at.end_column,
        }
    })
}

/// The file name as a URI reference: forward slashes, no leading `./`, reserved and
/// non-ASCII characters percent-encoded. Relative names stay relative (code scanning resolves
/// them against the repository root); absolute paths become `file://` URIs.
pub(super) fn artifact_uri(name: &str) -> String {
    let mut path = name.replace('\\', "/");
    while let Some(rest) = path.strip_prefix("./") {
        path = rest.to_string();
    }
    let encoded = percent_encode(&path);
    let windows_drive =
        path.len() >= 3 && path.as_bytes()[0].is_ascii_alphabetic() && &path[1..3] == ":/";
    if path.starts_with('/') {
        format!("file://{encoded}")
    } else if windows_drive {
        format!("file:///{encoded}")
    } else {
        encoded
    }
}

fn percent_encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        let keep = byte.is_ascii_alphanumeric() || b"-._~/:@!$&'()*+,;=".contains(&byte);
        if keep {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}
