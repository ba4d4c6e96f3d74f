//! Conditions → disjunctive normal form over per-slot value sets. Negations are pushed to the
//! atoms first (NNF), segments are inlined, and anything not understood (arithmetic, text
//! comparisons, field-to-field comparisons, functions) becomes an *unknown* atom: no
//! constraint, and the conjunct is marked inexact.
//!
//! Every conjunct over-approximates the debtors it stands for; an *exact* conjunct stands for
//! exactly those debtors. Callers rely on that: emptiness and coverage use all conjuncts
//! (over-approximations are sound there), "A contains B" uses only A's exact conjuncts. When
//! the normal form would exceed [`MAX_CONJUNCTS`] the sub-condition becomes unknown, so the
//! analyses give up quietly instead of blowing up.

use super::sets::{Bound, Interval, SlotSet, Values};
use crate::check::typed::{TExpr, TExprKind};
use crate::check::CmpOp;
use crate::check::{FieldInfo, SegmentInfo};
use crate::schema::{Builtin, Type, Value};
use crate::source::Span;
use rust_decimal::Decimal;

/// The most conjuncts one condition may expand to before the analysis gives up on it.
pub const MAX_CONJUNCTS: usize = 256;
const MAX_SEGMENT_DEPTH: usize = 32;

/// A conjunction of per-slot constraints. Slots not listed are unconstrained.
#[derive(Debug, Clone, PartialEq)]
pub struct Conjunct {
    /// Sorted by slot.
    pub slots: Vec<(usize, SlotSet)>,
    /// Bit `slot % 128` for every constrained slot (a quick subset pre-check).
    pub mask: u128,
    /// Every atom stood for exactly what it says (no unknown, no guessed negation).
    pub exact: bool,
    /// The source of each atom, by slot (for explaining contradictions).
    pub atoms: Vec<(usize, Span)>,
    /// The same constraints as integers, for fast containment tests (`None` when some bound
    /// has more than 9 decimal places).
    pub fast: Option<Vec<(usize, FastSet)>>,
}

/// A slot set with bounds encoded as ordered integers: `value × 10⁹ × 2`, plus one for an
/// exclusive lower bound and minus one for an exclusive upper bound, so containment of
/// intervals is two integer comparisons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FastSet {
    pub missing: bool,
    pub empty: bool,
    pub lo: i128,
    pub hi: i128,
    pub bits: u64,
}

fn key(bound: Option<Bound>, lower: bool) -> Option<i128> {
    let Some(b) = bound else {
        return Some(if lower { i128::MIN } else { i128::MAX });
    };
    let scale = b.value.scale();
    if scale > 9 {
        return None;
    }
    let scaled = b
        .value
        .mantissa()
        .checked_mul(10i128.checked_pow(9 - scale)?)?;
    let doubled = scaled.checked_mul(2)?;
    Some(match (b.inclusive, lower) {
        (true, _) => doubled,
        (false, true) => doubled + 1,
        (false, false) => doubled - 1,
    })
}

fn fast(set: &SlotSet) -> Option<FastSet> {
    Some(match set.values {
        Values::Numeric(i) => FastSet {
            missing: set.missing,
            empty: i.is_empty(),
            lo: key(i.lo, true)?,
            hi: key(i.hi, false)?,
            bits: 0,
        },
        Values::Bits { set: bits, .. } => FastSet {
            missing: set.missing,
            empty: bits == 0,
            lo: 0,
            hi: 0,
            bits,
        },
    })
}

impl FastSet {
    pub fn within(&self, outer: &FastSet) -> bool {
        (!self.missing || outer.missing)
            && (self.empty
                || (self.lo >= outer.lo && self.hi <= outer.hi && self.bits & !outer.bits == 0))
    }
}

impl Conjunct {
    fn top(exact: bool) -> Conjunct {
        Conjunct {
            slots: Vec::new(),
            mask: 0,
            exact,
            atoms: Vec::new(),
            fast: None,
        }
    }

