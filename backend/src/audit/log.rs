//! Reviewing the audit log: an admin reads their own tenant's entries (the platform admin the
//! platform's), filtered by actor, action and time, newest first, and exports them as CSV.

use crate::access::principal::{self, Action, Principal};
use crate::entities::{audit_entry, grant_read, tenant};
use chrono::{DateTime, NaiveDate, Utc};
use contract::dto::{AuditPage, AuditRow, VisitReads};
use contract::error::{AppError, internal};
use domain::FieldError;
use domain::audit::AuditAction;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::HashMap;

pub const PAGE_SIZE: u64 = 100;
/// The most rows one export carries.
pub const EXPORT_LIMIT: u64 = 50_000;

/// The filters of the review page, as typed.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub actor: String,
    pub action: String,
    /// `YYYY-MM-DD`, inclusive, UTC.
    pub from: String,
    pub to: String,
}

fn day(raw: &str, field: &str) -> Result<Option<NaiveDate>, FieldError> {
    match raw.trim() {
        "" => Ok(None),
        text => NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| FieldError::new(field, "Enter a date as YYYY-MM-DD.")),
    }
}

/// Entries of the admin's tenant matching `filter`, newest first, below `before`.
pub async fn entries(
    conn: &impl ConnectionTrait,
    who: &Principal,
    filter: &AuditFilter,
    before: Option<i64>,
    limit: u64,
) -> Result<(tenant::Model, Vec<AuditRow>, Option<i64>), AppError> {
    let me = who.require_user()?;
    principal::authorize(
        who,
        Action::ReadAuditLog {
            tenant_id: me.tenant_id,
        },
    )?;
    let from = day(&filter.from, "from");
    let to = day(&filter.to, "to");
    let (from, to) = contract::error::both(from.map_err(|e| vec![e]), to.map_err(|e| vec![e]))?;
    let tenant = tenant::Entity::find_by_id(me.tenant_id)
        .one(conn)
        .await?
        .ok_or_else(|| internal("admin without tenant"))?;
    let mut query = audit_entry::Entity::find()
        .filter(audit_entry::Column::TenantId.eq(tenant.id))
        .order_by_desc(audit_entry::Column::Id)
        .limit(limit + 1);
    if let Some(before) = before {
        query = query.filter(audit_entry::Column::Id.lt(before));
    }
    let actor = filter.actor.trim();
    if !actor.is_empty() {
        query = query.filter(audit_entry::Column::Actor.contains(actor));
    }
    let action = filter.action.trim();
    if !action.is_empty() {
        query = query.filter(audit_entry::Column::Action.starts_with(action));
    }
    // Times are stored as RFC 3339 in UTC, so they compare as text.
    if let Some(from) = from {
        let start: DateTime<Utc> = from.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc();
        query = query.filter(audit_entry::Column::OccurredAt.gte(start.to_rfc3339()));
    }
    if let Some(to) = to.and_then(|d| d.succ_opt()) {
        let end: DateTime<Utc> = to.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc();
        query = query.filter(audit_entry::Column::OccurredAt.lt(end.to_rfc3339()));
    }
    let mut rows = query.all(conn).await?;
    let next = (rows.len() as u64 > limit).then(|| {
        rows.truncate(limit as usize);
        rows.last().map(|r| r.id)
    });
    let mut visits = visits_of(conn, tenant.id, &rows).await?;
    let rows = rows
        .into_iter()
        .map(|e| AuditRow {
            reads: visits.remove(&e.id),
            id: e.id,
            occurred_at: e.occurred_at,
            actor: e.actor,
            action: e.action,
            object: e.object,
            detail: e.detail,
            source: e.source,
        })
        .collect();
    Ok((tenant, rows, next.flatten()))
}

