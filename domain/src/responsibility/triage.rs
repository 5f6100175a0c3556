//! Triage: from an incident's facts and the model, who owns it, who leads, and why.
//!
//! Pure, deterministic and total: every combination of facts yields exactly one decision, each
//! reason cites a row of the model, and missing facts are named instead of guessed.

use super::model::INCIDENT_RESPONSE_AREA;
use super::{AreaOwner, Facts, Layer, ResponsibilityModel, Side, TenantsAffected};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Owner {
    Platform,
    Tenant,
    Shared,
}

impl Owner {
    pub fn code(self) -> &'static str {
        match self {
            Self::Platform => "platform",
            Self::Tenant => "tenant",
            Self::Shared => "shared",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        [Self::Platform, Self::Tenant, Self::Shared]
            .into_iter()
            .find(|o| o.code() == raw)
    }

    pub fn includes(self, side: Side) -> bool {
        matches!(
            (self, side),
            (Self::Shared, _) | (Self::Platform, Side::Platform) | (Self::Tenant, Side::Tenant)
        )
    }
}

impl std::fmt::Display for Owner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// A row of the model: an area of the first table or a duty of the other two.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "lowercase")]
pub enum RowRef {
    Area(String),
    Duty(String),
}

/// One row that made a side responsible, with a sentence saying how.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reason {
    pub row: RowRef,
    pub side: Side,
    pub sentence: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MissingFact {
    Area,
    Layer,
    TenantsAffected,
}

