//! The parts every form shows: the error at the top, and a field's own message.

use contract::error::AppError;
use leptos::prelude::*;

/// The error of the last submission, as an alert above the form.
#[component]
pub fn FormAlert(error: Signal<Option<AppError>>) -> impl IntoView {
    move || {
        error.get().map(|e| {
            view! {
                <div class="notice notice-error" role="alert">
                    <p>{e.to_string()}</p>
                </div>
            }
        })
    }
}

/// A field's message from `error`, for `aria-describedby`.
pub fn field_message(
    error: Signal<Option<AppError>>,
    field: &'static str,
) -> impl Fn() -> Option<String> + Copy + Send + Sync + 'static {
    move || error.get().and_then(|e| e.field_message(field))
}
