//! A new token's secret on its way to the person who created it. A script-driven form gets it
//! in the answer; a plain form post is answered with a redirect, so the secret waits in the
//! server-side session for the next load of the tokens page, which takes it out: it is shown
//! once, and never travels in a URL or reaches a log. While it waits it is sealed
//! (ChaCha20-Poly1305) under a key derived from the session id, which only the browser's cookie
//! holds (the session store keeps the id's hash), so the database never holds a usable secret.

use super::manage;
use crate::Database;
use crate::access::principal::Principal;
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use chrono::{DateTime, Utc};
use contract::dto::{NewSecret, TokensPage};
use contract::error::{AppError, from_session_error, internal};
use domain::access::RawTokenRequest;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tower_sessions::Session;

const KEY: &str = "new_token_secret";

/// Where the secret of a new token goes.
pub enum Delivery<'a> {
    /// Back in the answer to the request that created it.
    Answer,
    /// Into this session, for the page the browser is sent to next.
    Session(&'a Session),
}

/// A secret kept for the user who created it: someone else signing in on the same browser
/// never sees it.
#[derive(Serialize, Deserialize)]
struct Kept {
    user_id: i64,
    token_id: i64,
    name: String,
    nonce: Vec<u8>,
    sealed: Vec<u8>,
}

/// The sealing key of `session`: a hash of its id, which the server does not store.
fn key_of(session: &Session) -> Result<Key, AppError> {
    let id = session
        .id()
        .ok_or_else(|| internal("a signed-in session has no id"))?;
    let digest = Sha256::digest(format!("tandem new token secret:{id}").as_bytes());
    Ok(Key::clone_from_slice(&digest))
}

fn seal(session: &Session, user_id: i64, secret: &NewSecret) -> Result<Kept, AppError> {
    let cipher = ChaCha20Poly1305::new(&key_of(session)?);
    let mut nonce = [0_u8; 12];
    getrandom::fill(&mut nonce).map_err(internal)?;
    let sealed = cipher
        .encrypt(Nonce::from_slice(&nonce), secret.secret.as_bytes())
        .map_err(|_| internal("cannot seal a token secret"))?;
    Ok(Kept {
        user_id,
        token_id: secret.token_id,
        name: secret.name.clone(),
        nonce: nonce.to_vec(),
        sealed,
    })
}

/// The secret `kept` holds, or `None` when it cannot be opened with this session's key.
fn open(session: &Session, kept: Kept) -> Result<Option<NewSecret>, AppError> {
    let cipher = ChaCha20Poly1305::new(&key_of(session)?);
    if kept.nonce.len() != 12 {
        return Ok(None);
    }
    let opened = cipher
        .decrypt(Nonce::from_slice(&kept.nonce), kept.sealed.as_slice())
        .ok()
        .and_then(|plain| String::from_utf8(plain).ok());
    Ok(opened.map(|secret| NewSecret {
        token_id: kept.token_id,
        name: kept.name,
        secret,
    }))
}

/// Creates a token of the signed-in admin's tenant; its secret in the answer, or `None` when it
/// went into the session.
pub async fn create(
    db: &Database,
    who: &Principal,
    raw: &RawTokenRequest,
    delivery: Delivery<'_>,
    now: DateTime<Utc>,
) -> Result<Option<NewSecret>, AppError> {
    let me = who.require_user()?.user_id;
    let secret = manage::create(db, who, None, raw, now).await?;
    match delivery {
        Delivery::Answer => Ok(Some(secret)),
        Delivery::Session(session) => {
            let kept = seal(session, me, &secret)?;
            session
                .insert(KEY, kept)
                .await
                .map_err(from_session_error)?;
            Ok(None)
        }
    }
}

/// The tokens page of the signed-in admin, with the secret a plain form post left in the
/// session, which is taken out so that it shows this once.
pub async fn page(
    db: &Database,
    who: &Principal,
    session: &Session,
    now: DateTime<Utc>,
) -> Result<TokensPage, AppError> {
    let me = who.require_user()?.user_id;
    let mut page = manage::page(db, who, None, now).await?;
    let kept = session
        .remove::<Kept>(KEY)
        .await
        .map_err(from_session_error)?;
    page.new_secret = match kept.filter(|k| k.user_id == me) {
        Some(kept) => open(session, kept)?,
        None => None,
    };
    Ok(page)
}
