//! Lowering: pest `Pair`s → the owned AST in [`super::ast`], one `lower_*` function per grammar
//! rule, each file one part of the grammar: [`items`] (the item dispatch, header, fields,
//! segments, templates), [`policy`], [`rules`] (rules and their actions), [`test_block`],
//! [`expr`] (conditions, with the limits that keep later recursive stages safe) and [`tokens`]
//! (literals). This file holds the state they share. Must not resolve names or types.
//!
//! A pair that does not have the shape the grammar promises is an internal error with its
//! span (see [`super::report::internal`]), never a panic and never a silent default.

mod children;
mod expr;
mod items;
mod policy;
mod rules;
mod test_block;
mod tokens;

use super::parser::Rule;
use super::scan::comment_start;
use crate::diagnostics::Diagnostic;
use crate::source::Span;
use children::{Children, Lowered};
use pest::iterators::Pair;
use std::cell::{Cell, RefCell};

/// Lowers the pairs of one parsed chunk of the file.
pub(crate) struct Lowerer {
    /// Byte offset of the chunk inside the file: pest positions are relative to the chunk.
    offset: usize,
    /// Errors that do not sink their item (a template placeholder problem keeps the template).
    diagnostics: RefCell<Vec<Diagnostic>>,
    /// Operators lowered so far in the current item (see [`expr::MAX_OPERATORS`]).
    operators: Cell<usize>,
}

impl Lowerer {
    pub(crate) fn new(offset: usize) -> Self {
        Lowerer {
            offset,
            diagnostics: RefCell::new(Vec::new()),
            operators: Cell::new(0),
        }
    }

    /// The pair's span in the file, without the blanks and comments pest lets a rule swallow
    /// at its end (`a ~ b?` skips blanks even when `b` is absent).
    fn span(&self, pair: &Pair<'_, Rule>) -> Span {
        let s = pair.as_span();
        let start = self.offset + s.start();
        Span::new(start, start + code_len(s.as_str()))
    }

    fn children<'i>(&self, pair: &Pair<'i, Rule>) -> Children<'i> {
        Children::new(pair, self.span(pair))
    }
}

/// Length of `text` once trailing blanks and trailing comments are cut off.
fn code_len(text: &str) -> usize {
    let mut code = text.trim_end();
    loop {
        let line_start = code.rfind('\n').map_or(0, |k| k + 1);
        match comment_start(&code[line_start..]) {
            Some(hash) => code = code[..line_start + hash].trim_end(),
            None => return code.len(),
        }
    }
}
