//! Password hashing with argon2id at OWASP's minimum cost (19 MiB, two passes, one lane), off
//! the async threads because each hash takes tens of milliseconds by design.
//!
//! At most one hash per core runs at a time; the rest queue. More at once cannot finish sooner
//! on the same cores, and each holds its 19 MiB: ten sign-ins at a time for three seconds left
//! the process at 1.6 GiB resident before this limit (see also [`super::hash_memory`]).

use super::hash_memory::{HASHES_AT_ONCE, PooledArgon2};
use argon2::password_hash::{
    PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng,
};
use argon2::{Algorithm, Params, Version};
use contract::error::{AppError, internal};
use std::sync::LazyLock;
use tokio::sync::Semaphore;

pub const MEMORY_KIB: u32 = 19 * 1024;
pub const PASSES: u32 = 2;
pub const LANES: u32 = 1;

/// One permit per core for the hashes in progress.
static HASHING: LazyLock<Semaphore> = LazyLock::new(|| Semaphore::new(*HASHES_AT_ONCE));

/// Runs `work` on a blocking thread once a core is free for it.
async fn on_a_free_core<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, AppError> + Send + 'static,
) -> Result<T, AppError> {
    let _permit = HASHING.acquire().await.map_err(internal)?;
    tokio::task::spawn_blocking(work).await.map_err(internal)?
}

fn hasher() -> Result<PooledArgon2, AppError> {
    let params = Params::new(MEMORY_KIB, PASSES, LANES, None).map_err(internal)?;
    Ok(PooledArgon2::new(
        Algorithm::Argon2id,
        Version::V0x13,
        params,
    ))
}

/// A PHC string for `password`.
pub async fn hash(password: String) -> Result<String, AppError> {
    on_a_free_core(move || {
        let salt = SaltString::generate(&mut OsRng);
        hasher()?
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(internal)
    })
    .await
}

/// Whether `password` matches `stored`. With `stored = None` (no such user) it spends the same
/// time on a dummy hash and answers no, so that timing does not tell whether an account exists.
pub async fn verify(password: Option<String>, stored: Option<String>) -> Result<bool, AppError> {
    on_a_free_core(move || {
        let hasher = hasher()?;
        let stored = stored.unwrap_or_else(|| DUMMY_HASH.to_owned());
        let parsed = PasswordHash::new(&stored).map_err(internal)?;
        let candidate = password.unwrap_or_default();
        let matches = hasher
            .verify_password(candidate.as_bytes(), &parsed)
            .is_ok();
        Ok(matches && stored != DUMMY_HASH)
    })
    .await
}

/// A hash of a random password nobody knows, with the same parameters as real ones.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0vZ4yXlDGyN6KxXF3u4tTzpFJxOZmgP2Qd8n1vQkz3o";

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_are_argon2id_with_the_minimum_cost_and_verify() {
        let stored = hash("correct horse battery".to_owned()).await.unwrap();
        let parsed = PasswordHash::new(&stored).unwrap();
        assert_eq!(parsed.algorithm.as_str(), "argon2id");
        let params = Params::try_from(&parsed).unwrap();
        assert!(params.m_cost() >= 19 * 1024 && params.t_cost() >= 2 && params.p_cost() >= 1);
        assert!(
            verify(Some("correct horse battery".into()), Some(stored.clone()))
                .await
                .unwrap()
        );
        assert!(!verify(Some("wrong".into()), Some(stored)).await.unwrap());
        assert!(!verify(Some("anything".into()), None).await.unwrap());
        assert!(!verify(None, None).await.unwrap());
    }

    #[test]
    fn the_dummy_hash_parses_with_the_real_parameters() {
        let parsed = PasswordHash::new(DUMMY_HASH).unwrap();
        let params = Params::try_from(&parsed).unwrap();
        assert_eq!(
            (params.m_cost(), params.t_cost(), params.p_cost()),
            (MEMORY_KIB, PASSES, LANES)
        );
    }
}
