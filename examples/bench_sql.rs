//! Benchmark (c): the rules of `strategies/varejo_pf.strat` as one SQL query
//! (`bench/plan.sql`) run by SQLite over the portfolio database, its result expanded to one
//! JSON line per action (debtor, rule, kind, channel, template, target, balances).
//!
//! ```text
//! cargo run --release --example bench_sql -- PORTFOLIO.db OUT.jsonl [--as-of 2025-03-31]
//! ```
//!
//! The query derives the fields and selects the rule; it renders no template, computes no
//! offer and applies no guardrail (docs/benchmarks.md). Must not use the strat library.

use rusqlite::{Connection, OpenFlags};
use serde::Serialize;
use std::fs::File;
use std::io::{BufWriter, Write};

const QUERY: &str = include_str!("../bench/plan.sql");

/// (kind, channel, template or target) of each action of each varejo_pf rule.
fn actions(rule: &str) -> &'static [(&'static str, Option<&'static str>, Option<&'static str>)] {
    match rule {
        "acordo vigente" => &[("tag", None, Some("acordo_vigente"))],
        "lembrete D-5" => &[("contact", Some("email"), Some("lembrete_d5"))],
        "lembrete D-1" => &[("contact", Some("sms"), Some("lembrete_d1"))],
        "saldo residual" => &[("contact", Some("sms"), Some("saldo_residual"))],
        "aviso D+1" => &[("contact", Some("sms"), Some("aviso_d1"))],
        "bom pagador D+3" => &[("contact", Some("email"), Some("lembrete_amigavel"))],
        "whatsapp D+3" => &[("contact", Some("whatsapp"), Some("cobranca_d3"))],
        "email D+7 com parcelamento" => &[
            ("contact", Some("email"), Some("parcelamento_d7")),
            ("offer", None, Some("6 installments")),
        ],
        "email D+7" => &[("contact", Some("email"), Some("cobranca_d7"))],
        "notificação pré-negativação" => {
            &[("contact", Some("letter"), Some("notificacao_negativacao"))]
        }
        "ligar prioritários" => &[
            ("contact", Some("call"), None),
            ("assign", None, Some("cobranca_prioritaria")),
            ("offer", None, Some("12 installments")),
        ],
        "whatsapp D+15 baixo valor" => &[("contact", Some("whatsapp"), Some("cobranca_d15"))],
        "ligação D+15" => &[
            ("contact", Some("call"), None),
            ("assign", None, Some("cobranca_ativa")),
        ],
        "oferta de parcelas D+20" => &[
            ("contact", Some("whatsapp"), Some("oferta_parcelas")),
            ("offer", None, Some("10 installments")),
        ],
        "negativação D+45" => &[
            ("bureau", None, None),
            ("contact", Some("email"), Some("aviso_negativado")),
        ],
        "desconto D+60" => &[
            ("contact", Some("whatsapp"), Some("oferta_desconto")),
            ("offer", None, Some("discount 15%")),
        ],
        "assessoria D+90" => &[
            ("escalate", None, Some("Recupera Assessoria de Cobrança")),
            ("tag", None, Some("terceirizado")),
        ],
        "quitação com desconto" => &[
            ("contact", Some("whatsapp"), Some("quitacao")),
            ("offer", None, Some("discount 30%")),
        ],
        _ => &[("tag", None, Some("em_atraso"))],
    }
}

#[derive(Serialize)]
struct Record<'a> {
    as_of: &'a str,
    debtor_id: &'a str,
    rule: &'a str,
    kind: &'static str,
    channel: Option<&'static str>,
    detail: Option<&'static str>,
    balance_cents: i64,
    updated_balance_cents: i64,
    days_overdue: i64,
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: bench_sql PORTFOLIO.db OUT.jsonl [--as-of YYYY-MM-DD]");
        std::process::exit(2);
    }
    let as_of = args
        .iter()
        .position(|a| a == "--as-of")
        .and_then(|i| args.get(i + 1).cloned())
        .unwrap_or_else(|| "2025-03-31".to_string());
    match run(&args[1], &args[2], &as_of) {
        Ok((rows, actions)) => eprintln!(
            "bench_sql: {rows} debtors with a rule, {actions} actions → {}",
            args[2]
        ),
        Err(e) => {
            eprintln!("bench_sql: {e}");
            std::process::exit(2);
        }
    }
}

fn run(db: &str, out_path: &str, as_of: &str) -> Result<(u64, u64), String> {
    let conn = Connection::open_with_flags(
        db,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| format!("cannot open {db}: {e}"))?;
    let out = File::create(out_path).map_err(|e| format!("cannot create {out_path}: {e}"))?;
    let mut out = BufWriter::with_capacity(1 << 20, out);
    let mut stmt = conn.prepare(QUERY).map_err(|e| e.to_string())?;
    let mut rows = stmt
        .query(rusqlite::named_params! {":as_of": as_of})
        .map_err(|e| e.to_string())?;
    let (mut n_rows, mut n_actions) = (0u64, 0u64);
    while let Some(r) = rows.next().map_err(|e| e.to_string())? {
        n_rows += 1;
        let id: String = r.get(0).map_err(|e| e.to_string())?;
        let rule: String = r.get(1).map_err(|e| e.to_string())?;
        let balance: i64 = r.get(2).map_err(|e| e.to_string())?;
        let updated: i64 = r.get(3).map_err(|e| e.to_string())?;
        let days: i64 = r.get(4).map_err(|e| e.to_string())?;
        for &(kind, channel, detail) in actions(&rule) {
            n_actions += 1;
            let record = Record {
                as_of,
                debtor_id: &id,
                rule: &rule,
                kind,
                channel,
                detail,
                balance_cents: balance,
                updated_balance_cents: updated,
                days_overdue: days,
            };
            serde_json::to_writer(&mut out, &record).map_err(|e| e.to_string())?;
            out.write_all(b"\n").map_err(|e| e.to_string())?;
        }
    }
    out.flush().map_err(|e| e.to_string())?;
    Ok((n_rows, n_actions))
}
