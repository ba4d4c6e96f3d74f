//! Reading strategy files for every subcommand: bytes from disk → a [`SourceFile`], or a
//! diagnostic saying why the bytes cannot be a strategy (not UTF-8, too large), or an IO
//! error for the caller to report (exit 2). Must not parse, check or print.

use crate::diagnostics::{Code, Diagnostic};
use crate::source::{SourceFile, Span};
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The largest strategy file strat reads. Real strategies are a few kilobytes; the limit keeps
/// a wrong argument (a log, a database) from being parsed for minutes.
pub const MAX_BYTES: usize = 4 * 1024 * 1024;

/// A file that was read. When `rejected` is set the text is not a strategy at all (the
/// diagnostic says why) and must not be parsed; `source` then holds what can be shown.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub source: SourceFile,
    pub rejected: Option<Diagnostic>,
}

/// The file could not be read at all (missing, a directory, no permission).
#[derive(Debug)]
pub struct ReadError {
    pub path: PathBuf,
    pub error: std::io::Error,
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot read `{}`: {}", self.path.display(), self.error)
    }
}

impl std::error::Error for ReadError {}

/// Read one strategy file. The file's name in diagnostics is the path as given.
pub fn read(path: &Path) -> Result<Loaded, ReadError> {
    let fail = |error| ReadError {
        path: path.to_path_buf(),
        error,
    };
    let file = std::fs::File::open(path).map_err(fail)?;
    let mut bytes = Vec::new();
    // Read one byte past the limit instead of trusting metadata: special files (a pipe,
    // /dev/zero) report no size or grow while read.
    file.take(MAX_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(fail)?;
    Ok(from_bytes(&path.display().to_string(), bytes))
}

/// Turn raw bytes into a source, rejecting what cannot be strategy text (too large, not UTF-8,
/// empty or only whitespace). NUL bytes and other
/// binary content that is valid UTF-8 are left for the parser to report as syntax errors.
pub fn from_bytes(name: &str, bytes: Vec<u8>) -> Loaded {
    if bytes.len() > MAX_BYTES {
        let source = SourceFile::new(name, "");
        let diagnostic = Diagnostic::error(
            Code::InvalidInput,
            Span::new(0, 0),
            "file is larger than 4 MiB",
        )
        .with_help("strategy files are small text files; check that this is the right file");
        return Loaded {
            source,
            rejected: Some(diagnostic),
        };
    }
    match String::from_utf8(bytes) {
        // An empty file is almost always a mistake (wrong path, truncated write); saying so
        // beats reporting that a strategy with no rules is fine.
        Ok(text) if text.trim().is_empty() => {
            let end = text.len();
            Loaded {
                source: SourceFile::new(name, text),
                rejected: Some(
                    Diagnostic::error(Code::InvalidInput, Span::new(0, end), "file is empty")
                        .with_help("a strategy needs at least one rule"),
                ),
            }
        }
        Ok(text) => Loaded {
            source: SourceFile::new(name, text),
            rejected: None,
        },
        Err(error) => {
            let offset = error.utf8_error().valid_up_to();
            let bad = error.as_bytes().get(offset).copied().unwrap_or(0);
            // Up to `offset` the lossy text is byte-for-byte the original, so the span
            // points at the replacement character standing for the first bad byte.
            let text = String::from_utf8_lossy(error.as_bytes()).into_owned();
            let replacement_len = char::REPLACEMENT_CHARACTER.len_utf8();
            let diagnostic = Diagnostic::error(
                Code::InvalidInput,
                Span::new(offset, offset + replacement_len),
                format!("file is not valid UTF-8: byte 0x{bad:02X} at byte offset {offset}"),
            )
            .with_label("not UTF-8")
            .with_help("save the file as UTF-8 (strategy files are UTF-8 text)");
            Loaded {
                source: SourceFile::new(name, text),
                rejected: Some(diagnostic),
            }
        }
    }
}
