//! Reads under an access grant, counted. A visit (see `domain::access::grant_reads`) writes one
//! audit entry; the entry is append-only, so the count of the reads it stands for and the time of
//! the last one live beside it in `grant_reads`, one row per entry.
//!
//! A row names its grant, incident and entry each together with the row's tenant, so it cannot
//! join one tenant's entry to another tenant's grant or incident. Those composite keys need
//! `(id, tenant_id)` to be unique on grants and on audit entries, which it is by their primary
//! keys already; the indexes say so to the database.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum GrantReads {
    Table,
    Id,
    TenantId,
    GrantId,
    IncidentId,
    ReaderId,
    AuditEntryId,
    FirstAt,
    LastAt,
    Reads,
}

#[derive(DeriveIden)]
enum Tenants {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum AccessGrants {
    Table,
    Id,
    TenantId,
}

#[derive(DeriveIden)]
enum Incidents {
    Table,
    Id,
    TenantId,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum AuditEntries {
    Table,
    Id,
    TenantId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, table, id, tenant) in [
            (
                "ux_access_grants_id_tenant",
                AccessGrants::Table.into_iden(),
                AccessGrants::Id.into_iden(),
                AccessGrants::TenantId.into_iden(),
            ),
            (
                "ux_audit_entries_id_tenant",
                AuditEntries::Table.into_iden(),
                AuditEntries::Id.into_iden(),
                AuditEntries::TenantId.into_iden(),
            ),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(table)
                        .col(id)
                        .col(tenant)
                        .unique()
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(GrantReads::Table)
                    .col(big_integer(GrantReads::Id).auto_increment().primary_key())
                    .col(big_integer(GrantReads::TenantId))
                    .col(big_integer(GrantReads::GrantId))
                    .col(big_integer(GrantReads::IncidentId))
                    .col(big_integer(GrantReads::ReaderId))
                    .col(big_integer(GrantReads::AuditEntryId))
                    .col(timestamp_with_time_zone(GrantReads::FirstAt))
                    .col(timestamp_with_time_zone(GrantReads::LastAt))
                    .col(big_integer(GrantReads::Reads).default(1))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_grant_reads_tenant")
                            .from(GrantReads::Table, GrantReads::TenantId)
                            .to(Tenants::Table, Tenants::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_grant_reads_grant")
                            .from(
                                GrantReads::Table,
                                (GrantReads::GrantId, GrantReads::TenantId),
                            )
                            .to(
                                AccessGrants::Table,
                                (AccessGrants::Id, AccessGrants::TenantId),
                            )
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_grant_reads_incident")
                            .from(
                                GrantReads::Table,
                                (GrantReads::IncidentId, GrantReads::TenantId),
                            )
                            .to(Incidents::Table, (Incidents::Id, Incidents::TenantId))
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    // The reader is platform staff: their row belongs to the platform tenant.
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_grant_reads_reader")
                            .from(GrantReads::Table, GrantReads::ReaderId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_grant_reads_audit_entry")
                            .from(
                                GrantReads::Table,
                                (GrantReads::AuditEntryId, GrantReads::TenantId),
                            )
                            .to(
                                AuditEntries::Table,
                                (AuditEntries::Id, AuditEntries::TenantId),
                            )
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        // The latest visit of a reader to an incident under a grant, found by each read.
        manager
            .create_index(
                Index::create()
                    .name("ix_grant_reads_visit")
                    .table(GrantReads::Table)
                    .col(GrantReads::GrantId)
                    .col(GrantReads::IncidentId)
                    .col(GrantReads::ReaderId)
                    .col(GrantReads::Id)
                    .to_owned(),
            )
            .await?;
        // The review looks rows up by their entry; one entry stands for one visit.
        manager
            .create_index(
                Index::create()
                    .name("ux_grant_reads_audit_entry")
                    .table(GrantReads::Table)
                    .col(GrantReads::AuditEntryId)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(GrantReads::Table).to_owned())
            .await?;
        for (name, table) in [
            (
                "ux_access_grants_id_tenant",
                AccessGrants::Table.into_iden(),
            ),
            (
                "ux_audit_entries_id_tenant",
                AuditEntries::Table.into_iden(),
            ),
        ] {
            manager
                .drop_index(Index::drop().name(name).table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
