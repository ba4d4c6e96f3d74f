//! Syntax errors in plain language: pest's "expected one of these rules" sets become messages
//! an analyst understands ("expected `then`"), with the exact span of the offending token and
//! a help line. This file turns one pest failure into one diagnostic; [`expected`] groups what
//! pest waited for, [`phrase`] words it, [`token`] finds the text around the failure. Must not
//! render diagnostics (that is `diagnostics::render`).

mod expected;
mod phrase;
mod token;

use super::parser::Rule;
use super::report::syntax_error;
use crate::diagnostics::Diagnostic;
use crate::source::Span;
use expected::expectations;
use pest::error::{ErrorVariant, InputLocation};
use phrase::phrase;
use token::{previous_word, shorten, token_at};

/// Turn pest's failure on a chunk starting at byte `offset` of `text` into a diagnostic.
pub(crate) fn from_pest(
    error: &pest::error::Error<Rule>,
    chunk: &str,
    offset: usize,
) -> Diagnostic {
    let pos = match error.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    };
    let positives: Vec<Rule> = match &error.variant {
        ErrorVariant::ParsingError { positives, .. } => positives.clone(),
        ErrorVariant::CustomError { .. } => Vec::new(),
    };
    // A failure at the very end of the chunk is shown right after its last token, not on the
    // next item's line.
    let content_end = chunk.trim_end().len();
    let (token_start, token_end) = if pos >= content_end {
        (content_end, content_end)
    } else {
        token_at(chunk, pos)
    };
    let span = Span::new(offset + token_start, offset + token_end);
    let found = chunk.get(token_start..token_end).unwrap_or("");

    if found.starts_with('"') && !found.ends_with('"') || found == "\"" {
        return syntax_error(
            span,
            "this text is never closed",
            "end the text with `\"` on the same line",
        )
        .with_label("unclosed text");
    }

    let previous = previous_word(chunk, token_start);
    let mut expected = expectations(&positives);
    expected.sort();
    expected.dedup();
    let (message, help) = phrase(&expected, previous);
    let found_text = if found.is_empty() {
        "the end of the item".to_string()
    } else {
        format!("`{}`", shorten(found))
    };
    syntax_error(span, message, help).with_label(format!("found {found_text}"))
}
