//! Lowering of conditions and arithmetic with the Pratt parser (precedence in
//! [`crate::syntax::parser::PRATT`]), and the limits that keep every later recursive stage
//! (checker, formatter, even `drop`) off the end of the stack. Must not resolve names.

use super::children::Children;
use super::{Lowered, Lowerer};
use crate::source::{Span, Spanned};
use crate::syntax::ast::{BinOp, Expr, ExprKind};
use crate::syntax::parser::{Rule, PRATT};
use crate::syntax::report::{internal, syntax_error};
use pest::iterators::Pair;

/// Most operators one item's expressions may hold: deeper trees would make every recursive
/// stage (checker, formatter, even `drop`) risk the stack. Real conditions use a handful.
pub(super) const MAX_OPERATORS: usize = 2_000;

/// Most prefix operators (`not`, unary `-`) in a row: the Pratt parser recurses on each.
const MAX_PREFIX_RUN: usize = 64;

impl Lowerer {
    /// Lower an `expr` or `arith` pair with the Pratt parser.
    pub(super) fn lower_expr(&self, pair: Pair<'_, Rule>) -> Lowered<Expr> {
        self.check_operator_limits(&pair)?;
        PRATT
            .map_primary(|p| self.lower_primary(p))
            .map_prefix(|op, rhs| self.lower_prefix(op, rhs?))
            .map_postfix(|lhs, op| self.lower_postfix(lhs?, op))
            .map_infix(|lhs, op, rhs| self.lower_infix(lhs?, op, rhs?))
            .parse(pair.into_inner())
    }

    fn check_operator_limits(&self, pair: &Pair<'_, Rule>) -> Lowered<()> {
        let mut prefix_run = 0usize;
        let mut operators = self.operators.get();
        for p in pair.clone().into_inner() {
            let rule = p.as_rule();
            let is_prefix = matches!(rule, Rule::op_not | Rule::op_neg);
            prefix_run = if is_prefix { prefix_run + 1 } else { 0 };
            if is_prefix
                || is_infix(rule)
                || matches!(rule, Rule::in_set | Rule::between_range | Rule::is_test)
            {
                operators += 1;
            }
            if prefix_run > MAX_PREFIX_RUN {
                return Err(syntax_error(
                    self.span(&p),
                    format!("more than {MAX_PREFIX_RUN} `not` or `-` in a row"),
                    "remove the repeated operators: two `not` cancel out",
                ));
            }
            if operators > MAX_OPERATORS {
                return Err(syntax_error(
                    self.span(pair),
                    format!("this condition is too long (more than {MAX_OPERATORS} operators)"),
                    "split it into named segments (`segment NAME = ...`) and combine those",
                ));
            }
        }
        self.operators.set(operators);
        Ok(())
    }

    pub(super) fn lower_primary(&self, pair: Pair<'_, Rule>) -> Lowered<Expr> {
        let span = self.span(&pair);
        let kind = match pair.as_rule() {
            Rule::paren => return self.lower_expr(Children::only(&pair, Rule::expr, span)?),
            Rule::call => return self.lower_call(pair),
            Rule::ident => ExprKind::Name(pair.as_str().to_string()),
            Rule::number => ExprKind::Number(self.lower_decimal(pair)?.node),
            Rule::percent => ExprKind::Percent(self.lower_percent(pair)?.node),
            Rule::date => ExprKind::Date(self.lower_date(&pair)?.node),
            Rule::string => ExprKind::Text(self.lower_string(pair)?.node),
            Rule::kw_true => ExprKind::Bool(true),
            Rule::kw_false => ExprKind::Bool(false),
            other => return Err(internal(span, other)),
        };
        Ok(Expr::new(kind, span))
    }

    fn lower_call(&self, pair: Pair<'_, Rule>) -> Lowered<Expr> {
        let span = self.span(&pair);
        let mut c = self.children(&pair);
        let function = self.lower_ident(&c.take(Rule::ident)?);
        let mut args = Vec::new();
        while let Some(arg) = c.take_opt(Rule::expr) {
            args.push(self.lower_expr(arg)?);
        }
        Ok(Expr::new(ExprKind::Call { function, args }, span))
    }

    fn lower_prefix(&self, op: Pair<'_, Rule>, rhs: Expr) -> Lowered<Expr> {
        let span = self.span(&op).to(rhs.span);
        match op.as_rule() {
            Rule::op_not => Ok(Expr::new(ExprKind::Not(rhs), span)),
            Rule::op_neg => Ok(negate(rhs, span)),
            other => Err(internal(span, other)),
        }
    }

    fn lower_postfix(&self, lhs: Expr, op: Pair<'_, Rule>) -> Lowered<Expr> {
        let span = lhs.span.to(self.span(&op));
        let mut c = self.children(&op);
        let kind = match op.as_rule() {
            Rule::in_set => {
                let mut set = Vec::new();
                while let Some(element) = c.take_opt(Rule::expr) {
                    set.push(self.lower_expr(element)?);
                }
                ExprKind::In { value: lhs, set }
            }
            Rule::between_range => {
                let low = self.lower_expr(c.take(Rule::arith)?)?;
                let high = self.lower_expr(c.take(Rule::arith)?)?;
                ExprKind::Between {
                    value: lhs,
                    low,
                    high,
                }
            }
            Rule::is_test => {
                let which = c.take_one_of(&[Rule::kw_missing, Rule::kw_present])?;
                let present = match which.as_rule() {
                    Rule::kw_missing => false,
                    Rule::kw_present => true,
                    other => return Err(internal(self.span(&which), other)),
                };
                ExprKind::Is {
                    value: lhs,
                    present,
                }
            }
            other => return Err(internal(span, other)),
        };
        Ok(Expr::new(kind, span))
    }

    fn lower_infix(&self, lhs: Expr, op: Pair<'_, Rule>, rhs: Expr) -> Lowered<Expr> {
        let op_span = self.span(&op);
        let bin = match op.as_rule() {
            Rule::op_or => BinOp::Or,
            Rule::op_and => BinOp::And,
            Rule::op_eq => BinOp::Eq,
            Rule::op_ne => BinOp::Ne,
            Rule::op_lt => BinOp::Lt,
            Rule::op_le => BinOp::Le,
            Rule::op_gt => BinOp::Gt,
            Rule::op_ge => BinOp::Ge,
            Rule::op_add => BinOp::Add,
            Rule::op_sub => BinOp::Sub,
            Rule::op_mul => BinOp::Mul,
            Rule::op_div => BinOp::Div,
            other => return Err(internal(op_span, other)),
        };
        let span = lhs.span.to(rhs.span);
        Ok(Expr::new(
            ExprKind::Binary {
                op: Spanned::new(bin, op_span),
                lhs,
                rhs,
            },
            span,
        ))
    }
}

/// `-x`: folded into a number literal (`-3`), otherwise a negation node.
pub(super) fn negate(value: Expr, span: Span) -> Expr {
    match *value.kind {
        ExprKind::Number(n) => Expr::new(ExprKind::Number(-n), span),
        kind => Expr::new(ExprKind::Neg(Expr::new(kind, value.span)), span),
    }
}

fn is_infix(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::op_or
            | Rule::op_and
            | Rule::op_eq
            | Rule::op_ne
            | Rule::op_lt
            | Rule::op_le
            | Rule::op_gt
            | Rule::op_ge
            | Rule::op_add
            | Rule::op_sub
            | Rule::op_mul
            | Rule::op_div
    )
}
