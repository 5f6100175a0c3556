//! Incident endpoints: list, read, the new-incident form's options, and open.

use contract::dto::{
    IncidentDetail, IncidentFilter, IncidentFormOptions, IncidentPage, TimelinePage,
};
use contract::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The facts part of a form: empty means "not known"; ticked flags arrive as `flags[ID]=on`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FactsForm {
    pub area: String,
    pub layer: String,
    pub tenants_affected: String,
    pub flags: BTreeMap<String, String>,
}

impl FactsForm {
    pub fn parse(
        &self,
        model: &domain::responsibility::ResponsibilityModel,
    ) -> Result<domain::responsibility::Facts, Vec<domain::FieldError>> {
        let flags = self.flags.keys().cloned();
        domain::responsibility::Facts::parse_form(
            model,
            &self.area,
            &self.layer,
            &self.tenants_affected,
            flags,
        )
    }
}

/// One page of the incidents the caller sees that match `filter`, after `cursor`.
#[server(prefix = "/api", endpoint = "incidents/list", input = GetUrl, output = contract::codec::JsonText)]
pub async fn list_incidents(
    #[server(default)] filter: IncidentFilter,
    #[server(default)] cursor: String,
) -> Result<IncidentPage, AppError> {
    use backend::incidents::list;
    let state = super::context::state()?;
    let principal = super::context::principal()?;
    let now = state.clock.now();
    list::list(
        &state.db,
        &principal,
        &state.model,
        &filter,
        Some(&cursor),
        now,
    )
    .await
}

/// Incident `key` with its tasks, clocks and a page of its timeline (of entry `kind` and
/// `visibility` when given, older than entry `before`); `since` is the version a refused save
/// was made from, to list what changed after it.
#[server(prefix = "/api", endpoint = "incidents/get", input = GetUrl, output = contract::codec::JsonText)]
pub async fn get_incident(
    key: String,
    #[server(default)] kind: String,
    #[server(default)] visibility: String,
    #[server(default)] before: Option<i64>,
    #[server(default)] since: Option<i64>,
) -> Result<IncidentDetail, AppError> {
    use backend::incidents::page;

    let state = super::context::state()?;
    let principal = super::context::principal()?;
    let key = domain::IncidentKey::parse(&key).ok_or(AppError::NotFound)?;
    let filter = timeline_filter(&kind, &visibility)?;
    let request = page::DetailRequest {
        timeline: filter,
        before,
        since_version: since,
    };
    let now = state.clock.now();
    page::get(state.workspace(), &principal, &key, &request, now).await
}

/// One page of the timeline of incident `key`, filtered and paged as for [`get_incident`]: what
/// an open page fetches when a notice says only the timeline changed.
#[server(prefix = "/api", endpoint = "incidents/timeline", input = GetUrl, output = contract::codec::JsonText)]
pub async fn get_timeline(
    key: String,
    #[server(default)] kind: String,
    #[server(default)] visibility: String,
    #[server(default)] before: Option<i64>,
) -> Result<TimelinePage, AppError> {
    use backend::incidents::page;
    let state = super::context::state()?;
    let principal = super::context::principal()?;
    let key = domain::IncidentKey::parse(&key).ok_or(AppError::NotFound)?;
    let filter = timeline_filter(&kind, &visibility)?;
    let now = state.clock.now();
    page::timeline(state.workspace(), &principal, &key, &filter, before, now).await
}

/// The timeline filter of a request: an entry kind and a visibility, each empty for any.
#[cfg(feature = "ssr")]
fn timeline_filter(kind: &str, visibility: &str) -> Result<backend::timeline::Filter, AppError> {
    let kind = match kind {
        "" => None,
        k => Some(domain::timeline::EntryKind::parse(k).ok_or(AppError::BadRequest)?),
    };
    let visibility = match visibility {
        "" => None,
        v => Some(domain::note::EntryVisibility::parse(v).ok_or(AppError::BadRequest)?),
    };
    Ok(backend::timeline::Filter { kind, visibility })
}

#[server(prefix = "/api", endpoint = "incidents/form", input = GetUrl, output = contract::codec::JsonText)]
pub async fn new_incident_form() -> Result<IncidentFormOptions, AppError> {
    use backend::people::tenants;
    let state = super::context::state()?;
    let principal = super::context::principal()?;
    principal.scope()?;
    Ok(IncidentFormOptions {
        tenants: tenants::options(state.db.conn(), &principal).await?,
        model: (*state.model).clone(),
        idempotency_key: uuid::Uuid::new_v4().to_string(),
        reporter_side: principal.side(),
    })
}

/// Opens an incident, triages it, then sends the browser to its page. An empty `area` asks
/// for the area (and flags, when none are ticked) to be suggested from the text, an empty
/// `layer` for the layer; an empty `tenants_affected` with a customer tenant chosen is one.
#[server(prefix = "/api", endpoint = "incidents/create", output = contract::codec::JsonText)]
pub async fn create_incident(
    /// `title`, `description`, `severity` and `tenant`.
    #[server(flatten)]
    raw: domain::RawNewIncident,
    idempotency_key: String,
    /// `area`, `layer`, `tenants_affected` and `flags[ID]=on`, each optional.
    #[server(flatten)]
    form: FactsForm,
    /// `yes` once the reporter confirmed opening an incident their side will not see.
    #[server(default)]
    confirm_handover: String,
) -> Result<(), AppError> {
    use backend::incidents::open;
    use domain::NewIncident;
    let state = super::context::state()?;
    let principal = super::context::principal()?;
    // Nothing about the form, nor which tenants exist, is told to someone not signed in.
    principal.require_user()?;
    let key = async {
        let facts = form.parse(&state.model);
        let (new, facts) = contract::error::both(NewIncident::parse(&raw), facts)?;
        let idempotency_key = super::context::idempotency_key(&idempotency_key)?;
        let confirmed = confirm_handover == "yes";
        open::check_handover(state.workspace(), &principal, &new, &facts, confirmed).await?;
        let now = state.clock.now();
        open::open(
            state.workspace(),
            &principal,
            &new,
            facts,
            idempotency_key,
            now,
        )
        .await
    }
    .await
    .map_err(|e| {
        e.keeping(&(
            &raw,
            &form,
            std::collections::BTreeMap::from([("confirm_handover", &confirm_handover)]),
        ))
    })?;
    leptos_axum::redirect(&landing(&state, &principal, &key).await);
    Ok(())
}

/// Where to go after a change to incident `key`: its page, or, when triage has just handed it
/// to the other side and the person can no longer see it, the list with a notice saying so.
#[cfg(feature = "ssr")]
pub async fn landing(
    state: &backend::AppState,
    principal: &backend::Principal,
    key: &domain::IncidentKey,
) -> String {
    match backend::access::scope::find_incident(state.db.conn(), principal, key).await {
        Err(AppError::NotFound) => format!("/incidents?handed_over={key}"),
        _ => format!("/incidents/{key}"),
    }
}
