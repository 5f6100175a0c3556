//! Live updates: an open page listens to its server-sent event stream and refetches what it
//! shows when told something changed. Without JavaScript nothing listens; the page is as fresh
//! as its last load.

use leptos::prelude::*;

/// Which part of an incident a notice says changed (`all`: the stream fell behind and cannot
/// tell, or the notice names a part this page does not know).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LivePart {
    Incident,
    Tasks,
    Timeline,
    All,
}

impl LivePart {
    /// The part named by a notice's data, `{"incident": "ACME-1", "part": "timeline"}`.
    pub fn of_notice(data: &str) -> Self {
        // The server writes the data; a plain search keeps a JSON parser out of this path.
        let part = data
            .split_once(r#""part":""#)
            .and_then(|(_, rest)| rest.split_once('"'))
            .map(|(part, _)| part);
        match part {
            Some("incident") => Self::Incident,
            Some("tasks") => Self::Tasks,
            Some("timeline") => Self::Timeline,
            _ => Self::All,
        }
    }
}

/// Listens to the stream at `url` (in the browser only; it is closed when the page goes away
/// or `url` changes) and calls `on_notice` with the part each notice names. The returned signal
/// is true while the stream is open, so a form may leave its own refresh to the notice.
pub fn live_notices(
    url: impl Fn() -> String + Send + Sync + 'static,
    on_notice: impl Fn(LivePart) + Send + Sync + 'static,
) -> ReadSignal<bool> {
    // One body for every caller: the stream's plumbing is compiled once into the wasm.
    listen(Box::new(url), std::sync::Arc::new(on_notice))
}

type OnNotice = std::sync::Arc<dyn Fn(LivePart) + Send + Sync>;

fn listen(url: Box<dyn Fn() -> String + Send + Sync>, on_notice: OnNotice) -> ReadSignal<bool> {
    let (open, set_open) = signal(false);
    #[cfg(feature = "hydrate")]
    {
        use send_wrapper::SendWrapper;
        use wasm_bindgen::{JsCast, closure::Closure};
        type Listener = Closure<dyn FnMut(web_sys::Event)>;
        type Listening = SendWrapper<(web_sys::EventSource, [Listener; 3])>;
        let current: StoredValue<Option<Listening>> = StoredValue::new(None);
        let close = move || {
            if let Some(listening) = current.try_update_value(Option::take).flatten() {
                listening.0.close();
            }
            set_open.set(false);
        };
        Effect::new(move |_| {
            let url = url();
            close();
            let Ok(source) = web_sys::EventSource::new(&url) else {
                return;
            };
            let on_notice = on_notice.clone();
            let on_change = Listener::new(move |event: web_sys::Event| {
                let data = event
                    .dyn_ref::<web_sys::MessageEvent>()
                    .and_then(|m| m.data().as_string())
                    .unwrap_or_default();
                on_notice(LivePart::of_notice(&data));
            });
            let on_open = Listener::new(move |_| set_open.set(true));
            let on_error = Listener::new(move |_| set_open.set(false));
            let listeners = [
                ("change", on_change),
                ("open", on_open),
                ("error", on_error),
            ];
            if listeners.iter().all(|(name, listener)| {
                source
                    .add_event_listener_with_callback(name, listener.as_ref().unchecked_ref())
                    .is_ok()
            }) {
                let [(_, a), (_, b), (_, c)] = listeners;
                current.set_value(Some(SendWrapper::new((source, [a, b, c]))));
            } else {
                source.close();
            }
        });
        on_cleanup(close);
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (url, on_notice, set_open);
    }
    open
}

/// A counter that goes up each time the stream at `url` announces any change; use it as a
/// resource source so the resource refetches.
pub fn live_updates(url: impl Fn() -> String + Send + Sync + 'static) -> ReadSignal<u32> {
    let (changes, set_changes) = signal(0u32);
    live_notices(url, move |_| set_changes.update(|n| *n += 1));
    changes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_notice_names_its_part_and_anything_else_means_all() {
        let part = |data| LivePart::of_notice(data);
        assert_eq!(
            part(r#"{"incident":"ACME-1","part":"timeline"}"#),
            LivePart::Timeline
        );
        assert_eq!(
            part(r#"{"incident":"ACME-1","part":"tasks"}"#),
            LivePart::Tasks
        );
        assert_eq!(part(r#"{"part":"incident"}"#), LivePart::Incident);
        assert_eq!(part(r#"{"part":"all"}"#), LivePart::All);
        assert_eq!(part("not json"), LivePart::All);
    }
}
