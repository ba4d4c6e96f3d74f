//! Documentation of the codes that are not lints: reading, syntax, names, types, settings
//! and tests. Each is written in the same sections as a lint's (What it does / Why is this
//! bad? / Example) so `--explain` and the generated page treat all codes alike.

use super::code_doc;

code_doc! {
    /// ## What it does
    /// Reports a file that could not be read as a strategy at all: it is not UTF-8 (the byte
    /// offset of the first bad byte is given), it is larger than 4 MiB, or it is empty. Nothing is
    /// parsed.
    ///
    /// ## Why is this bad?
    /// Nothing in the file can be checked or planned. These are almost always a wrong path, a
    /// truncated copy or a file saved in another encoding (Latin-1 from an old editor).
    ///
    /// ## Example
    /// An empty file, or one saved as Latin-1 by an old editor (`Cobrança` written with
    /// the single byte `0xE7`), or a 12 MB export pasted by mistake. Use instead: a
    /// non-empty strategy saved as UTF-8.
    const INVALID_INPUT = [Error];
}

code_doc! {
    /// ## What it does
    /// Reports text that does not follow the strategy grammar. The parser reports every syntax
    /// error it can find in the file, not only the first, and the checker still reports on the
    /// items that parsed.
    ///
    /// ## Why is this bad?
    /// A strategy that does not parse cannot be checked, tested or planned.
    ///
    /// ## Example
    /// ```text
    /// creditor "Loja Exemplo S.A." document "12.345.678/0001-90"
    /// rule "aviso": when days_overdue >= then sms
    /// rule "ligar": when days_overdue = 20 then cal
    /// ```
    /// Finish the comparison and spell the action as a keyword (`call`). Use instead:
    /// ```text
    /// creditor "Loja Exemplo S.A." document "12.345.678/0001-90"
    /// rule "ligar": when days_overdue = 20 then call
    /// rule "aviso": when days_overdue >= 1 then sms
    /// ```
    const SYNTAX_ERROR = [Error];
}

code_doc! {
    /// ## What it does
    /// Reports a condition, segment or template that names a field that is neither built in
    /// (`strat fields`) nor declared with `field`. The help line suggests the closest known name
    /// (edit distance) when there is one, otherwise shows how to declare the column.
    ///
    /// ## Why is this bad?
    /// The engine could not give the field a value for any debtor; usually it is a typo, or a
    /// portfolio column that was never declared with its type.
    ///
    /// ## Example
    /// ```text
    /// creditor "Loja Exemplo S.A." document "12.345.678/0001-90"
    /// rule "aviso": when days_overdu >= 1 then sms
    /// rule "vip": when dias_atraso >= 1 and tier = gold then call
    /// ```
    /// Correct the typo and declare custom portfolio columns with their type. Use instead:
    /// ```text
    /// creditor "Loja Exemplo S.A." document "12.345.678/0001-90"
    /// field tier: enum(gold, silver)
    /// rule "vip": when days_overdue >= 1 and tier = gold then call
    /// rule "aviso": when days_overdue >= 1 then sms
    /// ```
    const UNKNOWN_FIELD = [Error];
}

code_doc! {
    /// ## What it does
    /// Reports a contact action (or a test's `expect`) that names a template that is not declared.
    /// The closest declared template is suggested.
    ///
    /// ## Why is this bad?
    /// The engine would have no text to send.
    ///
    /// ## Example
    /// ```text
    /// creditor "Loja Exemplo S.A." document "12.345.678/0001-90"
    /// template lembrete for email: "Olá {first_name}, sua fatura vence em {due_date}."
    /// rule "lembrete": when days_to_due = 3 then email template "lembret"
    /// ```
    /// Use the declared name. Use instead:
    /// ```text
    /// creditor "Loja Exemplo S.A." document "12.345.678/0001-90"
    /// template lembrete for email: "Olá {first_name}, sua fatura vence em {due_date}."
    /// rule "lembrete": when days_to_due = 3 then email template "lembrete"
    /// ```
    const UNKNOWN_TEMPLATE = [Error];
}

