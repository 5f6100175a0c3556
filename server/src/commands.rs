//! The commands that print a result instead of serving: `triage`, `model check`, the
//! audit log's (`audit`) and API tokens' (`token`).

pub mod audit;
pub mod tokens;

use crate::model_file;
use domain::responsibility::{Facts, triage};
use std::path::Path;
use std::process::ExitCode;

/// `tandem triage --facts FILE`: the decision for the facts in FILE, as JSON on stdout.
pub fn triage_facts(model_path: Option<&Path>, facts_path: &Path) -> ExitCode {
    let model = match model_file::load(model_path) {
        Ok(model) => model,
        Err(error) => return fail(&error.to_string(), 2),
    };
    let facts: Facts = match std::fs::read_to_string(facts_path)
        .map_err(|e| e.to_string())
        .and_then(|text| serde_json::from_str(&text).map_err(|e| e.to_string()))
    {
        Ok(facts) => facts,
        Err(error) => {
            return fail(
                &format!("cannot read facts from {}: {error}", facts_path.display()),
                2,
            );
        }
    };
    match serde_json::to_string_pretty(&triage(&model, &facts)) {
        Ok(json) => print_result(&json),
        Err(error) => fail(&error.to_string(), 1),
    }
}

/// `tandem model check FILE`: every problem in FILE, or a one-line summary when there are none.
pub fn check_model(path: &Path) -> ExitCode {
    match model_file::load(Some(path)) {
        Ok(model) => print_result(&format!(
            "{}: model {} is valid ({} areas, {} duties, {} flags)",
            path.display(),
            model.version,
            model.areas.len(),
            model.duties.len(),
            model.flags.len()
        )),
        Err(error) => fail(&error.to_string(), 1),
    }
}

/// These commands' output is their result, for people and scripts alike.
#[allow(clippy::print_stdout)]
fn print_result(text: &str) -> ExitCode {
    println!("{text}");
    ExitCode::SUCCESS
}

#[allow(clippy::print_stderr)]
fn fail(message: &str, code: u8) -> ExitCode {
    eprintln!("{message}");
    ExitCode::from(code)
}

/// A remark for the person at the terminal, kept off stdout so the result stays parseable.
#[allow(clippy::print_stderr)]
fn note(message: &str) {
    eprintln!("{message}");
}
