//! Sets of values one slot may hold inside a conjunct: a numeric interval (int, days, money,
//! percent, dates as day numbers) or a bit set (bool, enum variants, channels), plus whether
//! the slot may be missing. Pure set algebra; knows nothing about expressions.

use rust_decimal::Decimal;
use std::cmp::Ordering;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bound {
    pub value: Decimal,
    pub inclusive: bool,
}

/// An interval; `None` is unbounded on that side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval {
    pub lo: Option<Bound>,
    pub hi: Option<Bound>,
}

impl Interval {
    pub const ALL: Interval = Interval { lo: None, hi: None };

    pub fn is_empty(&self) -> bool {
        match (self.lo, self.hi) {
            (Some(lo), Some(hi)) => match lo.value.cmp(&hi.value) {
                Ordering::Greater => true,
                Ordering::Equal => !(lo.inclusive && hi.inclusive),
                Ordering::Less => false,
            },
            _ => false,
        }
    }

    pub fn intersect(&self, other: &Interval) -> Interval {
        Interval {
            lo: tighter_lo(self.lo, other.lo),
            hi: tighter_hi(self.hi, other.hi),
        }
    }

    /// Is every value of `self` in `outer`?
    pub fn within(&self, outer: &Interval) -> bool {
        if self.is_empty() {
            return true;
        }
        let lo_ok = match (outer.lo, self.lo) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(o), Some(s)) => match o.value.cmp(&s.value) {
                Ordering::Less => true,
                Ordering::Equal => o.inclusive || !s.inclusive,
                Ordering::Greater => false,
            },
        };
        lo_ok
            && match (outer.hi, self.hi) {
                (None, _) => true,
                (Some(_), None) => false,
                (Some(o), Some(s)) => match o.value.cmp(&s.value) {
                    Ordering::Greater => true,
                    Ordering::Equal => o.inclusive || !s.inclusive,
                    Ordering::Less => false,
                },
            }
    }

    /// The complement as at most two intervals.
    pub fn complement(&self) -> Vec<Interval> {
        let mut parts = Vec::with_capacity(2);
        if let Some(lo) = self.lo {
            parts.push(Interval {
                lo: None,
                hi: Some(Bound {
                    value: lo.value,
                    inclusive: !lo.inclusive,
                }),
            });
        }
        if let Some(hi) = self.hi {
            parts.push(Interval {
                lo: Some(Bound {
                    value: hi.value,
                    inclusive: !hi.inclusive,
                }),
                hi: None,
            });
        }
        parts
    }

    /// For slots holding whole numbers: make both bounds inclusive (`> 5` → `>= 6`).
    pub fn whole(self) -> Interval {
        let lo = self.lo.map(|b| Bound {
            value: if b.inclusive {
                b.value.ceil()
            } else {
                b.value.floor() + Decimal::ONE
            },
            inclusive: true,
        });
        let hi = self.hi.map(|b| Bound {
            value: if b.inclusive {
                b.value.floor()
            } else {
                b.value.ceil() - Decimal::ONE
            },
            inclusive: true,
        });
        Interval { lo, hi }
    }
}

fn tighter_lo(a: Option<Bound>, b: Option<Bound>) -> Option<Bound> {
    match (a, b) {
        (None, x) | (x, None) => x,
        (Some(a), Some(b)) => Some(match a.value.cmp(&b.value) {
            Ordering::Greater => a,
            Ordering::Less => b,
            Ordering::Equal => Bound {
                value: a.value,
                inclusive: a.inclusive && b.inclusive,
            },
        }),
    }
}

fn tighter_hi(a: Option<Bound>, b: Option<Bound>) -> Option<Bound> {
    match (a, b) {
        (None, x) | (x, None) => x,
        (Some(a), Some(b)) => Some(match a.value.cmp(&b.value) {
            Ordering::Less => a,
            Ordering::Greater => b,
            Ordering::Equal => Bound {
                value: a.value,
                inclusive: a.inclusive && b.inclusive,
            },
        }),
    }
}

/// The present values a slot may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Values {
    Numeric(Interval),
    /// Bit `i` set = the value with index `i` (variant, channel, `false`=0 / `true`=1).
    Bits {
        set: u64,
        all: u64,
    },
}

