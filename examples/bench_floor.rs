//! Benchmark (b), "the practical floor": a hand-written Rust program that does what
//! `strat plan` does for `strategies/varejo_pf.strat`, with the rules hard-coded and no
//! strategy language at all, and writes the same JSON Lines, byte for byte. It reads the
//! portfolio database with ordered queries (one merge pass over debtors, debts+payments, the
//! contacts that can matter, opt-outs and agreements), derives the fields varejo_pf reads
//! (balance, updated balance by part, days_overdue, days_to_due, previous_delays,
//! has_agreement, the delinquency episode, segment, score), applies the rules first-hit,
//! renders the templates, computes the offers (installments; discount taken from late fee,
//! interest, then principal), applies every guardrail strat applies to these rules
//! (repetition from the contact history, opt-out, address, agreement, contact window,
//! `max contacts 3 per 7 days`, `max calls 2 per 7 days`, bureau five years, bureau notice),
//! schedules contacts at the first allowed window (policy hours, Sundays and the Brazilian
//! national holidays skipped) in the debtor's time zone and writes one JSON line per action.
//!
//! ```text
//! cargo run --release --example bench_floor -- PORTFOLIO.db OUT.jsonl [--as-of 2025-03-31]
//! ```
//!
//! Money is integer cents (what a hand-written program would use): that gives exactly
//! strat's `rust_decimal` results (half-up fee and interest per debt, cut-down installments
//! and discount) as long as every stored amount has exactly two decimals, which the floor
//! checks (it refuses other amounts rather than print them with another scale). Like
//! `strat plan` without `--out`, it has no plan store (no earlier runs) and no `--holidays`
//! file. Must not use the strat library: it is the yardstick.

use chrono::{
    DateTime, Datelike, Days, FixedOffset, LocalResult, Months, NaiveDate, NaiveTime,
    SecondsFormat, TimeZone, Weekday,
};
use chrono_tz::Tz;
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags, Rows};
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};
use sha2::{Digest, Sha256};
use std::fmt::Write as _;
use std::fs::File;
use std::io::{BufWriter, Write};

const STRATEGY: &str = "varejo-pf";
const VERSION: u32 = 1;
const CREDITOR: &str = "Magazine Horizonte S.A.";
const CREDITOR_DOC: &str = "12.345.678/0001-95";
const DEFAULT_TZ: Tz = chrono_tz::America::Sao_Paulo;
const MIN_INSTALLMENT: i64 = 5_000;
const MAX_INSTALLMENTS: u32 = 12;
const MAX_DISCOUNT: u32 = 30;
const OFFER_VALID_DAYS: u64 = 7;
const MAX_CONTACTS: (u32, i64) = (3, 7);
const MAX_CALLS: (u32, i64) = (2, 7);
const BUREAU_NOTICE_DAYS: i64 = 10;
/// How far ahead strat looks for a contact window.
const WINDOW_HORIZON_DAYS: u64 = 14;

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
    at: DateTime<FixedOffset>,
    /// Index into [`REPEATS`] + 1 when the contact was made by one of the rules whose
    /// action repeats (`once`, `every N days`) on that rule's channel; 0 otherwise.
    repeat: usize,
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

fn bad(what: &str, s: &str) -> rusqlite::Error {
    rusqlite::Error::InvalidColumnType(0, format!("{what} `{s}`"), rusqlite::types::Type::Text)
}

/// `YYYY-MM-DD`, as strat reads dates.
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
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return Err(bad("bad date", s));
    }
    match (num(0..4), num(5..7), num(8..10)) {
        (Some(y), Some(m), Some(d)) => NaiveDate::from_ymd_opt(y as i32, m, d),
        _ => None,
    }
    .ok_or_else(|| bad("bad date", s))
}

/// `1234.56` → cents. Only amounts with exactly two decimals (what `gen_portfolio` writes):
/// strat keeps the scale of the stored text, so `1234.5` or `1234` would print other decimal
/// strings in its offers, and integer cents could not reproduce them.
fn cents(s: &str) -> rusqlite::Result<i64> {
    let b = s.as_bytes();
    let n = b.len();
    if n < 4 || b[n - 3] != b'.' {
        return Err(bad(
            "amount without exactly two decimals (not supported)",
            s,
        ));
    }
    let mut v: i64 = 0;
    for (i, &c) in b.iter().enumerate() {
        if i == n - 3 {
            continue;
        }
        if !c.is_ascii_digit() {
            return Err(bad("bad amount", s));
        }
        v = v
            .checked_mul(10)
            .and_then(|v| v.checked_add(i64::from(c - b'0')))
            .ok_or_else(|| bad("amount too large", s))?;
    }
    Ok(v)
}

fn channel_index(s: &str) -> rusqlite::Result<usize> {
    CHANNELS
        .iter()
        .position(|c| *c == s)
        .ok_or_else(|| bad("bad channel", s))
}

const CHANNELS: [&str; 5] = ["email", "sms", "whatsapp", "letter", "call"];
const EMAIL: usize = 0;
const SMS: usize = 1;
const WHATSAPP: usize = 2;
const LETTER: usize = 3;
const CALL: usize = 4;

/// The contact actions of varejo_pf that repeat, `(rule, channel)`: `saldo residual` every
/// 15 days, `notificação pré-negativação` once, `ligar prioritários` every 7 days,
/// `quitação com desconto` every 30 days. (The `once` of the bureau report and of the agency
/// escalation only look at earlier plans, which this run does not have.)
const REPEATS: [(&str, usize); 4] = [
    ("saldo residual", SMS),
    ("notificação pré-negativação", LETTER),
    ("ligar prioritários", CALL),
    ("quitação com desconto", WHATSAPP),
];

