//! String literals and template placeholders: decoding `\"`, `\\`, `\n`, and finding each
//! `{name}` with the span of the name in the source. Must not decide whether a name exists
//! (that is the checker's job).

use super::ast::Ident;
use super::report::syntax_error;
use crate::diagnostics::Diagnostic;
use crate::source::{Span, Spanned};

/// Decode the escapes of a string body (the grammar admits only `\"`, `\\` and `\n`).
pub(crate) fn decode_string(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// The `{placeholder}` names of a template body (undecoded source text starting at byte
/// `body_start` of the file), and a diagnostic for each malformed brace. `{{` and `}}` are
/// literal braces.
pub(crate) fn placeholders(body: &str, body_start: usize) -> (Vec<Ident>, Vec<Diagnostic>) {
    let mut names = Vec::new();
    let mut problems = Vec::new();
    let bytes = body.as_bytes();
    let mut i = 0usize;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'{' if bytes.get(i + 1) == Some(&b'{') => i += 2,
            b'}' if bytes.get(i + 1) == Some(&b'}') => i += 2,
            b'{' => {
                let open = i;
                let close = body[open + 1..].find(['}', '{', '"']).map(|k| open + 1 + k);
                match close.filter(|&k| bytes[k] == b'}') {
                    Some(close) => {
                        let name = &body[open + 1..close];
                        let span = Span::new(body_start + open + 1, body_start + close);
                        if is_placeholder_name(name) {
                            names.push(Spanned::new(name.to_string(), span));
                        } else {
                            problems.push(syntax_error(
                                Span::new(body_start + open, body_start + close + 1),
                                format!("`{{{name}}}` is not a placeholder"),
                                "a placeholder is a field name in braces, e.g. `{first_name}`; write `{{` and `}}` for literal braces",
                            ));
                        }
                        i = close + 1;
                    }
                    None => {
                        problems.push(syntax_error(
                            Span::new(body_start + open, body_start + open + 1),
                            "this `{` is never closed",
                            "close the placeholder with `}`, or write `{{` for a literal brace",
                        ));
                        i = open + 1;
                    }
                }
            }
            b'}' => {
                problems.push(syntax_error(
                    Span::new(body_start + i, body_start + i + 1),
                    "this `}` closes nothing",
                    "write `}}` for a literal brace",
                ));
                i += 1;
            }
            _ => i += 1,
        }
    }
    (names, problems)
}

fn is_placeholder_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c == '_')
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}
