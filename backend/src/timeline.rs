//! The shared timeline: written notes, and reading entries page by page with only the
//! visibilities the reader's side may see.

use crate::access::principal::Principal;
use crate::access::scope;
use crate::entities::{incident, timeline_entry};
use crate::incidents::change::{Earlier, IncidentWrite, Outcome, Part};
use crate::incidents::workspace::{Entry, Workspace};
use crate::markdown::to_safe_html;
use crate::submission::{Created, Submission, reused};
use chrono::{DateTime, Utc};
use contract::dto::{TimelineEntryView, TimelinePage};
use contract::error::AppError;
use domain::IncidentKey;
use domain::audit::AuditAction;
use domain::note::{EntryVisibility, RawNote};
use domain::timeline::EntryKind;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

/// Entries per page of a timeline.
pub const PAGE_SIZE: usize = 100;
/// At most this many changes are listed after a conflict.
const CHANGES_SHOWN: u64 = 20;

/// Adds a written note to the timeline of incident `key`. A repeat of the submission with
/// `idempotency_key` writes nothing and answers as the first did.
pub async fn add_note(
    ws: Workspace<'_>,
    who: &Principal,
    key: &IncidentKey,
    raw: &RawNote,
    idempotency_key: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let submission = Submission::form(idempotency_key);
    submit_note(ws, who, key, raw, submission, now).await?;
    Ok(())
}

/// Writes a note as [`add_note`] does for `submission`, answering the new entry's id, or the
/// id of the note an earlier submission with its key wrote.
pub async fn submit_note(
    ws: Workspace<'_>,
    who: &Principal,
    key: &IncidentKey,
    raw: &RawNote,
    submission: Option<Submission<'_>>,
    now: DateTime<Utc>,
) -> Result<Created<i64>, AppError> {
    let user = who.require_acting()?;
    let write = IncidentWrite::begin(ws, who, key, now).await?;
    if !user.role.can_respond() {
        return Err(AppError::Forbidden);
    }
    let note = raw.parse(user.role, now).map_err(AppError::invalid)?;
    match write.earlier(submission).await? {
        Some(Earlier::Note(id)) => return Ok(Created::replayed(id)),
        Some(Earlier::Task(_)) => return Err(reused()),
        None => {}
    }
    let entry = Entry {
        kind: EntryKind::Note,
        visibility: note.visibility,
        body: note.body,
        occurred_at: note.occurred_at,
        incident_version: None,
    };
    let saved = write.record_note(entry, submission).await?;
    let detail = serde_json::json!({
        "entry": saved.id,
        "visibility": saved.visibility.code(),
        "occurred_at": saved.occurred_at,
    });
    let incident = write.current().clone();
    write
        .commit(Outcome {
            action: AuditAction::TimelineNoteAdded,
            task: None,
            detail,
            part: Part::Timeline,
            visibility: note.visibility,
            saved: &incident,
        })
        .await?;
    Ok(Created::new(saved.id))
}

/// Which entries a timeline page shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// One kind of entry, or any.
    pub kind: Option<EntryKind>,
    pub visibility: Option<EntryVisibility>,
}

/// The visibilities `who` reads, narrowed to `wanted`.
fn readable(who: &Principal, wanted: Option<EntryVisibility>) -> Vec<&'static str> {
    scope::readable(who)
        .into_iter()
        .filter(|v| wanted.is_none_or(|w| w == *v))
        .map(EntryVisibility::code)
        .collect()
}

/// One page of the timeline of `incident`, newest first, continuing below entry `before`.
pub async fn page(
    conn: &impl ConnectionTrait,
    who: &Principal,
    incident: &incident::Model,
    filter: &Filter,
    before: Option<i64>,
) -> Result<TimelinePage, AppError> {
    let mut query = timeline_entry::Entity::find()
        .filter(timeline_entry::Column::TenantId.eq(incident.tenant_id))
        .filter(timeline_entry::Column::IncidentId.eq(incident.id))
        .filter(timeline_entry::Column::Visibility.is_in(readable(who, filter.visibility)));
    if let Some(kind) = filter.kind {
        query = query.filter(timeline_entry::Column::Kind.eq(kind));
    }
    if let Some(before) = before {
        query = query.filter(timeline_entry::Column::Id.lt(before));
    }
    let mut rows = query
        .order_by_desc(timeline_entry::Column::Id)
        .limit(PAGE_SIZE as u64 + 1)
        .all(conn)
        .await?;
    let more = rows.len() > PAGE_SIZE;
    rows.truncate(PAGE_SIZE);
    Ok(TimelinePage {
        next_cursor: more.then(|| rows.last().map(|e| e.id)).flatten(),
        entries: rows.into_iter().map(view).collect(),
    })
}

/// The automatic entries, readable by `who`, of the changes made to `incident` after version
/// `seen`: what someone whose save was refused missed.
pub async fn changes_since(
    conn: &impl ConnectionTrait,
    who: &Principal,
    incident: &incident::Model,
    seen: i64,
) -> Result<Vec<TimelineEntryView>, AppError> {
    Ok(timeline_entry::Entity::find()
        .filter(timeline_entry::Column::TenantId.eq(incident.tenant_id))
        .filter(timeline_entry::Column::IncidentId.eq(incident.id))
        .filter(timeline_entry::Column::IncidentVersion.gt(seen))
        .filter(timeline_entry::Column::Visibility.is_in(readable(who, None)))
        .order_by_asc(timeline_entry::Column::Id)
        .limit(CHANGES_SHOWN)
        .all(conn)
        .await?
        .into_iter()
        .map(view)
        .collect())
}

fn view(entry: timeline_entry::Model) -> TimelineEntryView {
    TimelineEntryView {
        id: entry.id,
        body_html: to_safe_html(&entry.body),
        kind: entry.kind,
        visibility: entry.visibility,
        author: entry.author,
        occurred_at: entry.occurred_at,
        recorded_at: entry.recorded_at,
    }
}
