//! Holiday calendar: Brazilian national holidays built in (computed for any year from 2003
//! on: the fixed dates of the law and Good Friday from Easter), extended by the user's own
//! file (state and municipal holidays) of `YYYY-MM-DD name` lines.
//!
//! Parses text handed to it; never opens files (the CLI reads the user's file). The
//! scheduling rules that consult the calendar live in `plan::schedule`.

use std::collections::BTreeMap;

use chrono::{Datelike, Days, NaiveDate};

/// The first year the national rules below describe: Lei 10.607/2002 fixed the list of
/// national holidays as it stands (with Consciência Negra added from 2024).
pub const NATIONAL_FROM: i32 = 2003;

/// Fixed-date national holidays: (month, day, first year, name). Sources: Lei 662/1949 as
/// amended by Lei 10.607/2002, Lei 6.802/1980 (Nossa Senhora Aparecida), Lei 14.759/2023
/// (Consciência Negra). Carnaval and Corpus Christi are optional points (ponto facultativo),
/// not national holidays.
const FIXED_BR: [(u32, u32, i32, &str); 9] = [
    (1, 1, NATIONAL_FROM, "Confraternização Universal"),
    (4, 21, NATIONAL_FROM, "Tiradentes"),
    (5, 1, NATIONAL_FROM, "Dia do Trabalho"),
    (9, 7, NATIONAL_FROM, "Independência do Brasil"),
    (10, 12, NATIONAL_FROM, "Nossa Senhora Aparecida"),
    (11, 2, NATIONAL_FROM, "Finados"),
    (11, 15, NATIONAL_FROM, "Proclamação da República"),
    (11, 20, 2024, "Dia Nacional de Zumbi e da Consciência Negra"),
    (12, 25, NATIONAL_FROM, "Natal"),
];

/// Two days before Easter Sunday.
const GOOD_FRIDAY: &str = "Sexta-feira da Paixão";

/// Easter Sunday of `year` in the Gregorian calendar (the anonymous algorithm of Meeus, Jones
/// and Butcher). `None` only for years chrono cannot represent.
pub fn easter(year: i32) -> Option<NaiveDate> {
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
    NaiveDate::from_ymd_opt(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
}

/// The national holiday on `date`, if any (years before [`NATIONAL_FROM`] have none).
pub fn national_br(date: NaiveDate) -> Option<&'static str> {
    let year = date.year();
    if year < NATIONAL_FROM {
        return None;
    }
    let fixed = FIXED_BR
        .iter()
        .find(|(m, d, from, _)| date.month() == *m && date.day() == *d && year >= *from)
        .map(|(.., name)| *name);
    // Good Friday falls between March 20 and April 23: compute Easter only then.
    let good_friday = || {
        (matches!(date.month(), 3 | 4)
            && easter(year).and_then(|e| e.checked_sub_days(Days::new(2))) == Some(date))
        .then_some(GOOD_FRIDAY)
    };
    fixed.or_else(good_friday)
}

/// A line of a holiday file that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file_name}:{line}: {message}")]
pub struct HolidayFileError {
    pub file_name: String,
    /// 1-based line number.
    pub line: usize,
    pub message: String,
}

/// A set of dates on which collection contacts are not made, each with its name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HolidayCalendar {
    /// Whether the Brazilian national holidays ([`national_br`]) count.
    national_br: bool,
    /// Holidays from files, by date.
    holidays: BTreeMap<NaiveDate, String>,
}

impl HolidayCalendar {
    /// No holidays at all.
    pub fn empty() -> Self {
        Self::default()
    }

    /// The Brazilian national holidays, for every year from [`NATIONAL_FROM`] on.
    pub fn builtin_br() -> Self {
        HolidayCalendar {
            national_br: true,
            holidays: BTreeMap::new(),
        }
    }

    /// Add the holidays of `text` (same format as the built-in file). All or nothing: on the
    /// first bad line nothing is added and the error names `file_name` and the line.
    /// A date already present keeps its first name (a national holiday keeps its own).
    pub fn extend_from_text(
        &mut self,
        text: &str,
        file_name: &str,
    ) -> Result<(), HolidayFileError> {
        let mut parsed = Vec::new();
        // Files saved by spreadsheet tools often start with a byte-order mark.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        for (index, raw) in text.lines().enumerate() {
            let error = |message: String| HolidayFileError {
                file_name: file_name.to_string(),
                line: index + 1,
                message,
            };
            let content = raw.split('#').next().unwrap_or("").trim();
            if content.is_empty() {
                continue;
            }
            let (date_text, name) = content
                .split_once(char::is_whitespace)
                .map_or((content, ""), |(d, n)| (d, n.trim()));
            let date = NaiveDate::parse_from_str(date_text, "%Y-%m-%d").map_err(|_| {
                error(format!(
                    "`{date_text}` is not a date; write one holiday per line as `YYYY-MM-DD name`"
                ))
            })?;
            parsed.push((date, name.to_string()));
        }
        for (date, name) in parsed {
            self.holidays.entry(date).or_insert(name);
        }
        Ok(())
    }

    pub fn is_holiday(&self, date: NaiveDate) -> bool {
        self.name_of(date).is_some()
    }

    /// The holiday's name, for explanations (`None` if not a holiday).
    pub fn name_of(&self, date: NaiveDate) -> Option<&str> {
        self.national_br
            .then(|| national_br(date))
            .flatten()
            .or_else(|| self.holidays.get(&date).map(String::as_str))
    }

    /// Whether the calendar knows `year`'s holidays: the national rules cover every year
    /// from [`NATIONAL_FROM`]; a file covers the years it lists. Outside them every day looks
    /// like a working day, which callers may want to warn about.
    pub fn covers_year(&self, year: i32) -> bool {
        (self.national_br && year >= NATIONAL_FROM)
            || self.holidays.keys().any(|d| d.year() == year)
    }

    /// How many holidays were read from files (the national ones are rules, not entries).
    pub fn len(&self) -> usize {
        self.holidays.len()
    }

    /// Whether no holiday was read from a file.
    pub fn is_empty(&self) -> bool {
        self.holidays.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// The national rules agree with an independent listing of 2024–2027 (the dated file
    /// this calendar was first shipped as), day for day.
    #[test]
    fn national_rules_match_the_published_list_2024_to_2027() {
        let listed = include_str!("../../tests/fixtures/holidays_br_2024_2027.txt");
        let mut file = HolidayCalendar::empty();
        file.extend_from_text(listed, "holidays_br_2024_2027.txt")
            .unwrap();
        assert_eq!(file.len(), 40);
        let mut day = date(2024, 1, 1);
        while day.year() <= 2027 {
            assert_eq!(national_br(day), file.name_of(day), "{day}");
            day = day.succ_opt().unwrap();
        }
    }

    /// Easter against published tables, including the earliest and latest possible dates.
    #[test]
    fn easter_matches_published_dates() {
        for (y, m, d) in [
            (2003, 4, 20),
            (2008, 3, 23),
            (2019, 4, 21),
            (2024, 3, 31),
            (2025, 4, 20),
            (2028, 4, 16),
            (2029, 4, 1),
            (2030, 4, 21),
            (2038, 4, 25),
            (2049, 4, 18),
            (2285, 3, 22),
        ] {
            assert_eq!(easter(y), Some(date(y, m, d)), "{y}");
        }
    }
}
