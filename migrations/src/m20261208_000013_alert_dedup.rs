//! Gives incidents opened by an alert the alert's dedup key, so that its repeats and its
//! resolution reach the same incident. At most one incident of a tenant that is not closed may
//! hold a key: the unique index covers only those (a closed incident's key may open a new
//! one), and only rows with a key, so it stays as small as the alerting is.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Incidents {
    Table,
    DedupKey,
}

/// The index alert intake looks keys up by; its `WHERE` is repeated word for word in that
/// lookup, since SQLite uses a partial index only for a query whose terms match it.
const CREATE_INDEX: &str = "CREATE UNIQUE INDEX ux_incidents_open_dedup_key \
     ON incidents (tenant_id, dedup_key) \
     WHERE dedup_key IS NOT NULL AND status <> 'closed'";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Incidents::Table)
                    .add_column(ColumnDef::new(Incidents::DedupKey).string_len(255).null())
                    .to_owned(),
            )
            .await?;
        // Partial indexes are written the same in SQLite and PostgreSQL; sea-query builds none.
        manager
            .get_connection()
            .execute_unprepared(CREATE_INDEX)
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared("DROP INDEX ux_incidents_open_dedup_key")
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Incidents::Table)
                    .drop_column(Incidents::DedupKey)
                    .to_owned(),
            )
            .await
    }
}
