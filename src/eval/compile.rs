//! TExpr → [`Code`]: names are already slots (the checker did that); here literals become
//! runtime values, the checker's operators become nodes, segments are compiled once and
//! shared, `and`/`or` chains are flattened, constants are folded, and "field op constant"
//! shapes get their specialised node. Never fails: a shape the checker should have rejected
//! compiles to a constant false / missing, so evaluation still cannot panic.

use super::node::{next_index, Code, Cond, Val};
use super::value::{order, TextRef, V};
use crate::check::{ArithOp, CmpOp, SegmentInfo, TExpr, TExprKind};
use crate::schema::{Type, Value};

enum SegmentState {
    NotYet,
    InProgress,
    Done(u32),
}

/// Compiles the expressions of one strategy into one shared [`Code`].
pub struct Compiler<'s> {
    pub code: Code,
    segments: &'s [SegmentInfo],
    segment_state: Vec<SegmentState>,
}

/// A row value as the evaluator sees it (slot needed for text, which lives beside the row).
#[inline(always)]
pub fn runtime_value(value: Value, slot: u32) -> V {
    match value {
        Value::Missing => V::Missing,
        Value::Int(n) | Value::Days(n) => V::Int(n),
        Value::Money(d) | Value::Percent(d) => V::Dec(d),
        Value::Date(d) => V::Date(i64::from(chrono::Datelike::num_days_from_ce(&d))),
        Value::Bool(b) => V::Bool(b),
        Value::Enum(i) => V::Enum(i),
        Value::Channel(c) => V::Channel(c as u8),
        Value::Text => V::Text(TextRef::Slot(slot)),
    }
}

fn is_int(ty: &Type) -> bool {
    matches!(ty, Type::Int | Type::Days)
}

fn is_dec(ty: &Type) -> bool {
    matches!(ty, Type::Money | Type::Percent)
}

impl<'s> Compiler<'s> {
    pub fn new(segments: &'s [SegmentInfo]) -> Self {
        Compiler {
            code: Code::default(),
            segments,
            segment_state: segments.iter().map(|_| SegmentState::NotYet).collect(),
        }
    }

    fn push_cond(&mut self, cond: Cond) -> u32 {
        let i = next_index(&self.code.conds);
        self.code.conds.push(cond);
        i
    }

    fn push_val(&mut self, val: Val) -> u32 {
        let i = next_index(&self.code.vals);
        self.code.vals.push(val);
        i
    }

    fn cond_at(&self, i: u32) -> Option<&Cond> {
        self.code.conds.get(i as usize)
    }

    fn const_val(&self, i: u32) -> Option<V> {
        match self.code.vals.get(i as usize) {
            Some(Val::Const(v)) => Some(*v),
            _ => None,
        }
    }

    fn slot_val(&self, i: u32) -> Option<u32> {
        match self.code.vals.get(i as usize) {
            Some(Val::Slot(s)) => Some(*s),
            _ => None,
        }
    }

    /// Compile a condition (a `Bool`-typed expression).
    pub fn cond(&mut self, e: &TExpr) -> u32 {
        match &e.kind {
            TExprKind::Field(slot) => self.push_cond(Cond::SlotTrue {
                slot: slot_u32(*slot),
            }),
            TExprKind::Segment(i) => self.segment(*i),
            TExprKind::Const(Value::Bool(b)) => self.push_cond(Cond::Const(*b)),
            TExprKind::Const(_) | TExprKind::Text(_) => self.push_cond(Cond::Const(false)),
            TExprKind::Not(inner) => {
                let c = self.cond(inner);
                match self.cond_at(c) {
                    Some(Cond::Const(b)) => {
                        let b = !*b;
                        self.push_cond(Cond::Const(b))
                    }
                    _ => self.push_cond(Cond::Not(c)),
                }
            }
            TExprKind::And(..) => {
                let mut parts = Vec::new();
                flatten_and(e, &mut parts);
                let children: Vec<u32> = parts.into_iter().map(|p| self.cond(p)).collect();
                self.all(children)
            }
            TExprKind::Or(..) => {
                let mut parts = Vec::new();
                flatten_or(e, &mut parts);
                let children: Vec<u32> = parts.into_iter().map(|p| self.cond(p)).collect();
                self.any(children)
            }
            TExprKind::Compare { op, lhs, rhs } => self.compare(*op, lhs, rhs),
            TExprKind::In { value, set } => self.in_set(value, set),
            TExprKind::Between { value, low, high } => self.between(value, low, high),
            TExprKind::IsPresent { value, present } => {
                let v = self.val(value);
                match (self.slot_val(v), self.const_val(v)) {
                    (Some(slot), _) => self.push_cond(Cond::SlotPresent {
                        slot,
                        present: *present,
                    }),
                    (_, Some(k)) => self.push_cond(Cond::Const((k != V::Missing) == *present)),
                    _ => self.push_cond(Cond::Present {
                        value: v,
                        present: *present,
                    }),
                }
            }
            TExprKind::Neg(_)
            | TExprKind::Arith { .. }
            | TExprKind::DaysSince(_)
            | TExprKind::DaysUntil(_) => {
                let v = self.val(e);
                match self.const_val(v) {
                    Some(k) => self.push_cond(Cond::Const(k == V::Bool(true))),
                    None => self.push_cond(Cond::IsTrue(v)),
                }
            }
        }
    }

