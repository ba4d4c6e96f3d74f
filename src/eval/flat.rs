//! Each rule's residual condition as a flat list of checks, for the hot loop of
//! `Program::select`. A rule whose condition is a conjunction (nested conjunctions, segments
//! included, are flattened) becomes a run of small `Copy` checks tested left to right with an
//! early exit: no recursion, no node-table lookups for the common "field op constant" shapes.
//! Money arithmetic against a constant (`balance * 30% >= 500`,
//! `updated_balance - balance > 50`) becomes an integer check on cents too
//! ([`super::linear`] finds those shapes).
//! Any other shape becomes one `Tree` check that defers to [`Code::test`], so the result is
//! always the tree's. Owns only this lowering and its evaluation; must not change which rules
//! match (the proptest in tests/eval.rs compares against a naive interpreter).

use super::exec::Ctx;
use super::keyed::KeyedTest;
use super::linear;
use super::node::{Code, Cond};
use super::slot_test::{interval, Test};
use super::value::V;
use crate::check::CmpOp;
use crate::schema::tag;

/// One conjunct of a rule: a slot test, or a tree node (`cond`, also the fallback).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Check {
    slot: u32,
    cond: u32,
    test: Test,
    /// The test on the slot's kind tag and integer key, as most checks are decided.
    keyed: KeyedTest,
}

/// All rules' checks, one contiguous run per rule.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FlatRules {
    checks: Vec<Check>,
    /// Per rule, its run in `checks` (start, end).
    runs: Vec<(u32, u32)>,
}

impl FlatRules {
    /// Lower the rules whose (residual) conditions are `rule_conds`, in rule order.
    pub fn build(code: &Code, rule_conds: &[u32]) -> FlatRules {
        let mut flat = FlatRules::default();
        for &cond in rule_conds {
            let start = u32::try_from(flat.checks.len()).unwrap_or(u32::MAX);
            lower(code, cond, &mut flat.checks);
            let end = u32::try_from(flat.checks.len()).unwrap_or(u32::MAX);
            flat.runs.push((start, end));
        }
        flat
    }

    /// Where rule `rule`'s checks are (`start..end`, for [`FlatRules::run_matches`]).
    pub fn run(&self, rule: u32) -> Option<(u32, u32)> {
        self.runs.get(rule as usize).copied()
    }

    /// Check number `i` (in `checks` order), if any.
    pub fn check(&self, i: u32) -> Option<Check> {
        self.checks.get(i as usize).copied()
    }

    /// Whether the checks `start..end` all hold (an invalid range does not).
    #[inline]
    pub fn run_matches(&self, start: u32, end: u32, code: &Code, cx: &Ctx) -> bool {
        let Some(checks) = self.checks.get(start as usize..end as usize) else {
            return false;
        };
        checks.iter().all(|check| check.holds(code, cx))
    }
}

/// Append the checks of condition `cond` (a conjunction is flattened into its parts).
fn lower(code: &Code, cond: u32, out: &mut Vec<Check>) {
    let tree = Check::new(0, cond, Test::Tree);
    let Some(node) = code.conds.get(cond as usize) else {
        out.push(tree);
        return;
    };
    let slot_check = |slot: u32, test: Test| Check::new(slot, cond, test);
    let check = match node {
        Cond::Const(true) => return,
        Cond::All { start, len } => {
            let start = *start as usize;
            let children = code
                .cond_lists
                .get(start..start + *len as usize)
                .unwrap_or(&[]);
            for &child in children {
                lower(code, child, out);
            }
            return;
        }
        Cond::SlotInt { slot, op, k } => match interval(*op, *k) {
            Some((low, high)) => slot_check(*slot, Test::IntRange { low, high }),
            None => slot_check(*slot, Test::IntNe(*k)),
        },
        Cond::SlotIntRange { slot, low, high } => slot_check(
            *slot,
            Test::IntRange {
                low: *low,
                high: *high,
            },
        ),
        Cond::SlotDec {
            slot,
            op,
            fast: Some((m, scale)),
            ..
        } => match interval(*op, *m) {
            Some((low, high)) => slot_check(
                *slot,
                Test::DecRange {
                    low,
                    high,
                    scale: *scale,
                },
            ),
            None => tree,
        },
        Cond::Cmp { op, lhs, rhs } => {
            if let Some((slot, low, high)) = linear::scaled_slot(code, *op, *lhs, *rhs) {
                slot_check(
                    slot,
                    Test::DecRange {
                        low,
                        high,
                        scale: linear::SCALE,
                    },
                )
            } else if let Some((a, b, low, high)) = linear::slot_difference(code, *op, *lhs, *rhs) {
                slot_check(
                    a,
                    Test::DecDiff {
                        other: b,
                        low,
                        high,
                    },
                )
            } else {
                tree
            }
        }
        Cond::SlotDays { slot, op, k, until } => slot_check(
            *slot,
            Test::Days {
                op: *op,
                k: *k,
                until: *until,
            },
        ),
        Cond::SlotMask { slot, mask } => slot_check(*slot, Test::Mask(*mask)),
        Cond::SlotConst {
            slot,
            op: CmpOp::Eq,
            k: V::Enum(n),
        } => slot_check(*slot, Test::EnumEq(*n)),
        Cond::SlotConst {
            slot,
            op: CmpOp::Eq,
            k: V::Channel(n),
        } => slot_check(*slot, Test::ChannelEq(*n)),
        Cond::SlotPresent { slot, present } => slot_check(*slot, Test::Present(*present)),
        Cond::SlotTrue { slot } => slot_check(*slot, Test::True),
        _ => tree,
    };
    out.push(check);
}

impl Check {
    /// A check that never holds (a tree node that does not exist).
    pub const NEVER: Check = Check {
        slot: 0,
        cond: u32::MAX,
        test: Test::Tree,
        keyed: KeyedTest::EXACT,
    };

    fn new(slot: u32, cond: u32, test: Test) -> Check {
        Check {
            slot,
            cond,
            test,
            keyed: KeyedTest::of(test),
        }
    }

    /// Whether the check holds on the row.
    #[inline(always)]
    pub fn holds(&self, code: &Code, cx: &Ctx) -> bool {
        let (tag, key) = cx.key(self.slot);
        if self.keyed.needs_exact(tag) {
            return self.holds_exactly(code, cx);
        }
        self.keyed.holds(tag, key, cx.as_of)
    }

    /// The checks the keyed test leaves out, on the row's values.
    #[inline(never)]
    fn holds_exactly(&self, code: &Code, cx: &Ctx) -> bool {
        match self.test {
            Test::DecDiff { other, low, high } => {
                let (a, x) = cx.key(self.slot);
                let (b, y) = cx.key(other);
                let is_decimal = |t: u8| matches!(t, tag::MONEY | tag::PERCENT);
                match x.checked_sub(y) {
                    Some(d) if is_decimal(a) && is_decimal(b) => (low <= d) & (d <= high),
                    // Not both in cents (another scale, a missing value) or past i64: the
                    // tree decides, and is false on a missing operand.
                    _ => code.test(self.cond, cx),
                }
            }
            _ => code.test(self.cond, cx),
        }
    }
}