code_doc! {
    /// ## What it does
    /// Reports values of different types that meet: a comparison between a money field and an int
    /// field (a field never silently changes type), an enum value that is not one of the field's
    /// variants, a date compared with a number, a condition that is not true/false, a placeholder
    /// naming a segment, or arithmetic outside the rules below. Number literals take the type
    /// their context needs: `balance >= 5000` compares money, `days_overdue = 20` days, `score >=
    /// 600` an int; a percentage must be written with `%`.
    ///
    /// Arithmetic: two values of the same numeric type; money × percent; money × int and money ÷
    /// int; date − date = days; date ± days = date.
    ///
    /// ## Why is this bad?
    /// Comparing unlike values has no meaning the engine could pick for you (is a date greater
    /// than 30?), and guessing would silently change which debtors a rule reaches.
    ///
    /// ## Example
    /// ```text
    /// creditor "Loja Exemplo S.A." document "12.345.678/0001-90"
    /// field score: int
    /// field segment: enum(high_value, standard)
    /// rule "a": when balance > score then call
    /// rule "b": when days_overdue >= 1 and segment = premium then sms
    /// rule "c": when last_payment > 30 then sms
    /// rule "d": when balance then sms
    /// ```
    /// Compare like with like; use `days_since(date)` / `days_until(date)` to turn dates into
    /// days. Use instead:
    /// ```text
    /// creditor "Loja Exemplo S.A." document "12.345.678/0001-90"
    /// field score: int
    /// field segment: enum(high_value, standard)
    /// rule "a": when balance > 5000 and score >= 600 then call
    /// rule "b": when days_overdue >= 1 and segment = high_value then sms
    /// rule "c": when days_since(last_payment) > 30 then sms
    /// ```
    const TYPE_MISMATCH = [Error];
}

code_doc! {
    /// ## What it does
    /// Reports a `{placeholder}` in a template that names no known value. The known placeholders
    /// are every field (built-in or declared) and `installments`, `installment_value`, `discount`,
    /// `discounted_total`, `offer_deadline`, `creditor_name`, `creditor_document`.
    ///
    /// Offer placeholders are filled from the offer made by the same rule, so a rule that sends a
    /// template showing `{discount}` or `{discounted_total}` must make a discount offer, one
    /// showing `{installments}` or `{installment_value}` must make an installment offer, and
    /// `{offer_deadline}` needs either. Otherwise the error points at the template name in the
    /// rule.
    ///
    /// ## Why is this bad?
    /// The message would reach the debtor with a hole (or a literal `{primeiro_nome}`) in it.
    ///
    /// ## Example
    /// ```text
    /// creditor "Loja Exemplo S.A." document "12.345.678/0001-90"
    /// policy { max discount 30% }
    /// template oferta for whatsapp: "{primeiro_nome}, quite hoje com {discount} de desconto."
    /// rule "quitação": when days_overdue > 90 then whatsapp template "oferta"
    /// ```
    /// Spell the field correctly and make the offer the template talks about. Use instead:
    /// ```text
    /// creditor "Loja Exemplo S.A." document "12.345.678/0001-90"
    /// policy { max discount 30% }
    /// template oferta for whatsapp: "{first_name}, quite hoje com {discount} de desconto."
    /// rule "quitação": when days_overdue > 90 then offer discount up to 30%; whatsapp template "oferta"
    /// rule "aviso": when days_overdue >= 1 then sms
    /// ```
    const UNKNOWN_PLACEHOLDER = [Error];
}

code_doc! {
    /// ## What it does
    /// Reports a template declared `for` one channel that a rule sends on another.
    ///
    /// ## Why is this bad?
    /// Channels differ in length limits and format (an SMS is not an email), so each channel gets
    /// its own template.
    ///
    /// ## Example
    /// ```text
    /// creditor "Loja Exemplo S.A." document "12.345.678/0001-90"
    /// template lembrete for email: "Olá {first_name}, sua fatura de {balance} vence em {due_date}."
    /// rule "lembrete": when days_to_due = 3 then sms template "lembrete"
    /// ```
    /// Declare a template for the channel that sends it. Use instead:
    /// ```text
    /// creditor "Loja Exemplo S.A." document "12.345.678/0001-90"
    /// template lembrete for email: "Olá {first_name}, sua fatura de {balance} vence em {due_date}."
    /// template lembrete_sms for sms: "{first_name}: fatura de {balance} vence em {due_date}."
    /// rule "lembrete": when days_to_due = 3 then sms template "lembrete_sms"; email template "lembrete"
    /// ```
    const TEMPLATE_CHANNEL = [Error];
}

