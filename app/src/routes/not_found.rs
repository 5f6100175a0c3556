//! Any path no route matches.

use crate::components::ErrorNotice;
use contract::error::AppError;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <Title text="Not found · Tandem"/>
        <ErrorNotice error=AppError::NotFound/>
    }
}
