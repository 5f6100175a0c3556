//! The bar at the top of every page.

use leptos::prelude::*;

#[component]
pub fn AppHeader() -> impl IntoView {
    view! {
        <header class="app-header">
            <a class="brand" href="/incidents">"Tandem"</a>
            <nav aria-label="Main">
                <ul>
                    <li><a href="/incidents">"Incidents"</a></li>
                    <li><a href="/incidents/new">"Open an incident"</a></li>
                    <li><a href="/model">"Responsibility model"</a></li>
                </ul>
            </nav>
        </header>
    }
}
