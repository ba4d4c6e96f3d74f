//! The two kinds of diagnostic the syntax module makes: a syntax error in the analyst's text
//! (message and help), and an internal error when the grammar and the lowering disagree (a bug
//! in strat, reported with its span instead of panicking). A leaf: every other syntax file may
//! import it, it imports none of them but the parser's rule names.

use super::parser::Rule;
use crate::diagnostics::{Code, Diagnostic};
use crate::source::Span;

pub(crate) fn syntax_error(
    span: Span,
    message: impl Into<String>,
    help: impl Into<String>,
) -> Diagnostic {
    Diagnostic::error(Code::SyntaxError, span, message).with_help(help)
}

/// A grammar/lowering mismatch: a bug in strat, reported instead of panicking.
pub(crate) fn internal(span: Span, rule: Rule) -> Diagnostic {
    Diagnostic::error(
        Code::SyntaxError,
        span,
        format!("internal parser error: could not read a `{rule:?}` here"),
    )
    .with_help("this is a bug in strat; please report it with the file that caused it")
}
