//! Byte offset → 1-based line number in O(log n), computed once per file (the checker asks for
//! the line of every rule and every diagnostic; a scan from the start each time would make
//! large files quadratic).

pub struct LineIndex {
    /// Byte offset of the start of each line; the first is 0.
    starts: Vec<u32>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| u32::try_from(i + 1).unwrap_or(u32::MAX)),
        );
        LineIndex { starts }
    }

    /// The 1-based line of a byte offset (agrees with `SourceFile::line_col`).
    pub fn line(&self, offset: u32) -> u32 {
        u32::try_from(self.starts.partition_point(|s| *s <= offset)).unwrap_or(u32::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::LineIndex;
    use crate::source::SourceFile;

    #[test]
    fn agrees_with_the_source_file() {
        let text = "a\nbc\n\nd";
        let index = LineIndex::new(text);
        let source = SourceFile::new("x", text);
        for offset in 0..=text.len() as u32 {
            assert_eq!(
                index.line(offset),
                source.line_col(offset).0,
                "offset {offset}"
            );
        }
    }
}
