//! Benchmark (b), "the practical floor": a hand-written Rust program that does what
//! `strat plan` does for `strategies/varejo_pf.strat`, with the rules hard-coded and no
//! strategy language at all. It reads the portfolio database with ordered queries (one merge
//! pass over debtors, debts+payments, recent contacts, opt-outs and agreements), derives the
//! fields varejo_pf reads (balance, updated_balance, days_overdue, days_to_due,
//! previous_delays, has_agreement, contacts in the last 7 days, segment, score), applies the
//! rules first-hit, renders the templates, computes the offers, applies the cheap guardrails
//! (opt-out, missing email/phone, agreement in force, contacts cap, bureau notice, 5-year limit) and writes one JSON
//! line per action, with the same fields as the plan's JSON Lines.
//!
//! ```text
//! cargo run --release --example bench_floor -- PORTFOLIO.db OUT.jsonl [--as-of 2025-03-31]
//! ```
//!
//! Money is integer cents (what a hand-written program would use); see docs/benchmarks.md for
//! what it skips compared with `strat plan`. Must not use the strat library: it is the yardstick.

use chrono::{Datelike, Duration, NaiveDate};
use rusqlite::{Connection, OpenFlags, Rows};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::{BufWriter, Write};

const STRATEGY: &str = "varejo-pf";
const VERSION: u32 = 1;
const CREDITOR: &str = "Magazine Horizonte S.A.";
const CREDITOR_DOC: &str = "12.345.678/0001-95";
const MIN_INSTALLMENT: i64 = 5_000;
const MAX_INSTALLMENTS: u32 = 12;
const MAX_DISCOUNT: u32 = 30;
const OFFER_VALID_DAYS: i64 = 7;
const MAX_CONTACTS_7D: u32 = 3;
const BUREAU_NOTICE_DAYS: i64 = 10;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: bench_floor PORTFOLIO.db OUT.jsonl [--as-of YYYY-MM-DD]");
        std::process::exit(2);
    }
    let as_of = match args.iter().position(|a| a == "--as-of") {
        Some(i) => match args.get(i + 1).and_then(|s| s.parse().ok()) {
            Some(d) => d,
            None => {
                eprintln!("bench_floor: --as-of needs a date");
                std::process::exit(2);
            }
        },
        None => NaiveDate::from_ymd_opt(2025, 3, 31).unwrap_or_default(),
    };
    match run(&args[1], &args[2], as_of) {
        Ok((debtors, actions)) => {
            eprintln!(
                "bench_floor: {debtors} debtors, {actions} actions → {}",
                args[2]
            )
        }
        Err(e) => {
            eprintln!("bench_floor: {e}");
            std::process::exit(2);
        }
    }
}

// ---------------------------------------------------------------------------------------
// Reading: each table as an ordered stream, merged on debtor id.

struct DebtRow {
    debtor: String,
    debt: String,
    principal: i64,
    issued_on: NaiveDate,
    due_on: NaiveDate,
}

struct PaymentRow {
    debtor: String,
    debt: String,
    paid_on: NaiveDate,
    amount: i64,
}

struct ContactRow {
    debtor: String,
    channel: usize,
    day: NaiveDate,
}

struct OptOutRow {
    debtor: String,
    channel: usize,
    since: NaiveDate,
}

struct AgreementRow {
    debtor: String,
    made_on: NaiveDate,
}

/// A stream with one row of look-ahead.
struct Stream<'s, T> {
    rows: Rows<'s>,
    peeked: Option<T>,
    decode: fn(&rusqlite::Row) -> rusqlite::Result<T>,
}

impl<'s, T> Stream<'s, T> {
    fn new(
        mut rows: Rows<'s>,
        decode: fn(&rusqlite::Row) -> rusqlite::Result<T>,
    ) -> rusqlite::Result<Self> {
        let peeked = match rows.next()? {
            Some(r) => Some(decode(r)?),
            None => None,
        };
        Ok(Stream {
            rows,
            peeked,
            decode,
        })
    }
    /// Take the peeked row if `belongs` says it is this debtor's.
    fn next_if(&mut self, belongs: impl Fn(&T) -> bool) -> rusqlite::Result<Option<T>> {
        match &self.peeked {
            Some(t) if belongs(t) => {}
            _ => return Ok(None),
        }
        let next = match self.rows.next()? {
            Some(r) => Some((self.decode)(r)?),
            None => None,
        };
        Ok(std::mem::replace(&mut self.peeked, next))
    }
}

