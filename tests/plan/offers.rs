//! Templates and offers: rendering, the money engine's records and reasons.

use super::support::*;

// ---------------------------------------------------------------- offers and templates

#[test]
fn templates_render_fields_offers_and_creditor_without_re_expanding_values() {
    let s = strategy_with(
        Policy::default(),
        vec![(
            "quitação",
            vec![
                // The template comes before the offer in the rule and still sees it.
                contact(Channel::Whatsapp, Some("oferta"), None),
                action(ActionSpec::OfferDiscount(dec!(30)), None),
            ],
        )],
        vec![(
            "oferta",
            Channel::Whatsapp,
            "{first_name}, quite {updated_balance} com {discount} de desconto: {discounted_total} até {offer_deadline}. {segment} {{não}} {creditor_name} {creditor_document}",
        )],
        vec![(
            "segment",
            Type::Enum {
                name: "segment".into(),
                variants: vec!["high_value".into(), "standard".into()],
            },
        )],
    );
    let h = history("D1");
    let as_of = d("2025-03-10");
    let mut der = derived(as_of);
    der.row = {
        let mut row = Row::with_slots(BUILTIN_SLOTS + 1);
        for slot in 0..BUILTIN_SLOTS {
            match der.row.get(slot) {
                Value::Text => row.set_text(slot, der.row.text(slot)),
                value => row.set(slot, value),
            }
        }
        row.set(BUILTIN_SLOTS, Value::Enum(1));
        // A debtor whose name looks like a placeholder gets it verbatim.
        row.set_text(Builtin::FirstName.slot(), Some("{balance}"));
        row
    };
    let (actions, _) = plan_with(&s, &h, &der, &[], as_of, &SERVICES);
    assert_eq!(
        actions[0].text.as_deref(),
        Some("{balance}, quite R$ 1.050,00 com 30% de desconto: R$ 735,00 até 17/03/2025. standard {não} Loja Exemplo S.A. 12.345.678/0001-90")
    );
    assert_eq!(actions[0].template.as_deref(), Some("oferta"));
    let offer = serde_json::to_value(&actions[1].offer).unwrap();
    assert_eq!(
        offer,
        serde_json::json!({"type": "discount", "pct_applied": "30", "discount_amount": "315.00",
            "discounted_total": "735.00",
            "remaining": {"principal": "735.00", "late_fee": "0.00", "interest": "0.00", "total": "735.00"},
            "deadline": "2025-03-17"})
    );
}

#[test]
fn an_offer_on_nothing_owed_is_suppressed_with_the_money_engines_reason() {
    let s = strategy(
        Policy::default(),
        vec![(
            "parcelar",
            vec![action(ActionSpec::OfferInstallments(6), None)],
        )],
    );
    let as_of = d("2025-03-10");
    let mut der = derived(as_of);
    der.debts[0].update = DebtUpdate::default();
    let (actions, _) = plan_with(&s, &history("D1"), &der, &[], as_of, &SERVICES);
    assert_eq!(
        reasons(&actions),
        vec![Some(
            "offer: nothing to offer: the updated balance is R$ 0,00"
        )]
    );
    assert_eq!(actions[0].offer, None);
}

#[test]
fn installment_offer_record_is_the_money_engines() {
    let mut policy = Policy::default();
    policy.max_installments = Some(2);
    let s = strategy(
        policy,
        vec![(
            "parcelar",
            vec![action(ActionSpec::OfferInstallments(6), None)],
        )],
    );
    let actions = plan(&s, &history("D1"), "2025-03-10");
    assert_eq!(
        serde_json::to_string(&actions[0].offer).unwrap(),
        r#"{"type":"installments","count":2,"amounts":["525.00","525.00"],"due_dates":["2025-03-17","2025-04-17"],"total":"1050.00"}"#
    );
}
