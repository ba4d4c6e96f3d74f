//! Placing items, blank lines and comments. Comments are matched to items by source position:
//! everything before an item's start belongs above it; a comment on the same source line right
//! after an item (or a block line) stays at the end of that line, at its source column when
//! the code leaves room (hand-aligned comments stay aligned).

use super::expr::expr;
use super::items;
use crate::source::{SourceFile, Span};
use crate::syntax::ast::{Comment, Item, PolicyBlock, Strategy, TestBlock};

const INDENT: &str = "  ";

pub(crate) struct Layout<'a> {
    text: &'a str,
    ast: &'a Strategy,
    comments: Vec<&'a Comment>,
    /// Index of the first comment not yet written.
    next_comment: usize,
    out: String,
    /// Source offset of the end of the last thing written (for blank-line detection).
    last_end: usize,
}

impl<'a> Layout<'a> {
    pub(crate) fn new(source: &'a SourceFile, ast: &'a Strategy) -> Self {
        let mut comments: Vec<&Comment> = ast.comments.iter().collect();
        comments.sort_by_key(|c| c.span.start);
        Layout {
            text: &source.text,
            ast,
            comments,
            next_comment: 0,
            out: String::new(),
            last_end: 0,
        }
    }

    pub(crate) fn run(mut self) -> String {
        let mut items: Vec<&Item> = self.ast.items.iter().collect();
        items.sort_by_key(|i| i.span().start);
        let mut previous_group: Option<u8> = None;
        for item in items {
            let group = group(item);
            let span = item.span();
            let force_blank = previous_group.is_some_and(|g| g != group || is_block(item));
            let mut first = true;
            for comment in self.take_before(span.start as usize) {
                let blank = self.source_blank_before(comment.span) || (first && force_blank);
                self.own_line(comment, "", blank && !self.out.is_empty());
                first = false;
            }
            let blank = self.source_blank_before(span) || (first && force_blank);
            if blank && !self.out.is_empty() {
                self.out.push('\n');
            }
            self.item(item);
            previous_group = Some(group);
        }
        for comment in self.take_before(usize::MAX) {
            let blank = self.source_blank_before(comment.span) && !self.out.is_empty();
            self.own_line(comment, "", blank);
        }
        self.out
    }

    fn item(&mut self, item: &Item) {
        let span = item.span();
        match item {
            Item::Policy(block) => return self.policy(block),
            Item::Test(test) => return self.test(test),
            _ => {}
        }
        let line = match item {
            Item::Strategy { name, version, .. } => {
                items::strategy(name, version.as_ref().map(|v| v.node))
            }
            Item::Creditor { name, document, .. } => {
                items::creditor(name, document.as_ref().map(|d| d.node.as_str()))
            }
            Item::Currency(code) => format!("currency {}", code.node),
            Item::Timezone(zone) => format!("timezone {}", super::literal::quoted(zone)),
            Item::Hit(h) => items::hit(h.node),
            Item::Field(f) => items::field(f),
            Item::Segment(s) => items::segment(s),
            Item::Template(t) => items::template(t),
            Item::Rule(r) => items::rule(r),
            Item::Policy(_) | Item::Test(_) => String::new(),
        };
        // Comments written inside a one-line item go on their own lines above it.
        for comment in self.take_before(span.end as usize) {
            self.own_line(comment, "", false);
        }
        self.line("", &line, span.end as usize);
    }

    fn policy(&mut self, block: &PolicyBlock) {
        self.block_open("policy {", block.span);
        for setting in &block.settings {
            let text = items::policy_setting(&setting.node);
            self.block_line(&text, setting.span);
        }
        self.block_close(block.span);
    }

    fn test(&mut self, test: &TestBlock) {
        let header = format!("test {} {{", super::literal::quoted(&test.name));
        self.block_open(&header, test.span);
        for statement in test_statements(self.text, test) {
            self.block_line(&statement.text, statement.span);
        }
        if test.expect.is_empty() && test.expect_rule.is_none() {
            self.out.push_str(INDENT);
            self.out.push_str("expect nothing\n");
        }
        self.block_close(test.span);
    }

