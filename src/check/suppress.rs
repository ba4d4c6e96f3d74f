//! Inline suppression: a comment `# strat: allow CODE` (several codes may be separated by
//! commas) on the line before an item, or at the end of its first line, silences that
//! *warning* for that item. The same comment next to the diagnostic's own line (e.g. on a
//! policy setting) works too. `coverage-gap` is about the whole file, so an allow comment for
//! it anywhere in the file counts. Errors cannot be silenced.

use crate::diagnostics::{Code, Diagnostic};
use crate::source::SourceFile;
use crate::syntax::ast::Strategy;

/// The codes each `allow` comment names, with the comment's line.
fn allowances(source: &SourceFile, ast: &Strategy) -> Vec<(u32, Code)> {
    let mut found = Vec::new();
    for comment in &ast.comments {
        let text = comment.text.trim();
        let Some(rest) = text.strip_prefix("strat:") else {
            continue;
        };
        let Some(list) = rest.trim_start().strip_prefix("allow") else {
            continue;
        };
        let line = source.line(comment.span.start);
        for name in list
            .split([',', ' '])
            .map(str::trim)
            .filter(|n| !n.is_empty())
        {
            if let Some(code) = Code::from_name(name) {
                found.push((line, code));
            }
        }
    }
    found
}

/// Drop the warnings an allow comment silences.
pub fn apply(source: &SourceFile, ast: &Strategy, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let allowed = allowances(source, ast);
    if allowed.is_empty() {
        return diagnostics;
    }
    diagnostics
        .into_iter()
        .filter(|d| {
            if d.is_error() {
                return true;
            }
            if d.code == Code::CoverageGap && allowed.iter().any(|(_, c)| *c == d.code) {
                return false;
            }
            let mut candidates = vec![source.line(d.span.start)];
            // Items are in source order: the last one starting at or before the diagnostic.
            let after = ast
                .items
                .partition_point(|i| i.span().start <= d.span.start);
            if let Some(item) = after.checked_sub(1).and_then(|i| ast.items.get(i)) {
                if d.span.start < item.span().end.max(item.span().start + 1) {
                    candidates.push(source.line(item.span().start));
                }
            }
            let silenced = candidates.iter().any(|line| {
                allowed
                    .iter()
                    .any(|(l, c)| *c == d.code && (*l == *line || l + 1 == *line))
            });
            !silenced
        })
        .collect()
}
