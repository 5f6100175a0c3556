//! A labelled form control with its hint and its own message: the label points at the control,
//! and the control is described by the hint and the message, so that people, screen readers and
//! tests find each by name. `TextField` renders a whole text input; `Field` wraps a control the
//! page builds itself (a select, a textarea).

use super::field_message;
use contract::error::AppError;
use leptos::prelude::*;

/// The ids of a control's hint and message, for its `aria-describedby`.
pub fn described_by(id: &str, has_hint: bool) -> String {
    if has_hint {
        format!("{id}-hint {id}-error")
    } else {
        format!("{id}-error")
    }
}

/// `"true"` while `error` has a message for `field`, for the control's `aria-invalid`.
pub fn invalid(
    error: Signal<Option<AppError>>,
    field: &'static str,
) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let message = field_message(error, field);
    move || if message().is_some() { "true" } else { "false" }
}

/// The label, hint and message around `children`, a control whose `id` is `id` and whose
/// `aria-describedby` is [`described_by`].
#[component]
pub fn Field(
    id: &'static str,
    label: &'static str,
    /// The form field whose message is shown.
    field: &'static str,
    error: Signal<Option<AppError>>,
    #[prop(optional_no_strip)] hint: Option<&'static str>,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            {children()}
            {hint.map(|text| view! { <p class="hint" id=format!("{id}-hint")>{text}</p> })}
            <p class="field-error" id=format!("{id}-error")>{field_message(error, field)}</p>
        </div>
    }
}

/// A text input (or e-mail, password…) named `name`, with its label, hint and message.
#[component]
pub fn TextField(
    id: &'static str,
    name: &'static str,
    label: &'static str,
    error: Signal<Option<AppError>>,
    /// What the input holds at first: what was typed before a refused submission.
    #[prop(optional, into)]
    value: String,
    /// The input's `type`.
    #[prop(default = "text")]
    kind: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] placeholder: Option<&'static str>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    view! {
        <Field id label field=name error hint>
            <input id=id name=name type=kind value=value placeholder=placeholder
                autocomplete=autocomplete required=required
                aria-invalid=invalid(error, name)
                aria-describedby=described_by(id, hint.is_some())/>
        </Field>
    }
}
