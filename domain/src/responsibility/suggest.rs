//! Suggests an area, a layer and flags from an incident's words, showing which words matched,
//! so that a person can confirm or change the suggestion rather than trust it blindly.

use super::{AreaOwner, Layer, ResponsibilityModel};
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::collections::BTreeSet;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestion {
    /// The best-matching area and the keywords that matched it.
    pub area: Option<(String, Vec<String>)>,
    /// The layer more of the words point to, and those words.
    #[serde(default)]
    pub layer: Option<(Layer, Vec<String>)>,
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
    let flags: Vec<(String, Vec<String>)> = model
        .flags
        .iter()
        .map(|f| (f.id.clone(), matches(&text, &f.keywords)))
        .filter(|(_, words)| !words.is_empty())
        .collect();
    Suggestion {
        area,
        layer: layer(model, &text, &flags),
        flags,
    }
}

/// The layer with more distinct words pointing to it; a tie, or no word at all, suggests none,
/// since a wrong layer decides the owner of a split area.
///
/// A word points to a layer when it is one of the model's words for that layer, a keyword of an
/// area only that layer's side is responsible for ("kms" for encryption), or a keyword of a
/// matched flag whose duty is that side's ("mfa" for the tenant's authentication duty).
fn layer(
    model: &ResponsibilityModel,
    text: &str,
    flags: &[(String, Vec<String>)],
) -> Option<(Layer, Vec<String>)> {
    let words_for = |layer: Layer| {
        let side = layer.side();
        let mut words = matches(text, model.layer_words.of(layer));
        for area in &model.areas {
            if area.owner != AreaOwner::Split && area.owner.includes(side) {
                words.extend(matches(text, &area.keywords));
            }
        }
        for (id, matched) in flags {
            let duty = model.flag(id).and_then(|f| model.duty(&f.duty));
            if duty.is_some_and(|d| d.side == side) {
                words.extend(matched.iter().cloned());
            }
        }
        // A word behind both a flag and an area (or a layer) counts once.
        let mut seen = BTreeSet::new();
        words.retain(|w| seen.insert(w.clone()));
        words
    };
    let platform = words_for(Layer::Platform);
    let tenant = words_for(Layer::Tenant);
    match platform.len().cmp(&tenant.len()) {
        Ordering::Greater => Some((Layer::Platform, platform)),
        Ordering::Less => Some((Layer::Tenant, tenant)),
        Ordering::Equal => None,
    }
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
