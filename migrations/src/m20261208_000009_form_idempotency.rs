//! Gives added tasks and written notes an optional idempotency key, unique within their
//! incident, so that a form submitted twice (a double click, a retry after a lost answer) adds
//! one task or one note, as opening an incident already does.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Tasks {
    Table,
    IncidentId,
    IdempotencyKey,
}

#[derive(DeriveIden, Clone, Copy)]
enum TimelineEntries {
    Table,
    IncidentId,
    IdempotencyKey,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Tasks::Table)
                    .add_column(ColumnDef::new(Tasks::IdempotencyKey).string_len(64).null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_tasks_incident_idempotency")
                    .table(Tasks::Table)
                    .col(Tasks::IncidentId)
                    .col(Tasks::IdempotencyKey)
                    .unique()
                    .to_owned(),
            )
            .await?;
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
        manager
            .create_index(
                Index::create()
                    .name("ux_timeline_entries_incident_idempotency")
                    .table(TimelineEntries::Table)
                    .col(TimelineEntries::IncidentId)
                    .col(TimelineEntries::IdempotencyKey)
                    .unique()
                    .to_owned(),
            )
            .await
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