    /// A segment's condition, compiled once and shared by every reference. A segment that
    /// (through a checker bug) refers to itself is false rather than a loop.
    fn segment(&mut self, i: usize) -> u32 {
        match self.segment_state.get(i) {
            Some(SegmentState::Done(c)) => return *c,
            Some(SegmentState::NotYet) => {}
            Some(SegmentState::InProgress) | None => return self.push_cond(Cond::Const(false)),
        }
        let segments = self.segments;
        let Some(info) = segments.get(i) else {
            return self.push_cond(Cond::Const(false));
        };
        if let Some(s) = self.segment_state.get_mut(i) {
            *s = SegmentState::InProgress;
        }
        let c = self.cond(&info.condition);
        if let Some(s) = self.segment_state.get_mut(i) {
            *s = SegmentState::Done(c);
        }
        c
    }

    /// A conjunction of already compiled conditions: constants folded, cheapest first.
    pub fn all(&mut self, children: Vec<u32>) -> u32 {
        let mut kept = Vec::with_capacity(children.len());
        for c in children {
            match self.cond_at(c) {
                Some(Cond::Const(true)) => {}
                Some(Cond::Const(false)) => return self.push_cond(Cond::Const(false)),
                _ => kept.push(c),
            }
        }
        // Conditions have no effects, so evaluating cheap ones first only saves time.
        kept.sort_by_key(|c| self.cost(*c));
        match kept.as_slice() {
            [] => self.push_cond(Cond::Const(true)),
            [one] => *one,
            _ => {
                let (start, len) = self.cond_list(&kept);
                self.push_cond(Cond::All { start, len })
            }
        }
    }

    /// A rule condition without its top-level integer tests on `slot` (see `Program`).
    pub fn without_slot_tests(&mut self, cond: u32, slot: u32) -> u32 {
        let on_slot = |c: Option<&Cond>| match c {
            Some(Cond::SlotInt { slot: s, op, .. }) => *s == slot && *op != CmpOp::Ne,
            Some(Cond::SlotIntRange { slot: s, .. }) => *s == slot,
            _ => false,
        };
        match self.cond_at(cond) {
            Some(Cond::All { start, len }) => {
                let (start, len) = (*start as usize, *len as usize);
                let children: Vec<u32> = self
                    .code
                    .cond_lists
                    .get(start..start + len)
                    .unwrap_or(&[])
                    .to_vec();
                if !children.iter().any(|c| on_slot(self.cond_at(*c))) {
                    return cond;
                }
                let rest = children
                    .into_iter()
                    .filter(|c| !on_slot(self.cond_at(*c)))
                    .collect();
                self.all(rest)
            }
            c if on_slot(c) => self.push_cond(Cond::Const(true)),
            _ => cond,
        }
    }

    fn any(&mut self, children: Vec<u32>) -> u32 {
        let mut kept = Vec::with_capacity(children.len());
        for c in children {
            match self.cond_at(c) {
                Some(Cond::Const(false)) => {}
                Some(Cond::Const(true)) => return self.push_cond(Cond::Const(true)),
                _ => kept.push(c),
            }
        }
        kept.sort_by_key(|c| self.cost(*c));
        match kept.as_slice() {
            [] => self.push_cond(Cond::Const(false)),
            [one] => *one,
            _ => {
                let (start, len) = self.cond_list(&kept);
                self.push_cond(Cond::Any { start, len })
            }
        }
    }

    fn cond_list(&mut self, items: &[u32]) -> (u32, u32) {
        let start = next_index(&self.code.cond_lists);
        self.code.cond_lists.extend_from_slice(items);
        (start, u32::try_from(items.len()).unwrap_or(0))
    }

    /// A rough evaluation cost, to order conjuncts: slot tests first.
    fn cost(&self, c: u32) -> u32 {
        match self.cond_at(c) {
            Some(
                Cond::Const(_)
                | Cond::SlotInt { .. }
                | Cond::SlotIntRange { .. }
                | Cond::SlotDate { .. }
                | Cond::SlotPresent { .. }
                | Cond::SlotTrue { .. }
                | Cond::SlotMask { .. },
            ) => 1,
            Some(Cond::SlotDec { .. } | Cond::SlotConst { .. } | Cond::SlotDays { .. }) => 2,
            Some(Cond::Not(inner)) => self.cost(*inner),
            Some(Cond::All { len, .. } | Cond::Any { len, .. }) => 2 + len,
            _ => 5,
        }
    }

