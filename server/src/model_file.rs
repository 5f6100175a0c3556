//! Loading the responsibility model: the configured file, or the one shipped with Tandem.

use domain::responsibility::{ModelError, ResponsibilityModel};
use std::path::Path;

/// The model shipped with Tandem.
pub const SHIPPED_MODEL: &str = include_str!("../../model/shared-responsibility.toml");

#[derive(Debug, thiserror::Error)]
pub enum ModelLoadError {
    #[error("cannot read the model file {path}: {cause}")]
    Read { path: String, cause: std::io::Error },
    #[error("the model {source_name} is invalid:\n{}", list(.errors))]
    Invalid {
        source_name: String,
        errors: Vec<ModelError>,
    },
}

/// Reads and checks the model at `path`, or the shipped model when `path` is `None`.
pub fn load(path: Option<&Path>) -> Result<ResponsibilityModel, ModelLoadError> {
    let (source_name, text) = match path {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|cause| ModelLoadError::Read {
                path: path.display().to_string(),
                cause,
            })?;
            (path.display().to_string(), text)
        }
        None => ("shipped with Tandem".to_owned(), SHIPPED_MODEL.to_owned()),
    };
    ResponsibilityModel::from_toml(&text).map_err(|errors| ModelLoadError::Invalid {
        source_name,
        errors,
    })
}

fn list(errors: &[ModelError]) -> String {
    errors
        .iter()
        .map(|e| format!("  - {e}"))
        .collect::<Vec<_>>()
        .join("\n")
}
