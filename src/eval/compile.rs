//! TExpr → [`Code`]: names are already slots (the checker did that); here literals become
//! runtime values, the checker's operators become nodes, segments are compiled once and
//! shared, `and`/`or` chains are flattened, constants are folded, and "field op constant"
//! shapes get their specialised node (in [`super::compare`]). Never fails: a shape the checker should have rejected
//! compiles to a constant false / missing, so evaluation still cannot panic.

use super::node::{next_index, Code, Cond, Val};
use super::value::{TextRef, V};
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

impl<'s> Compiler<'s> {
    pub fn new(segments: &'s [SegmentInfo]) -> Self {
        Compiler {
            code: Code::default(),
            segments,
            segment_state: segments.iter().map(|_| SegmentState::NotYet).collect(),
        }
    }

    pub(super) fn push_cond(&mut self, cond: Cond) -> u32 {
        let i = next_index(&self.code.conds);
        self.code.conds.push(cond);
        i
    }

    pub(super) fn push_val(&mut self, val: Val) -> u32 {
        let i = next_index(&self.code.vals);
        self.code.vals.push(val);
        i
    }

    pub(super) fn cond_at(&self, i: u32) -> Option<&Cond> {
        self.code.conds.get(i as usize)
    }

    pub(super) fn const_val(&self, i: u32) -> Option<V> {
        match self.code.vals.get(i as usize) {
            Some(Val::Const(v)) => Some(*v),
            _ => None,
        }
    }

    pub(super) fn slot_val(&self, i: u32) -> Option<u32> {
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
