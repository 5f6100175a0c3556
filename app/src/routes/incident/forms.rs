//! The incident page's forms, shared by its sections: each section renders its own and the
//! page watches them all to refetch after a save.

use crate::api::{
    AddNote, AddTask, ChangeSeverity, MoveIncident, OverrideOwnership, UpdateFacts, UpdateTask,
};
use contract::error::AppError;
use leptos::prelude::*;

/// Every form of the page, so that any of them reloads what it changed when it saves.
#[derive(Clone, Copy)]
pub struct Forms {
    pub facts: ServerAction<UpdateFacts>,
    pub override_: ServerAction<OverrideOwnership>,
    pub move_: ServerAction<MoveIncident>,
    pub severity: ServerAction<ChangeSeverity>,
    pub add_task: ServerAction<AddTask>,
    pub update_task: ServerAction<UpdateTask>,
    pub note: ServerAction<AddNote>,
}

/// The error a plain form post to `path` came back with, if this page shows one.
pub fn returned_for(returned: &Option<(String, AppError)>, path: &str) -> Option<AppError> {
    returned
        .as_ref()
        .filter(|(p, _)| p == path)
        .map(|(_, e)| e.clone())
}
