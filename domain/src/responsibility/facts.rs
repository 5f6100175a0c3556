//! What is known about an incident that decides its owner.

use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Where the incident happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Layer {
    Platform,
    Tenant,
}

/// How many tenants the incident touches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TenantsAffected {
    None,
    One,
    Several,
    All,
}

impl Layer {
    pub const ALL: [Layer; 2] = [Self::Platform, Self::Tenant];

    pub fn code(self) -> &'static str {
        match self {
            Self::Platform => "platform",
            Self::Tenant => "tenant",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.code() == raw)
    }
}

impl TenantsAffected {
    pub const ALL: [TenantsAffected; 4] = [Self::None, Self::One, Self::Several, Self::All];

    pub fn code(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::One => "one",
            Self::Several => "several",
            Self::All => "all",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.code() == raw)
    }
}

/// The facts triage decides from. Every field may be unknown; the decision then says which
/// fact it still needs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Facts {
    /// An area id from the model.
    #[serde(default)]
    pub area: Option<String>,
    #[serde(default)]
    pub layer: Option<Layer>,
    #[serde(default)]
    pub tenants_affected: Option<TenantsAffected>,
    /// Flag ids from the model.
    #[serde(default)]
    pub flags: BTreeSet<String>,
}
