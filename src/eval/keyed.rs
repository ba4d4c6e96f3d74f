//! Checks decided on a row's kind tags and integer keys ([`crate::schema::key`]: cents, day
//! numbers, variant indices) instead of its `Value`s, for `Check::holds` in the hot loop.
//! Each flat check becomes a tag set and an interval; `days_since`/`days_until`, masks and
//! `!=` add a little arithmetic; the rest (a decimal with no key, a tree node, a difference
//! of two slots) is left to the exact test. Owns that form only; must not change which rules
//! match (the proptest in tests/eval.rs compares `select` with a naive interpreter).
//!
//! Why: matching on the check kind and then on the `Value` made `holds` a jump table whose
//! target changes from check to check. The keyed form measured 17.0 → 19.0 M evaluations/s
//! on `bench_eval --resident 4096` and 18.5 → 20.2 at 1024 rows (alternating runs of both
//! builds); a version that sent every check through the general arithmetic form was no
//! faster than the match, hence `plain`.

use super::linear;
use super::slot_test::{interval, Test};
use crate::schema::tag;

/// A check as one test on a slot's kind tag `t` and integer key `k`: `t` in `accept`, and,
/// for `v = sign·k + offset·as_of` (days since or until a date; otherwise `v = k`),
/// `low ≤ v ≤ high` with bit `v mod 64` of `mask` set — negated when `invert` (`!=`).
/// A tag in `exact` (a decimal with no key, a tree node, a difference of two slots) is
/// left to the exact test.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct KeyedTest {
    /// `v = k`, no mask, no inversion: the test is `t in accept and low <= k <= high`.
    plain: bool,
    accept: u16,
    exact: u16,
    invert: bool,
    sign: i64,
    offset: i64,
    low: i64,
    high: i64,
    mask: u64,
}

/// A set of kind tags, as bits.
const fn tags(list: &[u8]) -> u16 {
    let mut set = 0;
    let mut i = 0;
    while i < list.len() {
        set |= 1 << list[i];
        i += 1;
    }
    set
}
const EVERY_TAG: u16 = u16::MAX;
const INTS: u16 = tags(&[tag::INT, tag::DAYS]);
/// Money or percent keyed in cents.
const DECIMALS: u16 = tags(&[tag::MONEY, tag::PERCENT]);
const INDEXED: u16 = tags(&[tag::ENUM, tag::CHANNEL]);

impl KeyedTest {
    /// Keys in `low..=high` for tags in `accept`.
    fn range(accept: u16, low: i64, high: i64) -> KeyedTest {
        KeyedTest {
            plain: true,
            accept,
            exact: 0,
            invert: false,
            sign: 1,
            offset: 0,
            low,
            high,
            mask: u64::MAX,
        }
    }

    /// Left to the exact test for every tag.
    pub(super) const EXACT: KeyedTest = KeyedTest {
        plain: false,
        accept: 0,
        exact: EVERY_TAG,
        invert: false,
        sign: 1,
        offset: 0,
        low: 0,
        high: 0,
        mask: 0,
    };

    /// The keyed form of a flat check.
    pub(super) fn of(test: Test) -> KeyedTest {
        let u = KeyedTest::shape(test);
        KeyedTest {
            plain: u.sign == 1 && u.offset == 0 && u.mask == u64::MAX && !u.invert,
            ..u
        }
    }

    fn shape(test: Test) -> KeyedTest {
        let key = |t: u8, k: i64| KeyedTest::range(1 << t, k, k);
        let everything = |accept: u16| KeyedTest::range(accept, i64::MIN, i64::MAX);
        match test {
            Test::IntRange { low, high } => KeyedTest::range(INTS, low, high),
            Test::IntNe(k) => KeyedTest {
                invert: true,
                ..KeyedTest::range(INTS, k, k)
            },
            Test::DecRange { low, high, scale } if scale == linear::SCALE => KeyedTest {
                exact: 1 << tag::DECIMAL_OTHER,
                ..KeyedTest::range(DECIMALS, low, high)
            },
            Test::Days { op, k, until } => {
                let (sign, offset) = if until { (1, -1) } else { (-1, 1) };
                let base = match interval(op, k) {
                    Some((low, high)) => KeyedTest::range(1 << tag::DATE, low, high),
                    None => KeyedTest {
                        invert: true,
                        ..key(tag::DATE, k)
                    },
                };
                KeyedTest {
                    sign,
                    offset,
                    ..base
                }
            }
            Test::Mask(mask) => KeyedTest {
                mask,
                ..KeyedTest::range(INDEXED, 0, 63)
            },
            Test::EnumEq(k) => key(tag::ENUM, i64::from(k)),
            Test::ChannelEq(k) => key(tag::CHANNEL, i64::from(k)),
            Test::Present(true) => everything(EVERY_TAG & !(1 << tag::MISSING)),
            Test::Present(false) => everything(1 << tag::MISSING),
            Test::True => key(tag::BOOL, 1),
            Test::DecRange { .. } | Test::DecDiff { .. } | Test::Tree => KeyedTest::EXACT,
        }
    }

    /// Whether a slot with kind tag `tag` needs the exact test (no key decides it).
    #[inline(always)]
    pub(super) fn needs_exact(&self, tag: u8) -> bool {
        (self.exact >> (tag & 15)) & 1 == 1
    }

    /// Whether the check holds for a slot with kind tag `tag` and key `key`, when
    /// [`KeyedTest::needs_exact`] says no. The common shapes take the `plain` branch: a
    /// tag-set test and an interval, no arithmetic.
    #[inline(always)]
    pub(super) fn holds(&self, tag: u8, key: i64, as_of: i64) -> bool {
        let t = tag & 15;
        if self.plain {
            return ((self.accept >> t) & 1 == 1) & (self.low <= key) & (key <= self.high);
        }
        let accepted = (self.accept >> t) & 1 == 1;
        let v = key
            .wrapping_mul(self.sign)
            .wrapping_add(as_of.wrapping_mul(self.offset));
        let inside = (self.low <= v) & (v <= self.high) & ((self.mask >> (v & 63)) & 1 == 1);
        accepted & (inside ^ self.invert)
    }
}
