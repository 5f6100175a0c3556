//! Dates and times as HTML date and `datetime-local` inputs send them: `YYYY-MM-DD`,
//! `YYYY-MM-DDTHH:MM` and `YYYY-MM-DDTHH:MM:SS`, read as UTC. Only these exact shapes are
//! accepted. They are read by hand rather than with chrono's pattern parser, which would
//! otherwise be part of the browser's bundle (the forms re-check their fields there).

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

/// `YYYY-MM-DD`, a real calendar date.
pub fn parse_date(raw: &str) -> Option<NaiveDate> {
    let bytes = raw.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let year = digits(&raw[0..4])?;
    let month = digits(&raw[5..7])?;
    let day = digits(&raw[8..10])?;
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
}

/// `YYYY-MM-DDTHH:MM` or `YYYY-MM-DDTHH:MM:SS`, a real date and time of day.
pub fn parse_date_time(raw: &str) -> Option<NaiveDateTime> {
    let (date, time) = raw.split_once('T')?;
    let date = parse_date(date)?;
    let bytes = time.as_bytes();
    let seconds = match bytes.len() {
        5 => 0,
        8 if bytes[5] == b':' => digits(&time[6..8])?,
        _ => return None,
    };
    if bytes[2] != b':' {
        return None;
    }
    let time = NaiveTime::from_hms_opt(digits(&time[0..2])?, digits(&time[3..5])?, seconds)?;
    Some(date.and_time(time))
}

/// A run of ASCII digits as a number; nothing else (no sign, no spaces).
fn digits(text: &str) -> Option<u32> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_shapes_date_inputs_send() {
        assert_eq!(
            parse_date("2026-12-04"),
            NaiveDate::from_ymd_opt(2026, 12, 4)
        );
        let at = NaiveDate::from_ymd_opt(2026, 2, 28).and_then(|d| d.and_hms_opt(23, 5, 0));
        assert_eq!(parse_date_time("2026-02-28T23:05"), at);
        let at = NaiveDate::from_ymd_opt(2026, 2, 28).and_then(|d| d.and_hms_opt(23, 5, 59));
        assert_eq!(parse_date_time("2026-02-28T23:05:59"), at);
    }

    #[test]
    fn refuses_anything_else() {
        for raw in [
            "",
            "2026-1-04",
            "2026-13-01",
            "2026-02-30",
            "+2026-12-04",
            "2026-12-04 ",
            " 2026-12-04",
            "2026/12/04",
            "20261204",
            "２０２６-12-04",
        ] {
            assert_eq!(parse_date(raw), None, "{raw:?}");
        }
        for raw in [
            "2026-12-04",
            "2026-12-04T24:00",
            "2026-12-04T23:60",
            "2026-12-04T9:30",
            "2026-12-04T09:30:5",
            "2026-12-04T09:30:60",
            "2026-12-04T09-30",
            "2026-12-04 09:30",
            "2026-12-04T09:30Z",
            "2026-12-04T09:30:00.5",
            "2026-12-04T+9:30",
        ] {
            assert_eq!(parse_date_time(raw), None, "{raw:?}");
        }
    }

    #[test]
    fn agrees_with_chrono_on_every_minute_of_a_day() {
        let day = NaiveDate::from_ymd_opt(2024, 2, 29).and_then(|d| d.and_hms_opt(0, 0, 0));
        let mut at = day.unwrap_or_default();
        for _ in 0..24 * 60 {
            let text = at.format("%Y-%m-%dT%H:%M").to_string();
            assert_eq!(parse_date_time(&text), Some(at), "{text}");
            at += chrono::Duration::minutes(1);
        }
    }
}
