//! Source positions: one span type for the whole pipeline, the source kept once, and its
//! line numbering ([`lines`]), the only one in the crate. The bottom layer: imports nothing of
//! the crate.

mod lines;

use lines::LineIndex;
use std::sync::Arc;

/// A byte range in one source file. Kept out of `==` on AST nodes via [`Spanned`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span {
            start: u32::try_from(start).unwrap_or(u32::MAX),
            end: u32::try_from(end).unwrap_or(u32::MAX),
        }
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    pub fn len(self) -> usize {
        (self.end.saturating_sub(self.start)) as usize
    }

    pub fn is_empty(self) -> bool {
        self.end <= self.start
    }

    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

impl From<Span> for miette::SourceSpan {
    fn from(s: Span) -> Self {
        miette::SourceSpan::new((s.start as usize).into(), s.len())
    }
}

/// A value with the span it came from. Equality ignores the span, so two ASTs that differ only
/// in layout compare equal (the formatter's round-trip test relies on this).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Spanned<T> {
    pub node: T,
    #[serde(skip)]
    pub span: Span,
}

impl<T> Spanned<T> {
    pub fn new(node: T, span: Span) -> Self {
        Spanned { node, span }
    }
}

impl<T: PartialEq> PartialEq for Spanned<T> {
    fn eq(&self, other: &Self) -> bool {
        self.node == other.node
    }
}
impl<T: Eq> Eq for Spanned<T> {}

impl<T> std::ops::Deref for Spanned<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.node
    }
}

/// One strategy source file: its name (as given on the command line), its full text, and the
/// index of its lines, built once here so that every position asked for later (by the
/// checker or a renderer) costs O(log n). Built only by [`SourceFile::new`] (the index is
/// private), so the index matches the text it was made from; `text` stays public for reading
/// and must not be replaced: make a new `SourceFile` instead.
#[derive(Clone)]
pub struct SourceFile {
    pub name: String,
    pub text: Arc<str>,
    lines: Arc<LineIndex>,
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<Arc<str>>) -> Self {
        let text = text.into();
        SourceFile {
            name: name.into(),
            lines: Arc::new(LineIndex::new(&text)),
            text,
        }
    }

    /// The same file under another name (the text and its index are shared, not rebuilt).
    pub fn renamed(self, name: impl Into<String>) -> Self {
        SourceFile {
            name: name.into(),
            ..self
        }
    }

    /// 1-based line of a byte offset.
    pub fn line(&self, offset: u32) -> u32 {
        self.lines.line(offset)
    }

    /// 1-based line and column (in characters) of a byte offset. An offset past the end
    /// counts as the end; one inside a character as that character's start.
    pub fn line_col(&self, offset: u32) -> (u32, u32) {
        self.lines.line_col(&self.text, offset)
    }

    /// Byte range of a 1-based line, without its line break (empty at the end of the text if
    /// there is no such line).
    pub fn line_range(&self, line: u32) -> std::ops::Range<usize> {
        self.lines.line_range(&self.text, line)
    }

    /// The text under a span ("" if the span is out of range).
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.range()).unwrap_or("")
    }
}

/// Name and text only: the index is derived from the text.
impl std::fmt::Debug for SourceFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SourceFile")
            .field("name", &self.name)
            .field("text", &self.text)
            .finish()
    }
}
