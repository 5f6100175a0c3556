//! The audit log: every change records its entry in the change's own transaction (`record`),
//! and admins review their side's entries (`log`). The operator verifies the chain
//! (`verify`), and checkpoints of it are taken to be kept outside the database (`checkpoint`).

pub mod checkpoint;
pub mod log;
pub mod record;
pub mod verify;
