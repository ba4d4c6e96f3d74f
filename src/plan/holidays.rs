//! Holiday calendar: Brazilian national holidays built in (`holidays_br.txt`, 2024–2027),
//! extended by the user's own file (state and municipal holidays) in the same format.
//!
//! Parses text handed to it; never opens files (the CLI reads the user's file). The
//! scheduling rules that consult the calendar live in `plan::schedule`.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

/// The built-in national holidays, one `YYYY-MM-DD name` per line, `#` comments.
const BUILTIN_BR: &str = include_str!("holidays_br.txt");
const BUILTIN_BR_NAME: &str = "holidays_br.txt";

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
    holidays: BTreeMap<NaiveDate, String>,
}

impl HolidayCalendar {
    /// No holidays at all.
    pub fn empty() -> Self {
        Self::default()
    }

    /// Brazilian national holidays 2024–2027. The embedded file is checked by a unit test,
    /// so the empty fallback below is unreachable in a built binary.
    pub fn builtin_br() -> Self {
        let mut calendar = Self::empty();
        match calendar.extend_from_text(BUILTIN_BR, BUILTIN_BR_NAME) {
            Ok(()) => calendar,
            Err(_) => Self::empty(),
        }
    }

    /// Add the holidays of `text` (same format as the built-in file). All or nothing: on the
    /// first bad line nothing is added and the error names `file_name` and the line.
    /// A date already present keeps its first name.
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
        self.holidays.contains_key(&date)
    }

    /// The holiday's name, for explanations (`None` if not a holiday).
    pub fn name_of(&self, date: NaiveDate) -> Option<&str> {
        self.holidays.get(&date).map(String::as_str)
    }

    /// Whether any holiday of `year` is known: outside the covered years every day looks
    /// like a working day, which callers may want to warn about.
    pub fn covers_year(&self, year: i32) -> bool {
        self.holidays.keys().any(|d| d.year() == year)
    }

    pub fn len(&self) -> usize {
        self.holidays.len()
    }

    pub fn is_empty(&self) -> bool {
        self.holidays.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_file_parses_strictly() {
        let mut calendar = HolidayCalendar::empty();
        calendar
            .extend_from_text(BUILTIN_BR, BUILTIN_BR_NAME)
            .unwrap();
        assert_eq!(calendar.len(), 40);
        assert_eq!(calendar, HolidayCalendar::builtin_br());
    }
}
