//! The operators the checker decides: which comparison a `Compare` node makes and which
//! arithmetic an `Arith` node does, chosen once from the operands' static types. This file
//! is the language's one arithmetic typing table ([`arith`]); the evaluator only maps these
//! operators to its own nodes. Must not evaluate (the runtime semantics of [`ArithOp`] live
//! in `eval::value`) nor report diagnostics.

use crate::schema::{BinOp, Type};

/// The six comparison operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl CmpOp {
    /// The comparison a written operator makes; `None` for `and`, `or` and arithmetic.
    pub fn of(op: BinOp) -> Option<CmpOp> {
        Some(match op {
            BinOp::Eq => CmpOp::Eq,
            BinOp::Ne => CmpOp::Ne,
            BinOp::Lt => CmpOp::Lt,
            BinOp::Le => CmpOp::Le,
            BinOp::Gt => CmpOp::Gt,
            BinOp::Ge => CmpOp::Ge,
            _ => return None,
        })
    }

    /// The operator as written (`>=`).
    pub fn as_str(self) -> &'static str {
        match self {
            CmpOp::Eq => "=",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }

    /// Whether an ordering satisfies the operator.
    #[inline(always)]
    pub fn holds(self, ord: std::cmp::Ordering) -> bool {
        use std::cmp::Ordering::*;
        match self {
            CmpOp::Eq => ord == Equal,
            CmpOp::Ne => ord != Equal,
            CmpOp::Lt => ord == Less,
            CmpOp::Le => ord != Greater,
            CmpOp::Gt => ord == Greater,
            CmpOp::Ge => ord != Less,
        }
    }

    /// The operator with its operands swapped (`k < x` is `x > k`).
    pub fn flipped(self) -> CmpOp {
        match self {
            CmpOp::Eq => CmpOp::Eq,
            CmpOp::Ne => CmpOp::Ne,
            CmpOp::Lt => CmpOp::Gt,
            CmpOp::Le => CmpOp::Ge,
            CmpOp::Gt => CmpOp::Lt,
            CmpOp::Ge => CmpOp::Le,
        }
    }
}

/// The arithmetic the checker chose from the operands' static types. `int` and `days` share
/// the `Int*` operators, `money` and `percent` the `Dec*` ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArithOp {
    IntAdd,
    IntSub,
    IntMul,
    /// Truncating; by zero → missing.
    IntDiv,
    DecAdd,
    DecSub,
    DecMul,
    /// By zero → missing.
    DecDiv,
    /// money × percent = money × p / 100 (also percent × percent).
    DecTimesPercent,
    /// percent × money.
    PercentTimesDec,
    /// percent / percent, as a percent (30% / 60% = 50%).
    PercentDivPercent,
    /// money × int.
    DecTimesInt,
    /// int × money.
    IntTimesDec,
    /// money / int; by zero → missing.
    DecDivInt,
    /// date + days.
    DateAddDays,
    /// days + date.
    DaysAddDate,
    /// date − days.
    DateSubDays,
    /// date − date = days.
    DateSubDate,
}

impl ArithOp {
    /// The operator as written.
    pub fn bin_op(self) -> BinOp {
        use ArithOp::*;
        match self {
            IntAdd | DecAdd | DateAddDays | DaysAddDate => BinOp::Add,
            IntSub | DecSub | DateSubDays | DateSubDate => BinOp::Sub,
            IntMul | DecMul | DecTimesPercent | PercentTimesDec | DecTimesInt | IntTimesDec => {
                BinOp::Mul
            }
            IntDiv | DecDiv | PercentDivPercent | DecDivInt => BinOp::Div,
        }
    }
}

/// The language's arithmetic: the operator `l op r` denotes and its result type, or `None`
/// when the language does not allow it. Allowed: two numbers of the same type (any of
/// `+ - * /`); money × percent and percent × money; money × int, int × money and money ÷ int;
/// date − date = days; date ± days and days + date = date.
pub fn arith(op: BinOp, l: &Type, r: &Type) -> Option<(ArithOp, Type)> {
    use ArithOp::*;
    use BinOp::{Add, Div, Mul, Sub};
    use Type::*;
    Some(match (op, l, r) {
        // Same-type numbers keep their type.
        (Add, Int, Int) | (Add, Days, Days) => (IntAdd, l.clone()),
        (Sub, Int, Int) | (Sub, Days, Days) => (IntSub, l.clone()),
        (Mul, Int, Int) | (Mul, Days, Days) => (IntMul, l.clone()),
        (Div, Int, Int) | (Div, Days, Days) => (IntDiv, l.clone()),
        (Add, Money, Money) | (Add, Percent, Percent) => (DecAdd, l.clone()),
        (Sub, Money, Money) | (Sub, Percent, Percent) => (DecSub, l.clone()),
        (Mul, Money, Money) => (DecMul, Money),
        (Div, Money, Money) => (DecDiv, Money),
        (Mul, Percent, Percent) => (DecTimesPercent, Percent),
        (Div, Percent, Percent) => (PercentDivPercent, Percent),
        // Money scaled by a percent or a count.
        (Mul, Money, Percent) => (DecTimesPercent, Money),
        (Mul, Percent, Money) => (PercentTimesDec, Money),
        (Mul, Money, Int) => (DecTimesInt, Money),
        (Mul, Int, Money) => (IntTimesDec, Money),
        (Div, Money, Int) => (DecDivInt, Money),
        // Calendar arithmetic.
        (Add, Date, Days) => (DateAddDays, Date),
        (Add, Days, Date) => (DaysAddDate, Date),
        (Sub, Date, Days) => (DateSubDays, Date),
        (Sub, Date, Date) => (DateSubDate, Days),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every pair of number/date types under every operator: the table allows exactly what
    /// the language documents, with the documented result type.
    #[test]
    fn the_table_allows_what_the_language_documents() {
        use Type::*;
        let types = [Int, Money, Percent, Days, Date];
        for op in [BinOp::Add, BinOp::Sub, BinOp::Mul, BinOp::Div] {
            for l in &types {
                for r in &types {
                    let documented = match (op, l, r) {
                        (_, a, b) if a == b && a.is_numeric() => Some(a.clone()),
                        (BinOp::Mul, Money, Percent) | (BinOp::Mul, Percent, Money) => Some(Money),
                        (BinOp::Mul, Money, Int)
                        | (BinOp::Mul, Int, Money)
                        | (BinOp::Div, Money, Int) => Some(Money),
                        (BinOp::Sub, Date, Date) => Some(Days),
                        (BinOp::Add, Date, Days)
                        | (BinOp::Add, Days, Date)
                        | (BinOp::Sub, Date, Days) => Some(Date),
                        _ => None,
                    };
                    let got = arith(op, l, r);
                    assert_eq!(got.as_ref().map(|(_, t)| t), documented.as_ref());
                    if let Some((a, _)) = got {
                        assert_eq!(a.bin_op(), op);
                    }
                }
            }
        }
    }
}