/// `text` trimmed, `None` when empty (strat's "present").
fn present(text: &str) -> Option<&str> {
    let t = text.trim();
    (!t.is_empty()).then_some(t)
}

fn text_ref<'r>(r: &'r rusqlite::Row, i: usize) -> Result<Option<&'r str>, String> {
    match r.get_ref(i).map_err(|e| e.to_string())? {
        ValueRef::Null => Ok(None),
        ValueRef::Text(t) => std::str::from_utf8(t).map(Some).map_err(|e| e.to_string()),
        other => Err(format!("debtors column {i}: expected text, got {other:?}")),
    }
}

// ---------------------------------------------------------------------------------------
// Time zones and the contact calendar.

/// Per time zone (a handful per portfolio): the start of the as-of day and the first
/// contact slot, as strat writes them.
struct Zone {
    /// The stored name (empty: none, the strategy's zone).
    name: String,
    tz: Tz,
    day_start: String,
    slot: Option<String>,
    /// The same instants in UTC (`due_at`).
    day_start_utc: String,
    slot_utc: Option<String>,
}

/// Easter Sunday (Meeus/Jones/Butcher).
fn easter(year: i32) -> Option<NaiveDate> {
    let a = year.rem_euclid(19);
    let b = year.div_euclid(100);
    let c = year.rem_euclid(100);
    let (d, e) = (b.div_euclid(4), b.rem_euclid(4));
    let f = (b + 8).div_euclid(25);
    let g = (b - f + 1).div_euclid(3);
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let (i, k) = (c / 4, c % 4);
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32)
}

/// Brazilian national holidays (Lei 662/1949 as amended by Lei 10.607/2002, Lei
/// 6.802/1980, Consciência Negra from 2024) and Good Friday, from 2003 on.
fn national_holiday(date: NaiveDate) -> bool {
    let (y, m, d) = (date.year(), date.month(), date.day());
    if y < 2003 {
        return false;
    }
    matches!(
        (m, d),
        (1, 1) | (4, 21) | (5, 1) | (9, 7) | (10, 12) | (11, 2) | (11, 15) | (12, 25)
    ) || ((m, d) == (11, 20) && y >= 2024)
        || (matches!(m, 3 | 4)
            && easter(y).and_then(|e| e.checked_sub_days(Days::new(2))) == Some(date))
}

fn rfc3339(at: DateTime<FixedOffset>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, false)
}

impl Zone {
    fn new(name: &str, as_of: NaiveDate) -> Result<Zone, String> {
        let tz = zone_of(name)?;
        // The first instant of the as-of day (midnight, or the first hour after a DST gap).
        let day_start = (0..4)
            .filter_map(|h| NaiveTime::from_hms_opt(h, 0, 0))
            .find_map(|t| tz.from_local_datetime(&as_of.and_time(t)).earliest())
            .map(|at| at.fixed_offset())
            .unwrap_or_else(|| as_of.and_time(NaiveTime::MIN).and_utc().fixed_offset());
        // `contact hours mon-fri 08:00-20:00, sat 09:00-13:00`, no Sundays, no holidays: the
        // first minute of a window that exists in the zone, on the first allowed day.
        let slot = (0..=WINDOW_HORIZON_DAYS)
            .filter_map(|n| as_of.checked_add_days(Days::new(n)))
            .filter(|d| d.weekday() != Weekday::Sun && !national_holiday(*d))
            .find_map(|d| {
                let (from, to) = if d.weekday() == Weekday::Sat {
                    (9 * 60, 13 * 60)
                } else {
                    (8 * 60, 20 * 60)
                };
                (from..to).find_map(|minute: u32| {
                    let t = NaiveTime::from_hms_opt(minute / 60, minute % 60, 0)?;
                    match tz.from_local_datetime(&d.and_time(t)) {
                        LocalResult::Single(at) => Some(at.fixed_offset()),
                        LocalResult::Ambiguous(earlier, _) => Some(earlier.fixed_offset()),
                        LocalResult::None => None,
                    }
                })
            });
        let utc = |at: DateTime<FixedOffset>| {
            at.with_timezone(&chrono::Utc)
                .format("%Y-%m-%dT%H:%M:%SZ")
                .to_string()
        };
        Ok(Zone {
            name: name.to_string(),
            tz,
            day_start: rfc3339(day_start),
            slot: slot.map(rfc3339),
            day_start_utc: utc(day_start),
            slot_utc: slot.map(utc),
        })
    }
}

fn zone_of(name: &str) -> Result<Tz, String> {
    if name.is_empty() {
        return Ok(DEFAULT_TZ);
    }
    name.parse::<Tz>()
        .map_err(|_| format!("unknown time zone `{name}`"))
}

// ---------------------------------------------------------------------------------------
// The derived fields of one debtor.

