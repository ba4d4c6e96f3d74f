//! Comparisons of simple money arithmetic on slots, `balance * 30% >= 500` and
//! `updated_balance - balance > 50`, as exact integer intervals on cents, so the hot loop
//! ([`super::flat`]) tests them with two integer compares instead of decimal arithmetic.
//! Owns only this analysis (node shapes → intervals); must not evaluate. Exactness: a row
//! value not in whole cents that fit an i64 falls back to the tree node, and a factor is
//! accepted only when every i64 number of cents times it is exact in `rust_decimal` (so the
//! tree would never round or overflow where the interval does not).

use super::node::{Code, Val};
use super::value::V;
use crate::check::{ArithOp, CmpOp};
use rust_decimal::Decimal;

/// The scale the intervals are in (cents), as `SlotDec`'s fast form.
pub const SCALE: u32 = 2;

/// A decimal constant node's value (an int literal counts as a decimal: comparisons
/// order the two exactly).
fn constant(code: &Code, val: u32) -> Option<Decimal> {
    match code.vals.get(val as usize)? {
        Val::Const(V::Dec(d)) => Some(*d),
        Val::Const(V::Int(n)) => Some(Decimal::from(*n)),
        _ => None,
    }
}

fn slot(code: &Code, val: u32) -> Option<u32> {
    match code.vals.get(val as usize)? {
        Val::Slot(s) => Some(*s),
        _ => None,
    }
}

/// `slot × factor op k` as `slot`'s cents in an inclusive interval.
pub fn scaled_slot(code: &Code, op: CmpOp, lhs: u32, rhs: u32) -> Option<(u32, i64, i64)> {
    let k = constant(code, rhs)?;
    let Val::Arith {
        op: arith,
        lhs: a,
        rhs: b,
    } = code.vals.get(lhs as usize)?
    else {
        return None;
    };
    // The slot must be the decimal operand (an int slot is no amount of cents), and the
    // constant of the kind the operation takes (else the tree's result is missing).
    let factor_of = |val: u32, int: bool| match code.vals.get(val as usize) {
        Some(Val::Const(V::Dec(d))) if !int => Some(*d),
        Some(Val::Const(V::Int(n))) if int => Some(Decimal::from(*n)),
        _ => None,
    };
    let (x, factor) = match (arith, slot(code, *a), slot(code, *b)) {
        (ArithOp::DecMul, Some(x), None) => (x, factor_of(*b, false)?),
        (ArithOp::DecMul, None, Some(x)) => (x, factor_of(*a, false)?),
        (ArithOp::DecTimesInt, Some(x), None) => (x, factor_of(*b, true)?),
        (ArithOp::IntTimesDec, None, Some(x)) => (x, factor_of(*a, true)?),
        _ => return None,
    };
    interval_of_product(op, factor, k).map(|(low, high)| (x, low, high))
}

/// The cents `X` (x = X / 100) with `x × factor op k`, exactly.
fn interval_of_product(op: CmpOp, factor: Decimal, k: Decimal) -> Option<(i64, i64)> {
    let (mut cm, cs) = (factor.mantissa(), factor.scale());
    let (mut km, ks) = (k.mantissa(), k.scale());
    // Every |X| < 2^63 times |cm| < 2^32 stays under 2^95 at scale ≤ 28: the decimal
    // product is exact, so comparing it is comparing the integers below.
    if cm == 0 || cm.unsigned_abs() >= 1 << 32 || cs + SCALE > 28 {
        return None;
    }
    let mut op = op;
    if cm < 0 {
        // x·c op k ⟺ x·|c| op' −k, with the operator mirrored.
        cm = -cm;
        km = -km;
        op = op.flipped();
    }
    // x·c op k ⟺ X·cm·10^ks op km·10^(cs+2) (all positive scalings).
    let a = cm.checked_mul(10i128.checked_pow(ks)?)?;
    let b = km.checked_mul(10i128.checked_pow(cs + SCALE)?)?;
    let floor = b.div_euclid(a);
    let exact = b.rem_euclid(a) == 0;
    let ceil = floor + i128::from(!exact);
    let (low, high) = match op {
        CmpOp::Ge => (ceil, i128::MAX),
        CmpOp::Gt => (floor + 1, i128::MAX),
        CmpOp::Le => (i128::MIN, floor),
        CmpOp::Lt => (i128::MIN, ceil - 1),
        CmpOp::Eq if exact => (floor, floor),
        CmpOp::Eq => (1, 0),
        CmpOp::Ne => return None,
    };
    Some(to_i64(low, high))
}

/// An i128 interval narrowed to i64 (exact for i64 values; empty stays empty).
fn to_i64(low: i128, high: i128) -> (i64, i64) {
    if low > i128::from(i64::MAX) || high < i128::from(i64::MIN) || low > high {
        return (i64::MAX, i64::MIN);
    }
    let clamp = |v: i128| i64::try_from(v.clamp(i64::MIN.into(), i64::MAX.into()));
    match (clamp(low), clamp(high)) {
        (Ok(low), Ok(high)) => (low, high),
        _ => (i64::MAX, i64::MIN),
    }
}

/// `slot_a − slot_b op k` as (a, b, interval of the difference in cents).
pub fn slot_difference(code: &Code, op: CmpOp, lhs: u32, rhs: u32) -> Option<(u32, u32, i64, i64)> {
    let k = constant(code, rhs)?;
    let Val::Arith {
        op: ArithOp::DecSub,
        lhs: a,
        rhs: b,
    } = code.vals.get(lhs as usize)?
    else {
        return None;
    };
    let (a, b) = (slot(code, *a)?, slot(code, *b)?);
    let mut at_scale = k;
    at_scale.rescale(SCALE);
    if at_scale != k || at_scale.scale() != SCALE {
        return None;
    }
    let kc = i64::try_from(at_scale.mantissa()).ok()?;
    let (low, high) = super::slot_test::interval(op, kc)?;
    Some((a, b, low, high))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn cents(op: CmpOp, factor: Decimal, k: Decimal) -> Option<(i64, i64)> {
        interval_of_product(op, factor, k)
    }

    #[test]
    fn products_become_exact_cent_intervals() {
        // balance × 0.30 ≥ 500 ⟺ balance ≥ 1666.666… ⟺ cents ≥ 166667.
        assert_eq!(
            cents(CmpOp::Ge, dec!(0.30), dec!(500)),
            Some((166_667, i64::MAX))
        );
        assert_eq!(
            cents(CmpOp::Gt, dec!(0.5), dec!(10)),
            Some((2_001, i64::MAX))
        );
        assert_eq!(
            cents(CmpOp::Le, dec!(0.5), dec!(10)),
            Some((i64::MIN, 2_000))
        );
        assert_eq!(cents(CmpOp::Lt, dec!(0.3), dec!(1)), Some((i64::MIN, 333)));
        assert_eq!(
            cents(CmpOp::Eq, dec!(0.3), dec!(1)),
            Some((i64::MAX, i64::MIN)),
            "1 / 0.3 is no whole number of cents"
        );
        assert_eq!(cents(CmpOp::Eq, dec!(2), dec!(1)), Some((50, 50)));
        // A negative factor mirrors: x × −2 ≥ 10 ⟺ x ≤ −5.
        assert_eq!(cents(CmpOp::Ge, dec!(-2), dec!(10)), Some((i64::MIN, -500)));
        assert_eq!(cents(CmpOp::Ne, dec!(2), dec!(1)), None);
        assert_eq!(cents(CmpOp::Ge, dec!(0), dec!(1)), None);
    }
}
