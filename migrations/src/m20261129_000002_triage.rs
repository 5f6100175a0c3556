//! An incident's triage: the facts it was decided from, the decision (kept whole, as JSON, with
//! the model version it used) and an optional human override with its written reason.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Incidents {
    Table,
    Area,
    Layer,
    TenantsAffected,
    Flags,
    SuggestedFrom,
    Owner,
    Lead,
    Decision,
    ModelVersion,
    OverrideOwner,
    OverrideReason,
    OverriddenBy,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite alters one column per statement.
        let columns = [
            string_len_null(Incidents::Area, 64),
            string_len_null(Incidents::Layer, 16),
            string_len_null(Incidents::TenantsAffected, 16),
            text(Incidents::Flags).default("[]").take(),
            text_null(Incidents::SuggestedFrom),
            string_len(Incidents::Owner, 16).default("shared").take(),
            string_len(Incidents::Lead, 16).default("platform").take(),
            text(Incidents::Decision).default("{}").take(),
            string_len(Incidents::ModelVersion, 64).default("").take(),
            string_len_null(Incidents::OverrideOwner, 16),
            text_null(Incidents::OverrideReason),
            text_null(Incidents::OverriddenBy),
        ];
        for mut column in columns {
            manager
                .alter_table(
                    Table::alter()
                        .table(Incidents::Table)
                        .add_column(&mut column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            Incidents::Area,
            Incidents::Layer,
            Incidents::TenantsAffected,
            Incidents::Flags,
            Incidents::SuggestedFrom,
            Incidents::Owner,
            Incidents::Lead,
            Incidents::Decision,
            Incidents::ModelVersion,
            Incidents::OverrideOwner,
            Incidents::OverrideReason,
            Incidents::OverriddenBy,
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
