//! Stored codes: every enum that is written to a column as text has one `code()` and one
//! `parse`, and with the `sea-orm` feature (the backend's, never the browser's) the column
//! mapping that calls them, so an entity field is the enum itself and nothing above the
//! database reads a code back by hand. A stored code that no longer parses is a database error
//! naming the type and the code, not a silent default.

/// Implements the column mapping of `$ty`, written as `$ty::code` and read back with `$parse`
/// (a function from `&str` to `Option<$ty>`).
#[cfg(feature = "sea-orm")]
macro_rules! stored_code {
    ($ty:ty, $parse:expr) => {
        impl From<$ty> for sea_orm::Value {
            fn from(value: $ty) -> Self {
                sea_orm::Value::String(Some(Box::new(value.code().to_owned())))
            }
        }

        impl sea_orm::TryGetable for $ty {
            fn try_get_by<I: sea_orm::ColIdx>(
                res: &sea_orm::QueryResult,
                index: I,
            ) -> Result<Self, sea_orm::TryGetError> {
                let raw = String::try_get_by(res, index)?;
                let parse: fn(&str) -> Option<$ty> = $parse;
                parse(&raw).ok_or_else(|| {
                    sea_orm::TryGetError::DbErr(sea_orm::DbErr::Type(format!(
                        "stored {} code {raw:?}",
                        stringify!($ty)
                    )))
                })
            }
        }

        impl sea_orm::sea_query::ValueType for $ty {
            fn try_from(value: sea_orm::Value) -> Result<Self, sea_orm::sea_query::ValueTypeErr> {
                let parse: fn(&str) -> Option<$ty> = $parse;
                match value {
                    sea_orm::Value::String(Some(raw)) => {
                        parse(&raw).ok_or(sea_orm::sea_query::ValueTypeErr)
                    }
                    _ => Err(sea_orm::sea_query::ValueTypeErr),
                }
            }

            fn type_name() -> String {
                stringify!($ty).to_owned()
            }

            fn array_type() -> sea_orm::sea_query::ArrayType {
                sea_orm::sea_query::ArrayType::String
            }

            fn column_type() -> sea_orm::sea_query::ColumnType {
                sea_orm::sea_query::ColumnType::Text
            }
        }

        impl sea_orm::sea_query::Nullable for $ty {
            fn null() -> sea_orm::Value {
                sea_orm::Value::String(None)
            }
        }
    };
}

#[cfg(feature = "sea-orm")]
mod columns {
    use crate::access::{GrantStatus, Role};
    use crate::note::EntryVisibility;
    use crate::responsibility::{Layer, Owner, Side, TenantsAffected};
    use crate::task::TaskStatus;
    use crate::timeline::EntryKind;
    use crate::{IncidentStatus, Severity, TenantKind};

    stored_code!(Side, Side::parse);
    stored_code!(Owner, Owner::parse);
    stored_code!(Layer, Layer::parse);
    stored_code!(TenantsAffected, TenantsAffected::parse);
    stored_code!(Severity, |raw| Severity::parse(raw).ok());
    stored_code!(IncidentStatus, IncidentStatus::parse);
    stored_code!(TaskStatus, TaskStatus::parse);
    stored_code!(Role, Role::parse);
    stored_code!(GrantStatus, GrantStatus::parse);
    stored_code!(EntryVisibility, EntryVisibility::parse);
    stored_code!(EntryKind, EntryKind::parse);
    stored_code!(TenantKind, TenantKind::parse);
}
