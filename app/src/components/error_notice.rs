//! How a failed request is shown, and the HTTP status it gets when rendered on the server.

use contract::error::AppError;
use leptos::prelude::*;

#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    set_response_status(error.status_code());
    let (heading, hint) = match &error {
        AppError::NotFound => (
            "Not found",
            "It does not exist, or you cannot see it. Check the key and try again.",
        ),
        AppError::Unavailable { .. } | AppError::Unreachable => (
            "Temporarily unavailable",
            "Nothing was lost. Try again in a moment.",
        ),
        _ => (
            "Something went wrong",
            "If it persists, quote the reference to your administrator.",
        ),
    };
    view! {
        <section class="notice notice-error" role="alert">
            <h2>{heading}</h2>
            <p>{error.to_string()}</p>
            <p class="muted">{hint}</p>
            <p><a href="/incidents">"Back to incidents"</a></p>
        </section>
    }
}

/// Sets the status of the server-rendered response (no-op in the browser).
pub fn set_response_status(code: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(options), Ok(status)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::StatusCode::from_u16(code),
    ) {
        options.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = code;
}
