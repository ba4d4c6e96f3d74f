//! Byte offset → 1-based line and character column, in O(log n), for one source text. Owns the
//! only line numbering of the crate: the checker (a rule's `line N`, allow comments) and every
//! diagnostic renderer ask [`SourceFile`](super::SourceFile) for positions, and it answers from
//! this index, built once when the file is loaded. A scan from the start on each question
//! would make large files quadratic (thousands of findings in a 4 MiB file).
//!
//! Must not know about spans' meaning, rendering or clamping (that is `diagnostics::render`).

/// Bytes per checkpoint of the running character count: a column costs a binary search plus
/// counting at most this many bytes.
const BLOCK: usize = 64;

/// Line starts and character-count checkpoints of one text. It does not keep the text (the
/// [`SourceFile`](super::SourceFile) does), so each lookup is handed the same text it was
/// built from.
pub(super) struct LineIndex {
    /// Byte offset of the start of each line; the first is 0.
    line_starts: Vec<u32>,
    /// `chars_before_block[k]`: number of characters in `text[..k * BLOCK]`.
    chars_before_block: Vec<u32>,
}

impl LineIndex {
    pub(super) fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        line_starts.extend(
            bytes
                .iter()
                .enumerate()
                .filter(|&(_, &b)| b == b'\n')
                .map(|(i, _)| to_u32(i + 1)),
        );
        let mut chars_before_block = Vec::with_capacity(bytes.len() / BLOCK + 1);
        let mut chars = 0usize;
        for block in bytes.chunks(BLOCK) {
            chars_before_block.push(to_u32(chars));
            chars += block.iter().filter(|&&b| !is_continuation(b)).count();
        }
        chars_before_block.push(to_u32(chars));
        LineIndex {
            line_starts,
            chars_before_block,
        }
    }

    /// The 1-based line of a byte offset (offsets past the end are on the last line).
    pub(super) fn line(&self, offset: u32) -> u32 {
        to_u32(self.line_starts.partition_point(|&start| start <= offset))
    }

    /// 1-based line and column (in characters) of a byte offset. The offset is first cut to
    /// the text's length and moved back to the start of the character it falls in.
    pub(super) fn line_col(&self, text: &str, offset: u32) -> (u32, u32) {
        let offset = floor_char_boundary(text, offset as usize);
        let line = self.line(to_u32(offset));
        let line_start = self
            .line_starts
            .get(line.saturating_sub(1) as usize)
            .map_or(0, |&s| s as usize);
        let column = self.chars_before(text, offset) - self.chars_before(text, line_start) + 1;
        (line, to_u32(column))
    }

    /// Byte range of a 1-based line, without its line break (empty at the end of the text if
    /// the line does not exist).
    pub(super) fn line_range(&self, text: &str, line: u32) -> std::ops::Range<usize> {
        let index = (line as usize).saturating_sub(1);
        let len = text.len();
        let Some(&start) = self.line_starts.get(index) else {
            return len..len;
        };
        let end = self
            .line_starts
            .get(index + 1)
            .map_or(len, |&next| next as usize - 1);
        start as usize..end
    }

    /// Number of characters in `text[..offset]`: a checkpoint plus at most one block.
    fn chars_before(&self, text: &str, offset: usize) -> usize {
        let bytes = text.as_bytes();
        let offset = offset.min(bytes.len());
        let block = offset / BLOCK;
        let base = self
            .chars_before_block
            .get(block)
            .map_or(0, |&n| n as usize);
        base + bytes
            .get(block * BLOCK..offset)
            .unwrap_or_default()
            .iter()
            .filter(|&&b| !is_continuation(b))
            .count()
    }
}

fn is_continuation(byte: u8) -> bool {
    byte & 0xC0 == 0x80
}

fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::LineIndex;

    /// The obvious definition, scanning from the start: what the index must agree with.
    fn scanned(text: &str, offset: usize) -> (u32, u32) {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |k| k + 1);
        let column = text[line_start..offset].chars().count() + 1;
        (line as u32, column as u32)
    }

    #[test]
    fn agrees_with_a_scan_from_the_start() {
        // Several blocks long, with multi-byte characters straddling block edges.
        let text = "a\nbc\n\nd\r\né日本🙂\n".repeat(20);
        let index = LineIndex::new(&text);
        for offset in 0..=text.len() + 3 {
            let expected = scanned(&text, offset);
            assert_eq!(
                index.line_col(&text, offset as u32),
                expected,
                "offset {offset}"
            );
            assert_eq!(index.line(offset as u32), expected.0, "offset {offset}");
        }
    }

    #[test]
    fn line_ranges_exclude_the_line_break() {
        let text = "ab\n\ncd";
        let index = LineIndex::new(text);
        assert_eq!(index.line_range(text, 1), 0..2);
        assert_eq!(index.line_range(text, 2), 3..3);
        assert_eq!(index.line_range(text, 3), 4..6);
        assert_eq!(index.line_range(text, 4), 6..6);
        assert_eq!(index.line_range(text, 0), 0..2);
    }

    proptest::proptest! {
        #[test]
        fn agrees_with_a_scan_on_any_text(text in "(a|é|\n|\r\n|日本|🙂| ){0,200}", offset in 0usize..1000) {
            let index = LineIndex::new(&text);
            proptest::prop_assert_eq!(index.line_col(&text, offset as u32), scanned(&text, offset));
        }
    }
}
