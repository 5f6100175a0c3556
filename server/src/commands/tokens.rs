//! `tandem token create|list|revoke`: API tokens for scripts, made and ended on the server itself
//! and audited as the command line. `create` prints what it made, then the secret alone on the
//! last line, so that a script can take it with `tail -n 1`. Exit codes: 0 done, 1 when the
//! tenant or token does not exist (or the database fails), 2 for bad input, naming the field.

use super::{fail, print_result};
use crate::cli::{TokenCommand, TokenOwner};
use backend::Database;
use backend::Principal;
use backend::tokens::manage::{self, TokenTenant};
use chrono::{DateTime, Utc};
use contract::dto::{TokenRow, TokensPage};
use contract::error::AppError;
use domain::TenantKey;
use domain::access::RawTokenRequest;
use domain::access::api_token::scopes_text;
use std::process::ExitCode;

pub async fn run(db: &Database, command: TokenCommand) -> ExitCode {
    let now = Utc::now();
    match command {
        TokenCommand::Create {
            whose,
            name,
            role,
            scopes,
            expires,
        } => {
            let raw = RawTokenRequest {
                name,
                role,
                scopes,
                expires: expires.unwrap_or_default(),
            };
            create(db, &whose, &raw, now).await
        }
        TokenCommand::List { whose } => list(db, &whose, now).await,
        TokenCommand::Revoke { id } => revoke(db, id, now).await,
    }
}

async fn create(
    db: &Database,
    whose: &TokenOwner,
    raw: &RawTokenRequest,
    now: DateTime<Utc>,
) -> ExitCode {
    let named = match tenant(whose) {
        Ok(named) => named,
        Err(code) => return code,
    };
    let cli = Principal::command_line();
    let made = match manage::create(db, &cli, Some(&named), raw, now).await {
        Ok(made) => made,
        Err(error) => return refused(error, &describe(&named)),
    };
    let row = manage::page(db, &cli, Some(&named), now)
        .await
        .ok()
        .and_then(|page| page.tokens.into_iter().find(|t| t.id == made.token_id));
    let what = row.map_or_else(String::new, |t| {
        format!(
            " acting as {} with {}, expires {}",
            t.role.code(),
            scopes_text(&t.scopes.iter().copied().collect()),
            minute(t.expires_at)
        )
    });
    print_result(&format!(
        "created token {} \"{}\" for {}{what}\n\
         its secret follows; it is shown only this once and cannot be recovered:\n{}",
        made.token_id,
        made.name,
        describe(&named),
        made.secret
    ))
}

async fn list(db: &Database, whose: &TokenOwner, now: DateTime<Utc>) -> ExitCode {
    let named = match tenant(whose) {
        Ok(named) => named,
        Err(code) => return code,
    };
    match manage::page(db, &Principal::command_line(), Some(&named), now).await {
        Ok(page) if page.tokens.is_empty() => print_result(&format!(
            "{} ({}) has no API tokens",
            describe(&named),
            page.tenant_name
        )),
        Ok(page) => print_result(&table(&page)),
        Err(error) => refused(error, &describe(&named)),
    }
}

async fn revoke(db: &Database, id: i64, now: DateTime<Utc>) -> ExitCode {
    let named = match manage::tenant_of_token(db, id).await {
        Ok(named) => named,
        Err(error) => return refused(error, &format!("token {id}")),
    };
    match manage::revoke(db, &Principal::command_line(), Some(&named), id, now).await {
        Ok(()) => print_result(&format!(
            "token {id} of {} is revoked: it lets nothing in from now on",
            describe(&named)
        )),
        Err(error) => refused(error, &format!("token {id}")),
    }
}

/// The tenant the flags name; a malformed key is bad input.
fn tenant(whose: &TokenOwner) -> Result<TokenTenant, ExitCode> {
    match (&whose.tenant, whose.platform) {
        (Some(key), false) => TenantKey::parse(key)
            .map(TokenTenant::Tenant)
            .map_err(|message| fail(&format!("tenant: {message}"), 2)),
        (None, true) => Ok(TokenTenant::Platform),
        // clap's group makes the flags exclusive and one of them required.
        _ => Err(fail("give either --tenant KEY or --platform", 2)),
    }
}

fn describe(named: &TokenTenant) -> String {
    match named {
        TokenTenant::Tenant(key) => format!("tenant {key}"),
        TokenTenant::Platform => "the platform".to_owned(),
    }
}

/// Says why nothing was done: each bad field by name (exit 2), or that `what` does not exist
/// (exit 1).
fn refused(error: AppError, what: &str) -> ExitCode {
    match error {
        AppError::Invalid { fields, .. } => {
            let lines: Vec<String> = fields
                .iter()
                .map(|f| format!("{}: {}", f.field, f.message))
                .collect();
            fail(&format!("no token was created:\n{}", lines.join("\n")), 2)
        }
        AppError::NotFound => fail(&format!("{what} does not exist"), 1),
        other => fail(&other.to_string(), 1),
    }
}

/// The tokens as an aligned table, one line each.
fn table(page: &TokensPage) -> String {
    let header = [
        "id",
        "name",
        "role",
        "scopes",
        "created",
        "expires",
        "last used",
        "status",
    ]
    .map(str::to_owned);
    let mut lines = vec![header];
    lines.extend(page.tokens.iter().map(|t| line(t, page.as_of)));
    let widths: Vec<usize> = (0..8)
        .map(|i| {
            lines
                .iter()
                .map(|l| l[i].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    lines
        .iter()
        .map(|cells| {
            let padded: Vec<String> = cells
                .iter()
                .zip(&widths)
                .map(|(cell, width)| format!("{cell:<width$}"))
                .collect();
            padded.join("  ").trim_end().to_owned()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn line(token: &TokenRow, now: DateTime<Utc>) -> [String; 8] {
    let status = if token.revoked_at.is_some() {
        "revoked"
    } else if token.expires_at <= now {
        "expired"
    } else {
        "active"
    };
    let last_used = match (token.last_used_at, &token.last_used_from) {
        (Some(at), Some(from)) => format!("{} from {from}", minute(at)),
        (Some(at), None) => minute(at),
        (None, _) => "never".to_owned(),
    };
    [
        token.id.to_string(),
        token.name.clone(),
        token.role.code().to_owned(),
        scopes_text(&token.scopes.iter().copied().collect()),
        minute(token.created_at),
        minute(token.expires_at),
        last_used,
        status.to_owned(),
    ]
}

fn minute(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}
