//! Live updates as server-sent events: `/api/live/incidents` tells an open list page that an
//! incident it may show changed, `/api/live/incidents/{key}` tells an open incident page that
//! this incident did. Anonymous callers are refused; every notice is filtered for the
//! subscriber by tenant, ownership, grants and entry visibility before it is sent; and the
//! subscriber's session and grants are checked again as time passes, so a stream ends with
//! its session and stops hearing a tenant when a grant expires.

use axum::{
    extract::{ConnectInfo, Path, State},
    response::{
        IntoResponse, Response,
        sse::{Event, KeepAlive, Sse},
    },
};
use backend::access::{scope, session};
use backend::events::Change;
use backend::response::ErrorResponse;
use backend::{AppState, Principal};
use chrono::{DateTime, Duration, Utc};
use contract::error::AppError;
use std::{convert::Infallible, net::SocketAddr};
use tokio::sync::{broadcast::error::RecvError, watch};
use tower_sessions::Session;
use tower_sessions::session::Id;

/// How often, at most, a stream goes without checking its session again.
const RECHECK: Duration = Duration::seconds(10);
/// A comment line this often keeps proxies from closing a quiet stream.
const KEEP_ALIVE: std::time::Duration = std::time::Duration::from_secs(15);

pub async fn incident_list(
    State(state): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    principal: Principal,
    session: Session,
) -> Response {
    subscribe(state, principal, session, addr, None).await
}

pub async fn incident(
    State(state): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    Path(key): Path<String>,
    principal: Principal,
    session: Session,
) -> Response {
    let Some(key) = domain::IncidentKey::parse(&key) else {
        return refuse(AppError::NotFound);
    };
    subscribe(state, principal, session, addr, Some(key)).await
}

fn refuse(error: AppError) -> Response {
    ErrorResponse(error).into_response()
}

async fn subscribe(
    state: AppState,
    principal: Principal,
    session: Session,
    addr: SocketAddr,
    only: Option<domain::IncidentKey>,
) -> Response {
    let source = addr.ip().to_string();
    if principal.signed_in().is_none() {
        return refuse(AppError::Unauthenticated);
    }
    let incident_id = match &only {
        Some(key) => match scope::find_incident(state.db.conn(), &principal, key).await {
            Ok((_, incident)) => Some(incident.id),
            Err(error) => return refuse(error),
        },
        None => None,
    };
    let (Some(session_id), receiver) = (session.id(), state.events.subscribe()) else {
        return refuse(AppError::Unauthenticated);
    };
    let listener = Listener {
        recheck_at: recheck_at(&principal, state.clock.now()),
        closing: state.events.closing(),
        state,
        session_id,
        source,
        principal,
        incident_id,
        receiver,
        ended: false,
    };
    let stream = futures_util::stream::unfold(listener, next);
    Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(KEEP_ALIVE))
        .into_response()
}

struct Listener {
    state: AppState,
    session_id: Id,
    source: String,
    principal: Principal,
    /// When the session and grants must be looked at again.
    recheck_at: DateTime<Utc>,
    /// Only this incident's changes, for an incident page.
    incident_id: Option<i64>,
    receiver: tokio::sync::broadcast::Receiver<Change>,
    closing: watch::Receiver<bool>,
    ended: bool,
}

/// The next check: soon, or as soon as the first grant ends.
fn recheck_at(principal: &Principal, now: DateTime<Utc>) -> DateTime<Utc> {
    let grant_end = principal
        .signed_in()
        .and_then(|u| u.grants.iter().map(|(_, end)| *end).min());
    let soon = now + RECHECK;
    grant_end.map_or(soon, |end| end.min(soon))
}

async fn next(mut listener: Listener) -> Option<(Result<Event, Infallible>, Listener)> {
    if listener.ended || *listener.closing.borrow() {
        return None;
    }
    loop {
        // A quiet stream still looks at its session when the check falls due, so that it ends
        // with the session rather than at the next notice.
        let until_check = (listener.recheck_at - listener.state.clock.now())
            .to_std()
            .unwrap_or_default();
        let received = tokio::select! {
            _ = listener.closing.changed() => return None,
            () = tokio::time::sleep(until_check) => {
                if !listener.still_signed_in().await {
                    return listener.end();
                }
                continue;
            }
            received = listener.receiver.recv() => received,
        };
        let change = match received {
            Ok(change) => change,
            // Too far behind to know what was missed: have the page fetch everything again.
            Err(RecvError::Lagged(_)) => {
                if !listener.still_signed_in().await {
                    return listener.end();
                }
                let event = Event::default().event("change").data(r#"{"part":"all"}"#);
                return Some((Ok(event), listener));
            }
            Err(RecvError::Closed) => return None,
        };
        if listener
            .incident_id
            .is_some_and(|id| id != change.incident_id)
        {
            continue;
        }
        if !listener.still_signed_in().await {
            return listener.end();
        }
        if !scope::hears(&listener.principal, &change) {
            continue;
        }
        let data = serde_json::json!({ "incident": change.key, "part": change.part });
        let event = Event::default().event("change").data(data.to_string());
        return Some((Ok(event), listener));
    }
}

impl Listener {
    /// Reloads the principal from the stored session when it is due, so an ended session,
    /// a disabled user or an expired grant takes effect on the stream too.
    async fn still_signed_in(&mut self) -> bool {
        let now = self.state.clock.now();
        if now < self.recheck_at {
            return true;
        }
        match session::reload(&self.state, self.session_id, self.source.clone()).await {
            Ok(p) if p.signed_in().is_some() => {
                self.recheck_at = recheck_at(&p, now);
                self.principal = p;
                true
            }
            _ => false,
        }
    }

    /// Tells the page its session ended, then closes the stream.
    fn end(mut self) -> Option<(Result<Event, Infallible>, Listener)> {
        self.ended = true;
        Some((Ok(Event::default().event("signed-out").data("{}")), self))
    }
}
