//! pest plumbing: the derived parser for `grammar/strat.pest` and the operator-precedence table.
//! Owns nothing else; the `Pair`s it produces are lowered at once by [`super::lower`] and never
//! leave the `syntax` module.

use pest::pratt_parser::{Assoc, Op, PrattParser};
use std::sync::LazyLock;

/// The parser generated from the grammar file (path relative to `src/`).
#[derive(pest_derive::Parser)]
#[grammar = "../grammar/strat.pest"]
pub(crate) struct StratParser;

/// Operator precedence, loosest first: `or` < `and` < `not` < comparisons / `in` / `between` /
/// `is` < `+ -` < `* /` < unary `-`. Built once.
pub(crate) static PRATT: LazyLock<PrattParser<Rule>> = LazyLock::new(|| {
    PrattParser::new()
        .op(Op::infix(Rule::op_or, Assoc::Left))
        .op(Op::infix(Rule::op_and, Assoc::Left))
        .op(Op::prefix(Rule::op_not))
        .op(Op::infix(Rule::op_eq, Assoc::Left)
            | Op::infix(Rule::op_ne, Assoc::Left)
            | Op::infix(Rule::op_lt, Assoc::Left)
            | Op::infix(Rule::op_le, Assoc::Left)
            | Op::infix(Rule::op_gt, Assoc::Left)
            | Op::infix(Rule::op_ge, Assoc::Left)
            | Op::postfix(Rule::in_set)
            | Op::postfix(Rule::between_range)
            | Op::postfix(Rule::is_test))
        .op(Op::infix(Rule::op_add, Assoc::Left) | Op::infix(Rule::op_sub, Assoc::Left))
        .op(Op::infix(Rule::op_mul, Assoc::Left) | Op::infix(Rule::op_div, Assoc::Left))
        .op(Op::prefix(Rule::op_neg))
});
