//! Streaming load: histories in debtor-id order with every event in the contract's order,
//! custom columns bound by name, and query plans that never sort a whole table.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::NaiveDate;
use rust_decimal_macros::dec;
use std::path::Path;
use strat::portfolio::history::DebtorHistory;
use strat::portfolio::import::{import, ImportFiles};
use strat::portfolio::load::{
    bind, for_each_debtor, load_debtor, queries, ContactScope, Debtors, LoadError,
};
use strat::portfolio::store::Store;
use strat::schema::Channel;

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import/good")
        .join(name)
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn portfolio() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let files = ImportFiles {
        debtors: Some(fixture("debtors.csv")),
        debts: Some(fixture("debts.csv")),
        payments: Some(fixture("payments.csv")),
        contacts: Some(fixture("contacts.csv")),
        opt_outs: Some(fixture("opt_outs.csv")),
        agreements: Some(fixture("agreements.csv")),
    };
    import(&mut store, &files).unwrap();
    // Added later, out of order: the loader must still give them in time order.
    import(
        &mut store,
        &ImportFiles {
            contacts: Some(fixture("more_contacts.csv")),
            ..Default::default()
        },
    )
    .unwrap();
    store
}

fn all(store: &Store, custom: &[String]) -> Vec<DebtorHistory> {
    let mut out = Vec::new();
    for_each_debtor(store, custom, |h| {
        out.push(h.clone());
        Ok::<(), LoadError>(())
    })
    .unwrap();
    out
}

#[test]
fn histories_stream_in_debtor_order_with_their_events() {
    let store = portfolio();
    let custom = vec!["score".to_string(), "segment".to_string()];
    let histories = all(&store, &custom);
    let ids: Vec<&str> = histories.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["D1", "D2", "D3"]);

    let ana = &histories[0];
    assert_eq!(ana.name, "Ana Souza");
    assert_eq!(ana.timezone.as_deref(), Some("America/Sao_Paulo"));
    assert_eq!(
        ana.custom,
        vec![Some("700".into()), Some("high_value".into())]
    );
    let debts: Vec<&str> = ana.debts.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(debts, ["T1", "T2"], "sorted by due date");
    assert_eq!(ana.debts[1].principal, dec!(250.50));
    assert_eq!(ana.payments.len(), 1);
    assert_eq!(ana.payments[0].debt, 0, "P1 pays T1, the first debt");
    assert_eq!(ana.payments[0].paid_on, d("2025-01-20"));
    let channels: Vec<Channel> = ana.contacts.iter().map(|c| c.channel).collect();
    assert_eq!(channels, [Channel::Sms, Channel::Email]);

    let bruno = &histories[1];
    assert_eq!(bruno.custom, vec![None, Some("standard".into())]);
    assert_eq!(bruno.email, None);
    assert_eq!(bruno.opt_outs.len(), 1);
    assert_eq!(bruno.opt_outs[0].channel, Channel::Whatsapp);
    let channels: Vec<Channel> = bruno.contacts.iter().map(|c| c.channel).collect();
    assert_eq!(channels, [Channel::Letter, Channel::Sms], "time order");

    let carla = &histories[2];
    assert_eq!(carla.agreements.len(), 1);
    assert_eq!(carla.agreements[0].installments, 6);
    assert_eq!(carla.agreements[0].status, "active");
    assert!(carla.payments.is_empty());
}

#[test]
fn load_debtor_gives_the_same_history_as_the_stream() {
    let store = portfolio();
    let custom = vec!["segment".to_string()];
    let streamed = all(&store, &custom);
    for h in &streamed {
        assert_eq!(
            load_debtor(&store, &h.id, &custom).unwrap().as_ref(),
            Some(h)
        );
    }
    assert_eq!(load_debtor(&store, "nobody", &custom).unwrap(), None);
}

#[test]
fn a_declared_field_without_a_column_is_a_clear_error() {
    let store = portfolio();
    let err = load_debtor(&store, "D1", &["segmento".to_string()]).unwrap_err();
    let message = err.to_string();
    assert!(message.contains("declares field `segmento`"), "{message}");
    assert!(
        message.contains("custom columns: segment, score"),
        "{message}"
    );
}

#[test]
fn the_visitor_can_stop_the_stream_with_its_own_error() {
    let store = portfolio();
    #[derive(Debug)]
    enum Stop {
        At(String),
        Load,
    }
    impl From<LoadError> for Stop {
        fn from(_: LoadError) -> Self {
            Stop::Load
        }
    }
    let mut seen = 0;
    let result = for_each_debtor(&store, &[], |h| {
        seen += 1;
        if h.id == "D2" {
            Err(Stop::At(h.id.clone()))
        } else {
            Ok(())
        }
    });
    assert!(matches!(result, Err(Stop::At(id)) if id == "D2"));
    assert_eq!(seen, 2);
}