#[derive(Default)]
struct Debtor {
    id: String,
    /// The trimmed name; `first_name_end` ends its first word.
    name: String,
    first_name_end: usize,
    document: String,
    /// Index into the run's zones.
    zone: usize,
    /// 1 + index of the `segment` variant (high_value, standard, low_value); 0 missing.
    segment: u8,
    score: Option<i64>,
    /// Sums over open debts, in cents.
    balance: i64,
    fee: i64,
    interest: i64,
    days_overdue: i64,
    days_to_due: Option<i64>,
    oldest_due: Option<NaiveDate>,
    /// Earliest issue date of an open debt.
    oldest_issue: Option<NaiveDate>,
    previous_delays: i64,
    /// Each existing debt's overdue days up to the as-of date, `[from, until)`.
    stretches: Vec<(NaiveDate, NaiveDate)>,
    has_agreement: bool,
    /// Contacts (local date in the debtor's zone) in the last 7 days, all and calls.
    contacts_7d: u32,
    calls_7d: u32,
    /// Local dates of letters sent on or before the as-of date.
    letters: Vec<NaiveDate>,
    /// Per [`REPEATS`] entry: the latest local date that rule made that contact.
    last_done: [Option<NaiveDate>; 4],
    /// Per channel: the earliest opt-out on or before the as-of date.
    opt_out: [Option<NaiveDate>; 5],
    has_email: bool,
    has_phone: bool,
}

impl Debtor {
    fn first_name(&self) -> &str {
        &self.name[..self.first_name_end]
    }

    fn updated_balance(&self) -> i64 {
        self.balance + self.fee + self.interest
    }

    /// The first day of the unbroken run of overdue days ending on the as-of date.
    fn episode_start(&self, as_of: NaiveDate) -> Option<NaiveDate> {
        if self.days_overdue <= 0 {
            return None;
        }
        let mut start = as_of;
        let mut covered = false;
        loop {
            let mut widened = false;
            for &(from, until) in &self.stretches {
                if until > as_of {
                    covered = true;
                }
                if until >= start && from < start {
                    start = from;
                    widened = true;
                }
            }
            if !widened {
                break;
            }
        }
        covered.then_some(start)
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
        .prepare(
            "SELECT id, name, document, timezone, segment, score, email, phone \
             FROM debtors ORDER BY id",
        )
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
    // The contacts that can matter: letters (bureau notice, `once`), those of the repeating
    // rules, and those near the last 7 days (the caps; two days of margin either side for
    // the offsets). RFC 3339 text sorts by date within a day's margin.
    let from = (as_of - chrono::Duration::days(MAX_CONTACTS.1.max(MAX_CALLS.1) + 2)).to_string();
    let until = (as_of + chrono::Duration::days(3)).to_string();
    let mut contacts = conn
        .prepare(
            "SELECT debtor_id, channel, at, rule FROM contacts \
             WHERE channel = 'letter' OR rule IN (?3, ?4, ?5, ?6) OR (at >= ?1 AND at < ?2) \
             ORDER BY debtor_id",
        )
        .map_err(e)?;
    let mut opt_outs = conn
        .prepare("SELECT debtor_id, channel, since FROM opt_outs ORDER BY debtor_id, since")
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
            principal: cents(r.get_ref(2)?.as_str()?)?,
            due_on: date(r.get_ref(3)?.as_str()?)?,
            issued_on: date(r.get_ref(4)?.as_str()?)?,
        })
    })
    .map_err(e)?;
    let as_of_text = as_of.to_string();
    let mut payment_stream = Stream::new(payments.query([&as_of_text]).map_err(e)?, |r| {
        Ok(PaymentRow {
            debtor: r.get(0)?,
            debt: r.get(1)?,
            paid_on: date(r.get_ref(2)?.as_str()?)?,
            amount: cents(r.get_ref(3)?.as_str()?)?,
        })
    })
    .map_err(e)?;
    let mut debtor_payments: Vec<PaymentRow> = Vec::new();
    let contact_params = [
        from.as_str(),
        until.as_str(),
        REPEATS[0].0,
        REPEATS[1].0,
        REPEATS[2].0,
        REPEATS[3].0,
    ];
    let mut contact_stream = Stream::new(contacts.query(contact_params).map_err(e)?, |r| {
        let channel = channel_index(r.get_ref(1)?.as_str()?)?;
        let at_text = r.get_ref(2)?.as_str()?;
        let rule = r.get_ref(3)?.as_str()?;
        let repeat = REPEATS
            .iter()
            .position(|&(name, ch)| ch == channel && name == rule)
            .map_or(0, |i| i + 1);
        Ok(ContactRow {
            debtor: r.get(0)?,
            channel,
            at: DateTime::parse_from_rfc3339(at_text).map_err(|_| bad("bad time", at_text))?,
            repeat,
        })
    })
    .map_err(e)?;
    let mut opt_stream = Stream::new(opt_outs.query([]).map_err(e)?, |r| {
        Ok(OptOutRow {
            debtor: r.get(0)?,
            channel: channel_index(r.get_ref(1)?.as_str()?)?,
            since: date(r.get_ref(2)?.as_str()?)?,
        })
    })
    .map_err(e)?;
    let mut agreement_stream = Stream::new(agreements.query([]).map_err(e)?, |r| {
        Ok(AgreementRow {
            debtor: r.get(0)?,
            made_on: date(r.get_ref(1)?.as_str()?)?,
        })
    })
    .map_err(e)?;

    let mut zones: Vec<Zone> = Vec::new();
    let mut rows = debtors.query([]).map_err(e)?;
    let mut d = Debtor::default();
    let mut writer = ActionWriter::new(as_of);
    let (mut n_debtors, mut n_actions) = (0u64, 0u64);
    let window_from = as_of - chrono::Duration::days(MAX_CONTACTS.1 - 1);
    let calls_from = as_of - chrono::Duration::days(MAX_CALLS.1 - 1);
    while let Some(r) = rows.next().map_err(e)? {
        n_debtors += 1;
        d.id.clear();
        d.id.push_str(text_ref(r, 0)?.unwrap_or(""));
        d.name.clear();
        d.name
            .push_str(text_ref(r, 1)?.and_then(present).unwrap_or(""));
        d.first_name_end = d.name.split_whitespace().next().map_or(0, str::len);
        d.document.clear();
        d.document
            .push_str(text_ref(r, 2)?.and_then(present).unwrap_or(""));
        let tz_name = text_ref(r, 3)?.unwrap_or("");
        d.zone = match zones.iter().position(|z| z.name == tz_name) {
            Some(i) => i,
            None => {
                zones.push(
                    Zone::new(tz_name, as_of).map_err(|m| format!("debtor `{}`: {m}", d.id))?,
                );
                zones.len() - 1
            }
        };
        let segment = text_ref(r, 4)?.map(str::trim).unwrap_or("");
        d.segment = match segment {
            "" => 0,
            "high_value" => 1,
            "standard" => 2,
            "low_value" => 3,
            other => {
                return Err(format!(
                    "debtor `{}`: column `segment` holds `{other}`, which is not one of high_value, standard, low_value",
                    d.id
                ))
            }
        };
        let score = text_ref(r, 5)?.map(str::trim).unwrap_or("");
        d.score = if score.is_empty() {
            None
        } else {
            let digits = score.strip_prefix('-').unwrap_or(score);
            match score.parse::<i64>() {
                Ok(n) if !digits.is_empty() && digits.bytes().all(|c| c.is_ascii_digit()) => {
                    Some(n)
                }
                _ => {
                    return Err(format!(
                        "debtor `{}`: column `score` holds `{score}`, which is not a whole number (int)",
                        d.id
                    ))
                }
            }
        };
        d.has_email = text_ref(r, 6)?.and_then(present).is_some();
        d.has_phone = text_ref(r, 7)?.and_then(present).is_some();

        derive_debts(
            &mut d,
            &mut debt_stream,
            &mut payment_stream,
            &mut debtor_payments,
            as_of,
        )
        .map_err(e)?;
        d.contacts_7d = 0;
        d.calls_7d = 0;
        d.letters.clear();
        d.last_done = [None; 4];
        while let Some(c) = contact_stream.next_if(|c| c.debtor <= d.id).map_err(e)? {
            if c.debtor != d.id {
                continue;
            }
            // The contact's date on the debtor's wall clock, as strat's guardrails see it.
            let day = c.at.with_timezone(&zones[d.zone].tz).date_naive();
            if day > as_of {
                continue;
            }
            if day >= window_from {
                d.contacts_7d += 1;
            }
            if c.channel == CALL && day >= calls_from {
                d.calls_7d += 1;
            }
            if c.channel == LETTER {
                d.letters.push(day);
            }
            if c.repeat > 0 {
                let last = &mut d.last_done[c.repeat - 1];
                *last = (*last).max(Some(day));
            }
        }
        d.opt_out = [None; 5];
        while let Some(o) = opt_stream.next_if(|o| o.debtor <= d.id).map_err(e)? {
            if o.debtor == d.id && o.since <= as_of {
                let since = &mut d.opt_out[o.channel];
                *since = Some(since.map_or(o.since, |s| s.min(o.since)));
            }
        }
        d.has_agreement = false;
        while let Some(a) = agreement_stream.next_if(|a| a.debtor <= d.id).map_err(e)? {
            if a.debtor == d.id && a.made_on <= as_of {
                d.has_agreement = true;
            }
        }
        n_actions +=
            apply_rules(&d, &zones[d.zone], &mut writer, &mut out).map_err(|x| x.to_string())?;
    }
    out.flush().map_err(|x| x.to_string())?;
    Ok((n_debtors, n_actions))
}

