//! `/model`: the shared responsibility model in force, read-only, every row with an anchor that
//! triage explanations link to.

use crate::api::get_model;
use crate::components::{ErrorNotice, SideBadge};
use domain::responsibility::{AreaOwner, ResponsibilityModel, Side};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ModelPage() -> impl IntoView {
    let model = Resource::new(|| (), |_| get_model());
    view! {
        <Title text="Responsibility model · Tandem"/>
        <Suspense fallback=|| view! { <p class="muted">"Loading the model…"</p> }>
            {move || Suspend::new(async move {
                match model.await {
                    Ok(model) => view! { <ModelView model/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ModelView(model: ResponsibilityModel) -> impl IntoView {
    let areas = model
        .areas
        .iter()
        .map(|a| {
            let owner = match a.owner {
                AreaOwner::Platform => "platform",
                AreaOwner::Tenant => "tenant",
                AreaOwner::Split => "split",
            };
            view! {
                <tr id=format!("area-{}", a.id)>
                    <th scope="row">{a.name.clone()}</th>
                    <td>{owner}</td>
                    <td>{a.platform.clone().unwrap_or_default()}</td>
                    <td>{a.tenant.clone().unwrap_or_default()}</td>
                </tr>
            }
        })
        .collect_view();
    let duties = |side: Side| {
        model
            .duties
            .iter()
            .filter(|d| d.side == side)
            .map(|d| {
                let area = model
                    .area(&d.area)
                    .map(|a| a.name.clone())
                    .unwrap_or_default();
                view! {
                    <li id=format!("duty-{}", d.id)>
                        {d.text.clone()}
                        <span class="muted">{format!(" — {area}; task: {}", d.task)}</span>
                    </li>
                }
            })
            .collect_view()
    };
    let (platform_duties, tenant_duties) = (duties(Side::Platform), duties(Side::Tenant));
    let flags = model
        .flags
        .iter()
        .map(|f| {
            let duty = model.duty(&f.duty).map(|d| (d.side, d.text.clone()));
            view! {
                <tr id=format!("flag-{}", f.id)>
                    <th scope="row">{f.label.clone()}</th>
                    <td>{duty.clone().map(|(side, _)| view! { <SideBadge side/> })}</td>
                    <td>{duty.map(|(_, text)| text).unwrap_or_default()}</td>
                    <td class="muted">{f.keywords.join(", ")}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="page-heading">
            <h1>{model.title.clone()}</h1>
            <p class="muted">{format!("Version {}", model.version)}</p>
        </div>
        <p>{model.summary.clone()}</p>
        <h2>"Responsibility areas"</h2>
        <div class="table-scroll">
            <table class="data-table">
                <thead><tr>
                    <th scope="col">"Area"</th><th scope="col">"Owner"</th>
                    <th scope="col">"Platform"</th><th scope="col">"Tenant"</th>
                </tr></thead>
                <tbody>{areas}</tbody>
            </table>
        </div>
        <div class="task-columns">
            <section><h2>"Platform duties"</h2><ul class="duties">{platform_duties}</ul></section>
            <section><h2>"Tenant duties"</h2><ul class="duties">{tenant_duties}</ul></section>
        </div>
        <h2>"Flags"</h2>
        <div class="table-scroll">
            <table class="data-table">
                <thead><tr>
                    <th scope="col">"Flag"</th><th scope="col">"Side"</th>
                    <th scope="col">"Duty it invokes"</th><th scope="col">"Suggested by"</th>
                </tr></thead>
                <tbody>{flags}</tbody>
            </table>
        </div>
    }
}
