//! `GET /admin/audit/checkpoint.json`: a checkpoint of the admin's own view of the audit log
//! (the platform admin's is the platform's), signed with the audit key when one is set, for the
//! admin to keep and later show what the log held when they looked.

use axum::{
    extract::State,
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use backend::audit::checkpoint;
use backend::{AppState, Principal};
use contract::error::{AppError, internal};

pub async fn download(State(state): State<AppState>, who: Principal) -> Response {
    let result = async {
        let now = state.clock.now();
        let (tenant, checkpoint) =
            checkpoint::of_tenant_view(state.db.conn(), &who, now, state.audit_key.as_ref())
                .await?;
        let json = serde_json::to_string_pretty(&checkpoint).map_err(internal)?;
        let stamp = now.format("%Y%m%dT%H%M%SZ");
        Ok::<_, AppError>((tenant.key.to_lowercase(), stamp, json))
    }
    .await;
    match result {
        Ok((key, stamp, json)) => (
            [
                (header::CONTENT_TYPE, "application/json".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"tandem-audit-checkpoint-{key}-{stamp}.json\""),
                ),
                (header::CACHE_CONTROL, "no-store".to_owned()),
            ],
            json,
        )
            .into_response(),
        Err(error) => {
            let status = StatusCode::from_u16(error.status_code())
                .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            (status, error.to_string()).into_response()
        }
    }
}
