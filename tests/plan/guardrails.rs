//! Guardrails of contacts: opt-out, agreement, caps, contact window, time zone, address.

use super::support::*;

// ---------------------------------------------------------------- guardrails

#[test]
fn opt_out_suppresses_only_that_channel_and_names_the_date() {
    let s = strategy(
        Policy::default(),
        vec![(
            "aviso",
            vec![
                contact(Channel::Sms, None, None),
                contact(Channel::Email, None, None),
            ],
        )],
    );
    let mut h = history("D1");
    h.opt_outs.push(OptOut {
        channel: Channel::Sms,
        since: d("2025-02-01"),
    });
    // An opt-out dated after the as-of date does not exist yet.
    h.opt_outs.push(OptOut {
        channel: Channel::Email,
        since: d("2025-04-01"),
    });
    let actions = plan(&s, &h, "2025-03-10");
    assert_eq!(
        reasons(&actions),
        vec![Some("opt-out: debtor opted out of sms on 2025-02-01"), None]
    );
    assert_eq!(actions[0].status, Status::Suppressed);
    assert_eq!(actions[1].status, Status::Planned);
}

#[test]
fn agreement_in_force_suppresses_contacts_and_bureau_but_not_tags() {
    let mut policy = Policy::default();
    policy.bureau_notice_days = Some(10);
    let s = strategy(
        policy,
        vec![(
            "r",
            vec![
                contact(Channel::Call, None, None),
                action(ActionSpec::ReportToBureau, None),
                action(ActionSpec::Tag("acordo".into()), None),
            ],
        )],
    );
    let mut h = history("D1");
    h.agreements.push(Agreement {
        id: "A1".into(),
        made_on: d("2025-03-01"),
        installments: 3,
        status: "active".into(),
    });
    let as_of = d("2025-03-10");
    let mut der = derived(as_of);
    der.agreement_in_force = true;
    let (actions, _) = plan_with(&s, &h, &der, &[], as_of, &SERVICES);
    assert_eq!(
        reasons(&actions),
        vec![Some("agreement in force"), Some("agreement in force"), None]
    );
    assert_eq!(actions[2].kind, ActionKind::Tag);
    assert_eq!(actions[2].target.as_deref(), Some("acordo"));
}

#[test]
fn max_contacts_counts_history_in_window_and_this_runs_plans() {
    let mut policy = Policy::default();
    policy.max_contacts = Some((3, 7));
    let s = strategy(
        policy,
        vec![
            ("a", vec![contact(Channel::Email, None, None)]),
            (
                "b",
                vec![
                    contact(Channel::Sms, None, None),
                    contact(Channel::Whatsapp, None, None),
                ],
            ),
        ],
    );
    let mut h = history("D1");
    // 2025-03-03 is 7 days before 2025-03-10: outside a 7-day window that includes today.
    h.contacts
        .push(sent(Channel::Call, "2025-03-03T10:00:00-03:00", "x"));
    h.contacts
        .push(sent(Channel::Call, "2025-03-04T10:00:00-03:00", "x"));
    // Dated after the as-of date: not yet happened, not counted.
    h.contacts
        .push(sent(Channel::Call, "2025-03-11T10:00:00-03:00", "x"));
    let actions = plan(&s, &h, "2025-03-10");
    assert_eq!(
        reasons(&actions),
        vec![
            None,
            None,
            Some("max contacts 3 per 7 days reached (3 in window)")
        ]
    );
}

#[test]
fn suppressed_contacts_do_not_use_up_the_cap() {
    let mut policy = Policy::default();
    policy.max_contacts = Some((1, 7));
    let s = strategy(
        policy,
        vec![(
            "a",
            vec![
                contact(Channel::Sms, None, None),
                contact(Channel::Email, None, None),
            ],
        )],
    );
    let mut h = history("D1");
    h.opt_outs.push(OptOut {
        channel: Channel::Sms,
        since: d("2025-01-01"),
    });
    let actions = plan(&s, &h, "2025-03-10");
    assert_eq!(actions[0].status, Status::Suppressed);
    assert_eq!(actions[1].status, Status::Planned);
}

