//! Synthetic portfolio generator: writes the six CSV tables `strat import` reads (debtors,
//! debts, payments, contacts, opt_outs, agreements) for a believable Brazilian consumer and
//! small-business portfolio. Seeded and deterministic (its own splitmix64 PRNG, integer-only
//! distributions, no floating point), streaming (one debtor in memory at a time).
//!
//! ```text
//! cargo run --release --example gen_portfolio -- --debtors 1000000 --out DIR [--seed 42] [--as-of 2025-03-31]
//! ```
//!
//! Custom debtor columns (declared by the shipped strategies in `strategies/`):
//! `segment` (high_value | standard | low_value), `score` (int 0–1000, a few missing) and
//! `plan_type` (prepaid | postpaid | control | broadband).
//!
//! Must not depend on the strat library: it only writes files.

use chrono::{Datelike, Duration, NaiveDate};
use clap::Parser;
use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

#[derive(Parser, Debug)]
#[command(about = "Generate a synthetic collections portfolio as CSV files")]
struct Args {
    /// Number of debtors.
    #[arg(long, default_value_t = 1000)]
    debtors: u64,
    /// Output directory (created if absent).
    #[arg(long)]
    out: PathBuf,
    /// PRNG seed; the same seed, count and as-of date give the same files byte for byte.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// The portfolio's "today": nothing is dated after it.
    #[arg(long, default_value = "2025-03-31")]
    as_of: NaiveDate,
}

fn main() {
    let args = Args::parse();
    if let Err(e) = run(&args) {
        eprintln!("gen_portfolio: {e}");
        std::process::exit(2);
    }
}

// PRNG: splitmix64, plus integer-only helpers so the output never depends on libm.
#[path = "shared/rng.rs"]
mod rng;
use rng::Rng;

/// Piecewise-linear inverse CDF of a debt amount in cents: roughly log-normal, median about
/// R$ 320, from R$ 50 to R$ 50,000 (quantile per mille → cents).
const AMOUNT_QUANTILES: &[(u64, i64)] = &[
    (0, 5_000),
    (100, 8_000),
    (250, 14_500),
    (500, 32_000),
    (750, 79_000),
    (900, 190_000),
    (970, 560_000),
    (995, 1_900_000),
    (1000, 5_000_000),
];

fn amount_cents(rng: &mut Rng, scale_percent: i64) -> i64 {
    // A point on a 1,000,000-step scale, then linear interpolation inside its quantile band.
    let u = rng.below(1_000_000) as i64;
    let mut cents = AMOUNT_QUANTILES[AMOUNT_QUANTILES.len() - 1].1;
    for pair in AMOUNT_QUANTILES.windows(2) {
        let (q0, a0) = (pair[0].0 as i64 * 1000, pair[0].1);
        let (q1, a1) = (pair[1].0 as i64 * 1000, pair[1].1);
        if u < q1 {
            cents = a0 + (a1 - a0) * (u - q0) / (q1 - q0);
            break;
        }
    }
    (cents * scale_percent / 100).clamp(5_000, 5_000_000)
}

// ---------------------------------------------------------------------------------------
// Names, documents, contacts.

const FIRST_NAMES: &[&str] = &[
    "Ana",
    "Maria",
    "Juliana",
    "Fernanda",
    "Patrícia",
    "Aline",
    "Camila",
    "Amanda",
    "Bruna",
    "Letícia",
    "Mariana",
    "Beatriz",
    "Larissa",
    "Gabriela",
    "Vanessa",
    "Luciana",
    "Adriana",
    "Raquel",
    "Tatiane",
    "Simone",
    "Débora",
    "Cláudia",
    "Sônia",
    "Rosângela",
    "Francisca",
    "Antônia",
    "Jéssica",
    "Natália",
    "Priscila",
    "Renata",
    "José",
    "João",
    "Antônio",
    "Francisco",
    "Carlos",
    "Paulo",
    "Pedro",
    "Lucas",
    "Luiz",
    "Marcos",
    "Luís",
    "Gabriel",
    "Rafael",
    "Daniel",
    "Marcelo",
    "Bruno",
    "Eduardo",
    "Felipe",
    "Raimundo",
    "Rodrigo",
    "Manoel",
    "Mateus",
    "André",
    "Fernando",
    "Fábio",
    "Leonardo",
    "Gustavo",
    "Guilherme",
    "Thiago",
    "Sebastião",
    "Diego",
    "Vinícius",
    "Márcio",
    "Ricardo",
    "Sérgio",
    "Wellington",
];

