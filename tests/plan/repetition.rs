//! `once` and `every N days`, from the history and earlier plans; traces for explain.

use super::support::*;

// ---------------------------------------------------------------- repetition

#[test]
fn once_is_once_per_delinquency_episode() {
    let s = strategy(
        Policy::default(),
        vec![(
            "carta",
            vec![contact(Channel::Letter, None, Some(Repeat::Once))],
        )],
    );
    let mut h = history("D1");
    // Sent in an earlier episode (before 2025-01-11): does not count.
    h.contacts
        .push(sent(Channel::Letter, "2024-06-01T09:00:00-03:00", "carta"));
    assert_eq!(reasons(&plan(&s, &h, "2025-03-10")), vec![None]);
    h.contacts
        .push(sent(Channel::Letter, "2025-02-01T09:00:00-03:00", "carta"));
    assert_eq!(
        reasons(&plan(&s, &h, "2025-03-10")),
        vec![Some(
            "once: already done on 2025-02-01 in this delinquency episode"
        )]
    );
    // The same channel by another rule does not count for this rule.
    let mut other = history("D1");
    other
        .contacts
        .push(sent(Channel::Letter, "2025-02-01T09:00:00-03:00", "outra"));
    assert_eq!(reasons(&plan(&s, &other, "2025-03-10")), vec![None]);
}

#[test]
fn every_n_days_looks_at_the_last_time() {
    let s = strategy(
        Policy::default(),
        vec![(
            "ligar",
            vec![contact(Channel::Call, None, Some(Repeat::EveryDays(7)))],
        )],
    );
    let mut h = history("D1");
    h.contacts
        .push(sent(Channel::Call, "2025-03-03T09:00:00-03:00", "ligar"));
    // 7 days since: due again.
    assert_eq!(reasons(&plan(&s, &h, "2025-03-10")), vec![None]);
    h.contacts
        .push(sent(Channel::Call, "2025-03-08T09:00:00-03:00", "ligar"));
    assert_eq!(
        reasons(&plan(&s, &h, "2025-03-10")),
        vec![Some("every 7 days: last done 2025-03-08")]
    );
}

#[test]
fn repetition_of_non_contacts_comes_from_earlier_plans_of_the_same_strategy() {
    let s = strategy(
        Policy::default(),
        vec![(
            "marcar",
            vec![action(ActionSpec::Tag("vip".into()), Some(Repeat::Once))],
        )],
    );
    let h = history("D1");
    let as_of = d("2025-03-10");
    let earlier = |strategy: &str| EarlierAction {
        strategy: strategy.into(),
        rule: "marcar".into(),
        kind: ActionKind::Tag,
        channel: None,
        done_on: d("2025-03-01"),
    };
    let (actions, _) = plan_with(
        &s,
        &h,
        &derived(as_of),
        &[earlier("varejo-pf")],
        as_of,
        &SERVICES,
    );
    assert_eq!(
        reasons(&actions),
        vec![Some(
            "once: already done on 2025-03-01 in this delinquency episode"
        )]
    );
    let (actions, _) = plan_with(
        &s,
        &h,
        &derived(as_of),
        &[earlier("outra")],
        as_of,
        &SERVICES,
    );
    assert_eq!(reasons(&actions), vec![None]);
}

#[test]
fn repetition_guardrail_function() {
    let as_of = d("2025-03-10");
    assert_eq!(guardrails::repetition(None, Some(as_of), None, as_of), None);
    assert_eq!(
        guardrails::repetition(Some(Repeat::Once), None, None, as_of),
        None
    );
    assert_eq!(
        guardrails::repetition(Some(Repeat::Once), Some(d("2020-01-01")), None, as_of),
        Some(Suppression::new(
            ReasonCode::OnceDone,
            "once: already done on 2020-01-01 in this delinquency episode"
        ))
    );
    assert_eq!(
        guardrails::repetition(
            Some(Repeat::EveryDays(15)),
            Some(d("2025-02-23")),
            None,
            as_of
        ),
        None
    );
    assert_eq!(
        guardrails::repetition(
            Some(Repeat::EveryDays(15)),
            Some(d("2025-02-24")),
            None,
            as_of
        )
        .map(|s| s.code),
        Some(ReasonCode::EveryNotDue)
    );
}

// ---------------------------------------------------------------- traces (explain)

#[test]
fn traces_list_every_guardrail_in_order_even_after_a_suppression() {
    let mut policy = Policy::default();
    policy.max_contacts = Some((5, 7));
    policy.channel_caps = vec![(Channel::Sms, 2, 7)];
    let s = strategy(policy, vec![("a", vec![contact(Channel::Sms, None, None)])]);
    let mut h = history("D1");
    h.opt_outs.push(OptOut {
        channel: Channel::Sms,
        since: d("2025-02-01"),
    });
    let as_of = d("2025-03-10");
    let (actions, traces) = plan_with(&s, &h, &derived(as_of), &[], as_of, &SERVICES);
    assert_eq!(actions.len(), 1);
    let names: Vec<Guardrail> = traces[0].decisions.iter().map(|(g, _)| *g).collect();
    assert_eq!(
        names,
        vec![
            Guardrail::Repetition,
            Guardrail::OptOut,
            Guardrail::Address,
            Guardrail::Agreement,
            Guardrail::ContactWindow,
            Guardrail::MaxContacts,
            Guardrail::ChannelCap
        ]
    );
    let failed: Vec<bool> = traces[0]
        .decisions
        .iter()
        .map(|(_, r)| r.is_some())
        .collect();
    assert_eq!(failed, vec![false, true, false, false, false, false, false]);
}