/// Balance and updated balance by part (2% late fee + 1% a month pro rata die, each rounded
/// half-up per debt), days overdue, days to due, previous delays and overdue stretches, from
/// the debtor's debts and payments.
fn derive_debts(
    d: &mut Debtor,
    stream: &mut Stream<'_, DebtRow>,
    payment_stream: &mut Stream<'_, PaymentRow>,
    payments: &mut Vec<PaymentRow>,
    as_of: NaiveDate,
) -> rusqlite::Result<()> {
    // This debtor's payments up to the as-of date (a handful), by debt and date.
    payments.clear();
    while let Some(p) = payment_stream.next_if(|p| p.debtor <= d.id)? {
        if p.debtor == d.id {
            payments.push(p);
        }
    }
    d.balance = 0;
    d.fee = 0;
    d.interest = 0;
    d.days_overdue = 0;
    d.days_to_due = None;
    d.oldest_due = None;
    d.oldest_issue = None;
    d.previous_delays = 0;
    d.stretches.clear();
    // Debts come oldest due date first.
    while let Some(row) = stream.next_if(|r| r.debtor <= d.id)? {
        if row.debtor != d.id || row.issued_on > as_of {
            continue;
        }
        let mut open = row.principal;
        let mut paid_in_full = (open <= 0).then_some(row.issued_on);
        for p in payments.iter().filter(|p| p.debt == row.debt) {
            open -= p.amount;
            if paid_in_full.is_none() && open <= 0 {
                paid_in_full = Some(p.paid_on);
            }
        }
        if paid_in_full.is_some_and(|day| day > row.due_on) && row.principal > 0 {
            d.previous_delays += 1;
        }
        if let (Some(after_due), Some(next_day)) = (row.due_on.succ_opt(), as_of.succ_opt()) {
            let from = after_due.max(row.issued_on);
            let until = paid_in_full.unwrap_or(next_day);
            if from < until && from <= as_of {
                d.stretches.push((from, until));
            }
        }
        if open <= 0 {
            continue;
        }
        d.balance += open;
        d.oldest_issue = Some(
            d.oldest_issue
                .map_or(row.issued_on, |o| o.min(row.issued_on)),
        );
        if d.oldest_due.is_none() {
            d.oldest_due = Some(row.due_on);
        }
        let days = (as_of - row.due_on).num_days();
        if days > 0 {
            d.fee += (open * 2 + 50) / 100;
            d.interest += (open * days + 1500) / 3000;
            d.days_overdue = d.days_overdue.max(days);
        } else if d.days_to_due.is_none() {
            d.days_to_due = Some(-days);
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// The rules of varejo_pf, first hit, top to bottom.

#[derive(Clone, Copy)]
enum Repeat {
    No,
    /// `once` in the delinquency episode; index into [`REPEATS`].
    Once(usize),
    /// `every N days`; index into [`REPEATS`].
    Every(usize, i64),
}

enum Act {
    Contact(usize, &'static str, Repeat),
    Installments(u32),
    Discount(u32),
    Bureau,
    Agency(&'static str),
    Queue(&'static str),
    Tag(&'static str),
}

fn apply_rules(
    d: &Debtor,
    zone: &Zone,
    w: &mut ActionWriter,
    out: &mut impl Write,
) -> std::io::Result<u64> {
    use Act::*;
    use Repeat::{Every, Once};
    let od = d.days_overdue;
    let bal = d.balance;
    let seg = d.segment;
    let score = d.score;
    let prioritario = seg == 1 || score.is_some_and(|s| s >= 700);
    let bom_pagador = score.is_some_and(|s| s >= 750) && d.previous_delays == 0;
    let (rule, line, acts): (&str, u32, &[Act]) = if d.has_agreement {
        ("acordo vigente", 49, &[Tag("acordo_vigente")])
    } else if od == 0 && d.days_to_due == Some(5) {
        (
            "lembrete D-5",
            50,
            &[Contact(EMAIL, "lembrete_d5", Repeat::No)],
        )
    } else if od == 0 && d.days_to_due == Some(1) {
        (
            "lembrete D-1",
            51,
            &[Contact(SMS, "lembrete_d1", Repeat::No)],
        )
    } else if od >= 1 && bal < 5000 {
        (
            "saldo residual",
            52,
            &[Contact(SMS, "saldo_residual", Every(0, 15))],
        )
    } else if od == 1 {
        ("aviso D+1", 53, &[Contact(SMS, "aviso_d1", Repeat::No)])
    } else if od == 3 && bom_pagador {
        (
            "bom pagador D+3",
            54,
            &[Contact(EMAIL, "lembrete_amigavel", Repeat::No)],
        )
    } else if od == 3 {
        (
            "whatsapp D+3",
            55,
            &[Contact(WHATSAPP, "cobranca_d3", Repeat::No)],
        )
    } else if od == 7 && bal >= 30_000 {
        (
            "email D+7 com parcelamento",
            56,
            &[
                Contact(EMAIL, "parcelamento_d7", Repeat::No),
                Installments(6),
            ],
        )
    } else if od == 7 {
        (
            "email D+7",
            57,
            &[Contact(EMAIL, "cobranca_d7", Repeat::No)],
        )
    } else if od == 30 && bal >= 10_000 {
        (
            "notificação pré-negativação",
            58,
            &[Contact(LETTER, "notificacao_negativacao", Once(1))],
        )
    } else if (10..=44).contains(&od) && bal >= 100_000 && prioritario {
        (
            "ligar prioritários",
            59,
            &[
                Contact(CALL, "", Every(2, 7)),
                Queue("cobranca_prioritaria"),
                Installments(12),
            ],
        )
    } else if od == 15 && seg == 3 {
        (
            "whatsapp D+15 baixo valor",
            60,
            &[Contact(WHATSAPP, "cobranca_d15", Repeat::No)],
        )
    } else if od == 15 {
        (
            "ligação D+15",
            61,
            &[Contact(CALL, "", Repeat::No), Queue("cobranca_ativa")],
        )
    } else if od == 20 && bal >= 20_000 {
        (
            "oferta de parcelas D+20",
            62,
            &[
                Contact(WHATSAPP, "oferta_parcelas", Repeat::No),
                Installments(10),
            ],
        )
    } else if od == 45 && bal >= 10_000 {
        (
            "negativação D+45",
            63,
            &[Bureau, Contact(EMAIL, "aviso_negativado", Repeat::No)],
        )
    } else if od == 60 && bal >= 10_000 {
        (
            "desconto D+60",
            64,
            &[
                Contact(WHATSAPP, "oferta_desconto", Repeat::No),
                Discount(15),
            ],
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
            &[Contact(WHATSAPP, "quitacao", Every(3, 30)), Discount(30)],
        )
    } else if od >= 1 {
        ("em atraso", 67, &[Tag("em_atraso")])
    } else {
        return Ok(0);
    };
    // The offer of the rule (if any) feeds the placeholders of its contact.
    let offer = acts.iter().find_map(|a| match a {
        Installments(n) => Some(w.installments(d.updated_balance(), *n)),
        Discount(p) => Some(w.discount(d, *p)),
        _ => None,
    });
    let mut planned = Planned::default();
    for (index, act) in acts.iter().enumerate() {
        w.write(
            out,
            d,
            zone,
            rule,
            line,
            index,
            act,
            offer.as_ref(),
            &mut planned,
        )?;
    }
    Ok(acts.len() as u64)
}

/// Contacts this run already planned for the debtor (they count towards the caps).
#[derive(Default)]
struct Planned {
    contacts: u32,
    calls: u32,
}

// ---------------------------------------------------------------------------------------
// Offers, rendering and the JSON record.

enum OfferCalc {
    /// `None` when nothing is owed (strat then suppresses the offer).
    Installments(Option<Installments>),
    Discount(Option<DiscountCalc>),
}

struct Installments {
    total: i64,
    amounts: Vec<i64>,
    dues: Vec<NaiveDate>,
}

struct DiscountCalc {
    percent: u32,
    discount: i64,
    total: i64,
    principal: i64,
    fee: i64,
    interest: i64,
    deadline: NaiveDate,
}

/// Cents as a decimal string with two places (`"1918.87"`), as strat serializes amounts.
struct Amount(i64);

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut buf = String::with_capacity(16);
        push_decimal(&mut buf, self.0);
        s.serialize_str(&buf)
    }
}

struct AmountList<'a>(&'a [i64]);

impl Serialize for AmountList<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for a in self.0 {
            seq.serialize_element(&Amount(*a))?;
        }
        seq.end()
    }
}

/// The offer object in strat's field order.
struct OfferJson<'a>(&'a OfferCalc);

impl Serialize for OfferJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            OfferCalc::Installments(Some(o)) => {
                let mut m = s.serialize_map(Some(5))?;
                m.serialize_entry("type", "installments")?;
                m.serialize_entry("count", &o.amounts.len())?;
                m.serialize_entry("amounts", &AmountList(&o.amounts))?;
                m.serialize_entry("due_dates", &o.dues)?;
                m.serialize_entry("total", &Amount(o.total))?;
                m.end()
            }
            OfferCalc::Discount(Some(o)) => {
                let mut m = s.serialize_map(Some(6))?;
                m.serialize_entry("type", "discount")?;
                m.serialize_entry("pct_applied", &o.percent.to_string())?;
                m.serialize_entry("discount_amount", &Amount(o.discount))?;
                m.serialize_entry("discounted_total", &Amount(o.total))?;
                m.serialize_entry("remaining", &Remaining(o))?;
                m.serialize_entry("deadline", &o.deadline)?;
                m.end()
            }
            _ => s.serialize_none(),
        }
    }
}

