//! API tokens: each belongs to a tenant (or the platform's own tenant row), acts with a role and
//! scopes, and is found by the SHA-256 of its secret, which is all that is stored of it.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ApiTokens {
    Table,
    Id,
    TenantId,
    Name,
    Role,
    Scopes,
    SecretHash,
    CreatedBy,
    CreatedAt,
    ExpiresAt,
    RevokedAt,
    RevokedBy,
    LastUsedAt,
    LastUsedFrom,
}

#[derive(DeriveIden)]
enum Tenants {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ApiTokens::Table)
                    .col(big_integer(ApiTokens::Id).auto_increment().primary_key())
                    .col(big_integer(ApiTokens::TenantId))
                    .col(string_len(ApiTokens::Name, 80))
                    .col(string_len(ApiTokens::Role, 32))
                    .col(string_len(ApiTokens::Scopes, 200))
                    .col(string_len(ApiTokens::SecretHash, 64))
                    .col(string_len(ApiTokens::CreatedBy, 320))
                    .col(timestamp_with_time_zone(ApiTokens::CreatedAt))
                    .col(timestamp_with_time_zone(ApiTokens::ExpiresAt))
                    .col(timestamp_with_time_zone_null(ApiTokens::RevokedAt))
                    .col(string_len_null(ApiTokens::RevokedBy, 320))
                    .col(timestamp_with_time_zone_null(ApiTokens::LastUsedAt))
                    .col(string_len_null(ApiTokens::LastUsedFrom, 64))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_api_tokens_tenant")
                            .from(ApiTokens::Table, ApiTokens::TenantId)
                            .to(Tenants::Table, Tenants::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_api_tokens_secret_hash")
                    .table(ApiTokens::Table)
                    .col(ApiTokens::SecretHash)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_api_tokens_tenant")
                    .table(ApiTokens::Table)
                    .col(ApiTokens::TenantId)
                    .col(ApiTokens::Id)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ApiTokens::Table).to_owned())
            .await
    }
}
