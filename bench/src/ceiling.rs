//! The ceiling: a bare axum "hello, world" served on the same machine and measured with the same
//! load settings as Tandem, so every figure can be read as a share of what this machine, this
//! HTTP stack and this load driver can do at all. For the live-stream fan-out it also holds
//! server-sent event streams open and tells every one of them about each posted note, with
//! nothing else done: no session, no database, no filtering.

use axum::{
    Router,
    extract::{Path, State},
    response::sse::{Event, Sse},
    routing::{get, post},
};
use std::{convert::Infallible, net::SocketAddr};
use tokio::sync::broadcast;

const GREETING: &str = "Hello, world!";

/// Serves `GET /` and `POST /` with a fixed greeting, and the two live-stream routes the
/// fan-out uses, until SIGTERM or SIGINT.
pub async fn serve(addr: SocketAddr) -> anyhow::Result<()> {
    let (notes, _) = broadcast::channel::<String>(1024);
    let app = Router::new()
        .route("/", get(|| async { GREETING }).post(|| async { GREETING }))
        .route("/api/live/incidents/{key}", get(listen))
        .route("/api/timeline/note", post(note))
        .with_state(notes);
    let listener = tokio::net::TcpListener::bind(addr).await?;
    axum::serve(listener, app)
        .with_graceful_shutdown(stopped())
        .await?;
    Ok(())
}

type Notes = broadcast::Sender<String>;

/// An event stream that hears every note about `key`.
async fn listen(
    State(notes): State<Notes>,
    Path(key): Path<String>,
) -> Sse<impl futures_util::Stream<Item = Result<Event, Infallible>>> {
    let stream =
        futures_util::stream::unfold((notes.subscribe(), key), |(mut receiver, key)| async move {
            loop {
                match receiver.recv().await {
                    Ok(about) if about == key => {
                        let data = format!(r#"{{"incident":"{key}","part":"timeline"}}"#);
                        let event = Event::default().event("change").data(data);
                        return Some((Ok(event), (receiver, key)));
                    }
                    Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => {}
                    Err(broadcast::error::RecvError::Closed) => return None,
                }
            }
        });
    Sse::new(stream)
}

/// Tells every stream that a note was added to the incident named in the form's `key`.
async fn note(State(notes): State<Notes>, body: String) -> &'static str {
    let key = body
        .split('&')
        .find_map(|pair| pair.strip_prefix("key="))
        .unwrap_or_default()
        .to_owned();
    let _ = notes.send(key);
    GREETING
}

async fn stopped() {
    use tokio::signal::unix::{SignalKind, signal};
    let (Ok(mut term), Ok(mut int)) = (
        signal(SignalKind::terminate()),
        signal(SignalKind::interrupt()),
    ) else {
        return;
    };
    tokio::select! {
        _ = term.recv() => {}
        _ = int.recv() => {}
    }
}
