//! Suggests an area and flags from an incident's words, showing which words matched, so that a
//! person can confirm or change the suggestion rather than trust it blindly.

use super::ResponsibilityModel;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestion {
    /// The best-matching area and the keywords that matched it.
    pub area: Option<(String, Vec<String>)>,
    /// Every flag with a matching keyword, in model order, with its keywords.
    pub flags: Vec<(String, Vec<String>)>,
}

/// Suggests from `text` (any case).
///
/// The area is the one with the most matched keywords. A phrase and a keyword inside it both
/// count ("audit log" matches "audit log" and "log"), so a specific phrase outweighs a lone word
/// of another area ("audit" for compliance). Ties go to the area listed first in the model: the
/// shipped model lists the concrete areas (infrastructure, encryption, privileged access,
/// logging) before incident response and compliance, whose words ("incident", "audit") turn up
/// in incidents about anything, so "audit logs" suggests logging rather than compliance.
pub fn suggest(model: &ResponsibilityModel, text: &str) -> Suggestion {
    let text = text.to_lowercase();
    let area = model
        .areas
        .iter()
        .map(|a| (a.id.clone(), matches(&text, &a.keywords)))
        .filter(|(_, words)| !words.is_empty())
        .fold(
            None::<(String, Vec<String>)>,
            |best, candidate| match best {
                Some(b) if b.1.len() >= candidate.1.len() => Some(b),
                _ => Some(candidate),
            },
        );
    let flags = model
        .flags
        .iter()
        .map(|f| (f.id.clone(), matches(&text, &f.keywords)))
        .filter(|(_, words)| !words.is_empty())
        .collect();
    Suggestion { area, flags }
}

/// The keywords found in `text` as whole words or phrases.
fn matches(text: &str, keywords: &[String]) -> Vec<String> {
    keywords
        .iter()
        .filter(|k| contains_phrase(text, k))
        .cloned()
        .collect()
}

fn contains_phrase(text: &str, phrase: &str) -> bool {
    if phrase.is_empty() {
        return false;
    }
    text.match_indices(phrase).any(|(start, _)| {
        let before = text[..start].chars().next_back();
        let after = text[start + phrase.len()..].chars().next();
        let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
        boundary(before) && boundary(after)
    })
}

#[cfg(test)]
mod tests {
    use super::contains_phrase;

    #[test]
    fn phrases_match_whole_words_only() {
        assert!(contains_phrase("admin without mfa.", "mfa"));
        assert!(contains_phrase(
            "expired tls certificate",
            "tls certificate"
        ));
        assert!(!contains_phrase("logistics", "log"));
        assert!(!contains_phrase("mfa", ""));
    }
}