struct Remaining<'a>(&'a DiscountCalc);

impl Serialize for Remaining<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(4))?;
        m.serialize_entry("principal", &Amount(self.0.principal))?;
        m.serialize_entry("late_fee", &Amount(self.0.fee))?;
        m.serialize_entry("interest", &Amount(self.0.interest))?;
        m.serialize_entry("total", &Amount(self.0.total))?;
        m.end()
    }
}

#[derive(Serialize)]
struct Record<'a> {
    action_id: &'a str,
    as_of: NaiveDate,
    strategy: &'static str,
    strategy_version: u32,
    debtor_id: &'a str,
    rule: &'a str,
    line: u32,
    kind: &'static str,
    channel: Option<&'static str>,
    template: Option<&'static str>,
    text: Option<&'a str>,
    offer: Option<OfferJson<'a>>,
    target: Option<&'static str>,
    scheduled_for: &'a str,
    due_at: &'a str,
    status: &'static str,
    reason_code: Option<&'static str>,
    reason: Option<&'a str>,
}

struct ActionWriter {
    as_of: NaiveDate,
    as_of_text: String,
    deadline: NaiveDate,
    action_id: String,
    text: String,
    reason: String,
    /// The suppression's reason code (set with `reason`).
    code: &'static str,
}

fn push_decimal(out: &mut String, cents: i64) {
    if cents < 0 {
        out.push('-');
    }
    let c = cents.unsigned_abs();
    let _ = write!(out, "{}.{:02}", c / 100, c % 100);
}