    pub fn slot(&self, slot: usize) -> Option<&SlotSet> {
        self.slots
            .binary_search_by_key(&slot, |(s, _)| *s)
            .ok()
            .and_then(|i| self.slots.get(i))
            .map(|(_, set)| set)
    }

    /// The numeric interval a slot is limited to (present values), if constrained.
    pub fn interval(&self, slot: usize) -> Option<Interval> {
        match self.slot(slot)?.values {
            Values::Numeric(i) => Some(i),
            Values::Bits { .. } => None,
        }
    }

    /// `None` when the conjunction is empty; the conflicting slot is reported through `conflict`.
    fn and(&self, other: &Conjunct) -> Result<Conjunct, usize> {
        let mut slots = Vec::with_capacity(self.slots.len() + other.slots.len());
        let (mut i, mut j) = (0, 0);
        while i < self.slots.len() || j < other.slots.len() {
            match (self.slots.get(i), other.slots.get(j)) {
                (Some(a), Some(b)) if a.0 == b.0 => {
                    let set = a.1.intersect(&b.1);
                    if set.is_empty() {
                        return Err(a.0);
                    }
                    slots.push((a.0, set));
                    i += 1;
                    j += 1;
                }
                (Some(a), Some(b)) if a.0 < b.0 => {
                    slots.push(*a);
                    i += 1;
                }
                (Some(a), None) => {
                    slots.push(*a);
                    i += 1;
                }
                (_, Some(b)) => {
                    slots.push(*b);
                    j += 1;
                }
                (None, None) => break,
            }
        }
        let mut atoms = self.atoms.clone();
        atoms.extend_from_slice(&other.atoms);
        Ok(Conjunct {
            slots,
            mask: self.mask | other.mask,
            exact: self.exact && other.exact,
            atoms,
            fast: None,
        })
    }

    fn with_fast(mut self) -> Conjunct {
        self.fast = self
            .slots
            .iter()
            .map(|(slot, set)| Some((*slot, fast(set)?)))
            .collect();
        self
    }

    /// Does every debtor of `self` satisfy `outer`? (Only meaningful when `outer` is exact.)
    pub fn within(&self, outer: &Conjunct) -> bool {
        if outer.mask & !self.mask != 0 {
            return false;
        }
        if let (Some(inner), Some(outer)) = (&self.fast, &outer.fast) {
            // Both sorted by slot: walk them together.
            let mut rest = inner.iter();
            return outer.iter().all(|(slot, outer_set)| {
                rest.by_ref()
                    .find(|(s, _)| s >= slot)
                    .is_some_and(|(s, set)| s == slot && set.within(outer_set))
            });
        }
        outer
            .slots
            .iter()
            .all(|(slot, outer_set)| match self.slot(*slot) {
                Some(set) => set.within(outer_set),
                None => false,
            })
    }
}

/// A condition in normal form. No conjuncts = never true.
#[derive(Debug, Clone, PartialEq)]
pub struct Dnf {
    pub conjuncts: Vec<Conjunct>,
    /// The atoms of the first contradiction found (for a help line).
    pub conflict: Vec<Span>,
}

impl Dnf {
    pub fn never_matches(&self) -> bool {
        self.conjuncts.is_empty()
    }
}

enum Nnf {
    True,
    False,
    Unknown,
    Atom {
        slot: usize,
        set: SlotSet,
        exact: bool,
        span: Span,
    },
    And(Vec<Nnf>),
    Or(Vec<Nnf>),
}

/// Normalizes conditions of one strategy.
pub struct Normalizer<'a> {
    pub fields: &'a [FieldInfo],
    pub segments: &'a [SegmentInfo],
}

/// Built-ins the portfolio always fills (a negated comparison on them is exact).
fn never_missing(slot: usize) -> bool {
    use Builtin::*;
    Builtin::ALL.get(slot).is_some_and(|b| {
        matches!(
            b,
            Balance | UpdatedBalance | DaysOverdue | OpenDebts | PreviousDelays | HasAgreement
        ) || b.name().contains("contacts_")
    })
}

