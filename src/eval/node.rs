//! The compiled form: two flat tables of nodes (conditions and values) addressed by `u32`
//! indices, plus child lists. Built once by [`super::compile`], read by [`super::exec`].
//! Owns only the shapes; must not compile or evaluate.

use super::value::V;
use crate::check::{ArithOp, CmpOp};
use rust_decimal::Decimal;

/// A node that yields true or false. Specialised shapes (`Slot*`) cover the common
/// "field op constant" conditions without evaluating a value node.
#[derive(Debug, Clone, PartialEq)]
pub enum Cond {
    Const(bool),
    /// Every condition in `Code::cond_lists[start..start + len]` (empty: true).
    All {
        start: u32,
        len: u32,
    },
    /// Some condition in `Code::cond_lists[start..start + len]` (empty: false).
    Any {
        start: u32,
        len: u32,
    },
    Not(u32),
    /// An int or days slot against an integer constant.
    SlotInt {
        slot: u32,
        op: CmpOp,
        k: i64,
    },
    /// An int or days slot inclusively between two integer constants.
    SlotIntRange {
        slot: u32,
        low: i64,
        high: i64,
    },
    /// A money or percent slot against a decimal constant. `fast` is the constant as
    /// (mantissa, scale) at two decimal places when exact, so a row value of that scale (the
    /// usual cents) compares as integers without rescaling.
    SlotDec {
        slot: u32,
        op: CmpOp,
        k: Decimal,
        fast: Option<(i64, u32)>,
    },
    /// `days_since(date slot) op k` (`until` false) or `days_until(date slot) op k`.
    SlotDays {
        slot: u32,
        op: CmpOp,
        k: i64,
        until: bool,
    },
    /// A date slot against a date constant (day numbers).
    SlotDate {
        slot: u32,
        op: CmpOp,
        k: i64,
    },
    /// Any other slot against a constant (enum, channel, bool, text).
    SlotConst {
        slot: u32,
        op: CmpOp,
        k: V,
    },
    /// An enum or channel slot in a constant set, as a bit mask of indices (< 64).
    SlotMask {
        slot: u32,
        mask: u64,
    },
    /// `field is present` (`present`) / `field is missing`.
    SlotPresent {
        slot: u32,
        present: bool,
    },
    /// A bool field used as a condition: true only when present and true.
    SlotTrue {
        slot: u32,
    },
    /// Two value nodes compared.
    Cmp {
        op: CmpOp,
        lhs: u32,
        rhs: u32,
    },
    /// A value node equal to one of `Code::val_lists[start..start + len]`.
    In {
        value: u32,
        start: u32,
        len: u32,
    },
    Between {
        value: u32,
        low: u32,
        high: u32,
    },
    Present {
        value: u32,
        present: bool,
    },
    /// A value node that is `true`.
    IsTrue(u32),
}

/// A node that yields a value (possibly missing).
#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    Slot(u32),
    Const(V),
    Arith {
        op: ArithOp,
        lhs: u32,
        rhs: u32,
    },
    Neg(u32),
    /// as-of − date, in days.
    DaysSince(u32),
    /// date − as-of, in days.
    DaysUntil(u32),
    /// A condition's truth as a bool value.
    Cond(u32),
}

/// All compiled nodes of one strategy.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Code {
    pub conds: Vec<Cond>,
    pub vals: Vec<Val>,
    pub cond_lists: Vec<u32>,
    pub val_lists: Vec<u32>,
    /// Text constants, indexed by `TextRef::Const`.
    pub texts: Vec<String>,
}

/// Index of the next node pushed onto a table.
pub fn next_index<T>(table: &[T]) -> u32 {
    u32::try_from(table.len()).unwrap_or(u32::MAX)
}