#[test]
fn no_query_sorts_a_whole_table_and_shards_seek_their_range() {
    // Memory must not grow with the portfolio: every ordered scan walks an index. A shard
    // (or one debtor) must seek its first row, not scan the table from the start.
    let store = portfolio();
    let shapes = [
        Debtors::All,
        Debtors::One("D1"),
        Debtors::Range {
            from: "D1",
            to: None,
        },
        Debtors::Range {
            from: "D1",
            to: Some("D3"),
        },
    ];
    // A scoped contact query too, with a quote in a rule name (literals are escaped).
    let scoped = ContactScope {
        since: Some(d("2025-01-01")),
        channels: vec![Channel::Letter],
        rules: vec!["it's".to_string()],
    };
    for (which, scope) in shapes
        .into_iter()
        .flat_map(|w| [(w, ContactScope::all()), (w, scoped.clone())])
    {
        let params = bind(&which);
        for sql in queries(&["segment".to_string()], which, &scope) {
            let mut stmt = store
                .conn()
                .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
                .unwrap();
            let plan: Vec<String> = stmt
                .query_map(rusqlite::params_from_iter(&params), |r| {
                    r.get::<_, String>(3)
                })
                .unwrap()
                .map(Result::unwrap)
                .collect();
            assert!(
                !plan.iter().any(|step| step.contains("TEMP B-TREE")),
                "{sql}\n{plan:#?}"
            );
            if which != Debtors::All {
                assert!(
                    plan.iter().all(|step| step.starts_with("SEARCH")),
                    "{sql}\n{plan:#?}"
                );
            }
        }
    }
}

fn in_range(store: &Store, which: Debtors) -> Vec<DebtorHistory> {
    let mut out = Vec::new();
    strat::portfolio::load::for_each_debtor_in(store, &[], which, &ContactScope::all(), |h| {
        out.push(h.clone());
        Ok::<(), LoadError>(())
    })
    .unwrap();
    out
}

#[test]
fn shards_partition_the_stream_exactly() {
    // A plan on several threads reads the portfolio as consecutive id ranges: together they
    // must give every history once, each equal to the one the whole stream gives.
    let store = portfolio();
    let whole = all(&store, &[]);
    for cut in ["", "D1", "D15", "D2", "D3", "D4"] {
        let mut joined = in_range(
            &store,
            Debtors::Range {
                from: "",
                to: Some(cut),
            },
        );
        joined.extend(in_range(
            &store,
            Debtors::Range {
                from: cut,
                to: None,
            },
        ));
        assert_eq!(joined, whole, "cut at {cut:?}");
    }
    use strat::portfolio::load::debtor_after;
    assert_eq!(
        debtor_after(&store, None, 0).unwrap().as_deref(),
        Some("D1")
    );
    assert_eq!(
        debtor_after(&store, Some("D1"), 1).unwrap().as_deref(),
        Some("D2")
    );
    assert_eq!(
        debtor_after(&store, Some("D15"), 1).unwrap().as_deref(),
        Some("D3")
    );
    assert_eq!(debtor_after(&store, Some("D2"), 2).unwrap(), None);
}

#[test]
fn a_payment_of_another_debtors_debt_is_an_error_not_a_skipped_row() {
    let store = portfolio();
    store
        .conn()
        .execute(
            "INSERT INTO payments (id, debt_id, debtor_id, paid_on, amount) \
             VALUES ('PX', 'T1', 'D2', '2025-01-05', '10.00')",
            [],
        )
        .unwrap();
    let err = for_each_debtor(&store, &[], |_| Ok::<(), LoadError>(())).unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains("payments row of debtor `D2` has a bad debt_id `T1`"),
        "{message}"
    );
}

#[test]
fn a_contact_scope_reads_recent_contacts_and_those_of_its_channels_and_rules() {
    let store = portfolio();
    let full = all(&store, &[]);
    let mut scoped = Vec::new();
    let scope = ContactScope {
        since: Some(d("2025-03-01")),
        channels: vec![Channel::Letter],
        rules: vec!["aviso D+1".to_string()],
    };
    strat::portfolio::load::for_each_debtor_in(&store, &[], Debtors::All, &scope, |h| {
        scoped.push(h.clone());
        Ok::<(), LoadError>(())
    })
    .unwrap();
    assert_eq!(full.len(), scoped.len());
    let mut dropped = 0;
    for (f, s) in full.iter().zip(&scoped) {
        // Everything but contacts is read as before, and the contacts kept keep their order.
        assert_eq!(
            (&f.id, &f.debts, &f.payments),
            (&s.id, &s.debts, &s.payments)
        );
        let expected: Vec<_> = f
            .contacts
            .iter()
            .filter(|c| {
                c.at.date_naive() >= d("2025-03-01")
                    || c.channel == Channel::Letter
                    || c.rule == "aviso D+1"
            })
            .cloned()
            .collect();
        assert_eq!(s.contacts, expected, "{}", f.id);
        dropped += f.contacts.len() - s.contacts.len();
    }
    assert!(dropped > 0, "the fixture has contacts the scope leaves out");
}
