//! Start-up and shutdown: connect, migrate, build the state, listen, and on SIGTERM or SIGINT
//! let in-flight requests finish within the grace period.

use crate::{Config, build_router};
use backend::events::EventBus;
use backend::{
    AppState, Clock, Database, SystemClock, identity::session_store, state::SessionPolicy,
};
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
    #[error("cannot listen for change notices: {0}")]
    Notices(sea_orm::DbErr),
    #[error("cannot bring the stored deadlines in step with the SLA targets: {0}")]
    Deadlines(contract::error::AppError),
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
    app_state_with_clock(config, db, model, Arc::new(SystemClock))
}

/// What rendering the pages needs: where the built site is and the address it is served on.
pub fn leptos_options(config: &Config) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("tandem")
        .site_root(config.site_root.to_string_lossy().as_ref())
        .site_pkg_dir("pkg")
        .site_addr(config.site_addr)
        .build()
}

/// The state with a given clock (tests move time with one).
pub fn app_state_with_clock(
    config: &Config,
    db: Database,
    model: ResponsibilityModel,
    clock: Arc<dyn Clock>,
) -> AppState {
    AppState {
        events: EventBus::new(&db),
        // Checked by `Config::validate` at start-up.
        sla: Arc::new(config.sla_policy().unwrap_or_default()),
        db,
        model: Arc::new(model),
        clock,
        sessions: SessionPolicy {
            idle_timeout: chrono::Duration::minutes(config.session_idle_minutes),
            absolute_lifetime: chrono::Duration::hours(config.session_lifetime_hours),
            secure_cookie: config.secure_cookies,
        },
        operator_name: config.operator_name.clone(),
        // Checked by `Config::validate` at start-up.
        audit_key: config.audit_key().ok().flatten(),
        // Checked by `Config::validate` at start-up.
        alert_rate: backend::alerts::rate::AlertRate::new(
            config
                .alert_rate()
                .unwrap_or(domain::alert::rate::RateLimit::DEFAULT),
        ),
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
    follow_sla_targets(&state).await?;
    tracing::info!(%addr, "Tandem is listening");
    let sweeper = tokio::spawn(sweep_expired_sessions(state.clone()));
    state
        .events
        .listen(&state.db)
        .await
        .map_err(StartError::Notices)?;
    let events = state.events.clone();
    let (stopping_tx, stopping_rx) = tokio::sync::oneshot::channel::<()>();
    let app = build_router(state, leptos_options(config))
        .into_make_service_with_connect_info::<std::net::SocketAddr>();
    let server = axum::serve(listener, app).with_graceful_shutdown(async move {
        shutdown.await;
        tracing::info!("shutting down: finishing in-flight requests");
        // Live streams never finish by themselves: end them so they do not hold shutdown up.
        events.close();
        let _ = stopping_tx.send(());
    });
    let grace = config.shutdown_grace();
    let _stop_sweeping = AbortOnDrop(sweeper);
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

/// How often expired sessions are removed from the store.
const SESSION_SWEEP: std::time::Duration = std::time::Duration::from_secs(600);

/// Removes expired sessions now and then (they are refused when loaded regardless).
async fn sweep_expired_sessions(state: AppState) {
    let mut tick = tokio::time::interval(SESSION_SWEEP);
    loop {
        tick.tick().await;
        match session_store::delete_expired(&state.db, state.clock.now()).await {
            Ok(0) => {}
            Ok(removed) => tracing::debug!(removed, "expired sessions removed"),
            Err(error) => tracing::warn!(%error, "cannot remove expired sessions"),
        }
    }
}

struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
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

/// Recomputes the stored deadlines when the SLA targets changed since the last start.
async fn follow_sla_targets(state: &AppState) -> Result<(), StartError> {
    use backend::incidents::deadlines::{Followed, follow};
    match follow(&state.db, &state.sla, state.clock.now()).await {
        Ok(Followed::Unchanged) => Ok(()),
        Ok(Followed::Recomputed { incidents }) => {
            tracing::info!(incidents, "SLA targets changed: next deadlines recomputed");
            Ok(())
        }
        Err(error) => Err(StartError::Deadlines(error)),
    }
}
