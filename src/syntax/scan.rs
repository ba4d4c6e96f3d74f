//! A light scan of the raw text, independent of pest: collects comments (with spans), finds
//! where top-level items start (for error recovery) and measures bracket nesting (so that
//! absurd nesting is refused before pest or lowering recurse). Must not build AST nodes.

use super::ast::Comment;
use super::report::syntax_error;
use crate::diagnostics::Diagnostic;
use crate::source::Span;

/// Deepest `(`/`[` nesting accepted: far beyond any real condition, far below the stack limit.
pub(crate) const MAX_NESTING: usize = 64;

/// Every `#` comment outside strings, in order. A string never spans lines, so an unclosed
/// string ends at the end of its line here too.
pub(crate) fn comments(text: &str) -> Vec<Comment> {
    let mut out = Vec::new();
    for (line_start, line) in lines(text) {
        if let Some(hash) = comment_start(line) {
            let body = line[hash + 1..].trim_end_matches('\r');
            out.push(Comment {
                text: body.to_string(),
                span: Span::new(line_start + hash, line_start + hash + 1 + body.len()),
            });
        }
    }
    out
}

/// Byte offset of the `#` that starts a comment on this line, if any.
pub(crate) fn comment_start(line: &str) -> Option<usize> {
    let mut in_string = false;
    let mut escaped = false;
    for (i, b) in line.bytes().enumerate() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
        } else if b == b'"' {
            in_string = true;
        } else if b == b'#' {
            return Some(i);
        }
    }
    None
}

/// The lines of `text` with the byte offset where each starts (line breaks excluded).
fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut start = 0usize;
    text.split('\n').map(move |line| {
        let at = start;
        start += line.len() + 1;
        (at, line)
    })
}

/// Byte ranges of the top-level items: a new item starts at a line whose first token is an
/// item keyword in item position (`segment NAME`, `rule "..."`, `when` not right after a
/// `rule "...":` header, ...). Text before the first item start (comments, blanks, garbage)
/// forms its own chunk. Block contents (`policy { ... }`, `test { ... }`) never start with an
/// item keyword, so blocks stay whole without counting braces.
pub(crate) fn item_chunks(text: &str) -> Vec<(usize, usize)> {
    let mut starts = vec![0usize];
    let mut previous_significant: Option<u8> = None;
    for (line_start, line) in lines(text) {
        let code = match comment_start(line) {
            Some(hash) => &line[..hash],
            None => line,
        };
        let indent = code.len() - code.trim_start().len();
        let first = code.trim_start();
        if starts_item(first, previous_significant) && line_start + indent > 0 {
            starts.push(line_start + indent);
        }
        if let Some(last) = code.trim_end().bytes().last() {
            previous_significant = Some(last);
        }
    }
    starts.dedup();
    let mut chunks: Vec<(usize, usize)> = starts.windows(2).map(|w| (w[0], w[1])).collect();
    if let Some(&last) = starts.last() {
        chunks.push((last, text.len()));
    }
    chunks
}

fn starts_item(code: &str, previous_significant: Option<u8>) -> bool {
    let word_end = code
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(code.len());
    let word = &code[..word_end];
    let next = code[word_end..].trim_start().bytes().next();
    let lower_start = |b: Option<u8>| matches!(b, Some(b'a'..=b'z' | b'_'));
    let letter = |b: Option<u8>| matches!(b, Some(b) if b.is_ascii_alphabetic());
    match word {
        "strategy" | "creditor" | "timezone" | "rule" | "test" => next == Some(b'"'),
        "currency" => letter(next),
        "hit" | "field" | "segment" | "template" => lower_start(next),
        "policy" => next == Some(b'{'),
        "when" => previous_significant != Some(b':'),
        _ => false,
    }
}

/// A diagnostic for the first bracket nesting deeper than [`MAX_NESTING`] in `chunk`, if any.
pub(crate) fn excessive_nesting(chunk: &str, offset: usize) -> Option<Diagnostic> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut in_comment = false;
    for (i, b) in chunk.bytes().enumerate() {
        if in_comment {
            in_comment = b != b'\n';
            continue;
        }
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' | b'\n' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'#' => in_comment = true,
            b'(' | b'[' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(syntax_error(
                        Span::new(offset + i, offset + i + 1),
                        format!("brackets are nested more than {MAX_NESTING} deep"),
                        "simplify the condition, or name parts of it with `segment NAME = ...`",
                    ));
                }
            }
            b')' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}
