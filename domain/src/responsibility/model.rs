//! The model file: responsibility areas, each side's duties, and the flags that invoke duties.
//! Parsing checks everything triage relies on, so a loaded model can be trusted.

use super::{Layer, LayerWords};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fmt;

/// The area triage falls back on for the layer and scope of an incident; every model has it.
pub const INCIDENT_RESPONSE_AREA: &str = "incident-response";

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    Platform,
    Tenant,
}

impl Side {
    pub fn code(self) -> &'static str {
        match self {
            Self::Platform => "platform",
            Self::Tenant => "tenant",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        [Self::Platform, Self::Tenant]
            .into_iter()
            .find(|side| side.code() == raw)
    }
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AreaOwner {
    Platform,
    Tenant,
    Split,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Area {
    pub id: String,
    pub name: String,
    pub owner: AreaOwner,
    /// What the platform is responsible for here, when it is responsible at all.
    pub platform: Option<String>,
    /// What the tenant is responsible for here, when it is responsible at all.
    pub tenant: Option<String>,
    pub keywords: Vec<String>,
}

impl AreaOwner {
    /// Whether `side` carries responsibility in an area with this owner.
    pub fn includes(self, side: Side) -> bool {
        matches!(
            (self, side),
            (Self::Split, _) | (Self::Platform, Side::Platform) | (Self::Tenant, Side::Tenant)
        )
    }
}

impl Area {
    pub fn text_for(&self, side: Side) -> Option<&str> {
        match side {
            Side::Platform => self.platform.as_deref(),
            Side::Tenant => self.tenant.as_deref(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Duty {
    pub id: String,
    pub side: Side,
    pub table: String,
    pub area: String,
    pub text: String,
    /// The remediation task this duty gives its side when it applies.
    pub task: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flag {
    pub id: String,
    pub label: String,
    pub duty: String,
    pub keywords: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResponsibilityModel {
    pub version: String,
    pub title: String,
    pub summary: String,
    pub areas: Vec<Area>,
    pub duties: Vec<Duty>,
    pub flags: Vec<Flag>,
    /// Words that suggest where an incident happened.
    #[serde(default)]
    pub layer_words: LayerWords,
}

/// One problem in a model file, phrased so that its author can fix it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ModelError {
    #[error("the file is not valid TOML for a model: {0}")]
    Syntax(String),
    #[error("the model has no version")]
    NoVersion,
    #[error("{kind} id {id:?} is used more than once")]
    DuplicateId { kind: &'static str, id: String },
    #[error("{kind} {id:?} has an empty or malformed id or name")]
    BlankField { kind: &'static str, id: String },
    #[error("area {id:?} has an unknown owner {owner:?} (platform, tenant or split)")]
    UnknownOwner { id: String, owner: String },
    #[error("area {id:?} is split but says nothing for the {side} side")]
    SplitMissingSide { id: String, side: Side },
    #[error("area {id:?} is owned by the {side} but says nothing for it")]
    OwnerMissingText { id: String, side: Side },
    #[error("duty {id:?} has no side (platform or tenant)")]
    DutyWithoutSide { id: String },
    #[error("duty {id:?} names an unknown area {area:?}")]
    UnknownArea { id: String, area: String },
    #[error(
        "duty {id:?} is the {side}'s, but its area {area:?} is not the {side}'s responsibility"
    )]
    DutyOutsideItsArea {
        id: String,
        side: Side,
        area: String,
    },
    #[error("flag {id:?} names an unknown duty {duty:?}")]
    UnknownDuty { id: String, duty: String },
    #[error("the model needs a split area with id {INCIDENT_RESPONSE_AREA:?}")]
    NoIncidentResponseArea,
    #[error("layer_words.{} has a blank word", .layer.code())]
    BlankLayerWord { layer: Layer },
    #[error("layer word {word:?} is listed for both layers")]
    LayerWordOnBothLayers { word: String },
}

/// The file as written, before checking: everything optional so that each gap gets its own
/// message instead of a parser error.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawModel {
    version: Option<String>,
    title: Option<String>,
    summary: Option<String>,
    #[serde(default)]
    areas: Vec<RawArea>,
    #[serde(default)]
    duties: Vec<RawDuty>,
    #[serde(default)]
    flags: Vec<Flag>,
    #[serde(default)]
    layer_words: LayerWords,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawArea {
    id: String,
    name: String,
    owner: String,
    platform: Option<String>,
    tenant: Option<String>,
    #[serde(default)]
    keywords: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDuty {
    id: String,
    side: Option<Side>,
    table: String,
    area: String,
    text: String,
    task: String,
}

impl ResponsibilityModel {
    /// Parses and checks a model file, reporting every problem found.
    pub fn from_toml(text: &str) -> Result<Self, Vec<ModelError>> {
        let raw: RawModel =
            toml::from_str(text).map_err(|e| vec![ModelError::Syntax(e.message().to_owned())])?;
        let mut errors = Vec::new();
        let version = raw.version.unwrap_or_default().trim().to_owned();
        if version.is_empty() {
            errors.push(ModelError::NoVersion);
        }
        let areas: Vec<Area> = raw
            .areas
            .into_iter()
            .filter_map(|a| area(a, &mut errors))
            .collect();
        let duties: Vec<Duty> = raw
            .duties
            .into_iter()
            .filter_map(|d| match d.side {
                Some(side) => Some(Duty {
                    id: d.id,
                    side,
                    table: d.table,
                    area: d.area,
                    text: d.text,
                    task: d.task,
                }),
                None => {
                    errors.push(ModelError::DutyWithoutSide { id: d.id });
                    None
                }
            })
            .collect();
        let model = Self {
            version,
            title: raw
                .title
                .unwrap_or_else(|| "Shared responsibility model".to_owned()),
            summary: raw.summary.unwrap_or_default(),
            areas,
            duties,
            flags: raw
                .flags
                .into_iter()
                .map(|f| Flag {
                    keywords: f.keywords.iter().map(|k| k.to_lowercase()).collect(),
                    ..f
                })
                .collect(),
            layer_words: raw.layer_words.lowercased(),
        };
        model.check_references(&mut errors);
        model.layer_words.check(&mut errors);
        if errors.is_empty() {
            Ok(model)
        } else {
            Err(errors)
        }
    }

    pub fn area(&self, id: &str) -> Option<&Area> {
        self.areas.iter().find(|a| a.id == id)
    }

    pub fn duty(&self, id: &str) -> Option<&Duty> {
        self.duties.iter().find(|d| d.id == id)
    }

    pub fn flag(&self, id: &str) -> Option<&Flag> {
        self.flags.iter().find(|f| f.id == id)
    }

    fn check_references(&self, errors: &mut Vec<ModelError>) {
        unique(errors, "area", self.areas.iter().map(|a| a.id.as_str()));
        unique(errors, "duty", self.duties.iter().map(|d| d.id.as_str()));
        unique(errors, "flag", self.flags.iter().map(|f| f.id.as_str()));
        for duty in &self.duties {
            if !well_formed_id(&duty.id)
                || duty.text.trim().is_empty()
                || duty.task.trim().is_empty()
            {
                errors.push(ModelError::BlankField {
                    kind: "duty",
                    id: duty.id.clone(),
                });
            }
            match self.area(&duty.area) {
                None => errors.push(ModelError::UnknownArea {
                    id: duty.id.clone(),
                    area: duty.area.clone(),
                }),
                Some(area) if !area.owner.includes(duty.side) => {
                    errors.push(ModelError::DutyOutsideItsArea {
                        id: duty.id.clone(),
                        side: duty.side,
                        area: duty.area.clone(),
                    });
                }
                Some(_) => {}
            }
        }
        for flag in &self.flags {
            if !well_formed_id(&flag.id) || flag.label.trim().is_empty() {
                errors.push(ModelError::BlankField {
                    kind: "flag",
                    id: flag.id.clone(),
                });
            }
            if self.duty(&flag.duty).is_none() {
                errors.push(ModelError::UnknownDuty {
                    id: flag.id.clone(),
                    duty: flag.duty.clone(),
                });
            }
        }
        let has_fallback = self
            .area(INCIDENT_RESPONSE_AREA)
            .is_some_and(|a| a.owner == AreaOwner::Split);
        if !has_fallback {
            errors.push(ModelError::NoIncidentResponseArea);
        }
    }
}

fn area(raw: RawArea, errors: &mut Vec<ModelError>) -> Option<Area> {
    let owner = match raw.owner.as_str() {
        "platform" => AreaOwner::Platform,
        "tenant" => AreaOwner::Tenant,
        "split" => AreaOwner::Split,
        other => {
            errors.push(ModelError::UnknownOwner {
                id: raw.id,
                owner: other.to_owned(),
            });
            return None;
        }
    };
    if !well_formed_id(&raw.id) || raw.name.trim().is_empty() {
        errors.push(ModelError::BlankField {
            kind: "area",
            id: raw.id.clone(),
        });
    }
    let present = |text: &Option<String>| text.as_deref().is_some_and(|t| !t.trim().is_empty());
    let needed: &[Side] = match owner {
        AreaOwner::Platform => &[Side::Platform],
        AreaOwner::Tenant => &[Side::Tenant],
        AreaOwner::Split => &[Side::Platform, Side::Tenant],
    };
    for &side in needed {
        let text = if side == Side::Platform {
            &raw.platform
        } else {
            &raw.tenant
        };
        if !present(text) {
            errors.push(if owner == AreaOwner::Split {
                ModelError::SplitMissingSide {
                    id: raw.id.clone(),
                    side,
                }
            } else {
                ModelError::OwnerMissingText {
                    id: raw.id.clone(),
                    side,
                }
            });
        }
    }
    Some(Area {
        id: raw.id,
        name: raw.name,
        owner,
        platform: raw.platform,
        tenant: raw.tenant,
        keywords: raw.keywords.into_iter().map(|k| k.to_lowercase()).collect(),
    })
}

fn unique<'a>(
    errors: &mut Vec<ModelError>,
    kind: &'static str,
    ids: impl Iterator<Item = &'a str>,
) {
    let mut seen = BTreeSet::new();
    for id in ids {
        if !seen.insert(id) {
            errors.push(ModelError::DuplicateId {
                kind,
                id: id.to_owned(),
            });
        }
    }
}

/// Lower-case letters, digits and dashes: safe in URLs and HTML ids.
fn well_formed_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}
