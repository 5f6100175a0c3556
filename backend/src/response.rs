//! The one way a plain HTTP handler answers with an error: the status the error names and the
//! error itself as JSON, with no internal detail (causes stay in the log).

use axum::{
    Json,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use contract::error::AppError;

#[derive(Debug)]
pub struct ErrorResponse(pub AppError);

impl From<AppError> for ErrorResponse {
    fn from(error: AppError) -> Self {
        Self(error)
    }
}

impl IntoResponse for ErrorResponse {
    fn into_response(self) -> Response {
        let status =
            StatusCode::from_u16(self.0.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        (status, Json(self.0)).into_response()
    }
}