const LAST_NAMES: &[&str] = &[
    "Silva",
    "Santos",
    "Oliveira",
    "Souza",
    "Rodrigues",
    "Ferreira",
    "Alves",
    "Pereira",
    "Lima",
    "Gomes",
    "Costa",
    "Ribeiro",
    "Martins",
    "Carvalho",
    "Almeida",
    "Lopes",
    "Soares",
    "Fernandes",
    "Vieira",
    "Barbosa",
    "Rocha",
    "Dias",
    "Nascimento",
    "Andrade",
    "Moreira",
    "Nunes",
    "Marques",
    "Machado",
    "Mendes",
    "Freitas",
    "Cardoso",
    "Ramos",
    "Gonçalves",
    "Santana",
    "Teixeira",
    "Araújo",
    "Cavalcanti",
    "Monteiro",
    "Moura",
    "Correia",
    "Pinto",
    "Batista",
    "Campos",
    "Barros",
    "Brito",
    "Farias",
    "Castro",
    "Reis",
    "Azevedo",
    "Melo",
];

const COMPANY_KINDS: &[&str] = &[
    "Comércio de Alimentos",
    "Materiais de Construção",
    "Auto Peças",
    "Transportes",
    "Serviços Contábeis",
    "Distribuidora",
    "Padaria e Confeitaria",
    "Informática",
    "Confecções",
    "Farmácia",
    "Restaurante",
    "Papelaria",
];

const COMPANY_SUFFIXES: &[&str] = &["Ltda", "ME", "EIRELI", "Ltda ME", "S.A."];

const EMAIL_DOMAINS: &[&str] = &[
    "gmail.com",
    "gmail.com",
    "gmail.com",
    "hotmail.com",
    "outlook.com",
    "yahoo.com.br",
    "uol.com.br",
    "bol.com.br",
    "terra.com.br",
];

/// (IANA zone, weight per mille, area codes).
const ZONES: &[(&str, u64, &[u32])] = &[
    (
        "America/Sao_Paulo",
        855,
        &[
            11, 11, 11, 21, 21, 31, 41, 47, 48, 51, 61, 62, 71, 27, 19, 13,
        ],
    ),
    ("America/Recife", 65, &[81, 83, 84, 85, 86, 98]),
    ("America/Manaus", 50, &[92, 95, 69, 65]),
    ("America/Rio_Branco", 20, &[68]),
    ("", 10, &[11, 21]),
];

fn ascii_lower(s: &str, out: &mut String) {
    for c in s.chars() {
        let mapped = match c {
            'á' | 'à' | 'â' | 'ã' | 'Á' | 'Â' | 'Ã' => 'a',
            'é' | 'ê' | 'É' | 'Ê' => 'e',
            'í' | 'Í' => 'i',
            'ó' | 'ô' | 'õ' | 'Ó' | 'Ô' => 'o',
            'ú' | 'ü' | 'Ú' => 'u',
            'ç' | 'Ç' => 'c',
            ' ' => '.',
            c => c.to_ascii_lowercase(),
        };
        if mapped.is_ascii_alphanumeric() || mapped == '.' {
            out.push(mapped);
        }
    }
}

/// Check digit of the Brazilian modulo-11 scheme used by CPF and CNPJ.
fn mod11_digit(sum: u32) -> u32 {
    let r = sum % 11;
    if r < 2 {
        0
    } else {
        11 - r
    }
}

fn cpf(rng: &mut Rng, out: &mut String) {
    let mut d = [0u32; 11];
    loop {
        for x in d.iter_mut().take(9) {
            *x = rng.below(10) as u32;
        }
        // All-equal digits are valid by the formula but rejected by the Receita.
        if d[..9].iter().any(|&x| x != d[0]) {
            break;
        }
    }
    d[9] = mod11_digit((0..9).map(|i| d[i] * (10 - i as u32)).sum());
    d[10] = mod11_digit((0..10).map(|i| d[i] * (11 - i as u32)).sum());
    use std::fmt::Write;
    let _ = write!(
        out,
        "{}{}{}.{}{}{}.{}{}{}-{}{}",
        d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9], d[10]
    );
}