code_doc! {
    /// ## What it does
    /// Reports two rules, fields, enum variants, templates, segments or tests that share a name, a
    /// declared field that redeclares a built-in, or a segment with the name of a field.
    ///
    /// ## Why is this bad?
    /// Plans, `strat explain` and test results refer to rules by name, and conditions refer to
    /// fields and segments by name, so names must be unique.
    ///
    /// ## Example
    /// ```text
    /// creditor "Loja Exemplo S.A." document "12.345.678/0001-90"
    /// field balance: money
    /// field score: int
    /// field score: int
    /// rule "aviso": when days_overdue >= 1 then sms
    /// rule "aviso": when days_overdue >= 5 then email
    /// ```
    /// Give each its own name; use the built-in field instead of redeclaring it. Use instead:
    /// ```text
    /// creditor "Loja Exemplo S.A." document "12.345.678/0001-90"
    /// field score: int
    /// rule "aviso sms": when days_overdue >= 5 then sms
    /// rule "aviso email": when days_overdue >= 1 then email
    /// ```
    const DUPLICATE_NAME = [Error];
}

code_doc! {
    /// ## What it does
    /// Reports an invalid header or policy setting: a currency other than `BRL`, an unknown time
    /// zone (the closest IANA name is suggested), a header line or policy setting written twice, a
    /// second `policy` block, an empty or backwards contact window, `max installments 0`, a
    /// percentage outside 0–100%, `per 0 days`, `offer valid 0 days`, `every 0 days`, `version 0`.
    ///
    /// ## Why is this bad?
    /// The engine computes money, dates and contact times from these settings; a setting it cannot
    /// read, or one written twice with two values, leaves it without a rule to follow.
    ///
    /// ## Example
    /// ```text
    /// strategy "varejo" version 2
    /// creditor "Loja Exemplo S.A." document "12.345.678/0001-90"
    /// currency USD
    /// timezone "America/Sao_Paolo"
    /// policy {
    ///   max installments 12
    ///   max installments 6
    ///   contact hours mon-fri 20:00-08:00
    /// }
    /// rule "aviso": when days_overdue >= 1 then sms
    /// ```
    /// Write each setting once with a valid value. Use instead:
    /// ```text
    /// strategy "varejo" version 2
    /// creditor "Loja Exemplo S.A." document "12.345.678/0001-90"
    /// currency BRL
    /// timezone "America/Sao_Paulo"
    /// policy {
    ///   max installments 12
    ///   contact hours mon-fri 08:00-20:00
    /// }
    /// rule "aviso": when days_overdue >= 1 then sms
    /// ```
    const INVALID_SETTING = [Error];
}

code_doc! {
    /// ## What it does
    /// Reports a malformed `test` block: `given` names an unknown field (closest suggested) or a
    /// segment, gives a field twice, or gives a value of the wrong type (e.g. text for an int);
    /// `expect` asks for an offer above the policy (no rule could produce it); `expect rule` names
    /// no rule. Unknown templates in `expect` are `unknown-template`.
    ///
    /// ## Why is this bad?
    /// A test that cannot run, or that expects what no rule can do, proves nothing about the
    /// strategy.
    ///
    /// ## Example
    /// ```text
    /// creditor "Loja Exemplo S.A." document "12.345.678/0001-90"
    /// field score: int
    /// policy {
    ///   max installments 6
    /// }
    /// rule "ligar": when days_overdue >= 1 and score >= 600 then call; offer up to 6 installments
    /// test "prioridade" {
    ///   given days_overdu = 20, score = "alto"
    ///   expect call, offer up to 12 installments
    ///   expect rule "ligr"
    /// }
    /// ```
    /// Give each field a literal of its type and expect what the strategy can do. Use instead:
    /// ```text
    /// creditor "Loja Exemplo S.A." document "12.345.678/0001-90"
    /// field score: int
    /// policy {
    ///   max installments 6
    /// }
    /// rule "ligar": when days_overdue >= 1 and score >= 600 then call; offer up to 6 installments
    /// test "prioridade" {
    ///   given days_overdue = 20, score = 700
    ///   expect call, offer up to 6 installments
    ///   expect rule "ligar"
    /// }
    /// ```
    const INVALID_TEST = [Error];
}
