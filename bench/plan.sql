-- Benchmark (c): strategies/varejo_pf.strat as one SQLite query.
--
-- Derives, per debtor on the as-of date :as_of, the fields varejo_pf reads (balance,
-- updated_balance with 2% late fee and 1%/month interest pro rata die rounded per debt,
-- days_overdue, days_to_due, previous_delays, has_agreement, contacts in the last 7 days,
-- segment, score) and picks the first matching rule, top to bottom, with one CASE.
-- Money in integer cents. Returns one row per debtor that gets a rule, ordered by debtor id.
-- It does not render templates, compute offers or apply guardrails (see docs/benchmarks.md).
WITH
paid AS (
  -- payments are clustered by (debtor_id, debt_id, ...): grouping in that order needs no sort
  SELECT p.debtor_id,
         p.debt_id,
         SUM(CAST(round(p.amount * 100) AS INTEGER)) AS paid_cents,
         MAX(p.paid_on) AS last_paid
  FROM payments p
  WHERE p.paid_on <= :as_of
  GROUP BY p.debtor_id, p.debt_id
),
per_debt AS (
  SELECT d.debtor_id,
         d.due_on,
         CAST(round(d.principal * 100) AS INTEGER) - COALESCE(pd.paid_cents, 0) AS open_cents,
         pd.last_paid,
         CAST(julianday(:as_of) - julianday(d.due_on) AS INTEGER) AS days
  FROM debts d
  LEFT JOIN paid pd ON pd.debtor_id = d.debtor_id AND pd.debt_id = d.id
  WHERE d.issued_on <= :as_of
),
agg AS (
  SELECT debtor_id,
         SUM(CASE WHEN open_cents > 0 THEN open_cents ELSE 0 END) AS balance,
         SUM(CASE WHEN open_cents > 0 THEN open_cents
                  + CASE WHEN days > 0
                         THEN (open_cents * 2 + 50) / 100 + (open_cents * days + 1500) / 3000
                         ELSE 0 END
                  ELSE 0 END) AS updated_balance,
         MAX(CASE WHEN open_cents > 0 AND days > 0 THEN days ELSE 0 END) AS days_overdue,
         MIN(CASE WHEN open_cents > 0 AND days <= 0 THEN -days END) AS days_to_due,
         SUM(CASE WHEN open_cents <= 0 AND last_paid > due_on THEN 1 ELSE 0 END) AS previous_delays
  FROM per_debt
  GROUP BY debtor_id
),
agreement AS (
  SELECT DISTINCT debtor_id FROM agreements WHERE status = 'active' AND made_on <= :as_of
),
recent AS (
  SELECT debtor_id, COUNT(*) AS contacts_7d
  FROM contacts
  WHERE substr(at, 1, 10) > date(:as_of, '-7 days') AND substr(at, 1, 10) <= :as_of
  GROUP BY debtor_id
),
fields AS (
  SELECT d.id,
         COALESCE(a.balance, 0) AS bal,
         COALESCE(a.updated_balance, 0) AS updated_balance,
         COALESCE(a.days_overdue, 0) AS od,
         a.days_to_due AS dtd,
         COALESCE(a.previous_delays, 0) AS previous_delays,
         g.debtor_id IS NOT NULL AS has_agreement,
         COALESCE(r.contacts_7d, 0) AS contacts_7d,
         d.segment AS seg,
         CASE WHEN d.score IS NULL OR d.score = '' THEN NULL ELSE CAST(d.score AS INTEGER) END AS score
  FROM debtors d
  LEFT JOIN agg a ON a.debtor_id = d.id
  LEFT JOIN agreement g ON g.debtor_id = d.id
  LEFT JOIN recent r ON r.debtor_id = d.id
),
chosen AS (
  SELECT id, bal, updated_balance, od, contacts_7d,
    CASE
      WHEN has_agreement THEN 'acordo vigente'
      WHEN od = 0 AND dtd = 5 THEN 'lembrete D-5'
      WHEN od = 0 AND dtd = 1 THEN 'lembrete D-1'
      WHEN od >= 1 AND bal < 5000 THEN 'saldo residual'
      WHEN od = 1 THEN 'aviso D+1'
      WHEN od = 3 AND score >= 750 AND previous_delays = 0 THEN 'bom pagador D+3'
      WHEN od = 3 THEN 'whatsapp D+3'
      WHEN od = 7 AND bal >= 30000 THEN 'email D+7 com parcelamento'
      WHEN od = 7 THEN 'email D+7'
      WHEN od = 30 AND bal >= 10000 THEN 'notificação pré-negativação'
      WHEN od BETWEEN 10 AND 44 AND bal >= 100000 AND (seg = 'high_value' OR score >= 700)
        THEN 'ligar prioritários'
      WHEN od = 15 AND seg = 'low_value' THEN 'whatsapp D+15 baixo valor'
      WHEN od = 15 THEN 'ligação D+15'
      WHEN od = 20 AND bal >= 20000 THEN 'oferta de parcelas D+20'
      WHEN od = 45 AND bal >= 10000 THEN 'negativação D+45'
      WHEN od = 60 AND bal >= 10000 THEN 'desconto D+60'
      WHEN od = 90 THEN 'assessoria D+90'
      WHEN od > 180 AND bal >= 10000 THEN 'quitação com desconto'
      WHEN od >= 1 THEN 'em atraso'
    END AS rule
  FROM fields
)
SELECT id, rule, bal, updated_balance, od, contacts_7d
FROM chosen
WHERE rule IS NOT NULL
ORDER BY id