fn number(v: &Value) -> Option<Decimal> {
    match v {
        Value::Int(n) | Value::Days(n) => Some(Decimal::from(*n)),
        Value::Money(d) | Value::Percent(d) => Some(*d),
        Value::Date(d) => Some(Decimal::from(chrono::Datelike::num_days_from_ce(d))),
        _ => None,
    }
}

impl Normalizer<'_> {
    pub fn normalize(&self, condition: &TExpr) -> Dnf {
        let nnf = self.nnf(condition, false, 0);
        let mut conflict = Vec::new();
        let conjuncts = dnf(&nnf, &mut conflict)
            .unwrap_or_else(|| vec![Conjunct::top(false)])
            .into_iter()
            .map(Conjunct::with_fast)
            .collect();
        Dnf {
            conjuncts,
            conflict,
        }
    }

    fn slot_type(&self, slot: usize) -> Option<&Type> {
        self.fields.get(slot).map(|f| &f.ty)
    }

    fn full(&self, slot: usize) -> Option<Values> {
        Some(match self.slot_type(slot)? {
            Type::Bool => Values::Bits {
                set: 0b11,
                all: 0b11,
            },
            Type::Channel => Values::Bits {
                set: 0b1_1111,
                all: 0b1_1111,
            },
            Type::Enum { variants, .. } if !variants.is_empty() && variants.len() <= 64 => {
                let all = if variants.len() == 64 {
                    u64::MAX
                } else {
                    (1u64 << variants.len()) - 1
                };
                Values::Bits { set: all, all }
            }
            Type::Int | Type::Days | Type::Money | Type::Percent | Type::Date => {
                Values::Numeric(Interval::ALL)
            }
            // Text values are not modelled, only presence: one bit for "some text".
            Type::Text => Values::Bits { set: 1, all: 1 },
            _ => return None,
        })
    }

    fn bit(v: &Value) -> Option<u64> {
        let index = match v {
            Value::Bool(b) => u32::from(*b),
            Value::Enum(i) => *i,
            Value::Channel(c) => u32::try_from(c.index()).ok()?,
            _ => return None,
        };
        1u64.checked_shl(index)
    }

    /// The present values `slot op value` allows, as a union of sets on that slot.
    fn comparison(&self, slot: usize, op: CmpOp, value: &Value) -> Option<Vec<SlotSet>> {
        let full = self.full(slot)?;
        let present = |values| SlotSet {
            missing: false,
            values,
        };
        match full {
            Values::Bits { all, .. } => {
                let bit = Self::bit(value)?;
                let set = match op {
                    CmpOp::Eq => bit,
                    CmpOp::Ne => all & !bit,
                    _ => return None,
                };
                Some(vec![present(Values::Bits { set, all })])
            }
            Values::Numeric(_) => {
                let v = number(value)?;
                let b = |inclusive| {
                    Some(Bound {
                        value: v,
                        inclusive,
                    })
                };
                let intervals = match op {
                    CmpOp::Eq => vec![Interval {
                        lo: b(true),
                        hi: b(true),
                    }],
                    CmpOp::Ne => vec![
                        Interval {
                            lo: None,
                            hi: b(false),
                        },
                        Interval {
                            lo: b(false),
                            hi: None,
                        },
                    ],
                    CmpOp::Lt => vec![Interval {
                        lo: None,
                        hi: b(false),
                    }],
                    CmpOp::Le => vec![Interval {
                        lo: None,
                        hi: b(true),
                    }],
                    CmpOp::Gt => vec![Interval {
                        lo: b(false),
                        hi: None,
                    }],
                    CmpOp::Ge => vec![Interval {
                        lo: b(true),
                        hi: None,
                    }],
                };
                Some(
                    intervals
                        .into_iter()
                        .map(|i| present(Values::Numeric(self.shape(slot, i))))
                        .collect(),
                )
            }
        }
    }

    /// Whole-number slots get inclusive integer bounds so `> 5` and `>= 6` compare equal.
    fn shape(&self, slot: usize, i: Interval) -> Interval {
        match self.slot_type(slot) {
            Some(Type::Int | Type::Days | Type::Date) => i.whole(),
            _ => i,
        }
    }

    /// The sets a positive atom stands for (a union on one slot), if it is understood.
    fn atom(&self, e: &TExpr) -> Option<(usize, Vec<SlotSet>, bool)> {
        match &e.kind {
            TExprKind::Field(slot) if e.ty == Type::Bool => Some((
                *slot,
                self.comparison(*slot, CmpOp::Eq, &Value::Bool(true))?,
                false,
            )),
            TExprKind::Compare { op, lhs, rhs } => match (&lhs.kind, &rhs.kind) {
                (TExprKind::Field(slot), TExprKind::Const(v)) => {
                    Some((*slot, self.comparison(*slot, *op, v)?, false))
                }
                (TExprKind::Const(v), TExprKind::Field(slot)) => {
                    Some((*slot, self.comparison(*slot, op.flipped(), v)?, false))
                }
                _ => None,
            },
            TExprKind::Between { value, low, high } => {
                let (TExprKind::Field(slot), TExprKind::Const(lo), TExprKind::Const(hi)) =
                    (&value.kind, &low.kind, &high.kind)
                else {
                    return None;
                };
                let (lo, hi) = (number(lo)?, number(hi)?);
                let i = Interval {
                    lo: Some(Bound {
                        value: lo,
                        inclusive: true,
                    }),
                    hi: Some(Bound {
                        value: hi,
                        inclusive: true,
                    }),
                };
                self.full(*slot)?;
                Some((
                    *slot,
                    vec![SlotSet {
                        missing: false,
                        values: Values::Numeric(self.shape(*slot, i)),
                    }],
                    false,
                ))
            }
            TExprKind::In { value, set } => {
                let TExprKind::Field(slot) = value.kind else {
                    return None;
                };
                let mut parts: Vec<SlotSet> = Vec::new();
                for item in set {
                    let TExprKind::Const(v) = &item.kind else {
                        return None;
                    };
                    parts.extend(self.comparison(slot, CmpOp::Eq, v)?);
                }
                // Bit sets of one slot merge into a single set.
                if let Some(SlotSet {
                    values: Values::Bits { all, .. },
                    ..
                }) = parts.first().copied()
                {
                    let set = parts.iter().fold(0, |acc, p| match p.values {
                        Values::Bits { set, .. } => acc | set,
                        Values::Numeric(_) => acc,
                    });
                    parts = vec![SlotSet {
                        missing: false,
                        values: Values::Bits { set, all },
                    }];
                }
                Some((slot, parts, false))
            }
            TExprKind::IsPresent { value, present } => {
                let TExprKind::Field(slot) = value.kind else {
                    return None;
                };
                let full = self.full(slot)?;
                let set = if *present {
                    SlotSet {
                        missing: false,
                        values: full,
                    }
                } else {
                    SlotSet {
                        missing: true,
                        values: full.empty_like(),
                    }
                };
                Some((slot, vec![set], true))
            }
            _ => None,
        }
    }

    fn nnf(&self, e: &TExpr, negated: bool, depth: usize) -> Nnf {
        match &e.kind {
            TExprKind::Const(Value::Bool(b)) => {
                if *b != negated {
                    Nnf::True
                } else {
                    Nnf::False
                }
            }
            TExprKind::Not(x) => self.nnf(x, !negated, depth),
            TExprKind::And(l, r) | TExprKind::Or(l, r) => {
                let parts = vec![self.nnf(l, negated, depth), self.nnf(r, negated, depth)];
                if matches!(e.kind, TExprKind::And(..)) != negated {
                    Nnf::And(parts)
                } else {
                    Nnf::Or(parts)
                }
            }
            TExprKind::Segment(i) if depth < MAX_SEGMENT_DEPTH => match self.segments.get(*i) {
                Some(s) => self.nnf(&s.condition, negated, depth + 1),
                None => Nnf::Unknown,
            },
            TExprKind::Compare {
                op: CmpOp::Eq | CmpOp::Ne,
                lhs,
                rhs,
            } if lhs.ty == Type::Text => {
                // A text comparison says at least that the field is present; its negation
                // says nothing we model.
                match (&lhs.kind, &rhs.kind, negated) {
                    (TExprKind::Field(slot), TExprKind::Text(_), false)
                    | (TExprKind::Text(_), TExprKind::Field(slot), false) => Nnf::Atom {
                        slot: *slot,
                        set: SlotSet {
                            missing: false,
                            values: Values::Bits { set: 1, all: 1 },
                        },
                        exact: false,
                        span: e.span,
                    },
                    _ => Nnf::Unknown,
                }
            }
            _ => match self.atom(e) {
                None => Nnf::Unknown,
                Some((slot, union, presence_only)) => {
                    let atom = |set: SlotSet, exact: bool| Nnf::Atom {
                        slot,
                        set,
                        exact,
                        span: e.span,
                    };
                    if !negated {
                        return one_or_any(union.into_iter().map(|s| atom(s, true)).collect());
                    }
                    // Whether `not` of a comparison on a missing value is true depends on how
                    // missing values are evaluated; the complement below includes them, which
                    // over-approximates either way, so it is exact only when it cannot matter.
                    let exact = presence_only || never_missing(slot);
                    Nnf::And(
                        union
                            .iter()
                            .map(|s| {
                                Nnf::Or(
                                    s.complement().into_iter().map(|c| atom(c, exact)).collect(),
                                )
                            })
                            .collect(),
                    )
                }
            },
        }
    }
}

