//! The live preview of what Tandem would suggest from the words typed so far.

use domain::responsibility::{Layer, ResponsibilityModel, suggest};
use leptos::prelude::*;

/// What Tandem would suggest from the words typed so far, updated as they change.
#[component]
pub fn SuggestionPreview(model: ResponsibilityModel, text: Signal<String>) -> impl IntoView {
    let suggestion = move || {
        let found = suggest(&model, &text.get());
        let area = found
            .area
            .and_then(|(id, words)| model.area(&id).map(|a| (a.name.clone(), words)));
        let flags: Vec<_> = found
            .flags
            .into_iter()
            .filter_map(|(id, words)| model.flag(&id).map(|f| (f.label.clone(), words)))
            .collect();
        let layer = found.layer.map(|(layer, words)| {
            let name = match layer {
                Layer::Platform => "Platform",
                Layer::Tenant => "Tenant",
            };
            (name, words)
        });
        (area.is_some() || layer.is_some() || !flags.is_empty()).then(|| view! {
            <div class="suggestion" aria-live="polite">
                <p><strong>"Suggested from your words"</strong>" (used for the area left on “Suggest from the text” and the layer left on “Not known yet”):"</p>
                <ul>
                    {area.map(|(name, words)| view! {
                        <li>"Area: "<strong>{name}</strong>" — matched “"{words.join("”, “")}"”"</li>
                    })}
                    {layer.map(|(name, words)| view! {
                        <li>"Layer: "<strong>{name}</strong>" — matched “"{words.join("”, “")}"”"</li>
                    })}
                    {flags.into_iter().map(|(label, words)| view! {
                        <li>"Flag: "<strong>{label}</strong>" — matched “"{words.join("”, “")}"”"</li>
                    }).collect_view()}
                </ul>
            </div>
        })
    };
    view! { <div class="suggestion-slot">{suggestion}</div> }
}