fn cnpj(rng: &mut Rng, out: &mut String) {
    let mut d = [0u32; 14];
    for x in d.iter_mut().take(8) {
        *x = rng.below(10) as u32;
    }
    d[11] = 1; // branch 0001 (headquarters)
    const W1: [u32; 12] = [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
    const W2: [u32; 13] = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
    d[12] = mod11_digit((0..12).map(|i| d[i] * W1[i]).sum());
    d[13] = mod11_digit((0..13).map(|i| d[i] * W2[i]).sum());
    use std::fmt::Write;
    let _ = write!(
        out,
        "{}{}.{}{}{}.{}{}{}/{}{}{}{}-{}{}",
        d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9], d[10], d[11], d[12], d[13]
    );
}

// ---------------------------------------------------------------------------------------
// Formatting helpers (reused buffers; chrono's formatter is slow in a hot loop).

fn push_date(out: &mut String, d: NaiveDate) {
    use std::fmt::Write;
    let _ = write!(out, "{:04}-{:02}-{:02}", d.year(), d.month(), d.day());
}

fn push_cents(out: &mut String, cents: i64) {
    use std::fmt::Write;
    let _ = write!(out, "{}.{:02}", cents / 100, cents % 100);
}

fn id(out: &mut String, prefix: char, n: u64, width: usize) {
    use std::fmt::Write;
    out.clear();
    let _ = write!(out, "{prefix}{n:0width$}");
}

/// How a debtor pays: decides each past-due debt's fate.
#[derive(Clone, Copy)]
enum Behaviour {
    /// Pays on time, rarely a little late.
    Punctual,
    /// Often late, sometimes partial, sometimes not at all.
    Irregular,
    /// Mostly does not pay.
    Defaulter,
}

/// Per mille weights of (on time, late, partial, unpaid) for a due date already past.
fn fates(b: Behaviour) -> [u64; 4] {
    match b {
        Behaviour::Punctual => [955, 37, 3, 5],
        Behaviour::Irregular => [500, 260, 90, 150],
        Behaviour::Defaulter => [90, 110, 150, 650],
    }
}

const OUTCOMES: &[(&str, &[&str])] = &[
    ("email", &["delivered", "delivered", "opened", "bounced"]),
    ("sms", &["delivered", "delivered", "delivered", "failed"]),
    ("whatsapp", &["delivered", "read", "read", "replied"]),
    ("letter", &["posted", "posted", "returned"]),
    (
        "call",
        &[
            "no_answer",
            "no_answer",
            "answered",
            "promise_to_pay",
            "busy",
        ],
    ),
];

/// (rule name as the executor recorded it, channel index in OUTCOMES, days overdue).
const PAST_RULES: &[(&str, usize, i64)] = &[
    ("aviso D+1", 1, 1),
    ("whatsapp D+3", 2, 3),
    ("email D+7", 0, 7),
    ("ligação D+15", 4, 15),
    ("notificação pré-negativação", 3, 30),
];

struct Writers {
    debtors: csv::Writer<BufWriter<File>>,
    debts: csv::Writer<BufWriter<File>>,
    payments: csv::Writer<BufWriter<File>>,
    contacts: csv::Writer<BufWriter<File>>,
    opt_outs: csv::Writer<BufWriter<File>>,
    agreements: csv::Writer<BufWriter<File>>,
}

fn open(dir: &Path, name: &str, header: &[&str]) -> Result<csv::Writer<BufWriter<File>>, String> {
    let path = dir.join(name);
    let file = File::create(&path).map_err(|e| format!("cannot create {}: {e}", path.display()))?;
    let mut w = csv::Writer::from_writer(BufWriter::with_capacity(1 << 20, file));
    w.write_record(header).map_err(|e| e.to_string())?;
    Ok(w)
}

/// Counters for the summary line.
#[derive(Default)]
struct Totals {
    debts: u64,
    payments: u64,
    contacts: u64,
    opt_outs: u64,
    agreements: u64,
}

/// Reused text buffers for one debtor's row.
#[derive(Default)]
struct Buf {
    id: String,
    name: String,
    document: String,
    email: String,
    phone: String,
    score: String,
    a: String,
    b: String,
    c: String,
    d: String,
}