fn date(s: &str) -> rusqlite::Result<NaiveDate> {
    let b = s.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let mut n = 0u32;
        for &c in b.get(r)? {
            if !c.is_ascii_digit() {
                return None;
            }
            n = n * 10 + (c - b'0') as u32;
        }
        Some(n)
    };
    match (num(0..4), num(5..7), num(8..10)) {
        (Some(y), Some(m), Some(d)) => NaiveDate::from_ymd_opt(y as i32, m, d),
        _ => None,
    }
    .ok_or_else(|| {
        rusqlite::Error::InvalidColumnType(0, format!("bad date {s}"), rusqlite::types::Type::Text)
    })
}

/// "1234.5" / "1234.56" / "1234" → cents.
fn cents(s: &str) -> rusqlite::Result<i64> {
    let (units, frac) = s.split_once('.').unwrap_or((s, ""));
    let u: i64 = units.parse().map_err(|_| {
        rusqlite::Error::InvalidColumnType(
            0,
            format!("bad amount {s}"),
            rusqlite::types::Type::Text,
        )
    })?;
    let f = match frac.len() {
        0 => 0,
        1 => frac.parse::<i64>().unwrap_or(0) * 10,
        _ => frac[..2].parse::<i64>().unwrap_or(0),
    };
    Ok(u * 100 + if u < 0 { -f } else { f })
}

fn channel_index(s: &str) -> usize {
    match s {
        "email" => 0,
        "sms" => 1,
        "whatsapp" => 2,
        "letter" => 3,
        _ => 4,
    }
}

const CHANNELS: [&str; 5] = ["email", "sms", "whatsapp", "letter", "call"];

// ---------------------------------------------------------------------------------------
// The derived fields of one debtor.

#[derive(Default)]
struct Debtor {
    id: String,
    name: String,
    first_name_end: usize,
    document: String,
    timezone: Option<String>,
    segment: Option<String>,
    score: Option<i64>,
    balance: i64,
    updated_balance: i64,
    days_overdue: i64,
    days_to_due: Option<i64>,
    oldest_due: Option<NaiveDate>,
    previous_delays: i64,
    has_agreement: bool,
    contacts_7d: u32,
    /// Latest letter sent (for the bureau notice guardrail).
    last_letter: Option<NaiveDate>,
    opted_out: [bool; 5],
    has_email: bool,
    has_phone: bool,
}

impl Debtor {
    fn first_name(&self) -> &str {
        &self.name[..self.first_name_end]
    }
}

