//! Start-up and shutdown: connect, migrate, build the state, listen, and on SIGTERM or SIGINT
//! let in-flight requests finish within the grace period.

use crate::{Config, build_router};
use app::backend::{AppState, Database};
use domain::responsibility::ResponsibilityModel;
use leptos::config::LeptosOptions;
use migration::{Migrator, MigratorTrait};
use std::{future::Future, io, sync::Arc};
use tokio::net::TcpListener;

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("cannot open the database ({url}): {cause}")]
    Database { url: String, cause: sea_orm::DbErr },
    #[error("cannot apply database migrations: {0}")]
    Migrations(sea_orm::DbErr),
    #[error("cannot listen on {addr}: {cause}")]
    Listen {
        addr: std::net::SocketAddr,
        cause: io::Error,
    },
    #[error("server error: {0}")]
    Serve(io::Error),
}

/// Connects and brings the schema up to date.
pub async fn open_database(config: &Config) -> Result<Database, StartError> {
    let db = Database::connect(&config.database_url)
        .await
        .map_err(|cause| StartError::Database {
            url: crate::config::redact_url(&config.database_url),
            cause,
        })?;
    Migrator::up(db.conn(), None)
        .await
        .map_err(StartError::Migrations)?;
    Ok(db)
}

pub fn app_state(config: &Config, db: Database, model: ResponsibilityModel) -> AppState {
    let leptos_options = LeptosOptions::builder()
        .output_name("tandem")
        .site_root(config.site_root.to_string_lossy().as_ref())
        .site_pkg_dir("pkg")
        .site_addr(config.site_addr)
        .build();
    AppState {
        leptos_options,
        db,
        model: Arc::new(model),
    }
}

/// Serves until `shutdown` resolves, then gives in-flight requests the grace period.
pub async fn serve(
    config: &Config,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), StartError> {
    let listener =
        TcpListener::bind(config.site_addr)
            .await
            .map_err(|cause| StartError::Listen {
                addr: config.site_addr,
                cause,
            })?;
    let addr = listener.local_addr().map_err(StartError::Serve)?;
    tracing::info!(%addr, "Tandem is listening");
    let (stopping_tx, stopping_rx) = tokio::sync::oneshot::channel::<()>();
    let app = build_router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    let server = axum::serve(listener, app).with_graceful_shutdown(async move {
        shutdown.await;
        tracing::info!("shutting down: finishing in-flight requests");
        let _ = stopping_tx.send(());
    });
    let grace = config.shutdown_grace();
    tokio::select! {
        result = server => result.map_err(StartError::Serve),
        () = async move {
            if stopping_rx.await.is_ok() {
                tokio::time::sleep(grace).await;
            } else {
                std::future::pending::<()>().await;
            }
        } => {
            tracing::warn!(?grace, "grace period over; closing remaining connections");
            Ok(())
        }
    }
}

/// Resolves on SIGINT or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
