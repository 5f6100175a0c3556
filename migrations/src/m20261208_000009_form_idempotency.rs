//! Gives added tasks and written notes an optional idempotency key, unique within their
//! incident, so that a form submitted twice (a double click, a retry after a lost answer) adds
//! one task or one note, as opening an incident already does.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Tasks {
    Table,
    IdempotencyKey,
}

#[derive(DeriveIden, Clone, Copy)]
enum TimelineEntries {
    Table,
    IdempotencyKey,
}

/// Only rows a form or API request keyed are indexed: most tasks and entries carry no key, and
/// an index entry for each of them would cost every timeline append (partial indexes are
/// written the same in SQLite and PostgreSQL; sea-query builds none).
const TASKS_INDEX: &str = "CREATE UNIQUE INDEX ux_tasks_incident_idempotency \
     ON tasks (incident_id, idempotency_key) WHERE idempotency_key IS NOT NULL";
const TIMELINE_INDEX: &str = "CREATE UNIQUE INDEX ux_timeline_entries_incident_idempotency \
     ON timeline_entries (incident_id, idempotency_key) WHERE idempotency_key IS NOT NULL";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        manager
            .alter_table(
                Table::alter()
                    .table(Tasks::Table)
                    .add_column(ColumnDef::new(Tasks::IdempotencyKey).string_len(64).null())
                    .to_owned(),
            )
            .await?;
        db.execute_unprepared(TASKS_INDEX).await?;
        manager
            .alter_table(
                Table::alter()
                    .table(TimelineEntries::Table)
                    .add_column(
                        ColumnDef::new(TimelineEntries::IdempotencyKey)
                            .string_len(64)
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;
        db.execute_unprepared(TIMELINE_INDEX).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, table) in [
            ("ux_tasks_incident_idempotency", "tasks"),
            (
                "ux_timeline_entries_incident_idempotency",
                "timeline_entries",
            ),
        ] {
            manager
                .drop_index(Index::drop().name(name).table(Alias::new(table)).to_owned())
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Tasks::Table)
                    .drop_column(Tasks::IdempotencyKey)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(TimelineEntries::Table)
                    .drop_column(TimelineEntries::IdempotencyKey)
                    .to_owned(),
            )
            .await
    }
}
