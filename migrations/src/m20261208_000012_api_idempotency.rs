//! Keeps, beside each idempotency key, a SHA-256 digest of the request that used it, so that the
//! REST API can tell a retry (same key, same request: answer as the first time) from a client
//! reusing a key for something else (same key, another request: refused). Forms leave it empty.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The tables whose rows a request with an idempotency key creates.
const TABLES: [&str; 3] = ["incidents", "tasks", "timeline_entries"];

#[derive(DeriveIden, Clone, Copy)]
enum Column {
    IdempotencyBody,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite's ALTER TABLE adds a single column at a time.
        for table in TABLES {
            manager
                .alter_table(
                    Table::alter()
                        .table(Alias::new(table))
                        .add_column(
                            ColumnDef::new(Column::IdempotencyBody)
                                .string_len(64)
                                .null(),
                        )
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in TABLES {
            manager
                .alter_table(
                    Table::alter()
                        .table(Alias::new(table))
                        .drop_column(Column::IdempotencyBody)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
