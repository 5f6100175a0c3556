//! The model's words for where an incident happened: phrases that place it in the platform
//! layer or inside a tenant, used only to suggest the layer from an incident's text.

use super::{Layer, ModelError};
use serde::{Deserialize, Serialize};

/// `[layer_words]` in the model file. Optional: a model without it suggests the layer from its
/// areas and flags alone.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LayerWords {
    #[serde(default)]
    pub platform: Vec<String>,
    #[serde(default)]
    pub tenant: Vec<String>,
}

impl LayerWords {
    /// The words that place an incident in `layer`.
    pub fn of(&self, layer: Layer) -> &[String] {
        match layer {
            Layer::Platform => &self.platform,
            Layer::Tenant => &self.tenant,
        }
    }

    /// Lower-cased, as the suggestion compares with lower-cased text.
    pub(super) fn lowercased(self) -> Self {
        let lower = |words: Vec<String>| words.iter().map(|w| w.to_lowercase()).collect();
        Self {
            platform: lower(self.platform),
            tenant: lower(self.tenant),
        }
    }

    /// A blank word would never match, and a word of both layers would always cancel itself
    /// out: both are mistakes in the file.
    pub(super) fn check(&self, errors: &mut Vec<ModelError>) {
        for layer in Layer::ALL {
            if self.of(layer).iter().any(|w| w.trim().is_empty()) {
                errors.push(ModelError::BlankLayerWord { layer });
            }
        }
        for word in self.platform.iter().filter(|w| self.tenant.contains(w)) {
            errors.push(ModelError::LayerWordOnBothLayers { word: word.clone() });
        }
    }
}
