//! The ceiling: a bare axum "hello, world" served on the same machine and measured with the same
//! load settings as Tandem, so every figure can be read as a share of what this machine, this
//! HTTP stack and this load driver can do at all.

use axum::{Router, routing::get};
use std::net::SocketAddr;

const GREETING: &str = "Hello, world!";

/// Serves `GET /` and `POST /` with a fixed greeting until SIGTERM or SIGINT.
pub async fn serve(addr: SocketAddr) -> anyhow::Result<()> {
    let app = Router::new().route("/", get(|| async { GREETING }).post(|| async { GREETING }));
    let listener = tokio::net::TcpListener::bind(addr).await?;
    axum::serve(listener, app)
        .with_graceful_shutdown(stopped())
        .await?;
    Ok(())
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
