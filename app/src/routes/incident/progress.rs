//! The incident page's progress: status, severity and the SLA clocks, with the moves the reader
//! may make.

use super::forms::{Forms, returned_for};
use crate::api::{ChangeSeverity, MoveIncident};
use crate::components::{Deadline, FormAlert, RelativeTime, StatusBadge};
use crate::returned_error::{form_error, rederived};
use contract::dto::IncidentDetail;
use contract::error::AppError;
use domain::Severity;
use domain::sla::{ClockState, SlaClock};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// Status, severity and the SLA clocks, with the moves the reader may make.
#[component]
pub fn Progress(
    incident: IncidentDetail,
    forms: Forms,
    returned: Option<(String, AppError)>,
) -> impl IntoView {
    let now = incident.as_of;
    let clocks = incident
        .sla
        .iter()
        .map(|clock| view! { <Clock clock=*clock now/> })
        .collect_view();
    let move_error = form_error(
        forms.move_,
        returned_for(&returned, MoveIncident::PATH).map(|e| rederived(e, |_| Vec::new())),
    );
    let severity_returned =
        returned_for(&returned, ChangeSeverity::PATH).map(|e| rederived(e, severity_rules));
    let severity_error = form_error(forms.severity, severity_returned);
    let has_moves = !incident.moves.is_empty();
    let (key, version) = (incident.key.clone(), incident.version);
    let moves = incident
        .moves
        .clone()
        .into_iter()
        .map(|option| {
            let to = option.to.code();
            let key = key.clone();
            match &option.refusal {
                None => view! {
                    <ActionForm action=forms.move_ attr:class="form-button">
                        <input type="hidden" name="key" value=key/>
                        <input type="hidden" name="version" value=version.to_string()/>
                        <input type="hidden" name="to" value=to/>
                        <button type="submit" class="button">{option.label.clone()}</button>
                    </ActionForm>
                }
                .into_any(),
                Some(reason) => {
                    let id = format!("move-{to}-refused");
                    view! {
                        <div class="form-button refused">
                            <button type="button" class="button" disabled=true aria-describedby=id.clone()>
                                {option.label.clone()}
                            </button>
                            <p class="muted" id=id>{reason.clone()}</p>
                        </div>
                    }
                    .into_any()
                }
            }
        })
        .collect_view();
    let severities = Severity::ALL
        .into_iter()
        .map(|s| {
            let label = format!("{} ({})", s.code(), s.meaning());
            view! { <option value=s.code() selected=s == incident.severity>{label}</option> }
        })
        .collect_view();
    let status_message = move || move_error.get().and_then(|e| e.field_message("status"));
    let severity_message = move || {
        severity_error
            .get()
            .and_then(|e| e.field_message("severity"))
    };
    view! {
        <section class="progress" aria-labelledby="progress-heading">
            <h2 id="progress-heading">"Progress"</h2>
            <div class="sla-clocks">{clocks}</div>
            <div class="status-moves">
                <p>"Status: "<StatusBadge status=incident.status/></p>
                <FormAlert error=move_error/>
                <p class="field-error" role="status">{status_message}</p>
                {if !has_moves {
                    view! { <p class="muted">"Closed: no further moves."</p> }.into_any()
                } else {
                    view! { <div class="move-buttons">{moves}</div> }.into_any()
                }}
            </div>
            {match incident.severity_refusal.clone() {
                None => view! {
                    <ActionForm action=forms.severity attr:class="form form-inline severity-form" attr:novalidate=true>
                        <FormAlert error=severity_error/>
                        <input type="hidden" name="key" value=incident.key.clone()/>
                        <input type="hidden" name="version" value=incident.version.to_string()/>
                        <div class="field">
                            <label for="severity-change">"Severity"</label>
                            <select id="severity-change" name="severity" aria-describedby="severity-change-error">{severities}</select>
                            <p class="field-error" id="severity-change-error">{severity_message}</p>
                        </div>
                        <button type="submit" class="button">"Change severity"</button>
                    </ActionForm>
                }
                .into_any(),
                Some(reason) => view! { <p class="muted">{format!("Severity: {reason}")}</p> }.into_any(),
            }}
        </section>
    }
}

fn severity_rules(typed: &std::collections::BTreeMap<String, String>) -> Vec<domain::FieldError> {
    match Severity::parse(typed.get("severity").map_or("", String::as_str)) {
        Ok(_) => Vec::new(),
        Err(message) => vec![domain::FieldError::new("severity", message)],
    }
}

#[component]
fn Clock(clock: SlaClock, now: chrono::DateTime<chrono::Utc>) -> impl IntoView {
    let (class, state) = match clock.state {
        ClockState::Running => ("sla-clock running", None),
        ClockState::Overdue => ("sla-clock overdue", None),
        ClockState::Met => ("sla-clock met", Some("met in time")),
        ClockState::MetLate => ("sla-clock met-late", Some("met late")),
    };
    let exact = crate::components::utc_minute(clock.due_at);
    view! {
        <div class=class>
            <p class="sla-label">{clock.milestone.label()}</p>
            {match (state, clock.met_at) {
                (Some(state), Some(met)) => view! {
                    <p>{state}" · "<RelativeTime at=met now/></p>
                    <p class="muted" title=exact.clone()>{format!("target {exact}")}</p>
                }
                .into_any(),
                _ => view! { <p><Deadline at=clock.due_at now/></p> }.into_any(),
            }}
        </div>
    }
}