    fn compare(&mut self, op: CmpOp, lhs: &TExpr, rhs: &TExpr) -> u32 {
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
    fn slot_vs_const(&mut self, op: CmpOp, value: u32, ty: &Type, constant: u32) -> u32 {
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
    fn coerce_const_to(&mut self, i: u32, other: &Type) {
        if let (Some(Val::Const(V::Int(n))), true) =
            (self.code.vals.get_mut(i as usize), is_dec(other))
        {
            let n = *n;
            if let Some(slot) = self.code.vals.get_mut(i as usize) {
                *slot = Val::Const(V::Dec(n.into()));
            }
        }
    }

    fn in_set(&mut self, value: &TExpr, set: &[TExpr]) -> u32 {
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

    fn between(&mut self, value: &TExpr, low: &TExpr, high: &TExpr) -> u32 {
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

    /// Compile a value expression.
    pub fn val(&mut self, e: &TExpr) -> u32 {
        match &e.kind {
            TExprKind::Field(slot) => self.push_val(Val::Slot(slot_u32(*slot))),
            TExprKind::Const(value) => {
                let v = match value {
                    Value::Text => V::Missing,
                    other => runtime_value(*other, 0),
                };
                self.push_val(Val::Const(v))
            }
            TExprKind::Text(s) => {
                let i = next_index(&self.code.texts);
                self.code.texts.push(s.clone());
                self.push_val(Val::Const(V::Text(TextRef::Const(i))))
            }
            TExprKind::Neg(inner) => {
                let v = self.val(inner);
                match self.const_val(v) {
                    Some(k) => self.push_val(Val::Const(super::value::negate(k))),
                    None => self.push_val(Val::Neg(v)),
                }
            }
            TExprKind::Arith { op, lhs, rhs } => {
                let l = self.val(lhs);
                let r = self.val(rhs);
                let op = *op;
                // Only sums mix a literal with money (the checker types literals by their
                // context, so this is a safety net); `money * 2` must stay money × int.
                if matches!(op, ArithOp::DecAdd | ArithOp::DecSub) {
                    self.coerce_const_to(l, &Type::Money);
                    self.coerce_const_to(r, &Type::Money);
                }
                match (op, self.const_val(l), self.const_val(r)) {
                    (_, Some(a), Some(b)) => self.push_val(Val::Const(op.apply(a, b))),
                    // × a constant percent: divide it by 100 once here, not per debtor.
                    (ArithOp::DecTimesPercent, None, Some(V::Dec(p))) => {
                        let factor = self.push_val(Val::Const(percent_factor(p)));
                        self.push_val(Val::Arith {
                            op: ArithOp::DecMul,
                            lhs: l,
                            rhs: factor,
                        })
                    }
                    (ArithOp::PercentTimesDec, Some(V::Dec(p)), None) => {
                        let factor = self.push_val(Val::Const(percent_factor(p)));
                        self.push_val(Val::Arith {
                            op: ArithOp::DecMul,
                            lhs: factor,
                            rhs: r,
                        })
                    }
                    _ => self.push_val(Val::Arith { op, lhs: l, rhs: r }),
                }
            }
            TExprKind::DaysSince(inner) => {
                let v = self.val(inner);
                self.push_val(Val::DaysSince(v))
            }
            TExprKind::DaysUntil(inner) => {
                let v = self.val(inner);
                self.push_val(Val::DaysUntil(v))
            }
            _ => {
                let c = self.cond(e);
                match self.cond_at(c) {
                    Some(Cond::Const(b)) => {
                        let b = *b;
                        self.push_val(Val::Const(V::Bool(b)))
                    }
                    _ => self.push_val(Val::Cond(c)),
                }
            }
        }
    }
}

/// `p%` as a plain factor (`30%` → `0.30`); missing if it cannot be represented.
fn percent_factor(p: rust_decimal::Decimal) -> V {
    p.checked_div(rust_decimal::Decimal::ONE_HUNDRED)
        .map_or(V::Missing, V::Dec)
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

fn slot_u32(slot: usize) -> u32 {
    u32::try_from(slot).unwrap_or(u32::MAX)
}

/// The conjuncts of a (possibly nested) `and`, left to right.
pub fn flatten_and<'e>(e: &'e TExpr, out: &mut Vec<&'e TExpr>) {
    match &e.kind {
        TExprKind::And(a, b) => {
            flatten_and(a, out);
            flatten_and(b, out);
        }
        _ => out.push(e),
    }
}

fn flatten_or<'e>(e: &'e TExpr, out: &mut Vec<&'e TExpr>) {
    match &e.kind {
        TExprKind::Or(a, b) => {
            flatten_or(a, out);
            flatten_or(b, out);
        }
        _ => out.push(e),
    }
}