fn run(db: &str, out_path: &str, as_of: NaiveDate) -> Result<(u64, u64), String> {
    let conn = Connection::open_with_flags(
        db,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| format!("cannot open {db}: {e}"))?;
    let out = File::create(out_path).map_err(|e| format!("cannot create {out_path}: {e}"))?;
    let mut out = BufWriter::with_capacity(1 << 20, out);
    let e = |e: rusqlite::Error| e.to_string();

    let mut debtors = conn
        .prepare("SELECT id, name, document, timezone, segment, score, email IS NOT NULL AND email != '', phone IS NOT NULL AND phone != '' FROM debtors ORDER BY id")
        .map_err(e)?;
    let mut debts = conn
        .prepare(
            "SELECT debtor_id, id, principal, due_on, issued_on FROM debts \
             ORDER BY debtor_id, due_on, id",
        )
        .map_err(e)?;
    // Debts and payments are both clustered by debtor: two sequential scans, merged here.
    let mut payments = conn
        .prepare(
            "SELECT debtor_id, debt_id, paid_on, amount FROM payments WHERE paid_on <= ?1 \
             ORDER BY debtor_id, debt_id, paid_on, id",
        )
        .map_err(e)?;
    // Only the last 30 days of contacts matter (caps, bureau notice); RFC 3339 text sorts by date.
    let since = (as_of - Duration::days(30)).to_string();
    let mut contacts = conn
        .prepare("SELECT debtor_id, channel, at FROM contacts WHERE at >= ?1 ORDER BY debtor_id")
        .map_err(e)?;
    let mut opt_outs = conn
        .prepare("SELECT debtor_id, channel, since FROM opt_outs ORDER BY debtor_id")
        .map_err(e)?;
    let mut agreements = conn
        .prepare(
            "SELECT debtor_id, made_on FROM agreements WHERE status = 'active' ORDER BY debtor_id",
        )
        .map_err(e)?;

    let mut debt_stream = Stream::new(debts.query([]).map_err(e)?, |r| {
        Ok(DebtRow {
            debtor: r.get(0)?,
            debt: r.get(1)?,
            principal: cents(&r.get::<_, String>(2)?)?,
            due_on: date(&r.get::<_, String>(3)?)?,
            issued_on: date(&r.get::<_, String>(4)?)?,
        })
    })
    .map_err(e)?;
    let as_of_text = as_of.to_string();
    let mut payment_stream = Stream::new(payments.query([&as_of_text]).map_err(e)?, |r| {
        Ok(PaymentRow {
            debtor: r.get(0)?,
            debt: r.get(1)?,
            paid_on: date(&r.get::<_, String>(2)?)?,
            amount: cents(&r.get::<_, String>(3)?)?,
        })
    })
    .map_err(e)?;
    let mut debtor_payments: Vec<PaymentRow> = Vec::new();
    let mut contact_stream = Stream::new(contacts.query([&since]).map_err(e)?, |r| {
        Ok(ContactRow {
            debtor: r.get(0)?,
            channel: channel_index(&r.get::<_, String>(1)?),
            day: date(&r.get::<_, String>(2)?)?,
        })
    })
    .map_err(e)?;
    let mut opt_stream = Stream::new(opt_outs.query([]).map_err(e)?, |r| {
        Ok(OptOutRow {
            debtor: r.get(0)?,
            channel: channel_index(&r.get::<_, String>(1)?),
            since: date(&r.get::<_, String>(2)?)?,
        })
    })
    .map_err(e)?;
    let mut agreement_stream = Stream::new(agreements.query([]).map_err(e)?, |r| {
        Ok(AgreementRow {
            debtor: r.get(0)?,
            made_on: date(&r.get::<_, String>(1)?)?,
        })
    })
    .map_err(e)?;

    let mut rows = debtors.query([]).map_err(e)?;
    let mut d = Debtor::default();
    let mut writer = ActionWriter::new(as_of);
    let (mut n_debtors, mut n_actions) = (0u64, 0u64);
    while let Some(r) = rows.next().map_err(e)? {
        n_debtors += 1;
        d.id.clear();
        d.id.push_str(
            r.get_ref(0)
                .map_err(e)?
                .as_str()
                .map_err(|x| x.to_string())?,
        );
        d.name.clear();
        d.name.push_str(
            r.get_ref(1)
                .map_err(e)?
                .as_str()
                .map_err(|x| x.to_string())?,
        );
        d.first_name_end = d.name.find(' ').unwrap_or(d.name.len());
        d.document = r
            .get::<_, Option<String>>(2)
            .map_err(e)?
            .unwrap_or_default();
        d.timezone = r.get(3).map_err(e)?;
        d.segment = r.get(4).map_err(e)?;
        d.score = r
            .get::<_, Option<String>>(5)
            .map_err(e)?
            .and_then(|s| s.parse().ok());
        d.has_email = r.get(6).map_err(e)?;
        d.has_phone = r.get(7).map_err(e)?;

        derive_debts(
            &mut d,
            &mut debt_stream,
            &mut payment_stream,
            &mut debtor_payments,
            as_of,
        )
        .map_err(e)?;
        d.contacts_7d = 0;
        d.last_letter = None;
        let week_ago = as_of - Duration::days(7);
        while let Some(c) = contact_stream.next_if(|c| c.debtor <= d.id).map_err(e)? {
            if c.debtor != d.id || c.day > as_of {
                continue;
            }
            if c.day > week_ago {
                d.contacts_7d += 1;
            }
            if c.channel == 3 {
                d.last_letter = d.last_letter.max(Some(c.day));
            }
        }
        d.opted_out = [false; 5];
        while let Some(o) = opt_stream.next_if(|o| o.debtor <= d.id).map_err(e)? {
            if o.debtor == d.id && o.since <= as_of {
                d.opted_out[o.channel] = true;
            }
        }
        d.has_agreement = false;
        while let Some(a) = agreement_stream.next_if(|a| a.debtor <= d.id).map_err(e)? {
            if a.debtor == d.id && a.made_on <= as_of {
                d.has_agreement = true;
            }
        }
        n_actions += apply_rules(&d, &mut writer, &mut out).map_err(|x| x.to_string())?;
    }
    out.flush().map_err(|x| x.to_string())?;
    Ok((n_debtors, n_actions))
}

