//! The formatter's promise, checked on its own output: the formatted text parses without
//! errors to the same items with the same comments, layout aside. Spans take no part in the
//! AST's `==`, so the check is plain equality. `strat fmt` runs it before writing anything.
//! Must not format (that is [`super::layout`]).

use crate::diagnostics::Diagnostic;
use crate::source::SourceFile;
use crate::syntax::ast::{Comment, Strategy};
use crate::syntax::parse;

/// Whether `formatted`, the formatter's output for `original`, means the same: it parses
/// without errors to equal items, with the same comments in the same order.
pub fn keeps_meaning(original: &Strategy, formatted: &str) -> bool {
    let (again, diagnostics) = parse(&SourceFile::new("formatted", formatted));
    !diagnostics.iter().any(Diagnostic::is_error)
        && again.items == original.items
        && comment_texts(&again.comments).eq(comment_texts(&original.comments))
}

/// Comments by their text without surrounding blanks: the formatter may drop the blanks at
/// the end of a line, and a comment's place is layout.
fn comment_texts(comments: &[Comment]) -> impl Iterator<Item = &str> {
    comments.iter().map(|c| c.text.trim())
}

#[cfg(test)]
mod tests {
    use super::keeps_meaning;
    use crate::source::SourceFile;
    use crate::syntax::{ast::Strategy, parse};

    fn parsed(text: &str) -> Strategy {
        let (ast, diagnostics) = parse(&SourceFile::new("t.strat", text));
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        ast
    }

    #[test]
    fn layout_changes_keep_meaning() {
        let ast = parsed("rule \"a\":when days_overdue>=1 then call   # weekly\n");
        let tidy = "# weekly\n\nrule \"a\": when days_overdue >= 1 then call\n";
        assert!(keeps_meaning(&ast, tidy));
    }

    #[test]
    fn changed_values_lost_comments_or_broken_output_are_caught() {
        let ast = parsed("rule \"a\": when days_overdue >= 1 then call # weekly\n");
        let changed_value = "rule \"a\": when days_overdue >= 2 then call # weekly\n";
        let lost_comment = "rule \"a\": when days_overdue >= 1 then call\n";
        let broken = "rule \"a\": when days_overdue >= then call # weekly\n";
        assert!(!keeps_meaning(&ast, changed_value));
        assert!(!keeps_meaning(&ast, lost_comment));
        assert!(!keeps_meaning(&ast, broken));
    }
}
