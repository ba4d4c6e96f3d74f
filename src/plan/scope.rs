//! Which part of a debtor's contact history a plan for one as-of date reads, so that the
//! loader can leave the rest in SQLite (`portfolio::load::ContactScope`). Must name every
//! contact the plan could look at: derivation's contact counts, the planner's caps,
//! repetition and bureau notice. A contact it leaves out must not change any plan; the
//! test in tests/plan_scope.rs plans with and without it and compares.

use crate::check::ActionSpec;
use crate::check::CheckedStrategy;
use crate::portfolio::derive::LONGEST_CONTACT_WINDOW_DAYS;
use crate::portfolio::load::ContactScope;
use crate::schema::Channel;
use chrono::{Duration, NaiveDate};

/// Extra days read before the longest window. The scope bounds a contact by its date as
/// stored (in the offset it was recorded with); the caps date it in the debtor's time zone,
/// which can fall a day either side.
const ZONE_SLACK_DAYS: i64 = 2;

/// The contacts a plan of `strategy` on `as_of` reads:
/// - those of the last days that any count looks at: the contact-count fields (30 days) and
///   the policy's `max contacts` and per-channel caps;
/// - letters of any date, when the strategy reports to the bureau under a `bureau notice`
///   policy (the notice is a letter anywhere in the delinquency episode);
/// - contacts naming a rule whose contact actions repeat (`once`, `every N days`): the last
///   time that rule made that contact, however long ago.
pub fn contact_scope(strategy: &CheckedStrategy, as_of: NaiveDate) -> ContactScope {
    let policy = &strategy.policy;
    let window = policy
        .max_contacts
        .iter()
        .map(|(_, days)| *days)
        .chain(policy.channel_caps.iter().map(|(_, _, days)| *days))
        .fold(LONGEST_CONTACT_WINDOW_DAYS, u32::max);
    let since = as_of
        .checked_sub_signed(Duration::days(i64::from(window) - 1 + ZONE_SLACK_DAYS))
        .unwrap_or(NaiveDate::MIN);
    let actions = || strategy.rules.iter().flat_map(|r| &r.actions);
    let reports = actions().any(|a| matches!(a.kind, ActionSpec::ReportToBureau));
    let channels = if reports && policy.bureau_notice_days.is_some() {
        vec![Channel::Letter]
    } else {
        Vec::new()
    };
    let rules = strategy
        .rules
        .iter()
        .filter(|rule| {
            rule.actions
                .iter()
                .any(|a| a.repeat.is_some() && matches!(a.kind, ActionSpec::Contact { .. }))
        })
        .map(|rule| rule.name.clone())
        .collect();
    ContactScope {
        since: Some(since),
        channels,
        rules,
    }
}
