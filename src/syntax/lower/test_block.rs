//! Lowering of `test "name" { ... }` blocks: `as of`, `given` bindings, `expect` actions,
//! `expect rule` and `expect nothing`. Must not run the tests (that is `eval::testrun`).

use super::expr::negate;
use super::{Lowered, Lowerer};
use crate::syntax::ast::{Expr, Given, TestBlock};
use crate::syntax::keywords::is_keyword;
use crate::syntax::parser::Rule;
use crate::syntax::report::internal;
use pest::iterators::Pair;

impl Lowerer {
    pub(super) fn lower_test_item(&self, pair: Pair<'_, Rule>) -> Lowered<TestBlock> {
        let span = self.span(&pair);
        let mut c = self.children(&pair);
        let name = self.lower_string(c.take(Rule::string)?)?;
        let mut test = TestBlock {
            name,
            given: Vec::new(),
            expect: Vec::new(),
            expect_rule: None,
            as_of: None,
            span,
        };
        // The first non-keyword child is the name, lowered above.
        for statement in pair
            .into_inner()
            .filter(|p| !is_keyword(p.as_rule()))
            .skip(1)
        {
            self.lower_test_statement(statement, &mut test)?;
        }
        Ok(test)
    }

    fn lower_test_statement(&self, pair: Pair<'_, Rule>, test: &mut TestBlock) -> Lowered<()> {
        let mut c = self.children(&pair);
        match pair.as_rule() {
            Rule::test_as_of => test.as_of = Some(self.lower_date(&c.take(Rule::date)?)?),
            Rule::test_given => {
                while let Some(binding) = c.take_opt(Rule::binding) {
                    test.given.push(self.lower_binding(binding)?);
                }
            }
            Rule::test_expect_rule => {
                test.expect_rule = Some(self.lower_string(c.take(Rule::string)?)?)
            }
            Rule::test_expect_nothing => {}
            Rule::test_expect => {
                while let Some(action) = c.take_opt(Rule::action) {
                    test.expect.push(self.lower_action(action)?);
                }
            }
            other => return Err(internal(self.span(&pair), other)),
        }
        Ok(())
    }

    fn lower_binding(&self, pair: Pair<'_, Rule>) -> Lowered<Given> {
        let span = self.span(&pair);
        let mut c = self.children(&pair);
        let field = self.lower_ident(&c.take(Rule::ident)?);
        let value = match c.take_opt(Rule::given_value) {
            Some(v) => Some(self.lower_given_value(v)?),
            None => None,
        };
        Ok(Given { field, value, span })
    }

    fn lower_given_value(&self, pair: Pair<'_, Rule>) -> Lowered<Expr> {
        let span = self.span(&pair);
        let mut c = self.children(&pair);
        let negative = c.take_opt(Rule::op_neg).is_some();
        // Not `next_pair`: `true` and `false` are keyword pairs, and here they are the value.
        let value = self.lower_primary(c.next_any()?)?;
        if negative {
            Ok(negate(value, span))
        } else {
            Ok(value)
        }
    }
}