    /// `policy {` / `test "x" {`, with a comment that follows the brace on the same line.
    fn block_open(&mut self, header: &str, span: Span) {
        self.out.push_str(header);
        self.last_end = span.start as usize;
        let header_line_end = line_end(self.text, span.start as usize);
        if let Some(comment) = self.comments.get(self.next_comment).copied() {
            if (comment.span.start as usize) < header_line_end && comment.span.start < span.end {
                self.trailing_comment(comment);
                self.next_comment += 1;
                self.last_end = comment.span.end as usize;
            }
        }
        self.out.push('\n');
    }

    fn block_line(&mut self, text: &str, span: Span) {
        for comment in self.take_before(span.start as usize) {
            self.own_line(comment, INDENT, false);
        }
        self.line(INDENT, text, span.end as usize);
    }

    fn block_close(&mut self, span: Span) {
        // Comments after the last line of the block, before its `}`.
        let close = span.end.saturating_sub(1) as usize;
        for comment in self.take_before(close) {
            self.own_line(comment, INDENT, false);
        }
        self.line("", "}", span.end as usize);
    }

    /// Write one line of code, then the comment that follows `end` on the same source line.
    fn line(&mut self, indent: &str, code: &str, end: usize) {
        self.out.push_str(indent);
        self.out.push_str(code);
        self.last_end = end;
        if let Some(comment) = self.comments.get(self.next_comment).copied() {
            let start = comment.span.start as usize;
            let between = self.text.get(end..start).unwrap_or("\n");
            if start >= end && !between.contains('\n') {
                self.trailing_comment(comment);
                self.next_comment += 1;
                self.last_end = comment.span.end as usize;
            }
        }
        self.out.push('\n');
    }

    /// Append an end-of-line comment. It keeps the column it had in the source when the code
    /// is shorter (so hand-aligned comments stay aligned), else it follows after one space.
    fn trailing_comment(&mut self, comment: &Comment) {
        let start = comment.span.start as usize;
        let source_line_start = self
            .text
            .get(..start)
            .and_then(|t| t.rfind('\n'))
            .map_or(0, |k| k + 1);
        let source_column = self
            .text
            .get(source_line_start..start)
            .map_or(0, |t| t.chars().count());
        let out_line_start = self.out.rfind('\n').map_or(0, |k| k + 1);
        let out_column = self.out[out_line_start..].chars().count();
        let padding = source_column.saturating_sub(out_column).max(1);
        self.out.extend(std::iter::repeat_n(' ', padding));
        self.out.push('#');
        self.out.push_str(&comment.text);
    }

    fn own_line(&mut self, comment: &Comment, indent: &str, blank_before: bool) {
        if blank_before {
            self.out.push('\n');
        }
        self.out.push_str(indent);
        self.out.push('#');
        self.out.push_str(&comment.text);
        self.out.push('\n');
        self.last_end = self.last_end.max(comment.span.end as usize);
    }

    /// The comments not yet written that start before `pos`.
    fn take_before(&mut self, pos: usize) -> Vec<&'a Comment> {
        let mut taken = Vec::new();
        while let Some(comment) = self.comments.get(self.next_comment).copied() {
            if comment.span.start as usize >= pos {
                break;
            }
            taken.push(comment);
            self.next_comment += 1;
        }
        taken
    }

    /// Whether the source has an empty line between the last thing written and `span`.
    fn source_blank_before(&self, span: Span) -> bool {
        let start = span.start as usize;
        if start <= self.last_end {
            return false;
        }
        let between = self.text.get(self.last_end..start).unwrap_or("");
        between
            .split('\n')
            .skip(1)
            .take(between.matches('\n').count().saturating_sub(1))
            .any(|line| line.trim().is_empty())
    }
}

