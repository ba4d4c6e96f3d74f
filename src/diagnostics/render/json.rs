//! JSON rendering: one object `{"diagnostics": [...]}` for all files, one flat item per
//! diagnostic with its file and 1-based positions. Stable keys; CI scripts depend on them.

use super::region::LineIndex;
use crate::diagnostics::Diagnostic;
use crate::source::{SourceFile, Span};

use serde_json::{json as value, Value};

/// Every diagnostic of every file, in the order given. Columns count characters;
/// `end_column` is exclusive.
pub fn json(files: &[(SourceFile, Vec<Diagnostic>)]) -> Value {
    let items: Vec<Value> = files
        .iter()
        .flat_map(|(source, diagnostics)| {
            let index = LineIndex::new(source);
            diagnostics
                .iter()
                .map(|d| item(&index, d))
                .collect::<Vec<_>>()
        })
        .collect();
    value!({ "diagnostics": items })
}

fn item(index: &LineIndex, d: &Diagnostic) -> Value {
    let at = index.region(d.span);
    let labels: Vec<Value> = d
        .labels
        .iter()
        .map(|l| {
            let mut label = position(index, l.span);
            label["message"] = Value::from(l.message.as_str());
            label
        })
        .collect();
    value!({
        "code": d.code.qualified(),
        "severity": d.severity.as_str(),
        "message": d.message,
        "help": d.help,
        "file": index.source().name,
        "line": at.line,
        "column": at.column,
        "end_line": at.end_line,
        "end_column": at.end_column,
        "label": d.label,
        "labels": labels,
    })
}

fn position(index: &LineIndex, span: Span) -> Value {
    let at = index.region(span);
    value!({
        "line": at.line,
        "column": at.column,
        "end_line": at.end_line,
        "end_column": at.end_column,
    })
}