/// `Or` of the parts, without the wrapper when there is only one (saves allocations).
fn one_or_any(mut parts: Vec<Nnf>) -> Nnf {
    if parts.len() == 1 {
        parts.pop().unwrap_or(Nnf::False)
    } else {
        Nnf::Or(parts)
    }
}

fn mask(slot: usize) -> u128 {
    1u128 << (slot % 128)
}

fn dnf(n: &Nnf, conflict: &mut Vec<Span>) -> Option<Vec<Conjunct>> {
    match n {
        Nnf::True => Some(vec![Conjunct::top(true)]),
        Nnf::False => Some(Vec::new()),
        Nnf::Unknown => Some(vec![Conjunct::top(false)]),
        Nnf::Atom {
            slot,
            set,
            exact,
            span,
        } => Some(if set.is_empty() {
            Vec::new()
        } else {
            vec![Conjunct {
                slots: vec![(*slot, *set)],
                mask: mask(*slot),
                exact: *exact,
                atoms: vec![(*slot, *span)],
                fast: None,
            }]
        }),
        Nnf::Or(parts) => {
            let mut out = Vec::new();
            for p in parts {
                out.extend(dnf(p, conflict).unwrap_or_else(|| vec![Conjunct::top(false)]));
                if out.len() > MAX_CONJUNCTS {
                    return None;
                }
            }
            Some(out)
        }
        Nnf::And(parts) => {
            let mut acc = vec![Conjunct::top(true)];
            for p in parts {
                let right = dnf(p, conflict).unwrap_or_else(|| vec![Conjunct::top(false)]);
                if acc.len().saturating_mul(right.len()) > MAX_CONJUNCTS * 4 {
                    return None;
                }
                let mut next = Vec::with_capacity(acc.len() * right.len());
                for a in &acc {
                    for b in &right {
                        match a.and(b) {
                            Ok(c) => next.push(c),
                            Err(slot) if conflict.is_empty() => {
                                conflict.extend(
                                    a.atoms
                                        .iter()
                                        .chain(&b.atoms)
                                        .filter(|(s, _)| *s == slot)
                                        .map(|(_, sp)| *sp),
                                );
                            }
                            Err(_) => {}
                        }
                    }
                }
                if next.len() > MAX_CONJUNCTS {
                    return None;
                }
                acc = next;
            }
            Some(acc)
        }
    }
}
