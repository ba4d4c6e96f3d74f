//! Positions as the renderers show them: a diagnostic span clamped to its source and turned
//! into 1-based lines and columns. The line numbering itself is the source's
//! ([`SourceFile::line_col`], an index built once per file), so rendering thousands of
//! findings in a 4 MiB file stays linear. Must not format anything.

use crate::source::{SourceFile, Span};

/// A span as 1-based line/column pairs. Columns count characters (Unicode code points);
/// `end_column` is exclusive (the column just after the last character), as in SARIF.
/// Same numbers as [`SourceFile::line_col`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
}

impl Region {
    /// The region of a span, after [`clamp`]ing it to the source.
    pub fn of(source: &SourceFile, span: Span) -> Region {
        let span = clamp(source, span);
        let (line, column) = source.line_col(span.start);
        let (end_line, end_column) = source.line_col(span.end);
        Region {
            line,
            column,
            end_line,
            end_column,
        }
    }
}

/// The span cut to the source's length and widened to character boundaries, so that a span
/// produced by a buggy stage can never make a renderer slice inside a character or past the
/// end of the text.
pub fn clamp(source: &SourceFile, span: Span) -> Span {
    let text = &*source.text;
    let mut start = (span.start as usize).min(text.len());
    let mut end = (span.end as usize).min(text.len()).max(start);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    while !text.is_char_boundary(end) {
        end += 1;
    }
    Span::new(start, end)
}
