//! The incident workspace: when each SLA milestone was met and the next deadline (so overdue
//! incidents can be found by index), remediation tasks in two workstreams, the incident version
//! each automatic timeline entry produced (to say what changed since a stale read), the
//! indexes the list's filters and sorts use, and a timeline the database keeps append-only.

use sea_orm_migration::{prelude::*, schema::*, sea_orm::DbBackend};

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
            .await?;
        append_only_timeline(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DbBackend::Sqlite => {
                for event in ["update", "delete"] {
                    db.execute_unprepared(&format!(
                        "DROP TRIGGER IF EXISTS timeline_entries_no_{event}"
                    ))
                    .await?;
                }
            }
            _ => {
                for sql in [
                    "DROP TRIGGER IF EXISTS timeline_entries_append_only ON timeline_entries",
                    "DROP TRIGGER IF EXISTS timeline_entries_no_truncate ON timeline_entries",
                    "DROP FUNCTION IF EXISTS timeline_entries_append_only()",
                ] {
                    db.execute_unprepared(sql).await?;
                }
            }
        }
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

/// Timeline entries are written once: the database refuses to change or remove them.
async fn append_only_timeline(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let db = manager.get_connection();
    match manager.get_database_backend() {
        DbBackend::Sqlite => {
            for event in ["UPDATE", "DELETE"] {
                db.execute_unprepared(&format!(
                    "CREATE TRIGGER timeline_entries_no_{0} BEFORE {1} ON timeline_entries \
                     BEGIN SELECT RAISE(ABORT, 'timeline entries are append-only'); END;",
                    event.to_lowercase(),
                    event
                ))
                .await?;
            }
        }
        _ => {
            for sql in [
                "CREATE FUNCTION timeline_entries_append_only() RETURNS trigger AS $$ \
                 BEGIN RAISE EXCEPTION 'timeline entries are append-only'; END $$ LANGUAGE plpgsql;",
                "CREATE TRIGGER timeline_entries_append_only BEFORE UPDATE OR DELETE ON timeline_entries \
                 FOR EACH ROW EXECUTE FUNCTION timeline_entries_append_only();",
                "CREATE TRIGGER timeline_entries_no_truncate BEFORE TRUNCATE ON timeline_entries \
                 FOR EACH STATEMENT EXECUTE FUNCTION timeline_entries_append_only();",
            ] {
                db.execute_unprepared(sql).await?;
            }
        }
    }
    Ok(())
}
