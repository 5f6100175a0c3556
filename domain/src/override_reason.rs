//! The written reason a person gives for overriding a triage decision.

/// 10 to 2,000 characters after trimming, so that the trace explains itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverrideReason(String);

impl OverrideReason {
    pub const MIN_CHARS: usize = 10;
    pub const MAX_CHARS: usize = 2_000;

    pub fn parse(raw: &str) -> Result<Self, String> {
        let text = raw.trim();
        let chars = text.chars().count();
        if chars < Self::MIN_CHARS {
            Err(format!(
                "Explain the override in at least {} characters: the other side reads it.",
                Self::MIN_CHARS
            ))
        } else if chars > Self::MAX_CHARS {
            Err(format!(
                "Keep the reason to {} characters or fewer.",
                Self::MAX_CHARS
            ))
        } else if text
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r')
        {
            Err("The reason cannot contain control characters.".to_owned())
        } else {
            Ok(Self(text.replace("\r\n", "\n")))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::OverrideReason;

    #[test]
    fn short_long_and_nul_reasons_are_refused() {
        let long = "x".repeat(OverrideReason::MAX_CHARS + 1);
        for raw in [
            "",
            "   too short",
            "because",
            long.as_str(),
            "a valid reason\0",
        ] {
            assert!(OverrideReason::parse(raw).is_err(), "{raw:?}");
        }
        assert!(OverrideReason::parse("The tenant confirmed it is their SSO setup.").is_ok());
    }
}
