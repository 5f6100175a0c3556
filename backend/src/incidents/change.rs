//! The unit of work of every change to an existing incident. It begins the transaction, finds
//! the incident through the visibility gate and takes its row lock; the change then saves
//! against the version the person saw and writes its timeline entry; `commit` writes the audit
//! entry, stages the live notices and commits, after which the notices are delivered. A change
//! cannot reach the database without its audit entry and its notice.

use crate::Principal;
use crate::access::scope::find_incident;
use crate::audit::record as audit;
use crate::audit::record::AuditEvent;
use crate::db::WriteTxn;
use crate::entities::{incident, task, timeline_entry};
pub use crate::events::Part;
use crate::incidents::workspace;
use crate::incidents::workspace::{Entry, Workspace};
use crate::submission::Submission;
use chrono::{DateTime, Utc};
use contract::error::AppError;
use domain::IncidentKey;
use domain::audit::{AuditAction, AuditObject};
use domain::note::EntryVisibility;
use domain::timeline::EntryKind;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

/// What the change tells the audit log and open pages when it commits.
pub struct Outcome<'a> {
    pub action: AuditAction,
    /// The task it changed; the incident itself when `None`.
    pub task: Option<i64>,
    pub detail: serde_json::Value,
    pub part: Part,
    /// Who may learn of it: the visibility of the entry it wrote.
    pub visibility: EntryVisibility,
    /// The incident as the change left it.
    pub saved: &'a incident::Model,
}

impl<'a> Outcome<'a> {
    /// The outcome of a change to the incident's own fields, which every side that reads the
    /// incident hears of.
    pub fn incident(
        action: AuditAction,
        detail: serde_json::Value,
        saved: &'a incident::Model,
    ) -> Self {
        Self {
            action,
            task: None,
            detail,
            part: Part::Incident,
            visibility: EntryVisibility::Shared,
            saved,
        }
    }
}

/// What an earlier submission with the same idempotency key wrote to the incident.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Earlier {
    Note(i64),
    Task(i64),
}

/// A change to incident `key` in progress.
pub struct IncidentWrite<'a> {
    pub ws: Workspace<'a>,
    pub who: &'a Principal,
    pub key: &'a IncidentKey,
    pub now: DateTime<Utc>,
    txn: WriteTxn,
    current: incident::Model,
}

impl<'a> IncidentWrite<'a> {
    /// Begins a change to the incident `key` as `who` sees it (`NotFound` if they do not).
    pub async fn begin(
        ws: Workspace<'a>,
        who: &'a Principal,
        key: &'a IncidentKey,
        now: DateTime<Utc>,
    ) -> Result<Self, AppError> {
        let txn = ws.db.begin_write().await?;
        let (_, current) = find_incident(&txn, who, key).await?;
        workspace::lock(&txn, &current).await?;
        Ok(Self {
            ws,
            who,
            key,
            now,
            txn,
            current,
        })
    }

    /// Begins a change to `current`, found in `txn` by the caller under its own rule of who
    /// may reach it: alert intake finds an incident by its dedup key within the token's tenant,
    /// whoever owns it now, and has authorised the token for that tenant.
    pub async fn begin_found(
        ws: Workspace<'a>,
        who: &'a Principal,
        key: &'a IncidentKey,
        txn: WriteTxn,
        current: incident::Model,
        now: DateTime<Utc>,
    ) -> Result<Self, AppError> {
        workspace::lock(&txn, &current).await?;
        Ok(Self {
            ws,
            who,
            key,
            now,
            txn,
            current,
        })
    }

    /// The incident as it was when the change began.
    pub fn current(&self) -> &incident::Model {
        &self.current
    }

    /// The change's transaction, for the writes particular to it.
    pub fn txn(&self) -> &WriteTxn {
        &self.txn
    }

    /// `Conflict` when the person saw another version than the stored one.
    pub fn expect_version(&self, version: i64) -> Result<(), AppError> {
        if self.current.version == version {
            Ok(())
        } else {
            Err(AppError::Conflict {
                since_version: Some(version),
            })
        }
    }

