//! The bureau report: notice letter, no notice policy, the five-year rule.

use super::support::*;

// ---------------------------------------------------------------- bureau

fn bureau_strategy(notice: Option<u32>) -> CheckedStrategy {
    let mut policy = Policy::default();
    policy.bureau_notice_days = notice;
    strategy(
        policy,
        vec![("negativar", vec![action(ActionSpec::ReportToBureau, None)])],
    )
}

const NO_NOTICE: &str =
    "bureau: no letter sent at least 10 days before (policy bureau notice 10 days)";

#[test]
fn bureau_needs_a_letter_at_least_the_notice_days_before() {
    let s = bureau_strategy(Some(10));
    let mut h = history("D1");
    h.contacts
        .push(sent(Channel::Letter, "2025-02-28T09:00:00-03:00", "carta"));
    // Exactly 10 days before 2025-03-10: enough.
    assert_eq!(reasons(&plan(&s, &h, "2025-03-10")), vec![None]);
    // 9 days before: not enough.
    assert_eq!(reasons(&plan(&s, &h, "2025-03-09")), vec![Some(NO_NOTICE)]);
}

#[test]
fn bureau_email_and_sms_are_not_notice() {
    let s = bureau_strategy(Some(10));
    let mut h = history("D1");
    h.contacts
        .push(sent(Channel::Email, "2025-02-01T09:00:00-03:00", "x"));
    h.contacts
        .push(sent(Channel::Sms, "2025-02-01T09:00:00-03:00", "x"));
    assert_eq!(reasons(&plan(&s, &h, "2025-03-10")), vec![Some(NO_NOTICE)]);
}

#[test]
fn bureau_letter_from_an_earlier_plan_counts_but_not_one_before_the_episode() {
    let s = bureau_strategy(Some(10));
    let h = history("D1");
    let as_of = d("2025-03-10");
    let letter = |done_on: &str| EarlierAction {
        strategy: "other-strategy".into(),
        rule: "carta".into(),
        kind: ActionKind::Contact,
        channel: Some(Channel::Letter),
        done_on: d(done_on),
    };
    let (actions, _) = plan_with(
        &s,
        &h,
        &derived(as_of),
        &[letter("2025-02-20")],
        as_of,
        &SERVICES,
    );
    assert_eq!(reasons(&actions), vec![None]);
    // The episode started 2025-01-11; a letter from 2024 was about something else.
    let (actions, _) = plan_with(
        &s,
        &h,
        &derived(as_of),
        &[letter("2024-11-20")],
        as_of,
        &SERVICES,
    );
    assert_eq!(reasons(&actions), vec![Some(NO_NOTICE)]);
}

#[test]
fn bureau_without_a_notice_policy_is_suppressed() {
    let s = bureau_strategy(None);
    let mut h = history("D1");
    h.contacts
        .push(sent(Channel::Letter, "2025-02-01T09:00:00-03:00", "carta"));
    assert_eq!(
        reasons(&plan(&s, &h, "2025-03-10")),
        vec![Some(
            "bureau: the policy sets no bureau notice (a posted letter must come first)"
        )]
    );
}

#[test]
fn bureau_never_for_a_debt_overdue_more_than_five_years() {
    let s = bureau_strategy(Some(10));
    let mut h = history("D1");
    h.contacts
        .push(sent(Channel::Letter, "2020-04-01T09:00:00-03:00", "carta"));
    let due = d("2020-03-01");
    let run = |as_of: &str| {
        let as_of = d(as_of);
        plan_with(&s, &h, &derived_due(as_of, due), &[], as_of, &SERVICES).0
    };
    // Exactly five years after the due date: still allowed.
    assert_eq!(reasons(&run("2025-03-01")), vec![None]);
    assert_eq!(
        reasons(&run("2025-03-02")),
        vec![Some(
            "bureau: debt overdue more than 5 years (CDC art. 43 §1)"
        )]
    );
}

#[test]
fn five_year_rule_is_calendar_years_from_the_due_date() {
    // 2020-02-29 + 60 months is 2025-02-28 (no 29th): the day after is out.
    assert_eq!(
        guardrails::bureau_five_years(Some(d("2020-02-29")), d("2025-02-28")),
        None
    );
    assert!(guardrails::bureau_five_years(Some(d("2020-02-29")), d("2025-03-01")).is_some());
    assert_eq!(guardrails::bureau_five_years(None, d("2025-03-01")), None);
}
