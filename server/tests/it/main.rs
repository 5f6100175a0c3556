//! Integration tests: the real router on 127.0.0.1:0 over a fresh database per test —
//! SQLite by default, PostgreSQL when `TANDEM_TEST_POSTGRES_URL` names a server.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod access;
mod audit;
mod bad_input;
mod caching;
mod concurrency;
mod crash;
mod credentials;
mod grants;
mod health;
mod helpers;
mod incidents;
mod isolation;
mod live;
mod mfa;
mod model_cli;
mod outage;
mod pagination;
mod request_log;
mod roles;
mod schema;
mod security;
mod sessions;
mod shutdown;
mod sqlite_writers;
mod startup;
mod tasks;
mod timeline;
mod triage;
mod triage_cli;
mod workspace;
