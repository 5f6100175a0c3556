//! The unique indexes the schema names, and turning a write that broke one into the field error
//! it means for the form that made it. The index decides, not a count before the insert: two
//! racing creates get one success and one field error on both databases.

use contract::error::AppError;
use domain::FieldError;
use sea_orm::{DbErr, SqlErr};

/// A unique index, by the name PostgreSQL reports and the columns SQLite reports.
#[derive(Debug, Clone, Copy)]
pub struct UniqueIndex {
    name: &'static str,
    columns: &'static str,
}

pub const USER_EMAIL: UniqueIndex = UniqueIndex {
    name: "ux_users_email",
    columns: "users.email",
};

pub const TENANT_KEY: UniqueIndex = UniqueIndex {
    name: "ux_tenants_key",
    columns: "tenants.key",
};

pub const INCIDENT_IDEMPOTENCY_KEY: UniqueIndex = UniqueIndex {
    name: "ux_incidents_tenant_idempotency",
    columns: "incidents.tenant_id, incidents.idempotency_key",
};

impl UniqueIndex {
    /// Whether `error` is a write refused by this index.
    pub fn broken_by(&self, error: &DbErr) -> bool {
        match error.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(message)) => self.reported_in(&message),
            _ => false,
        }
    }

    /// PostgreSQL says `duplicate key value violates unique constraint "ux_users_email"`;
    /// SQLite says `UNIQUE constraint failed: users.email`.
    fn reported_in(&self, message: &str) -> bool {
        message.contains(&format!("\"{}\"", self.name))
            || message.strip_prefix("UNIQUE constraint failed: ") == Some(self.columns)
    }
}

/// What breaking a unique index means on a form: the field to mark and what to tell.
#[derive(Debug, Clone, Copy)]
pub struct Taken {
    pub index: UniqueIndex,
    pub field: &'static str,
    pub message: &'static str,
}

/// `error` as the field error of the first of `taken` whose index it broke, otherwise as the
/// database error it is.
pub fn field_error(error: DbErr, taken: &[Taken]) -> AppError {
    match taken.iter().find(|t| t.index.broken_by(&error)) {
        Some(t) => AppError::invalid(vec![FieldError::new(t.field, t.message)]),
        None => error.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_database_reports_an_index_its_own_way() {
        assert!(
            USER_EMAIL
                .reported_in("duplicate key value violates unique constraint \"ux_users_email\"")
        );
        assert!(USER_EMAIL.reported_in("UNIQUE constraint failed: users.email"));
        assert!(INCIDENT_IDEMPOTENCY_KEY.reported_in(
            "UNIQUE constraint failed: incidents.tenant_id, incidents.idempotency_key"
        ));
    }

    #[test]
    fn another_index_is_not_mistaken_for_this_one() {
        assert!(!USER_EMAIL.reported_in("UNIQUE constraint failed: tenants.key"));
        assert!(!USER_EMAIL.reported_in("UNIQUE constraint failed: users.email_alias"));
        assert!(!TENANT_KEY.reported_in(
            "duplicate key value violates unique constraint \"ux_tenants_key_other\""
        ));
    }

    #[test]
    fn an_error_that_is_no_unique_violation_stays_a_database_error() {
        let error = field_error(
            DbErr::Custom("connection lost".into()),
            &[Taken {
                index: USER_EMAIL,
                field: "email",
                message: "taken",
            }],
        );
        assert!(!matches!(error, AppError::Invalid { .. }), "{error:?}");
    }
}
