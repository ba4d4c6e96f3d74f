//! Equality of AST nodes: everything the analyst wrote, never where it was written. Node spans
//! (`span`, `when_span`) are left out here, as [`Spanned`](crate::source::Spanned) leaves out its
//! own, so two files that differ only in layout parse to equal ASTs (the formatter's
//! round-trip check is `==`). Comments compare by text: their place is layout too.
//!
//! Each impl names every field of its node, so a field added later is a compile error here
//! until it is listed as compared or as a span.

use super::{
    Comment, Expr, FieldDecl, Given, Item, PolicyBlock, Rule, SegmentDecl, TemplateDecl, TestBlock,
};

/// `PartialEq` and `Eq` for a struct: the `compared` fields with `==`, the `spans` not at all.
macro_rules! eq_without_spans {
    ($node:ident { compared: $($field:ident),+; spans: $($span:ident),+ }) => {
        impl PartialEq for $node {
            fn eq(&self, other: &Self) -> bool {
                let $node { $($field: _,)+ $($span: _,)+ } = self;
                true $(&& self.$field == other.$field)+
            }
        }
    };
}

eq_without_spans!(Comment { compared: text; spans: span });
eq_without_spans!(FieldDecl { compared: name, ty; spans: span });
eq_without_spans!(PolicyBlock { compared: settings; spans: span });
eq_without_spans!(SegmentDecl { compared: name, condition; spans: span });
eq_without_spans!(TemplateDecl { compared: name, channel, text, placeholders; spans: span });
eq_without_spans!(Rule { compared: name, condition, actions; spans: span, when_span });
eq_without_spans!(Expr { compared: kind; spans: span });
eq_without_spans!(TestBlock { compared: name, given, expect, expect_rule, as_of; spans: span });
eq_without_spans!(Given { compared: field, value; spans: span });

impl Eq for Comment {}

impl PartialEq for Item {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (
                Item::Strategy {
                    name,
                    version,
                    span: _,
                },
                Item::Strategy {
                    name: other_name,
                    version: other_version,
                    span: _,
                },
            ) => name == other_name && version == other_version,
            (
                Item::Creditor {
                    name,
                    document,
                    span: _,
                },
                Item::Creditor {
                    name: other_name,
                    document: other_document,
                    span: _,
                },
            ) => name == other_name && document == other_document,
            (Item::Currency(a), Item::Currency(b)) => a == b,
            (Item::Timezone(a), Item::Timezone(b)) => a == b,
            (Item::Hit(a), Item::Hit(b)) => a == b,
            (Item::Field(a), Item::Field(b)) => a == b,
            (Item::Policy(a), Item::Policy(b)) => a == b,
            (Item::Segment(a), Item::Segment(b)) => a == b,
            (Item::Template(a), Item::Template(b)) => a == b,
            (Item::Rule(a), Item::Rule(b)) => a == b,
            (Item::Test(a), Item::Test(b)) => a == b,
            // Every variant listed (no `_`), so a new one must get its arm above.
            (
                Item::Strategy { .. }
                | Item::Creditor { .. }
                | Item::Currency(_)
                | Item::Timezone(_)
                | Item::Hit(_)
                | Item::Field(_)
                | Item::Policy(_)
                | Item::Segment(_)
                | Item::Template(_)
                | Item::Rule(_)
                | Item::Test(_),
                _,
            ) => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::source::SourceFile;
    use crate::syntax::parse;

    fn parsed(text: &str) -> super::super::Strategy {
        let (ast, diagnostics) = parse(&SourceFile::new("t.strat", text));
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        ast
    }

    #[test]
    fn layout_does_not_count() {
        let tidy = parsed(
            "strategy \"s\" version 1\nfield x: int\npolicy {\n  max installments 3\n}\n\
             segment big = x > 1\ntemplate t for sms: \"oi {x}\"\n\
             rule \"a\": when x >= 1 and big then sms template \"t\" # why\n\
             test \"t\" {\n  given x = 2\n  expect sms\n}\n",
        );
        let spread = parsed(
            "\n\nstrategy   \"s\"  version 1\n\nfield x :int\npolicy { max installments 3 }\n\
             segment big=x>1\n\ntemplate t for sms:\"oi {x}\"\n# why\n\
             rule \"a\":\n  when (x >= 1) and big\n  then sms template \"t\"\n\
             test \"t\" { given x = 2 expect sms }\n",
        );
        assert_eq!(tidy, spread);
    }

    #[test]
    fn what_was_written_counts() {
        let base = parsed("rule \"a\": when x >= 1 then sms # why\n");
        for changed in [
            "rule \"b\": when x >= 1 then sms # why\n",
            "rule \"a\": when x > 1 then sms # why\n",
            "rule \"a\": when x >= 1 then call # why\n",
            "rule \"a\": when x >= 1 then sms # because\n",
            "when x >= 1 then sms # why\n",
        ] {
            assert_ne!(base, parsed(changed), "{changed}");
        }
    }
}
