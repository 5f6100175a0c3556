//! Argon2id that borrows its working memory from a small pool instead of allocating 19 MiB for
//! every hash. The allocator keeps memory that many threads freed: with a fresh allocation per
//! hash, ten sign-ins at a time for three seconds left the process at 500 MiB resident even with
//! only one hash per core running. Reusing one buffer per core bounds it at that many buffers.

use argon2::{
    Algorithm, Argon2, Block, Params, Version,
    password_hash::{self, Decimal, Ident, Output, PasswordHash, PasswordHasher, Salt},
};
use std::sync::{LazyLock, Mutex};

/// How many hashes may run at once (one per core), and so how many buffers are kept. Read once:
/// the standard library reads the affinity mask and cgroup limits each time it is asked.
pub static HASHES_AT_ONCE: LazyLock<usize> =
    LazyLock::new(|| std::thread::available_parallelism().map_or(1, usize::from));

/// Buffers kept for reuse; hashes run at most [`HASHES_AT_ONCE`], so more are never needed.
static POOL: Mutex<Vec<Vec<Block>>> = Mutex::new(Vec::new());

/// Argon2 with pooled memory; verifies through `PasswordVerifier`'s blanket implementation.
pub struct PooledArgon2 {
    algorithm: Algorithm,
    version: Version,
    params: Params,
}

impl PooledArgon2 {
    pub fn new(algorithm: Algorithm, version: Version, params: Params) -> Self {
        Self {
            algorithm,
            version,
            params,
        }
    }
}

impl PasswordHasher for PooledArgon2 {
    type Params = Params;

    fn hash_password<'a>(
        &self,
        password: &[u8],
        salt: impl Into<Salt<'a>>,
    ) -> password_hash::Result<PasswordHash<'a>> {
        let salt = salt.into();
        let mut salt_bytes = [0u8; Salt::MAX_LENGTH];
        let salt_bytes = salt.decode_b64(&mut salt_bytes)?;
        let argon2 = Argon2::new(self.algorithm, self.version, self.params.clone());
        let output_len = self
            .params
            .output_len()
            .unwrap_or(Params::DEFAULT_OUTPUT_LEN);
        let mut blocks = take(self.params.block_count());
        let output = Output::init_with(output_len, |out| {
            Ok(argon2.hash_password_into_with_memory(password, salt_bytes, out, &mut blocks)?)
        });
        give_back(blocks);
        Ok(PasswordHash {
            algorithm: self.algorithm.ident(),
            version: Some(self.version.into()),
            params: (&self.params).try_into()?,
            salt: Some(salt),
            hash: Some(output?),
        })
    }

    fn hash_password_customized<'a>(
        &self,
        password: &[u8],
        algorithm: Option<Ident<'a>>,
        version: Option<Decimal>,
        params: Params,
        salt: impl Into<Salt<'a>>,
    ) -> password_hash::Result<PasswordHash<'a>> {
        let algorithm = algorithm
            .map(Algorithm::try_from)
            .transpose()?
            .unwrap_or_default();
        let version = version
            .map(Version::try_from)
            .transpose()?
            .unwrap_or_default();
        Self::new(algorithm, version, params).hash_password(password, salt)
    }
}

/// A buffer of `count` blocks: a pooled one of that size, or a new one.
fn take(count: usize) -> Vec<Block> {
    let pooled = POOL.lock().ok().and_then(|mut pool| {
        let at = pool.iter().position(|b| b.len() == count)?;
        Some(pool.swap_remove(at))
    });
    pooled.unwrap_or_else(|| vec![Block::default(); count])
}

fn give_back(blocks: Vec<Block>) {
    if let Ok(mut pool) = POOL.lock()
        && pool.len() < *HASHES_AT_ONCE
    {
        pool.push(blocks);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use argon2::password_hash::{PasswordVerifier, SaltString, rand_core::OsRng};

    fn small() -> Params {
        Params::new(64, 1, 1, None).unwrap()
    }

    #[test]
    fn hashes_match_the_crate_s_own_and_verify_with_either() {
        let salt = SaltString::generate(&mut OsRng);
        let ours = PooledArgon2::new(Algorithm::Argon2id, Version::V0x13, small());
        let theirs = Argon2::new(Algorithm::Argon2id, Version::V0x13, small());
        let pooled = ours.hash_password(b"correct horse", &salt).unwrap();
        let allocated = theirs.hash_password(b"correct horse", &salt).unwrap();
        assert_eq!(pooled.to_string(), allocated.to_string());
        assert!(theirs.verify_password(b"correct horse", &pooled).is_ok());
        assert!(ours.verify_password(b"correct horse", &allocated).is_ok());
        assert!(ours.verify_password(b"wrong", &allocated).is_err());
    }

    #[test]
    fn a_reused_buffer_gives_the_same_hash_as_a_fresh_one() {
        let salt = SaltString::generate(&mut OsRng);
        let hasher = PooledArgon2::new(Algorithm::Argon2id, Version::V0x13, small());
        let first = hasher.hash_password(b"one", &salt).unwrap().to_string();
        let _ = hasher.hash_password(b"something else", &salt).unwrap();
        assert_eq!(
            hasher.hash_password(b"one", &salt).unwrap().to_string(),
            first
        );
    }
}
