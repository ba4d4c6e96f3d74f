//! Comparisons, `in` and `between` → condition nodes: where one side reads a slot directly
//! (or takes `days_since`/`days_until` of one) and the other is a constant, the specialised
//! `Slot*` node the hot loop tests without evaluating a value node; constants on both sides
//! folded. Part of [`Compiler`] (the rest of the lowering is in [`super::compile`]); must not
//! choose arithmetic or touch segments.

use super::compile::Compiler;
use super::node::{next_index, Cond, Val};
use super::value::{order, TextRef, V};
use crate::check::{CmpOp, TExpr};
use crate::schema::Type;

fn is_int(ty: &Type) -> bool {
    matches!(ty, Type::Int | Type::Days)
}

fn is_dec(ty: &Type) -> bool {
    matches!(ty, Type::Money | Type::Percent)
}

impl Compiler<'_> {
    pub(super) fn compare(&mut self, op: CmpOp, lhs: &TExpr, rhs: &TExpr) -> u32 {
        let l = self.val(lhs);
        let r = self.val(rhs);
        self.coerce_const_to(l, &rhs.ty);
        self.coerce_const_to(r, &lhs.ty);
        let texts = &self.code.texts;
        let text = |t: TextRef| match t {
            TextRef::Const(i) => texts.get(i as usize).map(String::as_str),
            TextRef::Slot(_) => None,
        };
        match (self.const_val(l), self.const_val(r)) {
            (Some(a), Some(b)) => {
                let holds = order(a, b, text).is_some_and(|o| op.holds(o));
                return self.push_cond(Cond::Const(holds));
            }
            (Some(_), None) => return self.slot_vs_const(op.flipped(), r, &rhs.ty, l),
            (None, Some(_)) => return self.slot_vs_const(op, l, &lhs.ty, r),
            (None, None) => {}
        }
        self.push_cond(Cond::Cmp { op, lhs: l, rhs: r })
    }

    /// `value op constant`, specialised when `value` reads a slot directly (or takes
    /// `days_since`/`days_until` of one).
    pub(super) fn slot_vs_const(&mut self, op: CmpOp, value: u32, ty: &Type, constant: u32) -> u32 {
        if let (Some(Val::DaysSince(inner) | Val::DaysUntil(inner)), Some(V::Int(k))) =
            (self.code.vals.get(value as usize), self.const_val(constant))
        {
            let until = matches!(self.code.vals.get(value as usize), Some(Val::DaysUntil(_)));
            if let Some(slot) = self.slot_val(*inner) {
                return self.push_cond(Cond::SlotDays { slot, op, k, until });
            }
        }
        let (Some(slot), Some(k)) = (self.slot_val(value), self.const_val(constant)) else {
            return self.push_cond(Cond::Cmp {
                op,
                lhs: value,
                rhs: constant,
            });
        };
        let cond = match k {
            V::Missing => Cond::Const(false),
            V::Int(k) if is_int(ty) => Cond::SlotInt { slot, op, k },
            V::Dec(k) if is_dec(ty) => Cond::SlotDec {
                slot,
                op,
                k,
                fast: cents(k),
            },
            V::Date(k) if *ty == Type::Date => Cond::SlotDate { slot, op, k },
            _ => Cond::SlotConst { slot, op, k },
        };
        self.push_cond(cond)
    }

    /// An integer literal next to a money or percent operand becomes a decimal.
    pub(super) fn coerce_const_to(&mut self, i: u32, other: &Type) {
        if let (Some(Val::Const(V::Int(n))), true) =
            (self.code.vals.get_mut(i as usize), is_dec(other))
        {
            let n = *n;
            if let Some(slot) = self.code.vals.get_mut(i as usize) {
                *slot = Val::Const(V::Dec(n.into()));
            }
        }
    }

    pub(super) fn in_set(&mut self, value: &TExpr, set: &[TExpr]) -> u32 {
        let v = self.val(value);
        let items: Vec<u32> = set
            .iter()
            .map(|e| {
                let i = self.val(e);
                self.coerce_const_to(i, &value.ty);
                i
            })
            .collect();
        if let Some(slot) = self.slot_val(v) {
            let mut mask = 0u64;
            let mut all_small_tags = true;
            for &i in &items {
                match self.const_val(i) {
                    Some(V::Enum(n)) if n < 64 => mask |= 1 << n,
                    Some(V::Channel(n)) if n < 64 => mask |= 1 << n,
                    Some(V::Missing) => {}
                    _ => all_small_tags = false,
                }
            }
            if all_small_tags && matches!(value.ty, Type::Enum { .. } | Type::Channel) {
                return self.push_cond(Cond::SlotMask { slot, mask });
            }
        }
        let start = next_index(&self.code.val_lists);
        self.code.val_lists.extend_from_slice(&items);
        let len = u32::try_from(items.len()).unwrap_or(0);
        self.push_cond(Cond::In {
            value: v,
            start,
            len,
        })
    }

    pub(super) fn between(&mut self, value: &TExpr, low: &TExpr, high: &TExpr) -> u32 {
        let v = self.val(value);
        let lo = self.val(low);
        let hi = self.val(high);
        self.coerce_const_to(lo, &value.ty);
        self.coerce_const_to(hi, &value.ty);
        if let (Some(slot), Some(V::Int(low)), Some(V::Int(high))) =
            (self.slot_val(v), self.const_val(lo), self.const_val(hi))
        {
            if is_int(&value.ty) {
                return self.push_cond(Cond::SlotIntRange { slot, low, high });
            }
        }
        self.push_cond(Cond::Between {
            value: v,
            low: lo,
            high: hi,
        })
    }
}

/// A decimal as an integer count of hundredths, when that is exact and fits.
fn cents(k: rust_decimal::Decimal) -> Option<(i64, u32)> {
    let mut at_two = k;
    at_two.rescale(2);
    if at_two != k || at_two.scale() != 2 {
        return None;
    }
    let m = i64::try_from(at_two.mantissa()).ok()?;
    Some((m, 2))
}
