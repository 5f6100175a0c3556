//! `tandem audit verify [--checkpoint FILE]` and `tandem audit checkpoint`. Exit codes: 0 when
//! the log verifies (and extends the checkpoint), 1 when it does not or the checkpoint is not
//! genuine, 2 when the check cannot be made (no database, an unreadable file, a signed
//! checkpoint without the key to check it).

use super::{fail, note, print_result};
use backend::audit::checkpoint;
use backend::audit::verify::{self, Broken};
use domain::audit_chain::checkpoint::{Checkpoint, CheckpointMismatch};
use domain::audit_chain::signing::{AuditKey, Signature};
use std::path::Path;
use std::process::ExitCode;

/// Verifies the whole log against its head, and against the checkpoint in `checkpoint_path`
/// when given; says how many entries verified, or names the first break or the gap.
pub async fn verify(
    db: &backend::Database,
    checkpoint_path: Option<&Path>,
    key: Option<&AuditKey>,
) -> ExitCode {
    let Some(path) = checkpoint_path else {
        return match verify::verify_log(db.conn()).await {
            Ok(Ok(log)) => print_result(&format!(
                "audit log verified: {} entries, chain intact up to its head (#{})",
                log.entries, log.last_id
            )),
            Ok(Err(broken)) => fail(&format!("audit log does not verify: {broken}"), 1),
            Err(error) => fail(&format!("cannot read the audit log: {error}"), 2),
        };
    };
    let checkpoint = match read_checkpoint(path) {
        Ok(checkpoint) => checkpoint,
        Err(error) => {
            return fail(
                &format!("cannot read the checkpoint {}: {error}", path.display()),
                2,
            );
        }
    };
    match verify::verify_against(db.conn(), &checkpoint, key).await {
        Ok(Ok((log, signature))) => print_result(&format!(
            "audit log verified: {} entries, chain intact up to its head (#{}), and it extends the checkpoint {}; {}",
            log.entries,
            log.last_id,
            describe(&checkpoint),
            match signature {
                Signature::Valid => "signature valid",
                Signature::Absent => "the checkpoint is not signed (no TANDEM_AUDIT_KEY is set)",
            }
        )),
        Ok(Err(Broken::Chain(broken))) => fail(&format!("audit log does not verify: {broken}"), 1),
        Ok(Err(Broken::Checkpoint(
            cannot @ (CheckpointMismatch::KeyMissing | CheckpointMismatch::Format(_)),
        ))) => fail(&format!("cannot check the checkpoint: {cannot}"), 2),
        Ok(Err(Broken::Checkpoint(mismatch))) => fail(
            &format!("audit log does not match the checkpoint: {mismatch}"),
            1,
        ),
        Err(error) => fail(&format!("cannot read the audit log: {error}"), 2),
    }
}

/// Prints a checkpoint of the whole log as JSON, once the log verifies; signed when a key is set.
pub async fn take_checkpoint(db: &backend::Database, key: Option<&AuditKey>) -> ExitCode {
    match checkpoint::of_log(db.conn(), chrono::Utc::now(), key).await {
        Ok(Ok(checkpoint)) => match serde_json::to_string_pretty(&checkpoint) {
            Ok(json) => {
                if key.is_none() {
                    note("the checkpoint is not signed: set TANDEM_AUDIT_KEY to sign it");
                }
                print_result(&json)
            }
            Err(error) => fail(&error.to_string(), 2),
        },
        Ok(Err(broken)) => fail(
            &format!("audit log does not verify, so no checkpoint was taken: {broken}"),
            1,
        ),
        Err(error) => fail(&format!("cannot read the audit log: {error}"), 2),
    }
}

fn read_checkpoint(path: &Path) -> Result<Checkpoint, String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    serde_json::from_str(&text).map_err(|e| e.to_string())
}

/// "of 2026-12-01T09:00:00Z (45 entries up to #45)", naming the tenant of a tenant's view.
fn describe(checkpoint: &Checkpoint) -> String {
    let whose = checkpoint
        .tenant
        .as_ref()
        .map(|t| format!(" of tenant {t}"))
        .unwrap_or_default();
    format!(
        "of {}{whose} ({} entries up to #{})",
        checkpoint.taken_at, checkpoint.entries, checkpoint.last_id
    )
}