impl MissingFact {
    pub fn question(self) -> &'static str {
        match self {
            Self::Area => "Which responsibility area is this about?",
            Self::Layer => "Did it happen in the platform layer or inside a tenant?",
            Self::TenantsAffected => "How many tenants are affected: none, one, several or all?",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InitialTask {
    pub side: Side,
    pub duty: String,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub owner: Owner,
    pub lead: Side,
    pub lead_reason: String,
    pub reasons: Vec<Reason>,
    pub missing: Vec<MissingFact>,
    /// Facts that name nothing in the model (an unknown area or flag) and were set aside.
    pub ignored: Vec<String>,
    pub model_version: String,
    pub tasks: Vec<InitialTask>,
}

pub fn triage(model: &ResponsibilityModel, facts: &Facts) -> Decision {
    let mut reasons = Vec::new();
    let mut missing = Vec::new();
    let mut ignored = Vec::new();

    let area = facts.area.as_deref().and_then(|id| model.area(id));
    match (&facts.area, area) {
        (None, _) => missing.push(MissingFact::Area),
        (Some(id), None) => {
            ignored.push(format!("unknown area {id:?}"));
            missing.push(MissingFact::Area);
        }
        _ => {}
    }

    // The area row; a split area, or no area at all, is decided by the layer.
    let layered = area.filter(|a| a.owner == AreaOwner::Split).or_else(|| {
        if area.is_none() {
            model.area(INCIDENT_RESPONSE_AREA)
        } else {
            None
        }
    });
    if let Some(a) = area.filter(|a| a.owner != AreaOwner::Split) {
        let side = if a.owner == AreaOwner::Platform {
            Side::Platform
        } else {
            Side::Tenant
        };
        reasons.push(Reason {
            row: RowRef::Area(a.id.clone()),
            side,
            sentence: format!(
                "{} is the {side}'s responsibility alone: {}.",
                a.name,
                text(a.text_for(side))
            ),
        });
    }
    if let Some(a) = layered {
        match facts.layer {
            Some(layer) => {
                let side = side_of(layer);
                reasons.push(Reason {
                    row: RowRef::Area(a.id.clone()),
                    side,
                    sentence: format!(
                        "{} is split, and this happened in the {} layer: the {side} is {}.",
                        a.name,
                        layer.code(),
                        lower_first(text(a.text_for(side)))
                    ),
                });
            }
            None => {
                missing.push(MissingFact::Layer);
                for side in [Side::Platform, Side::Tenant] {
                    reasons.push(Reason {
                        row: RowRef::Area(a.id.clone()),
                        side,
                        sentence: format!(
                            "{} is split and the layer is not known yet, so the {side}'s part applies until it is: {}.",
                            a.name,
                            lower_first(text(a.text_for(side)))
                        ),
                    });
                }
            }
        }
    }

    // Scope: an incident beyond one tenant is a platform-level incident.
    match facts.tenants_affected {
        None => missing.push(MissingFact::TenantsAffected),
        Some(TenantsAffected::One) => {}
        Some(scope) => {
            if let Some(a) = model.area(INCIDENT_RESPONSE_AREA) {
                let how = match scope {
                    TenantsAffected::None => "affects no tenant",
                    TenantsAffected::Several => "affects several tenants",
                    _ => "affects every tenant",
                };
                reasons.push(Reason {
                    row: RowRef::Area(a.id.clone()),
                    side: Side::Platform,
                    sentence: format!(
                        "It {how}, which makes it a platform-level incident: the platform is {}.",
                        lower_first(text(a.platform.as_deref()))
                    ),
                });
            }
        }
    }

    for flag_id in &facts.flags {
        let Some((flag, duty)) = model
            .flag(flag_id)
            .and_then(|f| model.duty(&f.duty).map(|d| (f, d)))
        else {
            ignored.push(format!("unknown flag {flag_id:?}"));
            continue;
        };
        reasons.push(Reason {
            row: RowRef::Duty(duty.id.clone()),
            side: duty.side,
            sentence: format!("{} — the {}'s duty: {}", flag.label, duty.side, duty.text),
        });
    }

    let has = |side: Side| reasons.iter().any(|r| r.side == side);
    let owner = match (has(Side::Platform), has(Side::Tenant)) {
        (true, false) => Owner::Platform,
        (false, true) => Owner::Tenant,
        _ => Owner::Shared,
    };
    let (lead, lead_reason) = lead(owner, facts.layer, &reasons);
    let tasks = initial_tasks(model, owner, area.map(|a| a.id.as_str()), &reasons);
    Decision {
        owner,
        lead,
        lead_reason,
        reasons,
        missing,
        ignored,
        model_version: model.version.clone(),
        tasks,
    }
}

fn lead(owner: Owner, layer: Option<Layer>, reasons: &[Reason]) -> (Side, String) {
    match (owner, layer) {
        (Owner::Platform, _) => (
            Side::Platform,
            "Only the platform is responsible, so it leads.".to_owned(),
        ),
        (Owner::Tenant, _) => (
            Side::Tenant,
            "Only the tenant is responsible, so it leads.".to_owned(),
        ),
        (Owner::Shared, Some(layer)) => (
            side_of(layer),
            format!(
                "Both sides are responsible; it happened in the {} layer, so the {} leads.",
                layer.code(),
                side_of(layer)
            ),
        ),
        (Owner::Shared, None) => {
            let count = |side| reasons.iter().filter(|r| r.side == side).count();
            if count(Side::Tenant) > count(Side::Platform) {
                (Side::Tenant, "Both sides are responsible and more of the reasons fall to the tenant, so it leads.".to_owned())
            } else {
                (
                    Side::Platform,
                    "Both sides are responsible and the layer is not known; the platform coordinates until it is.".to_owned(),
                )
            }
        }
    }
}

/// Each responsible side's duties that were cited or that belong to the incident's area; a side
/// with none gets its incident-response duties.
fn initial_tasks(
    model: &ResponsibilityModel,
    owner: Owner,
    area: Option<&str>,
    reasons: &[Reason],
) -> Vec<InitialTask> {
    let cited = |id: &str| reasons.iter().any(|r| r.row == RowRef::Duty(id.to_owned()));
    let mut tasks = Vec::new();
    for side in [Side::Platform, Side::Tenant]
        .into_iter()
        .filter(|s| owner.includes(*s))
    {
        let of_side = model.duties.iter().filter(|d| d.side == side);
        let mut chosen: Vec<_> = of_side
            .clone()
            .filter(|d| cited(&d.id) || Some(d.area.as_str()) == area)
            .collect();
        if chosen.is_empty() {
            chosen = of_side
                .filter(|d| d.area == INCIDENT_RESPONSE_AREA)
                .collect();
        }
        tasks.extend(chosen.into_iter().map(|d| InitialTask {
            side,
            duty: d.id.clone(),
            title: d.task.clone(),
        }));
    }
    tasks
}

fn side_of(layer: Layer) -> Side {
    match layer {
        Layer::Platform => Side::Platform,
        Layer::Tenant => Side::Tenant,
    }
}

fn text(t: Option<&str>) -> &str {
    t.unwrap_or("responsible").trim_end_matches('.')
}

fn lower_first(s: &str) -> String {
    let s = s.trim_end_matches('.');
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}
