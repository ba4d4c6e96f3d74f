//! The record: field order, determinism, action ids, reason codes and due_at.

use super::support::*;

// ---------------------------------------------------------------- record, ids, determinism

fn sample_plan() -> Vec<Action> {
    let mut policy = Policy::default();
    policy.max_contacts = Some((2, 7));
    policy.bureau_notice_days = Some(10);
    let s = strategy_with(
        policy,
        vec![
            (
                "lembrete",
                vec![contact(Channel::Email, Some("lembrete"), None)],
            ),
            (
                "ligar",
                vec![
                    contact(Channel::Call, None, Some(Repeat::EveryDays(7))),
                    action(ActionSpec::OfferInstallments(3), None),
                    action(ActionSpec::ReportToBureau, Some(Repeat::Once)),
                    contact(Channel::Sms, None, None),
                ],
            ),
        ],
        vec![(
            "lembrete",
            Channel::Email,
            "Olá {first_name}, {balance} venceu em {due_date}.",
        )],
        vec![],
    );
    plan(&s, &history("D1"), "2025-03-10")
}

fn jsonl(actions: &[Action]) -> Vec<u8> {
    let mut bytes = Vec::new();
    for a in actions {
        write_json_line(&mut bytes, a).unwrap();
    }
    bytes
}

#[test]
fn same_input_gives_identical_bytes() {
    let first = jsonl(&sample_plan());
    let second = jsonl(&sample_plan());
    assert_eq!(first, second);
    assert_eq!(first.iter().filter(|b| **b == b'\n').count(), 5);
}

#[test]
fn record_fields_are_in_contract_order() {
    let bytes = jsonl(&sample_plan());
    let first_line = String::from_utf8(bytes)
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .to_string();
    let keys: Vec<String> = {
        let value: serde_json::Value = serde_json::from_str(&first_line).unwrap();
        let text = first_line.clone();
        let mut keys: Vec<(usize, String)> = value
            .as_object()
            .unwrap()
            .keys()
            .map(|k| (text.find(&format!("\"{k}\":")).unwrap(), k.clone()))
            .collect();
        keys.sort();
        keys.into_iter().map(|(_, k)| k).collect()
    };
    assert_eq!(
        keys,
        [
            "action_id",
            "as_of",
            "strategy",
            "strategy_version",
            "debtor_id",
            "rule",
            "line",
            "kind",
            "channel",
            "template",
            "text",
            "offer",
            "target",
            "scheduled_for",
            "due_at",
            "status",
            "reason_code",
            "reason"
        ]
    );
    assert!(
        first_line.contains(r#""text":"Olá Maria, R$ 1.000,00 venceu em 10/01/2025.""#),
        "{first_line}"
    );
}

#[test]
fn sample_plan_decisions() {
    let actions = sample_plan();
    let summary: Vec<(ActionKind, Option<&str>, Status)> = actions
        .iter()
        .map(|a| (a.kind, a.channel.map(Channel::as_str), a.status))
        .collect();
    assert_eq!(
        summary,
        vec![
            (ActionKind::Contact, Some("email"), Status::Planned),
            (ActionKind::Contact, Some("call"), Status::Planned),
            (ActionKind::Offer, None, Status::Planned),
            (ActionKind::Bureau, None, Status::Suppressed),
            (ActionKind::Contact, Some("sms"), Status::Suppressed),
        ]
    );
    assert_eq!(
        actions[4].reason.as_deref(),
        Some("max contacts 2 per 7 days reached (2 in window)")
    );
    assert_eq!(actions[1].line, 11);
    assert_eq!(actions[1].rule, "ligar");
}

#[test]
fn action_id_is_stable_and_depends_on_every_part() {
    let key = ActionKey {
        strategy: "varejo-pf",
        version: 3,
        debtor_id: "D1",
        rule: "ligar",
        index: 0,
        kind: ActionKind::Contact,
        channel: Some(Channel::Call),
        as_of: d("2025-03-10"),
    };
    let id = action_id(&key);
    assert_eq!(id.len(), 32);
    assert!(id
        .chars()
        .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
    // Pinned: a change here breaks idempotency for every stored plan.
    assert_eq!(id, PINNED_ID);
    let variants = [
        ActionKey {
            strategy: "varejo-pj",
            ..key
        },
        ActionKey { version: 4, ..key },
        ActionKey {
            debtor_id: "D2",
            ..key
        },
        ActionKey {
            rule: "ligar2",
            ..key
        },
        ActionKey { index: 1, ..key },
        ActionKey {
            kind: ActionKind::Offer,
            channel: None,
            ..key
        },
        ActionKey {
            channel: Some(Channel::Sms),
            ..key
        },
        ActionKey {
            as_of: d("2025-03-11"),
            ..key
        },
        // Separators keep parts from running together.
        ActionKey {
            strategy: "varejo-pf3",
            version: 3,
            debtor_id: "D1",
            ..key
        },
        ActionKey {
            debtor_id: "D",
            rule: "1ligar",
            ..key
        },
    ];
    for variant in variants {
        assert_ne!(action_id(&variant), id, "{variant:?}");
    }
}

const PINNED_ID: &str = "f521c940c4645ac93bab33647f68d8c1";

#[test]
fn suppressed_actions_carry_a_reason_code_and_every_action_its_utc_instant() {
    let mut h = history("D1");
    h.opt_outs.push(OptOut {
        channel: Channel::Sms,
        since: d("2025-02-01"),
    });
    let s = strategy(
        Policy::default(),
        vec![(
            "a",
            vec![
                contact(Channel::Sms, None, None),
                contact(Channel::Email, None, None),
            ],
        )],
    );
    let actions = plan(&s, &h, "2025-03-10");
    let codes: Vec<Option<ReasonCode>> = actions.iter().map(|a| a.reason_code).collect();
    assert_eq!(codes, vec![Some(ReasonCode::OptOut), None]);
    for a in &actions {
        assert_eq!(a.reason_code.is_some(), a.status == Status::Suppressed);
        assert_eq!(a.due_at, a.scheduled_for.with_timezone(&chrono::Utc));
    }
    let line = String::from_utf8(jsonl(&actions[..1])).unwrap();
    assert!(
        line.contains(r#""scheduled_for":"2025-03-10T08:00:00-03:00","due_at":"2025-03-10T11:00:00Z","status":"suppressed","reason_code":"opt_out","reason":"opt-out: debtor opted out of sms on 2025-02-01""#),
        "{line}"
    );
}