/// Item kinds grouped for blank lines: header, fields, policy, segments, templates, rules, tests.
fn group(item: &Item) -> u8 {
    match item {
        Item::Strategy { .. }
        | Item::Creditor { .. }
        | Item::Currency(_)
        | Item::Timezone(_)
        | Item::Hit(_) => 0,
        Item::Field(_) => 1,
        Item::Policy(_) => 2,
        Item::Segment(_) => 3,
        Item::Template(_) => 4,
        Item::Rule(_) => 5,
        Item::Test(_) => 6,
    }
}

fn is_block(item: &Item) -> bool {
    matches!(item, Item::Policy(_) | Item::Test(_))
}

fn line_end(text: &str, from: usize) -> usize {
    text.get(from..)
        .and_then(|rest| rest.find('\n'))
        .map_or(text.len(), |k| from + k)
}

/// One line of a test block, rebuilt from the AST.
struct Statement {
    text: String,
    span: Span,
}

/// The statements of a test in source order. `given` bindings and `expect` actions that were
/// written on one statement (separated only by `,`) stay together.
fn test_statements(text: &str, test: &TestBlock) -> Vec<Statement> {
    enum Part {
        AsOf,
        Given(usize),
        Expect(usize),
        ExpectRule,
    }
    let mut parts: Vec<(Span, Part)> = Vec::new();
    if let Some(d) = &test.as_of {
        parts.push((d.span, Part::AsOf));
    }
    parts.extend(
        test.given
            .iter()
            .enumerate()
            .map(|(i, g)| (g.span, Part::Given(i))),
    );
    parts.extend(
        test.expect
            .iter()
            .enumerate()
            .map(|(i, a)| (a.span, Part::Expect(i))),
    );
    if let Some(r) = &test.expect_rule {
        parts.push((r.span, Part::ExpectRule));
    }
    parts.sort_by_key(|(span, _)| span.start);

    let mut statements: Vec<Statement> = Vec::new();
    let mut previous: Option<(Span, bool)> = None; // (span, is_given)
    for (span, part) in parts {
        let (piece, kind) = match &part {
            Part::AsOf => (
                test.as_of
                    .as_ref()
                    .map(|d| items::as_of(d.node))
                    .unwrap_or_default(),
                None,
            ),
            Part::Given(i) => (
                test.given.get(*i).map(given).unwrap_or_default(),
                Some(true),
            ),
            Part::Expect(i) => (
                test.expect
                    .get(*i)
                    .map(|a| items::action(&a.node))
                    .unwrap_or_default(),
                Some(false),
            ),
            Part::ExpectRule => (
                test.expect_rule
                    .as_ref()
                    .map(|r| format!("expect rule {}", super::literal::quoted(r)))
                    .unwrap_or_default(),
                None,
            ),
        };
        let continues = match (previous, kind) {
            (Some((prev, was_given)), Some(is_given)) if was_given == is_given => {
                only_comma_between(text, prev.end as usize, span.start as usize)
            }
            _ => false,
        };
        match statements.last_mut() {
            Some(last) if continues => {
                last.text.push_str(", ");
                last.text.push_str(&piece);
                last.span = last.span.to(span);
            }
            _ => {
                let text = match kind {
                    Some(true) => format!("given {piece}"),
                    Some(false) => format!("expect {piece}"),
                    None => piece,
                };
                statements.push(Statement { text, span });
            }
        }
        previous = kind.map(|k| (span, k));
    }
    statements
}

fn given(g: &crate::syntax::ast::Given) -> String {
    match &g.value {
        Some(value) => format!("{} = {}", g.field.node, expr(value)),
        None => format!("{} = missing", g.field.node),
    }
}

/// Whether the source between two list elements is just a `,` (blanks and comments aside).
fn only_comma_between(text: &str, from: usize, to: usize) -> bool {
    let between = text.get(from..to).unwrap_or("");
    let code: String = between
        .split('\n')
        .map(|line| match crate::syntax::comment_start_in_line(line) {
            Some(hash) => &line[..hash],
            None => line,
        })
        .collect();
    code.trim() == ","
}
