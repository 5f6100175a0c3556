//! The HTML document and the route table.

use crate::components::AppHeader;
use crate::routes::{
    AccessGrantsPage, AccountPage, AdminAuditPage, AdminTenantsPage, AdminTokensPage,
    AdminUsersPage, EnrolPage, IncidentListPage, IncidentPage, ModelPage, NewIncidentPage,
    NotFoundPage, SecondFactorPage, SignInPage,
};
use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{Outlet, ParentRoute, Redirect, Route, Router, Routes},
    path,
};

/// Every page: the header, then the page in `<main>`.
#[component]
fn Layout() -> impl IntoView {
    view! {
        <AppHeader/>
        <main id="main" class="page">
            <Outlet/>
        </main>
    }
}

/// The document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    set_content_security_policy();
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light dark"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The page's Content-Security-Policy: scripts only from this origin or carrying this response's
/// nonce (the hydration script), wasm allowed, nothing embedded, no base or plugin tricks.
#[cfg(feature = "ssr")]
fn set_content_security_policy() {
    use leptos::nonce::use_nonce;
    if let (Some(nonce), Some(response)) =
        (use_nonce(), use_context::<leptos_axum::ResponseOptions>())
    {
        let policy = format!(
            "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
             style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; \
             base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
        );
        if let Ok(value) = http::HeaderValue::from_str(&policy) {
            response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
        }
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // Effects run only in the browser: this marks the page as interactive once hydrated.
    Effect::new(move |_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
    view! {
        <Stylesheet id="leptos" href="/pkg/tandem.css"/>
        <Router>
            <a class="skip-link" href="#main">"Skip to content"</a>
            // Async rendering: the whole page (and its status code) is ready before the first
            // byte, so it reads the same with JavaScript off. The header lives inside the route
            // tree so that it renders (and hydrates) with the page it belongs to.
            <Routes fallback=|| view! { <main id="main" class="page"><NotFoundPage/></main> }>
                <ParentRoute path=path!("") view=Layout ssr=SsrMode::Async>
                    <Route path=path!("/") view=|| view! { <Redirect path="/incidents"/> }/>
                    <Route path=path!("/incidents") view=IncidentListPage ssr=SsrMode::Async/>
                    <Route path=path!("/incidents/new") view=NewIncidentPage ssr=SsrMode::Async/>
                    <Route path=path!("/incidents/:key") view=IncidentPage ssr=SsrMode::Async/>
                    <Route path=path!("/model") view=ModelPage ssr=SsrMode::Async/>
                    <Route path=path!("/login") view=SignInPage ssr=SsrMode::Async/>
                    <Route path=path!("/login/second-factor") view=SecondFactorPage ssr=SsrMode::Async/>
                    <Route path=path!("/login/enrol") view=EnrolPage ssr=SsrMode::Async/>
                    <Route path=path!("/account") view=AccountPage ssr=SsrMode::Async/>
                    <Route path=path!("/access") view=AccessGrantsPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/users") view=AdminUsersPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/tenants") view=AdminTenantsPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/audit") view=AdminAuditPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/tokens") view=AdminTokensPage ssr=SsrMode::Async/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}
