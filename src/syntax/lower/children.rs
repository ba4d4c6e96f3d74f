//! Walking the children of one pair in order, keyword pairs (`kw_*`, punctuation) skipped
//! unless asked for. A child that is not where the grammar puts it is an internal error with
//! the parent's span; [`Lowered`] is the result of every lowering step. Must not build AST
//! nodes.

use crate::diagnostics::Diagnostic;
use crate::source::Span;
use crate::syntax::keywords::is_keyword;
use crate::syntax::parser::Rule;
use crate::syntax::report::internal;
use pest::iterators::{Pair, Pairs};
use std::iter::Peekable;

/// A lowering step either yields its node or the diagnostic that sinks the current item.
pub(super) type Lowered<T> = Result<T, Diagnostic>;

/// The children of a pair, walked in order. Keyword pairs (`kw_*`) are skipped unless asked for.
pub(super) struct Children<'i> {
    pairs: Peekable<Pairs<'i, Rule>>,
    /// Where an internal error about a missing child points.
    parent: Span,
}

impl<'i> Children<'i> {
    pub(super) fn new(pair: &Pair<'i, Rule>, span: Span) -> Self {
        Children {
            pairs: pair.clone().into_inner().peekable(),
            parent: span,
        }
    }

    /// The single child of `pair` with `rule`.
    pub(super) fn only(pair: &Pair<'i, Rule>, rule: Rule, span: Span) -> Lowered<Pair<'i, Rule>> {
        Children::new(pair, span).take(rule)
    }

    /// The next child with `rule`, skipping keywords before it.
    pub(super) fn take(&mut self, rule: Rule) -> Lowered<Pair<'i, Rule>> {
        self.take_opt(rule).ok_or(internal(self.parent, rule))
    }

    /// The next child if (after keywords) it has `rule`; nothing is consumed otherwise.
    pub(super) fn take_opt(&mut self, rule: Rule) -> Option<Pair<'i, Rule>> {
        self.take_if(|r| r == rule)
    }

    /// The next child, after keywords, if it has one of `rules`.
    pub(super) fn take_one_of(&mut self, rules: &[Rule]) -> Lowered<Pair<'i, Rule>> {
        let parent = self.parent;
        // Only names the rule in the internal error's message.
        let first = rules.first().copied().unwrap_or(Rule::EOI);
        self.take_if(|r| rules.contains(&r))
            .ok_or(internal(parent, first))
    }

    /// The next child that is not a keyword, whatever its rule.
    pub(super) fn next_pair(&mut self) -> Lowered<Pair<'i, Rule>> {
        self.skip_keywords();
        self.pairs.next().ok_or(internal(self.parent, Rule::EOI))
    }

    /// The next child, keyword or not.
    pub(super) fn next_any(&mut self) -> Lowered<Pair<'i, Rule>> {
        self.pairs.next().ok_or(internal(self.parent, Rule::EOI))
    }

    fn take_if(&mut self, wanted: impl Fn(Rule) -> bool) -> Option<Pair<'i, Rule>> {
        let mut lookahead = self.pairs.clone();
        let mut skipped = 0usize;
        while let Some(p) = lookahead.peek() {
            let rule = p.as_rule();
            if wanted(rule) {
                for _ in 0..skipped {
                    self.pairs.next();
                }
                return self.pairs.next();
            }
            if !is_keyword(rule) {
                return None;
            }
            skipped += 1;
            lookahead.next();
        }
        None
    }

    fn skip_keywords(&mut self) {
        while let Some(p) = self.pairs.peek() {
            if is_keyword(p.as_rule()) {
                self.pairs.next();
            } else {
                break;
            }
        }
    }
}
