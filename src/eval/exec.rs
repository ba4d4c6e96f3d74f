//! Evaluation of compiled nodes against one row: reads only `row.values` / `row.texts` slots
//! and the node tables, never allocates. A missing operand makes a comparison false and an
//! arithmetic result missing; `not` simply negates. Must not compile or select rules.

use super::compile::runtime_value;
use super::node::{Code, Cond, Val};
use super::value::{negate, order, TextRef, V};
use crate::schema::{Row, Value};

/// What one evaluation reads: the row and the as-of date as a day number.
pub struct Ctx<'a> {
    pub row: &'a Row,
    pub as_of: i64,
}

impl<'a> Ctx<'a> {
    /// A slot's kind tag and integer key ([`crate::schema::key`]); missing past the row.
    #[inline(always)]
    pub fn key(&self, slot: u32) -> (u8, i64) {
        self.row.key(slot as usize)
    }

    #[inline(always)]
    fn slot(&self, slot: u32) -> Value {
        self.row
            .values()
            .get(slot as usize)
            .copied()
            .unwrap_or(Value::Missing)
    }
}

impl Code {
    /// Truth of condition node `i`.
    pub fn test(&self, i: u32, cx: &Ctx) -> bool {
        let Some(cond) = self.conds.get(i as usize) else {
            return false;
        };
        match cond {
            Cond::SlotInt { slot, op, k } => match cx.slot(*slot) {
                Value::Int(n) | Value::Days(n) => op.holds(n.cmp(k)),
                _ => false,
            },
            Cond::SlotIntRange { slot, low, high } => match cx.slot(*slot) {
                Value::Int(n) | Value::Days(n) => *low <= n && n <= *high,
                _ => false,
            },
            Cond::SlotDec { slot, op, k, fast } => match cx.slot(*slot) {
                Value::Money(d) | Value::Percent(d) => match fast {
                    Some((m, scale)) if d.scale() == *scale => {
                        op.holds(d.mantissa().cmp(&i128::from(*m)))
                    }
                    _ => op.holds(d.cmp(k)),
                },
                _ => false,
            },
            Cond::All { start, len } => self
                .list(&self.cond_lists, *start, *len)
                .iter()
                .all(|c| self.test(*c, cx)),
            Cond::Any { start, len } => self
                .list(&self.cond_lists, *start, *len)
                .iter()
                .any(|c| self.test(*c, cx)),
            Cond::Not(c) => !self.test(*c, cx),
            Cond::Const(b) => *b,
            Cond::SlotPresent { slot, present } => {
                !matches!(cx.slot(*slot), Value::Missing) == *present
            }
            Cond::SlotTrue { slot } => matches!(cx.slot(*slot), Value::Bool(true)),
            other => self.test_cold(other, cx),
        }
    }

    /// The less common condition shapes, kept out of [`Code::test`] so the hot path stays a
    /// small function (a large stack frame there costs on every recursive call).
    #[inline(never)]
    fn test_cold(&self, cond: &Cond, cx: &Ctx) -> bool {
        match cond {
            Cond::SlotDate { slot, op, k } => match runtime_value(cx.slot(*slot), *slot) {
                V::Date(d) => op.holds(d.cmp(k)),
                _ => false,
            },
            Cond::SlotConst { slot, op, k } => {
                let v = runtime_value(cx.slot(*slot), *slot);
                order(v, *k, |t| self.text(t, cx)).is_some_and(|o| op.holds(o))
            }
            Cond::SlotDays { slot, op, k, until } => match cx.slot(*slot) {
                Value::Date(d) => {
                    let date = i64::from(chrono::Datelike::num_days_from_ce(&d));
                    let days = if *until {
                        date - cx.as_of
                    } else {
                        cx.as_of - date
                    };
                    op.holds(days.cmp(k))
                }
                _ => false,
            },
            Cond::SlotMask { slot, mask } => {
                let index = match cx.slot(*slot) {
                    Value::Enum(n) => n,
                    Value::Channel(c) => c as u32,
                    _ => return false,
                };
                index < 64 && mask & (1u64 << index) != 0
            }
            Cond::Cmp { op, lhs, rhs } => {
                let a = self.value(*lhs, cx);
                let b = self.value(*rhs, cx);
                order(a, b, |t| self.text(t, cx)).is_some_and(|o| op.holds(o))
            }
            Cond::In { value, start, len } => {
                let v = self.value(*value, cx);
                v != V::Missing
                    && self.list(&self.val_lists, *start, *len).iter().any(|i| {
                        let item = self.value(*i, cx);
                        order(v, item, |t| self.text(t, cx)) == Some(std::cmp::Ordering::Equal)
                    })
            }
            Cond::Between { value, low, high } => {
                let v = self.value(*value, cx);
                let lo = self.value(*low, cx);
                let hi = self.value(*high, cx);
                let text = |t| self.text(t, cx);
                order(lo, v, text).is_some_and(|o| o.is_le())
                    && order(v, hi, text).is_some_and(|o| o.is_le())
            }
            Cond::Present { value, present } => (self.value(*value, cx) != V::Missing) == *present,
            Cond::IsTrue(v) => self.value(*v, cx) == V::Bool(true),
            // Handled by `test` before it calls this.
            Cond::SlotInt { .. }
            | Cond::SlotIntRange { .. }
            | Cond::SlotDec { .. }
            | Cond::All { .. }
            | Cond::Any { .. }
            | Cond::Not(_)
            | Cond::Const(_)
            | Cond::SlotPresent { .. }
            | Cond::SlotTrue { .. } => false,
        }
    }

    /// Value of value node `i` (missing when anything it reads is missing).
    pub fn value(&self, i: u32, cx: &Ctx) -> V {
        let Some(val) = self.vals.get(i as usize) else {
            return V::Missing;
        };
        match val {
            Val::Slot(slot) => runtime_value(cx.slot(*slot), *slot),
            Val::Const(v) => *v,
            Val::Arith { op, lhs, rhs } => {
                let a = self.value(*lhs, cx);
                if a == V::Missing {
                    return V::Missing;
                }
                op.apply(a, self.value(*rhs, cx))
            }
            Val::Neg(v) => negate(self.value(*v, cx)),
            Val::DaysSince(v) => match self.value(*v, cx) {
                V::Date(d) => cx.as_of.checked_sub(d).map_or(V::Missing, V::Int),
                _ => V::Missing,
            },
            Val::DaysUntil(v) => match self.value(*v, cx) {
                V::Date(d) => d.checked_sub(cx.as_of).map_or(V::Missing, V::Int),
                _ => V::Missing,
            },
            Val::Cond(c) => V::Bool(self.test(*c, cx)),
        }
    }

    fn list<'c>(&self, table: &'c [u32], start: u32, len: u32) -> &'c [u32] {
        let start = start as usize;
        table.get(start..start + len as usize).unwrap_or(&[])
    }

    fn text<'t>(&'t self, t: TextRef, cx: &Ctx<'t>) -> Option<&'t str> {
        match t {
            TextRef::Const(i) => self.texts.get(i as usize).map(String::as_str),
            TextRef::Slot(s) => cx.row.text(s as usize),
        }
    }
}
