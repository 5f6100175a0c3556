//! Tenants (the platform among them), their incidents and the incidents' timelines.
//!
//! Every tenant-owned row carries `tenant_id NOT NULL`, and a child row references its parent
//! together with the parent's tenant, so a row can never hang under another tenant's incident.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Tenants {
    Table,
    Id,
    Key,
    Name,
    Kind,
    NextIncidentNumber,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Incidents {
    Table,
    Id,
    TenantId,
    Number,
    Title,
    Description,
    Severity,
    Status,
    DetectedAt,
    Reporter,
    Version,
    IdempotencyKey,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum TimelineEntries {
    Table,
    Id,
    TenantId,
    IncidentId,
    Kind,
    Visibility,
    Body,
    Author,
    OccurredAt,
    RecordedAt,
}

/// A 64-bit auto-increment primary key (`INTEGER PRIMARY KEY` on SQLite, `BIGSERIAL` on PostgreSQL).
fn id_column<T: IntoIden>(name: T) -> ColumnDef {
    big_integer(name).auto_increment().primary_key().take()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Tenants::Table)
                    .col(id_column(Tenants::Id))
                    .col(string_len_uniq(Tenants::Key, 10))
                    .col(string_len(Tenants::Name, 120))
                    .col(string_len(Tenants::Kind, 16))
                    .col(big_integer(Tenants::NextIncidentNumber).default(1))
                    .col(timestamp_with_time_zone(Tenants::CreatedAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Incidents::Table)
                    .col(id_column(Incidents::Id))
                    .col(big_integer(Incidents::TenantId))
                    .col(big_integer(Incidents::Number))
                    .col(text(Incidents::Title))
                    .col(text(Incidents::Description))
                    .col(string_len(Incidents::Severity, 8))
                    .col(string_len(Incidents::Status, 16))
                    .col(timestamp_with_time_zone(Incidents::DetectedAt))
                    .col(text(Incidents::Reporter))
                    .col(big_integer(Incidents::Version).default(1))
                    .col(string_len_null(Incidents::IdempotencyKey, 64))
                    .col(timestamp_with_time_zone(Incidents::CreatedAt))
                    .col(timestamp_with_time_zone(Incidents::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_incidents_tenant")
                            .from(Incidents::Table, Incidents::TenantId)
                            .to(Tenants::Table, Tenants::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, columns) in [
            (
                "ux_incidents_tenant_number",
                vec![Incidents::TenantId, Incidents::Number],
            ),
            (
                "ux_incidents_id_tenant",
                vec![Incidents::Id, Incidents::TenantId],
            ),
            (
                "ux_incidents_tenant_idempotency",
                vec![Incidents::TenantId, Incidents::IdempotencyKey],
            ),
        ] {
            let mut index = Index::create();
            index.name(name).table(Incidents::Table).unique();
            for column in columns {
                index.col(column);
            }
            manager.create_index(index).await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(TimelineEntries::Table)
                    .col(id_column(TimelineEntries::Id))
                    .col(big_integer(TimelineEntries::TenantId))
                    .col(big_integer(TimelineEntries::IncidentId))
                    .col(string_len(TimelineEntries::Kind, 32))
                    .col(string_len(TimelineEntries::Visibility, 24))
                    .col(text(TimelineEntries::Body))
                    .col(text(TimelineEntries::Author))
                    .col(timestamp_with_time_zone(TimelineEntries::OccurredAt))
                    .col(timestamp_with_time_zone(TimelineEntries::RecordedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_timeline_entries_tenant")
                            .from(TimelineEntries::Table, TimelineEntries::TenantId)
                            .to(Tenants::Table, Tenants::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_timeline_entries_incident")
                            .from(
                                TimelineEntries::Table,
                                (TimelineEntries::IncidentId, TimelineEntries::TenantId),
                            )
                            .to(Incidents::Table, (Incidents::Id, Incidents::TenantId))
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_timeline_entries_incident")
                    .table(TimelineEntries::Table)
                    .col(TimelineEntries::IncidentId)
                    .col(TimelineEntries::Id)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            TimelineEntries::Table.into_iden(),
            Incidents::Table.into_iden(),
            Tenants::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
