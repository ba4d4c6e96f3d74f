//! The formatter: a parsed strategy → its canonical text, keeping every comment. Pure. Must
//! never change meaning: parsing the output gives an AST equal to the input's (spans take no
//! part in `==`), which [`keeps_meaning`] checks.
//!
//! Layout: one item per line, header first as written; a blank line between groups of items
//! of different kinds, around policy and test blocks, and wherever the source had one;
//! policy and test contents indented two spaces; parentheses only where precedence needs
//! them. Own-line comments stay before the item that follows them, end-of-line comments at the
//! end of their line; a comment written inside a one-line item moves to its own line just
//! above it.

mod expr;
mod items;
mod layout;
mod literal;
mod verify;

use crate::source::SourceFile;
use crate::syntax::ast::Strategy;

pub use verify::keeps_meaning;

/// Format a strategy that parsed without errors.
pub fn format(source: &SourceFile, ast: &Strategy) -> String {
    layout::Layout::new(source, ast).run()
}