/// `R$ 1.234,56` (`-R$ ...` below zero), as strat formats money in texts.
fn push_brl(out: &mut String, cents: i64) {
    if cents < 0 {
        out.push('-');
    }
    let c = cents.unsigned_abs();
    let mut units = [0u8; 20];
    let mut n = c / 100;
    let mut len = 0;
    loop {
        units[len] = b'0' + (n % 10) as u8;
        len += 1;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.push_str("R$ ");
    for i in (0..len).rev() {
        out.push(char::from(units[i]));
        if i > 0 && i % 3 == 0 {
            out.push('.');
        }
    }
    let _ = write!(out, ",{:02}", c % 100);
}

fn push_date_br(out: &mut String, d: NaiveDate) {
    let _ = write!(out, "{:02}/{:02}/{:04}", d.day(), d.month(), d.year());
}

impl ActionWriter {
    fn new(as_of: NaiveDate) -> Self {
        ActionWriter {
            as_of,
            as_of_text: as_of.to_string(),
            deadline: as_of
                .checked_add_days(Days::new(OFFER_VALID_DAYS))
                .unwrap_or(NaiveDate::MAX),
            action_id: String::with_capacity(32),
            text: String::with_capacity(512),
            reason: String::with_capacity(128),
            code: "",
        }
    }

    /// Up to `requested` (and the policy's 12) installments of at least R$ 50,00: equal
    /// cents, the last absorbing the remainder; monthly from the deadline.
    fn installments(&self, total: i64, requested: u32) -> OfferCalc {
        if total <= 0 {
            return OfferCalc::Installments(None);
        }
        let mut n = requested.clamp(1, MAX_INSTALLMENTS);
        while n > 1 && total / (n as i64) < MIN_INSTALLMENT {
            n -= 1;
        }
        let regular = total / n as i64;
        let mut amounts = vec![regular; n as usize - 1];
        amounts.push(total - regular * (n as i64 - 1));
        let dues = (0..n)
            .map(|i| {
                self.deadline
                    .checked_add_months(Months::new(i))
                    .unwrap_or(NaiveDate::MAX)
            })
            .collect();
        OfferCalc::Installments(Some(Installments {
            total,
            amounts,
            dues,
        }))
    }

    /// `requested` percent (at most the policy's 30) of the updated balance, cut to cents,
    /// taken from the late fee first, then interest, then principal.
    fn discount(&self, d: &Debtor, requested: u32) -> OfferCalc {
        let original = d.updated_balance();
        if original <= 0 {
            return OfferCalc::Discount(None);
        }
        let percent = requested.min(MAX_DISCOUNT);
        let discount = original * i64::from(percent) / 100;
        let mut left = discount;
        let mut take = |part: i64| {
            let taken = left.min(part.max(0));
            left -= taken;
            part - taken
        };
        let fee = take(d.fee);
        let interest = take(d.interest);
        let principal = take(d.balance);
        OfferCalc::Discount(Some(DiscountCalc {
            percent,
            discount,
            total: original - discount,
            principal,
            fee,
            interest,
            deadline: self.deadline,
        }))
    }

    /// The suppression reason of the action, in strat's order of guardrails, into
    /// `self.reason`; false when it passes.
    fn guard(
        &mut self,
        d: &Debtor,
        zone: &Zone,
        act: &Act,
        offer: Option<&OfferCalc>,
        planned: &Planned,
    ) -> bool {
        let r = &mut self.reason;
        r.clear();
        let as_of = self.as_of;
        match act {
            Act::Contact(ch, _, repeat) => {
                match *repeat {
                    Repeat::Once(k) => {
                        if let Some(last) = d.last_done[k] {
                            let start = d.episode_start(as_of).or(d.oldest_issue);
                            if start.is_none_or(|s| last >= s) {
                                self.code = "once_done";
                                let _ = write!(
                                    r,
                                    "once: already done on {last} in this delinquency episode"
                                );
                                return true;
                            }
                        }
                    }
                    Repeat::Every(k, days) => {
                        if let Some(last) = d.last_done[k] {
                            if (as_of - last).num_days() < days {
                                self.code = "every_not_due";
                                let _ = write!(r, "every {days} days: last done {last}");
                                return true;
                            }
                        }
                    }
                    Repeat::No => {}
                }
                let name = CHANNELS[*ch];
                if let Some(since) = d.opt_out[*ch] {
                    self.code = "opt_out";
                    let _ = write!(r, "opt-out: debtor opted out of {name} on {since}");
                } else if *ch == EMAIL && !d.has_email {
                    self.code = "no_address";
                    r.push_str("no address: debtor has no email");
                } else if *ch != EMAIL && *ch != LETTER && !d.has_phone {
                    self.code = "no_address";
                    let _ = write!(r, "no address: debtor has no phone for {name}");
                } else if d.has_agreement {
                    self.code = "agreement_in_force";
                    r.push_str("agreement in force");
                } else if zone.slot.is_none() {
                    self.code = "no_contact_window";
                    let _ = write!(
                        r,
                        "no contact window in the next {WINDOW_HORIZON_DAYS} days"
                    );
                } else if d.contacts_7d + planned.contacts >= MAX_CONTACTS.0 {
                    let (count, days) = MAX_CONTACTS;
                    let n = d.contacts_7d + planned.contacts;
                    self.code = "max_contacts";
                    let _ = write!(
                        r,
                        "max contacts {count} per {days} days reached ({n} in window)"
                    );
                } else if *ch == CALL && d.calls_7d + planned.calls >= MAX_CALLS.0 {
                    let (count, days) = MAX_CALLS;
                    let n = d.calls_7d + planned.calls;
                    self.code = "channel_cap";
                    let _ = write!(
                        r,
                        "max calls {count} per {days} days reached ({n} in window)"
                    );
                }
            }
            Act::Bureau => {
                // Five years after the oldest open overdue debt's due date (CDC art. 43 §1).
                let limit = d
                    .oldest_due
                    .filter(|_| d.days_overdue > 0)
                    .and_then(|due| due.checked_add_months(Months::new(60)));
                if d.has_agreement {
                    self.code = "agreement_in_force";
                    r.push_str("agreement in force");
                } else if limit.is_some_and(|l| as_of > l) {
                    self.code = "bureau_five_years";
                    r.push_str("bureau: debt overdue more than 5 years (CDC art. 43 §1)");
                } else {
                    let latest = as_of - chrono::Duration::days(BUREAU_NOTICE_DAYS);
                    let start = d.episode_start(as_of);
                    let noticed = d
                        .letters
                        .iter()
                        .any(|&sent| sent <= latest && start.is_none_or(|s| sent >= s));
                    if !noticed {
                        self.code = "bureau_no_letter";
                        let _ = write!(
                            r,
                            "bureau: no letter sent at least {BUREAU_NOTICE_DAYS} days before (policy bureau notice {BUREAU_NOTICE_DAYS} days)"
                        );
                    }
                }
            }
            Act::Installments(_) | Act::Discount(_) => {
                if matches!(
                    offer,
                    Some(OfferCalc::Installments(None) | OfferCalc::Discount(None))
                ) {
                    self.code = "offer_unavailable";
                    r.push_str("offer: nothing to offer: the updated balance is ");
                    push_brl(r, d.updated_balance());
                }
            }
            _ => {}
        }
        !r.is_empty()
    }

    #[allow(clippy::too_many_arguments)]
    fn write(
        &mut self,
        out: &mut impl Write,
        d: &Debtor,
        zone: &Zone,
        rule: &str,
        line: u32,
        index: usize,
        act: &Act,
        offer: Option<&OfferCalc>,
        planned: &mut Planned,
    ) -> std::io::Result<()> {
        let (kind, channel, template, target) = match act {
            Act::Contact(ch, t, _) => ("contact", Some(*ch), (!t.is_empty()).then_some(*t), None),
            Act::Installments(_) | Act::Discount(_) => ("offer", None, None, None),
            Act::Bureau => ("bureau", None, None, None),
            Act::Agency(a) => ("escalate", None, None, Some(*a)),
            Act::Queue(q) => ("assign", None, None, Some(*q)),
            Act::Tag(t) => ("tag", None, None, Some(*t)),
        };
        let suppressed = self.guard(d, zone, act, offer, planned);
        if let (false, Some(ch)) = (suppressed, channel) {
            // The slot is on or after the as-of date: inside every window from here on.
            planned.contacts += 1;
            if ch == CALL {
                planned.calls += 1;
            }
        }
        if let Some(t) = template {
            self.render(t, d, offer);
        }
        let offer_json = match act {
            Act::Installments(_) | Act::Discount(_) => offer
                .filter(|o| !matches!(o, OfferCalc::Installments(None) | OfferCalc::Discount(None)))
                .map(OfferJson),
            _ => None,
        };
        let mut hasher = Sha256::new();
        let mut idx = [0u8; 20];
        let idx = {
            let mut n = index;
            let mut len = 0;
            loop {
                idx[19 - len] = b'0' + (n % 10) as u8;
                len += 1;
                n /= 10;
                if n == 0 {
                    break;
                }
            }
            &idx[20 - len..]
        };
        for part in [
            STRATEGY.as_bytes(),
            b"1",
            d.id.as_bytes(),
            rule.as_bytes(),
            idx,
            kind.as_bytes(),
            channel.map(|c| CHANNELS[c]).unwrap_or("").as_bytes(),
            self.as_of_text.as_bytes(),
        ] {
            hasher.update(part);
            hasher.update([0x1f]);
        }
        let digest = hasher.finalize();
        const HEX: &[u8; 16] = b"0123456789abcdef";
        self.action_id.clear();
        for b in digest.iter().take(16) {
            self.action_id.push(char::from(HEX[usize::from(b >> 4)]));
            self.action_id.push(char::from(HEX[usize::from(b & 0xf)]));
        }
        let (scheduled_for, due_at) = match (channel, &zone.slot, &zone.slot_utc) {
            (Some(_), Some(slot), Some(slot_utc)) => (slot.as_str(), slot_utc.as_str()),
            _ => (zone.day_start.as_str(), zone.day_start_utc.as_str()),
        };
        let record = Record {
            action_id: &self.action_id,
            as_of: self.as_of,
            strategy: STRATEGY,
            strategy_version: VERSION,
            debtor_id: &d.id,
            rule,
            line,
            kind,
            channel: channel.map(|c| CHANNELS[c]),
            template,
            text: template.map(|_| self.text.as_str()),
            offer: offer_json,
            target,
            scheduled_for,
            due_at,
            status: if suppressed { "suppressed" } else { "planned" },
            reason_code: suppressed.then_some(self.code),
            reason: suppressed.then_some(self.reason.as_str()),
        };
        serde_json::to_writer(&mut *out, &record)?;
        out.write_all(b"\n")
    }

    /// Render `template` into `self.text`.
    fn render(&mut self, template: &str, d: &Debtor, offer: Option<&OfferCalc>) {
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
        let out = &mut self.text;
        out.clear();
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
                "balance" => push_brl(out, d.balance),
                "updated_balance" => push_brl(out, d.updated_balance()),
                "due_date" => {
                    if let Some(due) = d.oldest_due {
                        push_date_br(out, due)
                    }
                }
                "days_overdue" => {
                    let _ = write!(out, "{}", d.days_overdue);
                }
                "creditor_name" => out.push_str(CREDITOR),
                "creditor_document" => out.push_str(CREDITOR_DOC),
                _ => match (name, offer) {
                    ("installments", Some(OfferCalc::Installments(Some(o)))) => {
                        let _ = write!(out, "{}", o.amounts.len());
                    }
                    ("installment_value", Some(OfferCalc::Installments(Some(o)))) => {
                        push_brl(out, o.amounts[0])
                    }
                    ("offer_deadline", Some(OfferCalc::Installments(Some(o)))) => {
                        push_date_br(out, o.dues[0])
                    }
                    ("offer_deadline", Some(OfferCalc::Discount(Some(o)))) => {
                        push_date_br(out, o.deadline)
                    }
                    ("discount", Some(OfferCalc::Discount(Some(o)))) => {
                        let _ = write!(out, "{}%", o.percent);
                    }
                    ("discounted_total", Some(OfferCalc::Discount(Some(o)))) => {
                        push_brl(out, o.total)
                    }
                    _ => {}
                },
            }
        }
        out.push_str(rest);
    }
}
