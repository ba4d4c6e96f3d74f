//! Syntax: strategy text → owned AST ([`ast`]) with a span on every node, plus syntax
//! diagnostics. pest types never leave this module. Must not resolve names or types (that is
//! `check`) and must not do IO.
//!
//! Recovery: the file is cut into top-level item chunks ([`scan::item_chunks`]) and each chunk
//! is parsed alone with the `item_chunk` rule, so independent mistakes are each reported and
//! the good items are still returned. (Chunks also keep pest fast: its cost grows faster than
//! linearly on one huge input, but a chunk is a line or a block.)
//!
//! Files import each other in one direction only: [`parser`], [`keywords`] and [`report`]
//! (the syntax-error constructors) are leaves; [`scan`], [`template`] and [`errors`] use
//! them; [`lower`] uses all of those; this file drives them.

pub mod ast;

mod errors;
mod keywords;
mod lower;
mod parser;
mod report;
mod scan;
mod template;

use crate::diagnostics::Diagnostic;
use crate::source::SourceFile;
use ast::Strategy;
use lower::Lowerer;
use parser::{Rule, StratParser};
use pest::Parser as _;

/// Parse a whole file. Always returns an AST of the items that parsed (so later stages can
/// still report on them) and every syntax error found, not only the first.
pub fn parse(source: &SourceFile) -> (Strategy, Vec<Diagnostic>) {
    let text: &str = &source.text;
    let comments = scan::comments(text);
    let (items, diagnostics) = parse_by_chunks(text);
    (Strategy { items, comments }, diagnostics)
}

fn parse_by_chunks(text: &str) -> (Vec<ast::Item>, Vec<Diagnostic>) {
    let mut items = Vec::new();
    let mut diagnostics = Vec::new();
    for (start, end) in scan::item_chunks(text) {
        let Some(chunk) = text.get(start..end) else {
            continue;
        };
        if let Some(nesting) = scan::excessive_nesting(chunk, start) {
            diagnostics.push(nesting);
            continue;
        }
        match StratParser::parse(Rule::item_chunk, chunk) {
            Ok(pairs) => {
                let (chunk_items, chunk_diagnostics) = Lowerer::new(start).lower_items(pairs);
                items.extend(chunk_items);
                diagnostics.extend(chunk_diagnostics);
            }
            Err(error) => diagnostics.push(errors::from_pest(&error, chunk, start)),
        }
    }
    (items, diagnostics)
}

/// Byte offset of the `#` starting a comment on one line of source, if any (strings are
/// skipped). Shared with the formatter so both agree on what a comment is.
pub fn comment_start_in_line(line: &str) -> Option<usize> {
    scan::comment_start(line)
}
