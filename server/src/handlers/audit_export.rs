//! `GET /admin/audit.csv`: the admin's audit log, with the review page's filters, as CSV.

use axum::{
    extract::{Query, State},
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use backend::audit::log::{self, AuditFilter, EXPORT_LIMIT};
use backend::{AppState, Principal};
use contract::error::AppError;
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
pub struct ExportQuery {
    #[serde(default)]
    actor: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
}

pub async fn export(
    State(state): State<AppState>,
    who: Principal,
    Query(query): Query<ExportQuery>,
) -> Response {
    let result = async {
        let filter = AuditFilter {
            actor: query.actor,
            action: query.action,
            from: query.from,
            to: query.to,
        };
        let (tenant, rows, _) =
            log::entries(state.db.conn(), &who, &filter, None, EXPORT_LIMIT).await?;
        Ok::<_, AppError>((tenant.key, log::to_csv(&rows)))
    }
    .await;
    match result {
        Ok((key, csv)) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!(
                        "attachment; filename=\"tandem-audit-{}.csv\"",
                        key.to_lowercase()
                    ),
                ),
                (header::CACHE_CONTROL, "no-store".to_owned()),
            ],
            csv,
        )
            .into_response(),
        Err(error) => {
            let status = StatusCode::from_u16(error.status_code())
                .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            (status, error.to_string()).into_response()
        }
    }
}