/// Balance, updated balance (2% late fee + 1% a month pro rata die, each rounded half-up per
/// debt), days overdue, days to due and previous delays, from the debtor's debts and payments.
fn derive_debts(
    d: &mut Debtor,
    stream: &mut Stream<'_, DebtRow>,
    payment_stream: &mut Stream<'_, PaymentRow>,
    payments: &mut Vec<PaymentRow>,
    as_of: NaiveDate,
) -> rusqlite::Result<()> {
    // This debtor's payments up to the as-of date (a handful), matched to debts by id below.
    payments.clear();
    while let Some(p) = payment_stream.next_if(|p| p.debtor <= d.id)? {
        if p.debtor == d.id {
            payments.push(p);
        }
    }
    d.balance = 0;
    d.updated_balance = 0;
    d.days_overdue = 0;
    d.days_to_due = None;
    d.oldest_due = None;
    d.previous_delays = 0;
    // One row per debt; its payments are summed from the debtor's list.
    let settle = |d: &mut Debtor, debt: &(String, i64, NaiveDate, i64, Option<NaiveDate>)| {
        let (_, principal, due_on, paid, last_paid) = debt;
        let open = principal - paid;
        if open <= 0 {
            if last_paid.is_some_and(|p| p > *due_on) {
                d.previous_delays += 1;
            }
            return;
        }
        d.balance += open;
        let days = (as_of - *due_on).num_days();
        if days > 0 {
            let fee = (open * 2 + 50) / 100;
            let interest = (open * days + 1500) / 3000;
            d.updated_balance += open + fee + interest;
            d.days_overdue = d.days_overdue.max(days);
            d.oldest_due = Some(d.oldest_due.map_or(*due_on, |o| o.min(*due_on)));
        } else {
            d.updated_balance += open;
            d.days_to_due = Some(d.days_to_due.map_or(-days, |t| t.min(-days)));
            if d.oldest_due.is_none() {
                d.oldest_due = Some(*due_on);
            }
        }
    };
    while let Some(row) = stream.next_if(|r| r.debtor <= d.id)? {
        if row.debtor != d.id || row.issued_on > as_of {
            continue;
        }
        let mut paid = 0;
        let mut last_paid = None;
        for p in payments.iter().filter(|p| p.debt == row.debt) {
            paid += p.amount;
            last_paid = last_paid.max(Some(p.paid_on));
        }
        settle(d, &(row.debt, row.principal, row.due_on, paid, last_paid));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// The rules of varejo_pf, first hit, top to bottom.

enum Act {
    Contact(usize, &'static str),
    Installments(u32),
    Discount(u32),
    Bureau,
    Agency(&'static str),
    Queue(&'static str),
    Tag(&'static str),
}

fn apply_rules(d: &Debtor, w: &mut ActionWriter, out: &mut impl Write) -> std::io::Result<u64> {
    use Act::*;
    let od = d.days_overdue;
    let bal = d.balance;
    let seg = d.segment.as_deref();
    let score = d.score;
    let prioritario = seg == Some("high_value") || score.is_some_and(|s| s >= 700);
    let bom_pagador = score.is_some_and(|s| s >= 750) && d.previous_delays == 0;
    let (rule, line, acts): (&str, u32, &[Act]) = if d.has_agreement {
        ("acordo vigente", 49, &[Tag("acordo_vigente")])
    } else if od == 0 && d.days_to_due == Some(5) {
        ("lembrete D-5", 50, &[Contact(0, "lembrete_d5")])
    } else if od == 0 && d.days_to_due == Some(1) {
        ("lembrete D-1", 51, &[Contact(1, "lembrete_d1")])
    } else if od >= 1 && bal < 5000 {
        ("saldo residual", 52, &[Contact(1, "saldo_residual")])
    } else if od == 1 {
        ("aviso D+1", 53, &[Contact(1, "aviso_d1")])
    } else if od == 3 && bom_pagador {
        ("bom pagador D+3", 54, &[Contact(0, "lembrete_amigavel")])
    } else if od == 3 {
        ("whatsapp D+3", 55, &[Contact(2, "cobranca_d3")])
    } else if od == 7 && bal >= 30_000 {
        (
            "email D+7 com parcelamento",
            56,
            &[Contact(0, "parcelamento_d7"), Installments(6)],
        )
    } else if od == 7 {
        ("email D+7", 57, &[Contact(0, "cobranca_d7")])
    } else if od == 30 && bal >= 10_000 {
        (
            "notificação pré-negativação",
            58,
            &[Contact(3, "notificacao_negativacao")],
        )
    } else if (10..=44).contains(&od) && bal >= 100_000 && prioritario {
        (
            "ligar prioritários",
            59,
            &[
                Contact(4, ""),
                Queue("cobranca_prioritaria"),
                Installments(12),
            ],
        )
    } else if od == 15 && seg == Some("low_value") {
        (
            "whatsapp D+15 baixo valor",
            60,
            &[Contact(2, "cobranca_d15")],
        )
    } else if od == 15 {
        (
            "ligação D+15",
            61,
            &[Contact(4, ""), Queue("cobranca_ativa")],
        )
    } else if od == 20 && bal >= 20_000 {
        (
            "oferta de parcelas D+20",
            62,
            &[Contact(2, "oferta_parcelas"), Installments(10)],
        )
    } else if od == 45 && bal >= 10_000 {
        (
            "negativação D+45",
            63,
            &[Bureau, Contact(0, "aviso_negativado")],
        )
    } else if od == 60 && bal >= 10_000 {
        (
            "desconto D+60",
            64,
            &[Contact(2, "oferta_desconto"), Discount(15)],
        )
    } else if od == 90 {
        (
            "assessoria D+90",
            65,
            &[
                Agency("Recupera Assessoria de Cobrança"),
                Tag("terceirizado"),
            ],
        )
    } else if od > 180 && bal >= 10_000 {
        (
            "quitação com desconto",
            66,
            &[Contact(2, "quitacao"), Discount(30)],
        )
    } else if od >= 1 {
        ("em atraso", 67, &[Tag("em_atraso")])
    } else {
        return Ok(0);
    };
    // The offer of the rule (if any) feeds the placeholders of its contact.
    let offer = acts.iter().find_map(|a| match a {
        Installments(n) => Some(w.installments(d.updated_balance, *n)),
        Discount(p) => Some(w.discount(d.updated_balance, *p)),
        _ => None,
    });
    for (index, act) in acts.iter().enumerate() {
        w.write(out, d, rule, line, index, act, offer.as_ref())?;
    }
    Ok(acts.len() as u64)
}

// ---------------------------------------------------------------------------------------
// Offers, rendering and the JSON record.

enum OfferCalc {
    Installments {
        total: i64,
        amounts: Vec<i64>,
        dues: Vec<NaiveDate>,
    },
    Discount {
        original: i64,
        percent: u32,
        discount: i64,
        total: i64,
        deadline: NaiveDate,
    },
}

#[derive(Serialize)]
struct Record<'a> {
    action_id: String,
    as_of: NaiveDate,
    strategy: &'static str,
    strategy_version: u32,
    debtor_id: &'a str,
    rule: &'a str,
    line: u32,
    kind: &'static str,
    channel: Option<&'static str>,
    template: Option<&'static str>,
    text: Option<String>,
    offer: Option<serde_json::Value>,
    target: Option<&'static str>,
    scheduled_for: String,
    status: &'static str,
    reason: Option<&'static str>,
}

struct ActionWriter {
    as_of: NaiveDate,
    as_of_text: String,
}

fn brl(cents: i64) -> String {
    let units = (cents / 100).to_string();
    let mut grouped = String::with_capacity(units.len() + 4);
    for (i, c) in units.chars().enumerate() {
        if i > 0 && (units.len() - i).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(c);
    }
    format!("R$ {grouped},{:02}", cents % 100)
}

fn date_br(d: NaiveDate) -> String {
    format!("{:02}/{:02}/{:04}", d.day(), d.month(), d.year())
}

fn decimal(cents: i64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

fn add_months(d: NaiveDate, months: u32) -> NaiveDate {
    let m0 = d.month0() + months;
    let (y, m) = (d.year() + (m0 / 12) as i32, m0 % 12 + 1);
    let mut day = d.day();
    loop {
        if let Some(x) = NaiveDate::from_ymd_opt(y, m, day) {
            return x;
        }
        day -= 1;
    }
}

/// UTC offset of the debtor's zone on dates without DST (Brazil has had none since 2019).
fn offset(tz: Option<&str>) -> &'static str {
    match tz {
        Some("America/Manaus") => "-04:00",
        Some("America/Rio_Branco") => "-05:00",
        _ => "-03:00",
    }
}

impl ActionWriter {
    fn new(as_of: NaiveDate) -> Self {
        ActionWriter {
            as_of,
            as_of_text: as_of.to_string(),
        }
    }

    fn installments(&self, total: i64, requested: u32) -> OfferCalc {
        let cap = requested.clamp(1, MAX_INSTALLMENTS);
        let mut n = cap;
        while n > 1 && total / (n as i64) < MIN_INSTALLMENT {
            n -= 1;
        }
        let regular = total / n as i64;
        let mut amounts = vec![regular; n as usize - 1];
        amounts.push(total - regular * (n as i64 - 1));
        let first = self.as_of + Duration::days(OFFER_VALID_DAYS);
        let dues = (0..n).map(|i| add_months(first, i)).collect();
        OfferCalc::Installments {
            total,
            amounts,
            dues,
        }
    }

    fn discount(&self, original: i64, requested: u32) -> OfferCalc {
        let percent = requested.min(MAX_DISCOUNT);
        let discount = original * percent as i64 / 100;
        OfferCalc::Discount {
            original,
            percent,
            discount,
            total: original - discount,
            deadline: self.as_of + Duration::days(OFFER_VALID_DAYS),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn write(
        &mut self,
        out: &mut impl Write,
        d: &Debtor,
        rule: &str,
        line: u32,
        index: usize,
        act: &Act,
        offer: Option<&OfferCalc>,
    ) -> std::io::Result<()> {
        let (kind, channel, template, target) = match act {
            Act::Contact(ch, t) => ("contact", Some(*ch), (!t.is_empty()).then_some(*t), None),
            Act::Installments(_) | Act::Discount(_) => ("offer", None, None, None),
            Act::Bureau => ("bureau", None, None, None),
            Act::Agency(a) => ("escalate", None, None, Some(*a)),
            Act::Queue(q) => ("assign", None, None, Some(*q)),
            Act::Tag(t) => ("tag", None, None, Some(*t)),
        };
        // Guardrails.
        let reason = match act {
            Act::Contact(ch, _) if d.opted_out[*ch] => Some("opt_out"),
            Act::Contact(0, _) if !d.has_email => Some("no address: debtor has no email"),
            Act::Contact(1, _) if !d.has_phone => Some("no address: debtor has no phone for sms"),
            Act::Contact(2, _) if !d.has_phone => {
                Some("no address: debtor has no phone for whatsapp")
            }
            Act::Contact(4, _) if !d.has_phone => Some("no address: debtor has no phone for call"),
            Act::Contact(..) if d.has_agreement => Some("agreement_in_force"),
            Act::Contact(..) if d.contacts_7d >= MAX_CONTACTS_7D => Some("max_contacts"),
            Act::Bureau if d.days_overdue > 1825 => Some("bureau_limitation"),
            Act::Bureau
                if d.last_letter
                    .is_none_or(|l| (self.as_of - l).num_days() < BUREAU_NOTICE_DAYS) =>
            {
                Some("bureau_notice")
            }
            _ => None,
        };
        let text = template.map(|t| self.render(t, d, offer));
        let offer_json = match act {
            Act::Installments(_) | Act::Discount(_) => offer.map(offer_value),
            _ => None,
        };
        let mut hasher = Sha256::new();
        let idx = index.to_string();
        for part in [
            STRATEGY,
            "1",
            &d.id,
            rule,
            &idx,
            kind,
            channel.map(|c| CHANNELS[c]).unwrap_or(""),
            &self.as_of_text,
        ] {
            hasher.update(part.as_bytes());
            hasher.update([0x1f]);
        }
        let digest = hasher.finalize();
        let mut action_id = String::with_capacity(32);
        for b in digest.iter().take(16) {
            use std::fmt::Write as _;
            let _ = write!(action_id, "{b:02x}");
        }
        let hour = if channel.is_some() {
            "08:00:00"
        } else {
            "00:00:00"
        };
        let record = Record {
            action_id,
            as_of: self.as_of,
            strategy: STRATEGY,
            strategy_version: VERSION,
            debtor_id: &d.id,
            rule,
            line,
            kind,
            channel: channel.map(|c| CHANNELS[c]),
            template,
            text,
            offer: offer_json,
            target,
            scheduled_for: format!(
                "{}T{hour}{}",
                self.as_of_text,
                offset(d.timezone.as_deref())
            ),
            status: if reason.is_some() {
                "suppressed"
            } else {
                "planned"
            },
            reason,
        };
        serde_json::to_writer(&mut *out, &record)?;
        out.write_all(b"\n")
    }

    fn render(&self, template: &str, d: &Debtor, offer: Option<&OfferCalc>) -> String {
        let text = match template {
            "lembrete_d5" => "Olá {first_name}, sua parcela de {balance} vence em {due_date}. Pague pelo app ou pelo boleto e evite juros. {creditor_name} — CNPJ {creditor_document}.",
            "lembrete_d1" => "{creditor_name}: {first_name}, sua parcela de {balance} vence amanhã ({due_date}). CNPJ {creditor_document}.",
            "saldo_residual" => "{creditor_name}: {first_name}, ficou um saldo de {balance} em aberto desde {due_date}. Regularize pelo app. CNPJ {creditor_document}.",
            "aviso_d1" => "{creditor_name}: {first_name}, não identificamos o pagamento de {balance} vencido em {due_date}. Se já pagou, desconsidere. CNPJ {creditor_document}.",
            "lembrete_amigavel" => "Olá {first_name}, notamos que a parcela de {balance} vencida em {due_date} ainda está em aberto. Sabemos que imprevistos acontecem: o boleto atualizado está no app. {creditor_name} — CNPJ {creditor_document}.",
            "cobranca_d3" => "Olá {first_name}, aqui é da {creditor_name} (CNPJ {creditor_document}). Sua parcela de {balance} está em atraso há {days_overdue} dias. Responda PAGAR para receber o boleto ou o Pix.",
            "parcelamento_d7" => "{first_name}, seu débito atualizado é de {updated_balance}. Você pode parcelar em até {installments} vezes de {installment_value}, com a primeira até {offer_deadline}. {creditor_name} — CNPJ {creditor_document}.",
            "cobranca_d7" => "{first_name}, sua parcela de {balance} está vencida desde {due_date}. O valor atualizado é {updated_balance}. Pague pelo app. {creditor_name} — CNPJ {creditor_document}.",
            "cobranca_d15" => "{first_name}, sua parcela de {balance} está em atraso há {days_overdue} dias. Fale com a gente e regularize. {creditor_name} — CNPJ {creditor_document}.",
            "oferta_parcelas" => "{first_name}, condição especial da {creditor_name} (CNPJ {creditor_document}): seu débito de {updated_balance} em {installments}x de {installment_value}. Válido até {offer_deadline}.",
            "notificacao_negativacao" => "Prezado(a) {name}, CPF/CNPJ {document}. Consta em aberto o débito de {updated_balance}, vencido em {due_date}, com {creditor_name}, CNPJ {creditor_document}. Não havendo pagamento ou acordo em até 15 dias, seu nome poderá ser incluído nos cadastros de proteção ao crédito (CDC art. 43 §2).",
            "aviso_negativado" => "{first_name}, o débito de {updated_balance} vencido em {due_date} foi informado aos órgãos de proteção ao crédito. Ao quitar, a baixa é feita em até 5 dias úteis. {creditor_name} — CNPJ {creditor_document}.",
            "oferta_desconto" => "{first_name}, quite hoje seu débito de {updated_balance} com {discount} de desconto: pague {discounted_total} até {offer_deadline}. {creditor_name} — CNPJ {creditor_document}.",
            _ => "{first_name}, proposta de quitação da {creditor_name} (CNPJ {creditor_document}): de {updated_balance} por {discounted_total}, {discount} de desconto, até {offer_deadline}.",
        };
        let mut out = String::with_capacity(text.len() + 64);
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let Some(close) = rest[open..].find('}') else {
                break;
            };
            let name = &rest[open + 1..open + close];
            rest = &rest[open + close + 1..];
            match name {
                "first_name" => out.push_str(d.first_name()),
                "name" => out.push_str(&d.name),
                "document" => out.push_str(&d.document),
                "balance" => out.push_str(&brl(d.balance)),
                "updated_balance" => out.push_str(&brl(d.updated_balance)),
                "due_date" => out.push_str(&d.oldest_due.map(date_br).unwrap_or_default()),
                "days_overdue" => out.push_str(&d.days_overdue.to_string()),
                "creditor_name" => out.push_str(CREDITOR),
                "creditor_document" => out.push_str(CREDITOR_DOC),
                _ => match (name, offer) {
                    ("installments", Some(OfferCalc::Installments { amounts, .. })) => {
                        out.push_str(&amounts.len().to_string())
                    }
                    ("installment_value", Some(OfferCalc::Installments { amounts, .. })) => {
                        out.push_str(&brl(amounts[0]))
                    }
                    ("offer_deadline", Some(OfferCalc::Installments { dues, .. })) => {
                        out.push_str(&date_br(dues[0]))
                    }
                    ("offer_deadline", Some(OfferCalc::Discount { deadline, .. })) => {
                        out.push_str(&date_br(*deadline))
                    }
                    ("discount", Some(OfferCalc::Discount { percent, .. })) => {
                        out.push_str(&format!("{percent}%"))
                    }
                    ("discounted_total", Some(OfferCalc::Discount { total, .. })) => {
                        out.push_str(&brl(*total))
                    }
                    _ => {}
                },
            }
        }
        out.push_str(rest);
        out
    }
}

fn offer_value(offer: &OfferCalc) -> serde_json::Value {
    match offer {
        OfferCalc::Installments {
            total,
            amounts,
            dues,
        } => serde_json::json!({
            "type": "installments",
            "total": decimal(*total),
            "count": amounts.len(),
            "installments": amounts.iter().zip(dues).enumerate().map(|(i, (a, d))| serde_json::json!({
                "number": i + 1, "amount": decimal(*a), "due_on": d.to_string()
            })).collect::<Vec<_>>(),
        }),
        OfferCalc::Discount {
            original,
            percent,
            discount,
            total,
            deadline,
        } => serde_json::json!({
            "type": "discount",
            "original": decimal(*original),
            "percent": percent.to_string(),
            "discount": decimal(*discount),
            "total": decimal(*total),
            "deadline": deadline.to_string(),
        }),
    }
}