fn run(args: &Args) -> Result<(), String> {
    std::fs::create_dir_all(&args.out)
        .map_err(|e| format!("cannot create {}: {e}", args.out.display()))?;
    let mut w = Writers {
        debtors: open(
            &args.out,
            "debtors.csv",
            &[
                "id",
                "name",
                "document",
                "email",
                "phone",
                "timezone",
                "segment",
                "score",
                "plan_type",
            ],
        )?,
        debts: open(
            &args.out,
            "debts.csv",
            &["id", "debtor_id", "principal", "issued_on", "due_on"],
        )?,
        payments: open(
            &args.out,
            "payments.csv",
            &["id", "debt_id", "paid_on", "amount"],
        )?,
        contacts: open(
            &args.out,
            "contacts.csv",
            &["debtor_id", "channel", "at", "rule", "outcome"],
        )?,
        opt_outs: open(
            &args.out,
            "opt_outs.csv",
            &["debtor_id", "channel", "since"],
        )?,
        agreements: open(
            &args.out,
            "agreements.csv",
            &["id", "debtor_id", "made_on", "installments", "status"],
        )?,
    };
    let width = args.debtors.to_string().len().max(7);
    let mut rng = Rng(args.seed ^ 0x5354_5241_5400_0000);
    let mut totals = Totals::default();
    let mut buf = Buf::default();
    for n in 1..=args.debtors {
        debtor(
            &mut rng,
            args.as_of,
            n,
            width,
            &mut w,
            &mut totals,
            &mut buf,
        )
        .map_err(|e| format!("writing debtor {n}: {e}"))?;
    }
    for wr in [
        &mut w.debtors,
        &mut w.debts,
        &mut w.payments,
        &mut w.contacts,
        &mut w.opt_outs,
        &mut w.agreements,
    ] {
        wr.flush().map_err(|e| e.to_string())?;
    }
    eprintln!(
        "gen_portfolio: {} debtors, {} debts, {} payments, {} contacts, {} opt-outs, {} agreements → {}",
        args.debtors,
        totals.debts,
        totals.payments,
        totals.contacts,
        totals.opt_outs,
        totals.agreements,
        args.out.display()
    );
    Ok(())
}

/// One open debt, remembered to place contacts and agreements after the debts are written.
struct Open {
    due_on: NaiveDate,
}

