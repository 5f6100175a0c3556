//! Severity and status as colour plus words, never colour alone.

use domain::{IncidentStatus, Severity};
use leptos::prelude::*;

#[component]
pub fn SeverityBadge(severity: Severity) -> impl IntoView {
    let class = format!("badge severity-{}", severity.code().to_lowercase());
    view! {
        <span class=class title=severity.meaning()>
            {severity.code()}
            <span class="badge-detail">{format!(" · {}", severity.meaning())}</span>
        </span>
    }
}

#[component]
pub fn StatusBadge(status: IncidentStatus) -> impl IntoView {
    let class = format!("badge status status-{}", status.code());
    view! { <span class=class>{status.code()}</span> }
}
