//! Free-text fields of an incident, checked once at the edge so the rest of the code can trust them.

use serde::{Deserialize, Serialize};

/// A one-line summary: 3 to 200 characters after trimming, no control characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncidentTitle(String);

impl IncidentTitle {
    pub const MIN_CHARS: usize = 3;
    pub const MAX_CHARS: usize = 200;

    pub fn parse(raw: &str) -> Result<Self, String> {
        let title = raw.trim();
        let chars = title.chars().count();
        if chars == 0 {
            Err("Give the incident a title.".to_owned())
        } else if chars < Self::MIN_CHARS {
            Err(format!(
                "A title needs at least {} characters.",
                Self::MIN_CHARS
            ))
        } else if chars > Self::MAX_CHARS {
            Err(format!(
                "Keep the title to {} characters or fewer (it has {chars}).",
                Self::MAX_CHARS
            ))
        } else if title.chars().any(char::is_control) {
            Err("The title cannot contain control characters or line breaks.".to_owned())
        } else {
            Ok(Self(title.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Markdown describing what happened: may be empty, at most 20,000 characters, no NUL or other
/// control characters except tab and line breaks (which are normalised to `\n`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncidentDescription(String);

impl IncidentDescription {
    pub const MAX_CHARS: usize = 20_000;

    pub fn parse(raw: &str) -> Result<Self, String> {
        let text = raw.replace("\r\n", "\n").replace('\r', "\n");
        let text = text.trim();
        let chars = text.chars().count();
        if chars > Self::MAX_CHARS {
            Err(format!(
                "Keep the description to {} characters or fewer (it has {chars}).",
                Self::MAX_CHARS
            ))
        } else if text
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t')
        {
            Err("The description cannot contain control characters.".to_owned())
        } else {
            Ok(Self(text.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A person's or a tenant's name as typed: 1 to 120 characters after trimming, no control
/// characters. The error is the message to show next to the field.
pub fn parse_name(raw: &str) -> Result<String, String> {
    let name = raw.trim();
    if name.is_empty() || name.chars().count() > 120 || name.chars().any(char::is_control) {
        Err("Enter a name of 1 to 120 characters.".to_owned())
    } else {
        Ok(name.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_is_trimmed() {
        assert_eq!(
            IncidentTitle::parse("  Expired TLS certificate  ").map(|t| t.0),
            Ok("Expired TLS certificate".to_owned())
        );
    }

    #[test]
    fn titles_that_are_empty_short_long_or_control_laden_are_refused() {
        let long = "x".repeat(IncidentTitle::MAX_CHARS + 1);
        for raw in ["", "   ", "ab", long.as_str(), "line\nbreak", "nul\0byte"] {
            assert!(IncidentTitle::parse(raw).is_err(), "{raw:?} was accepted");
        }
    }

    #[test]
    fn a_title_at_the_limit_counts_characters_not_bytes() {
        let title = "é".repeat(IncidentTitle::MAX_CHARS);
        assert!(IncidentTitle::parse(&title).is_ok());
    }

    #[test]
    fn descriptions_keep_markdown_and_normalise_line_breaks() {
        let parsed = IncidentDescription::parse("# Seen\r\n\r\n- one\r- two\t");
        assert_eq!(parsed.map(|d| d.0), Ok("# Seen\n\n- one\n- two".to_owned()));
        assert!(IncidentDescription::parse("").is_ok());
    }

    #[test]
    fn oversized_or_nul_descriptions_are_refused() {
        let long = "x".repeat(IncidentDescription::MAX_CHARS + 1);
        assert!(IncidentDescription::parse(&long).is_err());
        assert!(IncidentDescription::parse("a\0b").is_err());
    }

    #[test]
    fn a_name_is_trimmed_and_between_one_and_120_plain_characters() {
        assert_eq!(parse_name("  Ada Lovelace ").as_deref(), Ok("Ada Lovelace"));
        assert_eq!(
            parse_name(&"é".repeat(120)).map(|n| n.chars().count()),
            Ok(120)
        );
        for bad in ["", "   ", "a\u{7}b", &"x".repeat(121)] {
            assert!(parse_name(bad).is_err(), "{bad:?}");
        }
    }
}
