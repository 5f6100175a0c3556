//! The incident workspace: when each SLA milestone was met and the next deadline (so overdue
//! incidents can be found by index), remediation tasks in two workstreams, the incident version
//! each automatic timeline entry produced (to say what changed since a stale read), and the
//! indexes the list's filters and sorts use.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Tenants {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Incidents {
    Table,
    Id,
    TenantId,
    Status,
    Severity,
    Area,
    TriagedAt,
    ContainedAt,
    ResolvedAt,
    NextDueAt,
}

#[derive(DeriveIden)]
enum TimelineEntries {
    Table,
    IncidentVersion,
}

#[derive(DeriveIden)]
enum Tasks {
    Table,
    Id,
    TenantId,
    IncidentId,
    Workstream,
    Duty,
    Title,
    Status,
    AssigneeId,
    DueAt,
    WaitingNote,
    Version,
    CreatedBy,
    UpdatedBy,
    CreatedAt,
    UpdatedAt,
}

/// Indexes on `incidents`: each list filter or sort followed by the id that breaks ties and
/// pages the list.
const INCIDENT_INDEXES: [(&str, Incidents); 4] = [
    ("ix_incidents_status_id", Incidents::Status),
    ("ix_incidents_severity_id", Incidents::Severity),
    ("ix_incidents_area_id", Incidents::Area),
    ("ix_incidents_next_due_id", Incidents::NextDueAt),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite alters one column per statement.
        for column in [
            Incidents::TriagedAt,
            Incidents::ContainedAt,
            Incidents::ResolvedAt,
            Incidents::NextDueAt,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Incidents::Table)
                        .add_column(timestamp_with_time_zone_null(column))
                        .to_owned(),
                )
                .await?;
        }
        for (name, column) in INCIDENT_INDEXES {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(Incidents::Table)
                        .col(column)
                        .col(Incidents::Id)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(TimelineEntries::Table)
                    .add_column(big_integer_null(TimelineEntries::IncidentVersion))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Tasks::Table)
                    .col(big_integer(Tasks::Id).auto_increment().primary_key().take())
                    .col(big_integer(Tasks::TenantId))
                    .col(big_integer(Tasks::IncidentId))
                    .col(string_len(Tasks::Workstream, 16))
                    .col(string_len_null(Tasks::Duty, 64))
                    .col(text(Tasks::Title))
                    .col(string_len(Tasks::Status, 16))
                    .col(big_integer_null(Tasks::AssigneeId))
                    .col(timestamp_with_time_zone_null(Tasks::DueAt))
                    .col(text_null(Tasks::WaitingNote))
                    .col(big_integer(Tasks::Version))
                    .col(text(Tasks::CreatedBy))
                    .col(text(Tasks::UpdatedBy))
                    .col(timestamp_with_time_zone(Tasks::CreatedAt))
                    .col(timestamp_with_time_zone(Tasks::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_tasks_tenant")
                            .from(Tasks::Table, Tasks::TenantId)
                            .to(Tenants::Table, Tenants::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_tasks_incident")
                            .from(Tasks::Table, (Tasks::IncidentId, Tasks::TenantId))
                            .to(Incidents::Table, (Incidents::Id, Incidents::TenantId))
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_tasks_assignee")
                            .from(Tasks::Table, Tasks::AssigneeId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_tasks_incident")
                    .table(Tasks::Table)
                    .col(Tasks::IncidentId)
                    .col(Tasks::Id)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Tasks::Table).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(TimelineEntries::Table)
                    .drop_column(TimelineEntries::IncidentVersion)
                    .to_owned(),
            )
            .await?;
        for (name, _) in INCIDENT_INDEXES {
            manager
                .drop_index(Index::drop().name(name).table(Incidents::Table).to_owned())
                .await?;
        }
        for column in [
            Incidents::TriagedAt,
            Incidents::ContainedAt,
            Incidents::ResolvedAt,
            Incidents::NextDueAt,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Incidents::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
