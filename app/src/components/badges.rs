//! Severity and status as colour plus words, never colour alone.

use domain::responsibility::{Owner, Side};
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

#[component]
pub fn OwnerBadge(owner: Owner) -> impl IntoView {
    let class = format!("badge owner owner-{}", owner.code());
    view! { <span class=class>{owner.code()}</span> }
}

#[component]
pub fn SideBadge(side: Side) -> impl IntoView {
    let class = format!("badge owner owner-{}", side.code());
    view! { <span class=class>{side.code()}</span> }
}
