//! Positions shared by every renderer: a diagnostic span clamped to its source and converted
//! to 1-based lines and columns through a [`LineIndex`] built once per file, so rendering
//! thousands of findings in a 4 MiB file stays linear. Must not format anything.

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

/// Bytes per checkpoint of the running character count.
const BLOCK: usize = 64;

/// Line starts and character-count checkpoints of one source text.
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    source: &'a SourceFile,
    /// Byte offset of the start of each line; `line_starts[0] == 0`.
    line_starts: Vec<usize>,
    /// `chars_before_block[k]`: number of characters in `text[..k * BLOCK]`.
    chars_before_block: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(source: &'a SourceFile) -> Self {
        let bytes = source.text.as_bytes();
        let mut line_starts = vec![0];
        line_starts.extend(
            bytes
                .iter()
                .enumerate()
                .filter(|&(_, &b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        let mut chars_before_block = Vec::with_capacity(bytes.len() / BLOCK + 1);
        let mut chars = 0;
        for block in bytes.chunks(BLOCK) {
            chars_before_block.push(chars);
            chars += block.iter().filter(|&&b| !is_continuation(b)).count();
        }
        chars_before_block.push(chars);
        LineIndex {
            source,
            line_starts,
            chars_before_block,
        }
    }

    pub fn source(&self) -> &'a SourceFile {
        self.source
    }

    pub fn region(&self, span: Span) -> Region {
        let span = clamp(self.source, span);
        let (line, column) = self.line_col(span.start as usize);
        let (end_line, end_column) = self.line_col(span.end as usize);
        Region {
            line,
            column,
            end_line,
            end_column,
        }
    }

    /// 1-based line and character column of a byte offset on a character boundary.
    fn line_col(&self, offset: usize) -> (u32, u32) {
        let line = self.line_starts.partition_point(|&start| start <= offset);
        let line_start = self.line_starts[line.saturating_sub(1)];
        let column = self.chars_before(offset) - self.chars_before(line_start) + 1;
        (to_u32(line), to_u32(column))
    }

    /// Number of characters in `text[..offset]`: a checkpoint plus at most one block.
    fn chars_before(&self, offset: usize) -> usize {
        let bytes = self.source.text.as_bytes();
        let offset = offset.min(bytes.len());
        let block = offset / BLOCK;
        let base = self.chars_before_block.get(block).copied().unwrap_or(0);
        base + bytes[block * BLOCK..offset]
            .iter()
            .filter(|&&b| !is_continuation(b))
            .count()
    }

    /// Byte range of a 1-based line, without its line break (empty if out of range).
    pub fn line_range(&self, line: u32) -> std::ops::Range<usize> {
        let index = (line as usize).saturating_sub(1);
        let len = self.source.text.len();
        let Some(&start) = self.line_starts.get(index) else {
            return len..len;
        };
        let end = self
            .line_starts
            .get(index + 1)
            .map_or(len, |&next| next - 1);
        start..end
    }
}

impl Region {
    /// Convenience for a single span; renderers with many spans build a [`LineIndex`].
    pub fn of(source: &SourceFile, span: Span) -> Region {
        LineIndex::new(source).region(span)
    }
}

fn is_continuation(byte: u8) -> bool {
    byte & 0xC0 == 0x80
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
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
