//! Runtime values inside the evaluator: a `Copy` enum with dates as day numbers and int/days
//! as one integer class, so every comparison and arithmetic step is a few machine instructions
//! on the common path. Owns comparison and arithmetic semantics (missing, division by zero,
//! overflow → missing); must not know about nodes, rows or rules.

use crate::check::ArithOp;
use rust_decimal::Decimal;

/// Where a text value lives: a row slot (`Row::texts`) or the program's constant table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextRef {
    Slot(u32),
    Const(u32),
}

/// An evaluated value. `Int` holds both `int` and `days`; `Dec` both `money` and `percent`
/// (the checker picked the right arithmetic from the static types already).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum V {
    #[default]
    Missing,
    Int(i64),
    Dec(Decimal),
    /// Days since 0001-01-01 (`NaiveDate::num_days_from_ce`); wide enough for any date ± days.
    Date(i64),
    Bool(bool),
    Enum(u32),
    Channel(u8),
    Text(TextRef),
}

const HUNDRED: Decimal = Decimal::from_parts(100, 0, 0, false, 0);

/// The runtime meaning of the operators the checker chose (the enum lives with the checker's
/// typing table, its semantics here with the values).
impl ArithOp {
    /// Apply to two values; any missing operand, a mismatched operand, overflow or division
    /// by zero gives missing.
    #[inline]
    pub fn apply(self, lhs: V, rhs: V) -> V {
        use ArithOp::*;
        let out = match (self, lhs, rhs) {
            (IntAdd, V::Int(a), V::Int(b)) => a.checked_add(b).map(V::Int),
            (IntSub, V::Int(a), V::Int(b)) => a.checked_sub(b).map(V::Int),
            (IntMul, V::Int(a), V::Int(b)) => a.checked_mul(b).map(V::Int),
            (IntDiv, V::Int(a), V::Int(b)) => a.checked_div(b).map(V::Int),
            (DecAdd, V::Dec(a), V::Dec(b)) => a.checked_add(b).map(V::Dec),
            (DecSub, V::Dec(a), V::Dec(b)) => a.checked_sub(b).map(V::Dec),
            (DecMul, V::Dec(a), V::Dec(b)) => a.checked_mul(b).map(V::Dec),
            (DecDiv, V::Dec(a), V::Dec(b)) => a.checked_div(b).map(V::Dec),
            (DecTimesPercent, V::Dec(m), V::Dec(p)) | (PercentTimesDec, V::Dec(p), V::Dec(m)) => m
                .checked_mul(p)
                .and_then(|x| x.checked_div(HUNDRED))
                .map(V::Dec),
            (PercentDivPercent, V::Dec(a), V::Dec(b)) => a
                .checked_mul(HUNDRED)
                .and_then(|x| x.checked_div(b))
                .map(V::Dec),
            (DecTimesInt, V::Dec(m), V::Int(n)) | (IntTimesDec, V::Int(n), V::Dec(m)) => {
                m.checked_mul(Decimal::from(n)).map(V::Dec)
            }
            (DecDivInt, V::Dec(m), V::Int(n)) => m.checked_div(Decimal::from(n)).map(V::Dec),
            (DateAddDays, V::Date(d), V::Int(n)) | (DaysAddDate, V::Int(n), V::Date(d)) => {
                d.checked_add(n).map(V::Date)
            }
            (DateSubDays, V::Date(d), V::Int(n)) => d.checked_sub(n).map(V::Date),
            (DateSubDate, V::Date(a), V::Date(b)) => a.checked_sub(b).map(V::Int),
            _ => None,
        };
        out.unwrap_or(V::Missing)
    }
}

/// Negate a number; missing (or overflow) stays missing.
#[inline]
pub fn negate(v: V) -> V {
    match v {
        V::Int(n) => n.checked_neg().map_or(V::Missing, V::Int),
        V::Dec(d) => V::Dec(-d),
        _ => V::Missing,
    }
}

/// Order two values of the same class. `None` when either is missing or they cannot be
/// compared (different classes); texts are resolved by the caller-supplied lookup.
#[inline]
pub fn order<'t>(
    lhs: V,
    rhs: V,
    text: impl Fn(TextRef) -> Option<&'t str>,
) -> Option<std::cmp::Ordering> {
    match (lhs, rhs) {
        (V::Int(a), V::Int(b)) => Some(a.cmp(&b)),
        (V::Dec(a), V::Dec(b)) => Some(a.cmp(&b)),
        // A number literal the checker left as int against a decimal: compare exactly.
        (V::Int(a), V::Dec(b)) => Some(Decimal::from(a).cmp(&b)),
        (V::Dec(a), V::Int(b)) => Some(a.cmp(&Decimal::from(b))),
        (V::Date(a), V::Date(b)) => Some(a.cmp(&b)),
        (V::Bool(a), V::Bool(b)) => Some(a.cmp(&b)),
        (V::Enum(a), V::Enum(b)) => Some(a.cmp(&b)),
        (V::Channel(a), V::Channel(b)) => Some(a.cmp(&b)),
        (V::Text(a), V::Text(b)) => Some(text(a)?.cmp(text(b)?)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn money_times_percent_divides_by_hundred() {
        let v = ArithOp::DecTimesPercent.apply(V::Dec(dec!(200.00)), V::Dec(dec!(15)));
        assert_eq!(v, V::Dec(dec!(30.0000)));
    }

    #[test]
    fn division_by_zero_is_missing() {
        assert_eq!(ArithOp::IntDiv.apply(V::Int(4), V::Int(0)), V::Missing);
        assert_eq!(
            ArithOp::DecDivInt.apply(V::Dec(dec!(4)), V::Int(0)),
            V::Missing
        );
        assert_eq!(
            ArithOp::DecDiv.apply(V::Dec(dec!(4)), V::Dec(dec!(0))),
            V::Missing
        );
    }

    #[test]
    fn overflow_is_missing() {
        assert_eq!(
            ArithOp::IntAdd.apply(V::Int(i64::MAX), V::Int(1)),
            V::Missing
        );
        assert_eq!(negate(V::Int(i64::MIN)), V::Missing);
    }

    #[test]
    fn missing_never_orders() {
        assert_eq!(order(V::Missing, V::Int(1), |_| None), None);
        assert_eq!(order(V::Int(1), V::Date(1), |_| None), None);
    }
}