fn debtor(
    rng: &mut Rng,
    as_of: NaiveDate,
    n: u64,
    width: usize,
    w: &mut Writers,
    totals: &mut Totals,
    b: &mut Buf,
) -> csv::Result<()> {
    id(&mut b.id, 'D', n, width);

    // Identity: ~7% companies (CNPJ), the rest people (CPF).
    let company = rng.chance(70);
    let first = rng.pick(FIRST_NAMES);
    let last = rng.pick(LAST_NAMES);
    b.name.clear();
    b.document.clear();
    if company {
        b.name.push_str(last);
        b.name.push(' ');
        b.name.push_str(rng.pick(COMPANY_KINDS));
        b.name.push(' ');
        b.name.push_str(rng.pick(COMPANY_SUFFIXES));
        cnpj(rng, &mut b.document);
    } else {
        b.name.push_str(first);
        if rng.chance(450) {
            b.name.push(' ');
            b.name.push_str(rng.pick(LAST_NAMES));
        }
        b.name.push(' ');
        b.name.push_str(last);
        cpf(rng, &mut b.document);
    }

    // Contact data: ~12% without email, ~6% without phone.
    b.email.clear();
    if !rng.chance(120) {
        if company {
            b.email.push_str(if rng.chance(600) {
                "financeiro@"
            } else {
                "contato@"
            });
            ascii_lower(last, &mut b.email);
            b.email.push_str(".com.br");
        } else {
            ascii_lower(first, &mut b.email);
            b.email.push(if rng.chance(500) { '.' } else { '_' });
            ascii_lower(last, &mut b.email);
            if rng.chance(400) {
                use std::fmt::Write;
                let _ = write!(b.email, "{}", rng.range(1, 99));
            }
            b.email.push('@');
            b.email.push_str(rng.pick(EMAIL_DOMAINS));
        }
    }
    let zone = rng.weighted(&ZONES.iter().map(|z| z.1).collect::<Vec<_>>());
    let (tz, _, area_codes) = ZONES[zone];
    b.phone.clear();
    if !rng.chance(60) {
        use std::fmt::Write;
        let ddd = rng.pick(area_codes);
        let _ = write!(
            b.phone,
            "+55{ddd}9{:04}{:04}",
            rng.below(10_000),
            rng.below(10_000)
        );
    }

    // Profile: behaviour, segment, score (Irwin–Hall of three uniforms, shifted by behaviour).
    let behaviour = match rng.weighted(&[700, 200, 100]) {
        0 => Behaviour::Punctual,
        1 => Behaviour::Irregular,
        _ => Behaviour::Defaulter,
    };
    let segment_i = if company {
        rng.weighted(&[450, 500, 50])
    } else {
        rng.weighted(&[90, 600, 310])
    };
    let segment = ["high_value", "standard", "low_value"][segment_i];
    let scale = [350, 100, 40][segment_i];
    let base: i64 = (0..3).map(|_| rng.range(0, 333)).sum();
    let shift = match behaviour {
        Behaviour::Punctual => 120,
        Behaviour::Irregular => -40,
        Behaviour::Defaulter => -220,
    };
    b.score.clear();
    if !rng.chance(25) {
        use std::fmt::Write;
        let _ = write!(b.score, "{}", (base + shift).clamp(0, 1000));
    }
    let plan_type =
        ["prepaid", "postpaid", "control", "broadband"][rng.weighted(&[150, 450, 250, 150])];

    w.debtors.write_record([
        b.id.as_str(),
        &b.name,
        &b.document,
        &b.email,
        &b.phone,
        tz,
        segment,
        &b.score,
        plan_type,
    ])?;

    // Debts: 1–6 titles, due dates spread over the 18 months before as-of plus the next
    // month; ~2.5% of debtors also carry a stale debt 1.5–5.5 years old.
    let count = 1 + rng.weighted(&[300, 280, 190, 120, 70, 40]) as i64;
    let mut dues: [i64; 7] = [0; 7];
    for due in dues.iter_mut().take(count as usize) {
        *due = if rng.chance(70) {
            rng.range(1, 30) // due in the coming month
        } else {
            -rng.range(0, 547)
        };
    }
    let mut count = count as usize;
    if rng.chance(25) {
        let oldest = if rng.chance(150) { 2000 } else { 1800 };
        dues[count] = -rng.range(548, oldest);
        count += 1;
    }
    dues[..count].sort_unstable();

    let mut open_overdue: Vec<Open> = Vec::new();
    for &offset in &dues[..count] {
        totals.debts += 1;
        let debt_n = totals.debts;
        let due_on = as_of + Duration::days(offset);
        // Nothing is dated after as-of: a bill due next month was issued by today.
        let issued_on = (due_on - Duration::days(rng.range(10, 40))).min(as_of);
        let principal = amount_cents(rng, scale);
        id(&mut b.a, 'T', debt_n, 9);
        b.b.clear();
        push_cents(&mut b.b, principal);
        b.c.clear();
        push_date(&mut b.c, issued_on);
        b.d.clear();
        push_date(&mut b.d, due_on);
        w.debts
            .write_record([b.a.as_str(), &b.id, &b.b, &b.c, &b.d])?;

        let overdue = offset < 0;
        // Fate: 0 on time, 1 late, 2 partial, 3 unpaid. Future debts: 20% paid early.
        let fate = if overdue {
            if offset < -547 {
                3 // stale debts are the ones never paid
            } else {
                rng.weighted(&fates(behaviour))
            }
        } else if rng.chance(200) {
            0
        } else {
            3
        };
        let debt_id = b.a.clone();
        match fate {
            0 => {
                let early = rng.range(0, 5).min((due_on - issued_on).num_days());
                let paid = (due_on - Duration::days(early)).min(as_of);
                payment(w, totals, b, &debt_id, paid, principal)?;
            }
            1 => {
                let late = rng.range(1, 75);
                let paid = due_on + Duration::days(late);
                if paid <= as_of {
                    payment(w, totals, b, &debt_id, paid, principal)?;
                } else {
                    open_overdue.push(Open { due_on });
                }
            }
            2 => {
                let share = rng.range(15, 80);
                let first = principal * share / 100;
                let paid = (due_on + Duration::days(rng.range(0, 30))).min(as_of);
                payment(w, totals, b, &debt_id, paid, first)?;
                if rng.chance(300) {
                    let second = (principal - first) * rng.range(20, 60) / 100;
                    let paid2 = (paid + Duration::days(rng.range(15, 45))).min(as_of);
                    payment(w, totals, b, &debt_id, paid2, second)?;
                }
                open_overdue.push(Open { due_on });
            }
            _ => {
                if overdue {
                    open_overdue.push(Open { due_on });
                }
            }
        }
    }

    // Contact history for the open overdue episode: what yesterday's régua already did.
    if let Some(oldest) = open_overdue.first() {
        let days = (as_of - oldest.due_on).num_days();
        for &(rule, ch, at_day) in PAST_RULES {
            if at_day < days && rng.chance(850) {
                let day = oldest.due_on + Duration::days(at_day);
                let (channel, outcomes) = OUTCOMES[ch];
                contact(
                    rng,
                    w,
                    totals,
                    b,
                    day,
                    channel,
                    rule,
                    rng_pick(outcomes, n, at_day),
                )?;
            }
        }
        if days > 20 && rng.chance(400) {
            let day = as_of - Duration::days(rng.range(1, 6));
            contact(
                rng,
                w,
                totals,
                b,
                day,
                "call",
                "ligar prioridade",
                "no_answer",
            )?;
        }
        // Agreements: ~6% of delinquent debtors negotiated at some point.
        if days > 10 && rng.chance(60) {
            totals.agreements += 1;
            let made_on = oldest.due_on + Duration::days(rng.range(5, days.min(180)));
            id(&mut b.a, 'A', totals.agreements, 8);
            b.c.clear();
            push_date(&mut b.c, made_on.min(as_of));
            b.d.clear();
            use std::fmt::Write;
            let installments = rng.range(2, 12);
            let _ = write!(b.d, "{installments}");
            // An agreement older than its installments cannot still be running.
            let months = (as_of - made_on).num_days() / 30;
            let status = if months >= installments {
                ["broken", "paid"][rng.weighted(&[600, 400])]
            } else {
                ["active", "broken", "paid"][rng.weighted(&[550, 400, 50])]
            };
            w.agreements
                .write_record([b.a.as_str(), &b.id, &b.c, &b.d, status])?;
        }
    } else if rng.chance(80) {
        // A pre-due reminder sent to a current debtor.
        let day = as_of - Duration::days(rng.range(1, 25));
        contact(rng, w, totals, b, day, "email", "lembrete D-5", "delivered")?;
    }

    // LGPD opt-outs: ~2% of debtors, one or two channels.
    if rng.chance(20) {
        let channels = ["sms", "whatsapp", "email", "call"];
        let first_ch = rng.below(4) as usize;
        let n_ch = if rng.chance(250) { 2 } else { 1 };
        for k in 0..n_ch {
            totals.opt_outs += 1;
            b.c.clear();
            push_date(&mut b.c, as_of - Duration::days(rng.range(1, 400)));
            w.opt_outs
                .write_record([b.id.as_str(), channels[(first_ch + k) % 4], &b.c])?;
        }
    }
    Ok(())
}

