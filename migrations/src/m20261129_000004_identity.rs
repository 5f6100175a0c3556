//! Identity and access: users of the platform or of one tenant, their server-side sessions,
//! sign-in throttling, time-boxed access grants for platform staff, a tenant's MFA policy, and
//! the incident's effective owner as a column so visibility can be decided in the query.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Tenants {
    Table,
    Id,
    MfaRequired,
}

#[derive(DeriveIden)]
enum Incidents {
    Table,
    Id,
    TenantId,
    EffectiveOwner,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    TenantId,
    Email,
    DisplayName,
    Role,
    PasswordHash,
    TotpSecret,
    TotpLastStep,
    Disabled,
    SessionEpoch,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    IdHash,
    UserId,
    Data,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum LoginThrottle {
    Table,
    Key,
    Failures,
    WindowStartedAt,
    LockedUntil,
}

#[derive(DeriveIden)]
enum AccessGrants {
    Table,
    Id,
    TenantId,
    IncidentId,
    RequestedBy,
    RequesterName,
    Reason,
    DurationMinutes,
    BreakGlass,
    Status,
    RequestedAt,
    DecidedBy,
    DecidedAt,
    StartsAt,
    ExpiresAt,
}

fn id_column<T: IntoIden>(name: T) -> ColumnDef {
    big_integer(name).auto_increment().primary_key().take()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Tenants::Table)
                    .add_column(boolean(Tenants::MfaRequired).default(false))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Incidents::Table)
                    .add_column(string_len(Incidents::EffectiveOwner, 16).default("shared"))
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(
                "UPDATE incidents SET effective_owner = COALESCE(override_owner, owner)",
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_incidents_owner_id")
                    .table(Incidents::Table)
                    .col(Incidents::EffectiveOwner)
                    .col(Incidents::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_incidents_tenant_id")
                    .table(Incidents::Table)
                    .col(Incidents::TenantId)
                    .col(Incidents::Id)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Users::Table)
                    .col(id_column(Users::Id))
                    .col(big_integer(Users::TenantId))
                    .col(string_len_uniq(Users::Email, 254))
                    .col(string_len(Users::DisplayName, 120))
                    .col(string_len(Users::Role, 32))
                    .col(text(Users::PasswordHash))
                    .col(string_len_null(Users::TotpSecret, 64))
                    .col(big_integer_null(Users::TotpLastStep))
                    .col(boolean(Users::Disabled).default(false))
                    .col(big_integer(Users::SessionEpoch).default(1))
                    .col(timestamp_with_time_zone(Users::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_users_tenant")
                            .from(Users::Table, Users::TenantId)
                            .to(Tenants::Table, Tenants::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_users_id_tenant")
                    .table(Users::Table)
                    .col(Users::Id)
                    .col(Users::TenantId)
                    .unique()
                    .to_owned(),
            )
            .await?;

        // Keyed by a hash of the session id: the table alone never yields a usable cookie.
        manager
            .create_table(
                Table::create()
                    .table(Sessions::Table)
                    .col(string_len(Sessions::IdHash, 64).primary_key())
                    .col(big_integer_null(Sessions::UserId))
                    .col(text(Sessions::Data))
                    .col(timestamp_with_time_zone(Sessions::ExpiresAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_sessions_user")
                            .from(Sessions::Table, Sessions::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_sessions_user")
                    .table(Sessions::Table)
                    .col(Sessions::UserId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(LoginThrottle::Table)
                    .col(string_len(LoginThrottle::Key, 128).primary_key())
                    .col(integer(LoginThrottle::Failures))
                    .col(timestamp_with_time_zone(LoginThrottle::WindowStartedAt))
                    .col(timestamp_with_time_zone_null(LoginThrottle::LockedUntil))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AccessGrants::Table)
                    .col(id_column(AccessGrants::Id))
                    .col(big_integer(AccessGrants::TenantId))
                    .col(big_integer_null(AccessGrants::IncidentId))
                    .col(big_integer(AccessGrants::RequestedBy))
                    .col(string_len(AccessGrants::RequesterName, 120))
                    .col(text(AccessGrants::Reason))
                    .col(integer(AccessGrants::DurationMinutes))
                    .col(boolean(AccessGrants::BreakGlass).default(false))
                    .col(string_len(AccessGrants::Status, 16))
                    .col(timestamp_with_time_zone(AccessGrants::RequestedAt))
                    .col(string_len_null(AccessGrants::DecidedBy, 120))
                    .col(timestamp_with_time_zone_null(AccessGrants::DecidedAt))
                    .col(timestamp_with_time_zone_null(AccessGrants::StartsAt))
                    .col(timestamp_with_time_zone_null(AccessGrants::ExpiresAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_access_grants_tenant")
                            .from(AccessGrants::Table, AccessGrants::TenantId)
                            .to(Tenants::Table, Tenants::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_access_grants_incident")
                            .from(
                                AccessGrants::Table,
                                (AccessGrants::IncidentId, AccessGrants::TenantId),
                            )
                            .to(Incidents::Table, (Incidents::Id, Incidents::TenantId))
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_access_grants_requester")
                            .from(AccessGrants::Table, AccessGrants::RequestedBy)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_access_grants_requester")
                    .table(AccessGrants::Table)
                    .col(AccessGrants::RequestedBy)
                    .col(AccessGrants::Status)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_access_grants_tenant")
                    .table(AccessGrants::Table)
                    .col(AccessGrants::TenantId)
                    .col(AccessGrants::Id)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            AccessGrants::Table.into_iden(),
            LoginThrottle::Table.into_iden(),
            Sessions::Table.into_iden(),
            Users::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        manager
            .drop_index(
                Index::drop()
                    .name("ix_incidents_owner_id")
                    .table(Incidents::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("ix_incidents_tenant_id")
                    .table(Incidents::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Incidents::Table)
                    .drop_column(Incidents::EffectiveOwner)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Tenants::Table)
                    .drop_column(Tenants::MfaRequired)
                    .to_owned(),
            )
            .await
    }
}
