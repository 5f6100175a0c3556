//! The audit log: append-only entries in a hash chain, its head kept in `audit_chain` (one row,
//! locked by each append so concurrent writers cannot fork the chain), and triggers that make
//! the database itself refuse UPDATE and DELETE on entries.

use sea_orm_migration::{prelude::*, schema::*, sea_orm::DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AuditEntries {
    Table,
    Id,
    TenantId,
    Actor,
    Action,
    Object,
    Detail,
    Source,
    OccurredAt,
    PrevHash,
    Hash,
}

#[derive(DeriveIden)]
enum AuditChain {
    Table,
    Id,
    LastId,
    LastHash,
}

#[derive(DeriveIden)]
enum Tenants {
    Table,
    Id,
}

const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AuditEntries::Table)
                    .col(big_integer(AuditEntries::Id).primary_key())
                    .col(big_integer(AuditEntries::TenantId))
                    .col(text(AuditEntries::Actor))
                    .col(string_len(AuditEntries::Action, 64))
                    .col(text(AuditEntries::Object))
                    .col(text(AuditEntries::Detail))
                    .col(text(AuditEntries::Source))
                    .col(string_len(AuditEntries::OccurredAt, 40))
                    .col(string_len(AuditEntries::PrevHash, 64))
                    .col(string_len_uniq(AuditEntries::Hash, 64))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_audit_entries_tenant")
                            .from(AuditEntries::Table, AuditEntries::TenantId)
                            .to(Tenants::Table, Tenants::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_audit_entries_tenant")
                    .table(AuditEntries::Table)
                    .col(AuditEntries::TenantId)
                    .col(AuditEntries::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AuditChain::Table)
                    .col(integer(AuditChain::Id).primary_key())
                    .col(big_integer(AuditChain::LastId))
                    .col(string_len(AuditChain::LastHash, 64))
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::insert()
                    .into_table(AuditChain::Table)
                    .columns([AuditChain::Id, AuditChain::LastId, AuditChain::LastHash])
                    .values_panic([1.into(), 0.into(), GENESIS.into()])
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DbBackend::Sqlite => {
                for event in ["UPDATE", "DELETE"] {
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER audit_entries_no_{0} BEFORE {1} ON audit_entries \
                         BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;",
                        event.to_lowercase(),
                        event
                    ))
                    .await?;
                }
            }
            _ => {
                db.execute_unprepared(
                    "CREATE FUNCTION audit_entries_append_only() RETURNS trigger AS $$ \
                     BEGIN RAISE EXCEPTION 'audit entries are append-only'; END $$ LANGUAGE plpgsql;",
                )
                .await?;
                db.execute_unprepared(
                    "CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries \
                     FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only();",
                )
                .await?;
                db.execute_unprepared(
                    "CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries \
                     FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_append_only();",
                )
                .await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(AuditChain::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(AuditEntries::Table).to_owned())
            .await?;
        if manager.get_database_backend() == DbBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared("DROP FUNCTION IF EXISTS audit_entries_append_only()")
                .await?;
        }
        Ok(())
    }
}