#[test]
fn per_channel_cap_counts_only_that_channel() {
    let mut policy = Policy::default();
    policy.channel_caps = vec![(Channel::Call, 2, 7)];
    let s = strategy(
        policy,
        vec![(
            "a",
            vec![
                contact(Channel::Call, None, None),
                contact(Channel::Email, None, None),
            ],
        )],
    );
    let mut h = history("D1");
    h.contacts
        .push(sent(Channel::Call, "2025-03-05T10:00:00-03:00", "x"));
    h.contacts
        .push(sent(Channel::Call, "2025-03-07T10:00:00-03:00", "x"));
    h.contacts
        .push(sent(Channel::Email, "2025-03-08T10:00:00-03:00", "x"));
    let actions = plan(&s, &h, "2025-03-10");
    assert_eq!(
        reasons(&actions),
        vec![Some("max calls 2 per 7 days reached (2 in window)"), None]
    );
}

#[test]
fn no_contact_window_suppresses_contacts_and_keeps_start_of_day() {
    let s = strategy(
        Policy::default(),
        vec![(
            "a",
            vec![
                contact(Channel::Email, None, None),
                action(ActionSpec::SuspendService, None),
            ],
        )],
    );
    let as_of = d("2025-03-10");
    let (actions, _) = plan_with(
        &s,
        &history("D1"),
        &derived(as_of),
        &[],
        as_of,
        &FakeServices { no_window: true },
    );
    assert_eq!(
        reasons(&actions),
        vec![Some("no contact window in the next 14 days"), None]
    );
    assert_eq!(actions[0].scheduled_for, at("2025-03-10T00:00:00-03:00"));
}

#[test]
fn contacts_are_scheduled_in_the_debtors_time_zone_and_others_at_start_of_day() {
    let s = strategy(
        Policy::default(),
        vec![(
            "a",
            vec![
                contact(Channel::Email, None, None),
                action(ActionSpec::AssignToQueue("fila".into()), None),
            ],
        )],
    );
    let mut h = history("D1");
    h.timezone = Some("America/Manaus".into());
    let as_of = d("2025-03-09"); // a Sunday: the fake calendar moves contacts to Monday
    let mut der = derived(as_of);
    der.timezone = Some("America/Manaus".into());
    let (actions, _) = plan_with(&s, &h, &der, &[], as_of, &SERVICES);
    let json = serde_json::to_value(&actions).unwrap();
    assert_eq!(json[0]["scheduled_for"], "2025-03-10T08:00:00-04:00");
    assert_eq!(json[1]["scheduled_for"], "2025-03-09T00:00:00-04:00");
}

#[test]
fn a_bad_debtor_time_zone_is_an_error_naming_the_debtor() {
    let s = strategy(
        Policy::default(),
        vec![("a", vec![contact(Channel::Email, None, None)])],
    );
    let program = Program::compile(&s);
    let planner = Planner::new(&s, &program).unwrap();
    let h = history("D7");
    let as_of = d("2025-03-10");
    let mut der = derived(as_of);
    der.timezone = Some("Mars/Olympus".into());
    let err = planner
        .plan_rules(
            DebtorInputs {
                history: &h,
                derived: &der,
                earlier: &[],
            },
            PlanContext {
                as_of,
                services: &SERVICES,
            },
            &[0],
            &mut Vec::new(),
            None,
        )
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "debtor `D7` has an unknown time zone `Mars/Olympus`"
    );
}

#[test]
fn missing_address_suppresses_the_contact() {
    let s = strategy(
        Policy::default(),
        vec![(
            "a",
            vec![
                contact(Channel::Email, None, None),
                contact(Channel::Call, None, None),
                contact(Channel::Letter, None, None),
            ],
        )],
    );
    let mut h = history("D1");
    h.email = None;
    h.phone = Some("  ".into());
    let actions = plan(&s, &h, "2025-03-10");
    assert_eq!(
        reasons(&actions),
        vec![
            Some("no address: debtor has no email"),
            Some("no address: debtor has no phone for call"),
            None
        ]
    );
}
