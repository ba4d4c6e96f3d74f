//! What one flat check does with its slot's value ([`Test`]), and the integer interval a
//! comparison with a constant stands for. A leaf shared by [`super::flat`] (which builds and
//! runs the checks), [`super::keyed`] (which decides them on integer keys) and
//! [`super::linear`] (which bounds money arithmetic the same way); it imports none of them.

use crate::check::CmpOp;

/// What a check does with its slot's value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Test {
    /// An int or days slot inclusively between two constants (every comparison but `!=`
    /// is one such interval, so the hot test is two compares and no operator dispatch).
    IntRange { low: i64, high: i64 },
    /// An int or days slot `!=` a constant.
    IntNe(i64),
    /// A money or percent slot whose mantissa at `scale` is inclusively between two
    /// constants; a row value at another scale, or too large for i64, is left to the tree
    /// node `cond`.
    DecRange { low: i64, high: i64, scale: u32 },
    /// `slot − other` for two money or percent slots, both in cents (see `DecRange`),
    /// inclusively between two constants; any other scale, or an overflow, is left to the
    /// tree node `cond`.
    DecDiff { other: u32, low: i64, high: i64 },
    /// `days_since(date slot) op k` (`until` false) or `days_until(date slot) op k`.
    Days { op: CmpOp, k: i64, until: bool },
    /// An enum or channel slot whose index is in the mask (indices < 64).
    Mask(u64),
    /// `enum = constant` (variant index).
    EnumEq(u32),
    /// `channel = constant`.
    ChannelEq(u8),
    /// `is present` (true) / `is missing` (false).
    Present(bool),
    /// A bool slot that is present and true.
    True,
    /// Anything else: the tree node `cond`.
    Tree,
}

/// The i64 values `x` with `x op k`, as an inclusive interval (`None` for `!=`; an empty
/// interval, low > high, when no i64 qualifies).
pub(super) fn interval(op: CmpOp, k: i64) -> Option<(i64, i64)> {
    const EMPTY: (i64, i64) = (i64::MAX, i64::MIN);
    Some(match op {
        CmpOp::Eq => (k, k),
        CmpOp::Ne => return None,
        CmpOp::Lt => k.checked_sub(1).map_or(EMPTY, |high| (i64::MIN, high)),
        CmpOp::Le => (i64::MIN, k),
        CmpOp::Gt => k.checked_add(1).map_or(EMPTY, |low| (low, i64::MAX)),
        CmpOp::Ge => (k, i64::MAX),
    })
}
