//! What is known about an incident that decides its owner.

use super::Side;
use crate::TenantKind;
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

    /// The side responsible for what happens in this layer of a split area.
    pub fn side(self) -> Side {
        match self {
            Self::Platform => Side::Platform,
            Self::Tenant => Side::Tenant,
        }
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

    /// What choosing a tenant of `kind` in "Who is affected" says about the scope: one customer
    /// is one tenant; the platform itself says nothing, since a platform-wide incident may touch
    /// no tenant, several or all.
    pub fn implied_by(kind: TenantKind) -> Option<Self> {
        match kind {
            TenantKind::Customer => Some(Self::One),
            TenantKind::Platform => None,
        }
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

impl Facts {
    /// The facts with the scope the form's own "Who is affected" answer implies, when the
    /// reporter left "Tenants affected" open: asking them again would only repeat their answer.
    /// A scope they gave is kept, even if it differs.
    pub fn with_affected_tenant(mut self, kind: TenantKind) -> Self {
        if self.tenants_affected.is_none() {
            self.tenants_affected = TenantsAffected::implied_by(kind);
        }
        self
    }

    /// Reads the facts part of a form: empty strings mean "not known yet". Unknown values are
    /// field errors, so nothing unknown reaches triage from a person.
    pub fn parse_form(
        model: &super::ResponsibilityModel,
        area: &str,
        layer: &str,
        tenants_affected: &str,
        flags: impl IntoIterator<Item = String>,
    ) -> Result<Self, Vec<crate::FieldError>> {
        use crate::FieldError;
        let mut errors = Vec::new();
        let area = match area.trim() {
            "" => None,
            id if model.area(id).is_some() => Some(id.to_owned()),
            _ => {
                errors.push(FieldError::new("area", "Choose an area from the model."));
                None
            }
        };
        let layer = match layer.trim() {
            "" => None,
            raw => Layer::parse(raw).or_else(|| {
                errors.push(FieldError::new(
                    "layer",
                    "Choose the platform or the tenant layer.",
                ));
                None
            }),
        };
        let tenants_affected = match tenants_affected.trim() {
            "" => None,
            raw => TenantsAffected::parse(raw).or_else(|| {
                errors.push(FieldError::new(
                    "tenants_affected",
                    "Choose none, one, several or all.",
                ));
                None
            }),
        };
        let mut known = BTreeSet::new();
        for flag in flags {
            if model.flag(&flag).is_some() {
                known.insert(flag);
            } else {
                errors.push(FieldError::new("flags", "Choose flags from the list."));
                break;
            }
        }
        if errors.is_empty() {
            Ok(Self {
                area,
                layer,
                tenants_affected,
                flags: known,
            })
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_customer_chosen_is_one_tenant_affected_unless_the_reporter_said_how_many() {
        let scope = |given: Option<TenantsAffected>, kind| {
            let facts = Facts {
                tenants_affected: given,
                ..Facts::default()
            };
            facts.with_affected_tenant(kind).tenants_affected
        };
        assert_eq!(
            scope(None, TenantKind::Customer),
            Some(TenantsAffected::One)
        );
        assert_eq!(scope(None, TenantKind::Platform), None);
        for given in TenantsAffected::ALL {
            assert_eq!(scope(Some(given), TenantKind::Customer), Some(given));
        }
    }
}
