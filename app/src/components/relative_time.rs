//! "5 min ago", with the exact UTC time on hover and in the `datetime` attribute.

use chrono::{DateTime, Datelike, Timelike, Utc};
use leptos::prelude::*;

/// `2026-12-04`. Written out by hand rather than with `format`, whose pattern interpreter would
/// otherwise be part of the browser's bundle.
pub fn utc_date(at: DateTime<Utc>) -> String {
    format!("{:04}-{:02}-{:02}", at.year(), at.month(), at.day())
}

/// `2026-12-04 09:30 UTC`.
pub fn utc_minute(at: DateTime<Utc>) -> String {
    format!("{} {:02}:{:02} UTC", utc_date(at), at.hour(), at.minute())
}

/// `2026-12-04 09:30:05 UTC`.
pub fn utc_second(at: DateTime<Utc>) -> String {
    format!(
        "{} {:02}:{:02}:{:02} UTC",
        utc_date(at),
        at.hour(),
        at.minute(),
        at.second()
    )
}

/// `2026-12-04T09:30`, as a `datetime-local` input shows it.
pub fn input_minute(at: DateTime<Utc>) -> String {
    format!("{}T{:02}:{:02}", utc_date(at), at.hour(), at.minute())
}

/// `at` relative to `now`; both come from the server so that the page reads the same before
/// and after hydration.
#[component]
pub fn RelativeTime(at: DateTime<Utc>, now: DateTime<Utc>) -> impl IntoView {
    let exact = utc_second(at);
    view! {
        <time datetime=at.to_rfc3339() title=exact.clone() aria-label=exact>
            {relative_phrase(at, now)}
        </time>
    }
}

/// An SLA deadline: "due in 3 h" or "overdue by 20 min" (a word, not colour alone), with the
/// exact UTC time on hover.
#[component]
pub fn Deadline(at: DateTime<Utc>, now: DateTime<Utc>) -> impl IntoView {
    let exact = utc_minute(at);
    let overdue = at < now;
    let class = if overdue {
        "deadline overdue"
    } else {
        "deadline"
    };
    view! {
        <time class=class datetime=at.to_rfc3339() title=exact>
            {deadline_phrase(at, now)}
        </time>
    }
}

pub fn deadline_phrase(at: DateTime<Utc>, now: DateTime<Utc>) -> String {
    if at < now {
        format!("overdue by {}", span(now - at))
    } else {
        format!("due in {}", span(at - now))
    }
}

fn span(delta: chrono::TimeDelta) -> String {
    match delta.num_minutes() {
        m if m < 1 => "under a minute".to_owned(),
        m if m < 60 => format!("{m} min"),
        m if m < 48 * 60 => format!("{} h", m / 60),
        m => format!("{} days", m / (24 * 60)),
    }
}

pub fn relative_phrase(at: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let seconds = (now - at).num_seconds();
    match seconds {
        s if s < -60 => utc_minute(at),
        s if s < 60 => "just now".to_owned(),
        s if s < 3_600 => format!("{} min ago", s / 60),
        s if s < 86_400 => format!("{} h ago", s / 3_600),
        s if s < 7 * 86_400 => match s / 86_400 {
            1 => "yesterday".to_owned(),
            d => format!("{d} days ago"),
        },
        _ => utc_date(at),
    }
}

#[cfg(test)]
mod tests {
    use super::{deadline_phrase, relative_phrase};

    #[test]
    fn deadlines_say_how_long_is_left_or_how_late_it_is() {
        let now = Utc.with_ymd_and_hms(2026, 12, 1, 12, 0, 0).unwrap();
        assert_eq!(
            deadline_phrase(now + Duration::minutes(20), now),
            "due in 20 min"
        );
        assert_eq!(deadline_phrase(now + Duration::hours(5), now), "due in 5 h");
        assert_eq!(
            deadline_phrase(now + Duration::days(3), now),
            "due in 3 days"
        );
        assert_eq!(
            deadline_phrase(now - Duration::seconds(30), now),
            "overdue by under a minute"
        );
        assert_eq!(
            deadline_phrase(now - Duration::hours(2), now),
            "overdue by 2 h"
        );
    }
    use chrono::{Duration, TimeZone, Utc};

    #[test]
    fn exact_times_read_as_the_strftime_patterns_did() {
        use super::{input_minute, utc_minute, utc_second};
        let at = Utc.with_ymd_and_hms(2026, 3, 7, 4, 5, 9).unwrap();
        assert_eq!(
            utc_second(at),
            at.format("%Y-%m-%d %H:%M:%S UTC").to_string()
        );
        assert_eq!(utc_minute(at), at.format("%Y-%m-%d %H:%M UTC").to_string());
        assert_eq!(input_minute(at), at.format("%Y-%m-%dT%H:%M").to_string());
    }

    #[test]
    fn phrases_grow_with_the_distance() {
        let now = Utc.with_ymd_and_hms(2026, 11, 29, 12, 0, 0).unwrap();
        let cases = [
            (Duration::seconds(10), "just now"),
            (Duration::minutes(5), "5 min ago"),
            (Duration::hours(3), "3 h ago"),
            (Duration::hours(30), "yesterday"),
            (Duration::days(3), "3 days ago"),
            (Duration::days(30), "2026-10-30"),
            (Duration::hours(-2), "2026-11-29 14:00 UTC"),
        ];
        for (ago, phrase) in cases {
            assert_eq!(relative_phrase(now - ago, now), phrase);
        }
    }
}
