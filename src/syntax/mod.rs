//! Syntax: strategy text → owned AST ([`ast`]) with a span on every node, plus syntax
//! diagnostics. pest types never leave this module. Must not resolve names or types (that is
//! `check`) and must not do IO.
//!
//! Recovery: the whole file is parsed first; if that fails, it is cut into top-level item
//! chunks ([`scan::item_chunks`]) and each chunk is parsed alone, so independent mistakes are
//! each reported and the good items are still returned.

pub mod ast;
pub mod span;

mod errors;
mod lower;
mod parser;
mod scan;
mod template;

use crate::diagnostics::Diagnostic;
use ast::Strategy;
use lower::Lowerer;
use parser::{Rule, StratParser};
use pest::Parser as _;
use span::SourceFile;

/// Parse a whole file. Always returns an AST of the items that parsed (so later stages can
/// still report on them) and every syntax error found, not only the first.
pub fn parse(source: &SourceFile) -> (Strategy, Vec<Diagnostic>) {
    let text: &str = &source.text;
    let comments = scan::comments(text);
    let (items, diagnostics) = match parse_whole(text) {
        Some(result) => result,
        None => parse_by_chunks(text),
    };
    (Strategy { items, comments }, diagnostics)
}

/// The fast path: one pest run over the whole file. `None` when the file has a syntax error
/// or nesting too deep to hand to pest (the chunked path reports those precisely).
fn parse_whole(text: &str) -> Option<(Vec<ast::Item>, Vec<Diagnostic>)> {
    if scan::excessive_nesting(text, 0).is_some() {
        return None;
    }
    let pairs = StratParser::parse(Rule::file, text).ok()?;
    Some(Lowerer::new(0).lower_items(pairs))
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