    /// Saves `row` if the incident is still at `version`, as the next version.
    pub async fn save(
        &self,
        row: incident::ActiveModel,
        version: i64,
    ) -> Result<incident::Model, AppError> {
        workspace::save_if_current(&self.txn, row, &self.current, version, self.now).await
    }

    /// Appends `entry` to the incident's timeline.
    pub async fn record(&self, entry: Entry) -> Result<timeline_entry::Model, AppError> {
        Ok(workspace::record(&self.txn, &self.current, entry, self.who, self.now).await?)
    }

    /// Appends the note `entry`, written by `submission`.
    pub async fn record_note(
        &self,
        entry: Entry,
        submission: Option<Submission<'_>>,
    ) -> Result<timeline_entry::Model, AppError> {
        let mut row = workspace::entry_row(&self.current, entry, self.who, self.now);
        row.idempotency_key = Set(submission.map(|s| s.key.to_owned()));
        row.idempotency_body = Set(submission.and_then(|s| s.stored_digest()));
        Ok(row.insert(&self.txn).await?)
    }

    /// What an earlier submission with `submission`'s key wrote to this incident, a note or a
    /// task, when this submission repeats it (a key reused for another API request is
    /// refused). The incident's row lock, taken at `begin`, keeps a repeat of the same
    /// submission from passing this check at the same time.
    pub async fn earlier(
        &self,
        submission: Option<Submission<'_>>,
    ) -> Result<Option<Earlier>, AppError> {
        let Some(submission) = submission else {
            return Ok(None);
        };
        let note = timeline_entry::Entity::find()
            .filter(timeline_entry::Column::IncidentId.eq(self.current.id))
            .filter(timeline_entry::Column::IdempotencyKey.eq(submission.key))
            .one(&self.txn)
            .await?;
        if let Some(note) = note {
            submission.repeats(note.idempotency_body.as_deref())?;
            return Ok(Some(Earlier::Note(note.id)));
        }
        let task = task::Entity::find()
            .filter(task::Column::IncidentId.eq(self.current.id))
            .filter(task::Column::IdempotencyKey.eq(submission.key))
            .one(&self.txn)
            .await?;
        if let Some(task) = task {
            submission.repeats(task.idempotency_body.as_deref())?;
            return Ok(Some(Earlier::Task(task.id)));
        }
        Ok(None)
    }

    /// Appends a shared automatic entry of `kind` about the change that brought the incident
    /// to `saved`'s version.
    pub async fn record_change(
        &self,
        saved: &incident::Model,
        kind: EntryKind,
        body: String,
    ) -> Result<(), AppError> {
        let entry = Entry {
            kind,
            visibility: EntryVisibility::Shared,
            body,
            occurred_at: self.now,
            incident_version: Some(saved.version),
        };
        workspace::record(&self.txn, saved, entry, self.who, self.now).await?;
        Ok(())
    }

    /// Writes the audit entry, stages the notices (also to those who saw the incident before,
    /// when the change moved it to another owner) and commits; the notices go out after.
    pub async fn commit(self, outcome: Outcome<'_>) -> Result<(), AppError> {
        let object = match outcome.task {
            Some(task) => AuditObject::Task {
                incident: self.key,
                task,
            },
            None => AuditObject::Incident(self.key),
        };
        let event = AuditEvent {
            tenant_id: self.current.tenant_id,
            action: outcome.action,
            object,
            detail: outcome.detail,
        };
        audit::record(&self.txn, self.who, event, self.now).await?;
        let mut told = vec![outcome.saved];
        if self.current.effective_owner != outcome.saved.effective_owner {
            told.insert(0, &self.current);
        }
        for incident in told {
            let notice = workspace::change(incident, self.key, outcome.part, outcome.visibility);
            self.txn.announce(self.ws.events, notice).await?;
        }
        self.txn.commit().await?;
        Ok(())
    }
}
