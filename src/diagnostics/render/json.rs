//! JSON rendering: one object `{"diagnostics": [...]}` for all files, one flat item per
//! diagnostic with its file and 1-based positions. Stable keys; CI scripts depend on them.

use super::region::Region;
use crate::diagnostics::Diagnostic;
use crate::source::{SourceFile, Span};

use serde_json::{json as value, Value};

/// Every diagnostic of every file, in the order given. Columns count characters;
/// `end_column` is exclusive.
pub fn json(files: &[(SourceFile, Vec<Diagnostic>)]) -> Value {
    let items: Vec<Value> = files
        .iter()
        .flat_map(|(source, diagnostics)| {
            diagnostics
                .iter()
                .map(|d| item(source, d))
                .collect::<Vec<_>>()
        })
        .collect();
    value!({ "diagnostics": items })
}

fn item(source: &SourceFile, d: &Diagnostic) -> Value {
    let at = Region::of(source, d.span);
    let labels: Vec<Value> = d
        .labels
        .iter()
        .map(|l| {
            let mut label = position(source, l.span);
            label["message"] = Value::from(l.message.as_str());
            label
        })
        .collect();
    value!({
        "code": d.code.qualified(),
        "severity": d.severity.as_str(),
        "message": d.message,
        "help": d.help,
        "file": source.name,
        "line": at.line,
        "column": at.column,
        "end_line": at.end_line,
        "end_column": at.end_column,
        "label": d.label,
        "labels": labels,
    })
}

fn position(source: &SourceFile, span: Span) -> Value {
    let at = Region::of(source, span);
    value!({
        "line": at.line,
        "column": at.column,
        "end_line": at.end_line,
        "end_column": at.end_column,
    })
}