impl Values {
    pub fn is_empty(&self) -> bool {
        match self {
            Values::Numeric(i) => i.is_empty(),
            Values::Bits { set, .. } => *set == 0,
        }
    }
    fn intersect(&self, other: &Values) -> Values {
        match (self, other) {
            (Values::Numeric(a), Values::Numeric(b)) => Values::Numeric(a.intersect(b)),
            (Values::Bits { set: a, all }, Values::Bits { set: b, .. }) => Values::Bits {
                set: a & b,
                all: *all,
            },
            // Slots have one type, so mixed kinds do not occur; keep the narrower guess.
            (a, _) => *a,
        }
    }
    fn within(&self, outer: &Values) -> bool {
        match (self, outer) {
            (Values::Numeric(a), Values::Numeric(b)) => a.within(b),
            (Values::Bits { set: a, .. }, Values::Bits { set: b, .. }) => a & !b == 0,
            _ => self.is_empty(),
        }
    }
    pub fn full_like(&self) -> Values {
        match self {
            Values::Numeric(_) => Values::Numeric(Interval::ALL),
            Values::Bits { all, .. } => Values::Bits {
                set: *all,
                all: *all,
            },
        }
    }
    pub fn empty_like(&self) -> Values {
        match self {
            Values::Numeric(_) => Values::Numeric(Interval {
                lo: Some(Bound {
                    value: Decimal::ONE,
                    inclusive: true,
                }),
                hi: Some(Bound {
                    value: Decimal::ZERO,
                    inclusive: true,
                }),
            }),
            Values::Bits { all, .. } => Values::Bits { set: 0, all: *all },
        }
    }
}

/// What one slot may be inside a conjunct.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlotSet {
    pub missing: bool,
    pub values: Values,
}

impl SlotSet {
    pub fn is_empty(&self) -> bool {
        !self.missing && self.values.is_empty()
    }
    pub fn intersect(&self, other: &SlotSet) -> SlotSet {
        SlotSet {
            missing: self.missing && other.missing,
            values: self.values.intersect(&other.values),
        }
    }
    pub fn within(&self, outer: &SlotSet) -> bool {
        (!self.missing || outer.missing) && self.values.within(&outer.values)
    }
    /// The complement, as a union of slot sets (each a separate disjunct).
    pub fn complement(&self) -> Vec<SlotSet> {
        let mut parts = Vec::with_capacity(3);
        if !self.missing {
            parts.push(SlotSet {
                missing: true,
                values: self.values.empty_like(),
            });
        }
        match self.values {
            Values::Numeric(i) => {
                if i.is_empty() {
                    parts.push(SlotSet {
                        missing: false,
                        values: Values::Numeric(Interval::ALL),
                    });
                } else {
                    for part in i.complement() {
                        parts.push(SlotSet {
                            missing: false,
                            values: Values::Numeric(part),
                        });
                    }
                }
            }
            Values::Bits { set, all } => {
                if all & !set != 0 {
                    parts.push(SlotSet {
                        missing: false,
                        values: Values::Bits {
                            set: all & !set,
                            all,
                        },
                    });
                }
            }
        }
        parts
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn iv(lo: Option<(Decimal, bool)>, hi: Option<(Decimal, bool)>) -> Interval {
        Interval {
            lo: lo.map(|(value, inclusive)| Bound { value, inclusive }),
            hi: hi.map(|(value, inclusive)| Bound { value, inclusive }),
        }
    }

    #[test]
    fn open_and_closed_bounds_decide_emptiness_and_containment() {
        assert!(iv(Some((dec!(5), false)), Some((dec!(5), true))).is_empty());
        assert!(!iv(Some((dec!(5), true)), Some((dec!(5), true))).is_empty());
        let gt5 = iv(Some((dec!(5), false)), None);
        let ge5 = iv(Some((dec!(5), true)), None);
        assert!(gt5.within(&ge5));
        assert!(!ge5.within(&gt5));
        assert_eq!(gt5.whole(), iv(Some((dec!(6), true)), None));
    }
}
