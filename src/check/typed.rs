//! Typed, resolved expressions: the checker's output and the evaluator's input. Names are
//! slots or segment indices, literals carry their contextual type, every node keeps its span
//! (for `strat explain`).

use crate::schema::{Type, Value};
use crate::syntax::ast::BinOp;
use crate::syntax::span::Span;

#[derive(Debug, Clone, PartialEq)]
pub struct TExpr {
    pub kind: TExprKind,
    /// The expression's type (`Bool` for conditions).
    pub ty: Type,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TExprKind {
    /// Read a row slot (built-in or declared field).
    Field(usize),
    /// A named segment, by index into `CheckedStrategy::segments` (its condition is
    /// evaluated in place; segments cannot refer to themselves).
    Segment(usize),
    /// A typed constant: number as money/int/percent/days, date, bool, enum variant, channel.
    Const(Value),
    /// A text constant.
    Text(String),
    Not(Box<TExpr>),
    Neg(Box<TExpr>),
    And(Box<TExpr>, Box<TExpr>),
    Or(Box<TExpr>, Box<TExpr>),
    /// A comparison; both operands have the same type (or int/days-compatible numbers).
    Compare {
        op: BinOp,
        lhs: Box<TExpr>,
        rhs: Box<TExpr>,
    },
    /// `+ - * /`. Allowed: same-type numbers; money * percent, money * int, money / int;
    /// date - date = days; date + days = date; date - days = date.
    Arith {
        op: BinOp,
        lhs: Box<TExpr>,
        rhs: Box<TExpr>,
    },
    In {
        value: Box<TExpr>,
        set: Vec<TExpr>,
    },
    /// Inclusive at both ends.
    Between {
        value: Box<TExpr>,
        low: Box<TExpr>,
        high: Box<TExpr>,
    },
    /// `is present` (true) / `is missing` (false).
    IsPresent {
        value: Box<TExpr>,
        present: bool,
    },
    /// `days_since(date)`: as-of date minus the date, in days.
    DaysSince(Box<TExpr>),
    /// `days_until(date)`: the date minus the as-of date, in days.
    DaysUntil(Box<TExpr>),
}