/// The reads each read-under-grant entry among `entries` stands for, by entry id. An entry
/// written before reads were counted has none: it stands for its own read alone.
async fn visits_of(
    conn: &impl ConnectionTrait,
    tenant_id: i64,
    entries: &[audit_entry::Model],
) -> Result<HashMap<i64, VisitReads>, AppError> {
    let read = AuditAction::IncidentReadUnderGrant.code();
    let ids: Vec<i64> = entries
        .iter()
        .filter(|e| e.action == read)
        .map(|e| e.id)
        .collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let visits = grant_read::Entity::find()
        .filter(grant_read::Column::TenantId.eq(tenant_id))
        .filter(grant_read::Column::AuditEntryId.is_in(ids))
        .all(conn)
        .await?;
    Ok(visits
        .into_iter()
        .map(|v| {
            let reads = VisitReads {
                count: v.reads,
                last_at: v.last_at,
            };
            (v.audit_entry_id, reads)
        })
        .collect())
}

pub async fn page(
    conn: &impl ConnectionTrait,
    who: &Principal,
    filter: &AuditFilter,
    before: Option<i64>,
) -> Result<AuditPage, AppError> {
    let (tenant, rows, next_cursor) = entries(conn, who, filter, before, PAGE_SIZE).await?;
    Ok(AuditPage {
        tenant_name: tenant.name,
        rows,
        next_cursor,
    })
}

/// The matching entries as CSV (RFC 4180), cells that a spreadsheet would run as a formula
/// prefixed with a quote. A read under a grant also gives the reads its entry stands for and
/// the last one's time; other entries leave those two cells empty.
pub fn to_csv(rows: &[AuditRow]) -> String {
    let mut out =
        String::from("id,occurred_at,actor,action,object,detail,source,reads,last_read_at\r\n");
    for r in rows {
        let cells = [
            r.id.to_string(),
            r.occurred_at.clone(),
            r.actor.clone(),
            r.action.clone(),
            r.object.clone(),
            r.detail.clone(),
            r.source.clone(),
            r.reads.map(|v| v.count.to_string()).unwrap_or_default(),
            r.reads.map(|v| v.last_at.to_rfc3339()).unwrap_or_default(),
        ];
        let line: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

fn csv_cell(raw: &str) -> String {
    let defused = if raw.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{raw}")
    } else {
        raw.to_owned()
    };
    format!("\"{}\"", defused.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_every_cell_and_defuses_formulas() {
        let row = AuditRow {
            id: 1,
            occurred_at: "2026-11-29T10:00:00+00:00".into(),
            actor: "=HYPERLINK(\"x\")".into(),
            action: "grant.approved".into(),
            object: "grant:1".into(),
            detail: "{\"a\":\"b,c\"}".into(),
            source: "127.0.0.1".into(),
            reads: None,
        };
        let csv = to_csv(&[row]);
        let line = csv.lines().nth(1).unwrap();
        assert_eq!(
            line,
            "\"1\",\"2026-11-29T10:00:00+00:00\",\"'=HYPERLINK(\"\"x\"\")\",\"grant.approved\",\"grant:1\",\"{\"\"a\"\":\"\"b,c\"\"}\",\"127.0.0.1\",\"\",\"\""
        );
    }

    #[test]
    fn csv_gives_the_reads_a_read_under_a_grant_stands_for() {
        let last_at = DateTime::parse_from_rfc3339("2026-11-29T10:04:30Z")
            .unwrap()
            .with_timezone(&Utc);
        let row = AuditRow {
            id: 9,
            occurred_at: "2026-11-29T10:00:00+00:00".into(),
            actor: "responder@platform.example".into(),
            action: "incident.read_under_grant".into(),
            object: "ACME-1".into(),
            detail: "{}".into(),
            source: "127.0.0.1".into(),
            reads: Some(VisitReads { count: 3, last_at }),
        };
        let csv = to_csv(&[row]);
        assert!(csv.starts_with(
            "id,occurred_at,actor,action,object,detail,source,reads,last_read_at\r\n"
        ));
        let line = csv.lines().nth(1).unwrap();
        assert!(
            line.ends_with(",\"3\",\"2026-11-29T10:04:30+00:00\""),
            "{line}"
        );
    }
}