/// Deterministic outcome without consuming the main stream (keeps streams stable when the
/// outcome lists change).
fn rng_pick<'a>(outcomes: &[&'a str], n: u64, day: i64) -> &'a str {
    let mut r = Rng(n.wrapping_mul(31).wrapping_add(day as u64));
    r.pick(outcomes)
}

fn payment(
    w: &mut Writers,
    totals: &mut Totals,
    b: &mut Buf,
    debt_id: &str,
    paid_on: NaiveDate,
    cents: i64,
) -> csv::Result<()> {
    totals.payments += 1;
    id(&mut b.b, 'P', totals.payments, 9);
    b.c.clear();
    push_date(&mut b.c, paid_on);
    b.d.clear();
    push_cents(&mut b.d, cents);
    w.payments.write_record([b.b.as_str(), debt_id, &b.c, &b.d])
}

#[allow(clippy::too_many_arguments)]
fn contact(
    rng: &mut Rng,
    w: &mut Writers,
    totals: &mut Totals,
    b: &mut Buf,
    day: NaiveDate,
    channel: &str,
    rule: &str,
    outcome: &str,
) -> csv::Result<()> {
    totals.contacts += 1;
    b.c.clear();
    push_date(&mut b.c, day);
    use std::fmt::Write;
    let _ = write!(
        b.c,
        "T{:02}:{:02}:00-03:00",
        rng.range(8, 19),
        rng.range(0, 59)
    );
    w.contacts
        .write_record([b.id.as_str(), channel, &b.c, rule, outcome])
}
