//! Live updates: an open page listens to its server-sent event stream and refetches what it
//! shows when told something changed. Without JavaScript nothing listens; the page is as fresh
//! as its last load.

use leptos::prelude::*;

/// A counter that goes up each time the stream at `url` announces a change; use it as a
/// resource source so the resource refetches. The stream is opened in the browser only, and
/// closed when the page goes away or `url` changes.
pub fn live_updates(url: impl Fn() -> String + Send + Sync + 'static) -> ReadSignal<u32> {
    let (changes, set_changes) = signal(0u32);
    #[cfg(feature = "hydrate")]
    {
        use send_wrapper::SendWrapper;
        use wasm_bindgen::{JsCast, closure::Closure};
        type Listening = SendWrapper<(
            web_sys::EventSource,
            Closure<dyn FnMut(web_sys::MessageEvent)>,
        )>;
        let current: StoredValue<Option<Listening>> = StoredValue::new(None);
        let close = move || {
            if let Some(listening) = current.try_update_value(Option::take).flatten() {
                listening.0.close();
            }
        };
        Effect::new(move |_| {
            let url = url();
            close();
            let Ok(source) = web_sys::EventSource::new(&url) else {
                return;
            };
            let on_change = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |_| {
                set_changes.update(|n| *n += 1);
            });
            if source
                .add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref())
                .is_ok()
            {
                current.set_value(Some(SendWrapper::new((source, on_change))));
            }
        });
        on_cleanup(close);
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (url, set_changes);
    }
    changes
}
