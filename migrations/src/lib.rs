//! Tandem's schema as ordered migrations; the server runs them at start-up and `tandem migrate`
//! runs them on demand. The same migrations serve SQLite and PostgreSQL.

pub use sea_orm_migration::prelude::*;

mod m20261129_000001_incidents;
mod m20261129_000002_triage;
mod m20261129_000003_audit;
mod m20261129_000004_identity;
mod m20261202_000005_workspace;
mod m20261203_000006_list_filter_indexes;
mod m20261207_000007_named_unique_indexes;
mod m20261208_000008_grant_reads;
mod m20261208_000009_form_idempotency;
mod m20261208_000010_settings;
mod m20261208_000011_api_tokens;
mod m20261208_000012_api_idempotency;
mod m20261208_000013_alert_dedup;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261129_000001_incidents::Migration),
            Box::new(m20261129_000002_triage::Migration),
            Box::new(m20261129_000003_audit::Migration),
            Box::new(m20261129_000004_identity::Migration),
            Box::new(m20261202_000005_workspace::Migration),
            Box::new(m20261203_000006_list_filter_indexes::Migration),
            Box::new(m20261207_000007_named_unique_indexes::Migration),
            Box::new(m20261208_000008_grant_reads::Migration),
            Box::new(m20261208_000009_form_idempotency::Migration),
            Box::new(m20261208_000010_settings::Migration),
            Box::new(m20261208_000011_api_tokens::Migration),
            Box::new(m20261208_000012_api_idempotency::Migration),
            Box::new(m20261208_000013_alert_dedup::Migration),
        ]
    }
}
