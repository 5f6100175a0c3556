//! Names the unique indexes on a user's e-mail address and a tenant's key, so that a write which
//! breaks one can be told apart from any other and answered as the field error it means.
//!
//! The columns were created `UNIQUE`, which PostgreSQL enforces through constraints it names
//! `users_email_key` and `tenants_key_key`. Those are dropped there in favour of the named
//! indexes, so a violation always reports the name the backend knows. SQLite cannot drop a
//! column constraint without rebuilding the table; it reports a violation by its columns, which
//! are the same for both indexes.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Users {
    Table,
    Email,
}

#[derive(DeriveIden, Clone, Copy)]
enum Tenants {
    Table,
    Key,
}

/// The PostgreSQL constraints the `UNIQUE` columns were created with.
const COLUMN_CONSTRAINTS: [(&str, &str); 2] =
    [("users", "users_email_key"), ("tenants", "tenants_key_key")];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name("ux_users_email")
                    .table(Users::Table)
                    .col(Users::Email)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_tenants_key")
                    .table(Tenants::Table)
                    .col(Tenants::Key)
                    .unique()
                    .to_owned(),
            )
            .await?;
        if manager.get_database_backend() == DatabaseBackend::Postgres {
            let db = manager.get_connection();
            for (table, constraint) in COLUMN_CONSTRAINTS {
                db.execute_unprepared(&format!(
                    "ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {constraint}"
                ))
                .await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DatabaseBackend::Postgres {
            let db = manager.get_connection();
            for ((table, constraint), column) in
                COLUMN_CONSTRAINTS.into_iter().zip(["email", "key"])
            {
                db.execute_unprepared(&format!(
                    "ALTER TABLE {table} ADD CONSTRAINT {constraint} UNIQUE ({column})"
                ))
                .await?;
            }
        }
        for (name, table) in [("ux_users_email", "users"), ("ux_tenants_key", "tenants")] {
            manager
                .drop_index(Index::drop().name(name).table(Alias::new(table)).to_owned())
                .await?;
        }
        Ok(())
    }
}
