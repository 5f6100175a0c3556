//! Reading incidents: the list page, one incident with its timeline, and lookup by key.

use super::audit::{self, AuditEvent};
use super::triage;
use super::workspace::Workspace;
use crate::backend::{
    Database, Principal,
    entities::{incident, tenant},
    markdown::to_safe_html,
    principal::Scope,
};
use crate::error::{AppError, internal};
use crate::model::{IncidentDetail, IncidentFilter, IncidentPage, IncidentSummary, MoveOption};
use chrono::{DateTime, Utc};
use domain::access::{Side, Sight, Viewer};
use domain::responsibility::{Owner, ResponsibilityModel};
use domain::{FieldError, IncidentKey, IncidentStatus, Severity};
use sea_orm::Condition;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

/// Rows per page of the incident list.
pub const PAGE_SIZE: usize = 50;
/// The list counts matching incidents up to this many.
pub const COUNT_CAP: u64 = 1_000;
/// The longest search text accepted.
const SEARCH_MAX_CHARS: usize = 200;

/// The list's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sort {
    Newest,
    Oldest,
    /// Most severe first, newest first within a severity.
    Severity,
    /// Open incidents by their next SLA deadline, soonest first.
    Due,
}

/// The list's filters, checked.
struct Checked {
    owner: Option<Owner>,
    status: Option<IncidentStatus>,
    severity: Option<Severity>,
    tenant: Option<String>,
    area: Option<String>,
    overdue: bool,
    search: Option<String>,
    sort: Sort,
}

fn check(filter: &IncidentFilter) -> Result<Checked, AppError> {
    let mut errors = Vec::new();
    let mut pick = |field: &str, raw: &str, message: &str, parse: &dyn Fn(&str) -> bool| {
        let raw = raw.trim();
        if raw.is_empty() {
            return None;
        }
        if parse(raw) {
            Some(raw.to_owned())
        } else {
            errors.push(FieldError::new(field, message));
            None
        }
    };
    let owner = pick(
        "owner",
        &filter.owner,
        "Choose platform, tenant or shared.",
        &|r| Owner::parse(r).is_some(),
    );
    let status = pick(
        "status",
        &filter.status,
        "Choose a status from the list.",
        &|r| IncidentStatus::parse(r).is_some(),
    );
    let severity = pick(
        "severity",
        &filter.severity,
        "Choose a severity from SEV1 to SEV4.",
        &|r| Severity::parse(r).is_ok(),
    );
    let tenant = pick(
        "tenant",
        &filter.tenant,
        "Choose a tenant from the list.",
        &|r| domain::TenantKey::parse(r).is_ok(),
    );
    let area = pick(
        "area",
        &filter.area,
        "Choose an area from the list.",
        &|r| {
            r.len() <= 64
                && r.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        },
    );
    let overdue = pick(
        "overdue",
        &filter.overdue,
        "Tick the box or leave it.",
        &|r| matches!(r, "yes" | "on"),
    )
    .is_some();
    let search = pick("q", &filter.q, "Search for at most 200 characters.", &|r| {
        r.chars().count() <= SEARCH_MAX_CHARS && !r.chars().any(char::is_control)
    });
    let sort = match filter.sort.trim() {
        "" | "newest" => Sort::Newest,
        "oldest" => Sort::Oldest,
        "severity" => Sort::Severity,
        "due" => Sort::Due,
        _ => {
            errors.push(FieldError::new("sort", "Choose an order from the list."));
            Sort::Newest
        }
    };
    if !errors.is_empty() {
        return Err(AppError::invalid(errors).keeping(filter));
    }
    Ok(Checked {
        owner: owner.and_then(|o| Owner::parse(&o)),
        status: status.and_then(|s| IncidentStatus::parse(&s)),
        severity: severity.and_then(|s| Severity::parse(&s).ok()),
        tenant: tenant.map(|t| t.to_uppercase()),
        area,
        overdue,
        search: search.map(|q| q.to_lowercase()),
        sort,
    })
}

/// `text` as a LIKE pattern that matches it anywhere, with `\` escaping the wildcards.
fn contains_pattern(text: &str) -> String {
    let mut pattern = String::from("%");
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// The condition of every filter but the cursor.
fn filtered(checked: &Checked, now: DateTime<Utc>) -> Condition {
    use sea_orm::sea_query::{Expr, Func, LikeExpr};
    let mut all = Condition::all();
    if let Some(owner) = checked.owner {
        all = all.add(incident::Column::EffectiveOwner.eq(owner.code()));
    }
    if let Some(status) = checked.status {
        all = all.add(incident::Column::Status.eq(status.code()));
    }
    if let Some(severity) = checked.severity {
        all = all.add(incident::Column::Severity.eq(severity.code()));
    }
    if let Some(tenant) = &checked.tenant {
        all = all.add(tenant::Column::Key.eq(tenant.as_str()));
    }
    if let Some(area) = &checked.area {
        all = all.add(incident::Column::Area.eq(area.as_str()));
    }
    if checked.overdue {
        all = all.add(incident::Column::NextDueAt.lt(now));
    }
    if checked.sort == Sort::Due {
        all = all.add(incident::Column::NextDueAt.is_not_null());
    }
    if let Some(words) = &checked.search {
        let pattern = contains_pattern(words);
        let like = |column: incident::Column| {
            Expr::expr(Func::lower(Expr::col((incident::Entity, column))))
                .like(LikeExpr::new(pattern.clone()).escape('\\'))
        };
        all = all.add(
            Condition::any()
                .add(like(incident::Column::Title))
                .add(like(incident::Column::Description)),
        );
    }
    all
}

/// Where the page after `cursor` starts, in `sort` order.
fn after_cursor(sort: Sort, cursor: &str) -> Result<Condition, AppError> {
    let id = incident::Column::Id;
    let (value, last_id) = match cursor.rsplit_once(':') {
        Some((value, last)) => (Some(value), last),
        None => (None, cursor),
    };
    let last_id: i64 = last_id.parse().map_err(|_| AppError::BadRequest)?;
    Ok(match (sort, value) {
        (Sort::Newest, None) => Condition::all().add(id.lt(last_id)),
        (Sort::Oldest, None) => Condition::all().add(id.gt(last_id)),
        (Sort::Severity, Some(code)) => {
            let severity = Severity::parse(code)
                .map_err(|_| AppError::BadRequest)?
                .code();
            Condition::any()
                .add(incident::Column::Severity.gt(severity))
                .add(
                    Condition::all()
                        .add(incident::Column::Severity.eq(severity))
                        .add(id.lt(last_id)),
                )
        }
        (Sort::Due, Some(nanos)) => {
            let at = nanos
                .parse::<i64>()
                .map(DateTime::<Utc>::from_timestamp_nanos)
                .map_err(|_| AppError::BadRequest)?;
            let due = incident::Column::NextDueAt;
            Condition::any()
                .add(due.gt(at))
                .add(Condition::all().add(due.eq(at)).add(id.gt(last_id)))
        }
        _ => return Err(AppError::BadRequest),
    })
}

fn cursor_of(sort: Sort, incident: &incident::Model) -> String {
    match sort {
        Sort::Newest | Sort::Oldest => incident.id.to_string(),
        Sort::Severity => format!("{}:{}", incident.severity, incident.id),
        Sort::Due => format!(
            "{}:{}",
            incident
                .next_due_at
                .and_then(|d| d.timestamp_nanos_opt())
                .unwrap_or_default(),
            incident.id
        ),
    }
}

/// One page of the incidents `principal` sees that match `filter`, continuing after `cursor`.
pub async fn list(
    db: &Database,
    principal: &Principal,
    model: &ResponsibilityModel,
    filter: &IncidentFilter,
    cursor: Option<&str>,
    now: DateTime<Utc>,
) -> Result<IncidentPage, AppError> {
    let conn = db.conn();
    let scope = principal.scope()?;
    let checked = check(filter)?;
    let matching = Condition::all()
        .add(visible_to(&scope))
        .add(filtered(&checked, now));
    // Counting stops past the cap: beyond it "more than" is all a person needs, and an exact
    // count of a hundred thousand rows would cost more than the page itself.
    let counted = capped_count(conn, matching.clone()).await?;
    let mut query = incident::Entity::find()
        .find_also_related(tenant::Entity)
        .filter(matching);
    if let Some(cursor) = cursor.filter(|c| !c.is_empty()) {
        query = query.filter(after_cursor(checked.sort, cursor)?);
    }
    query = match checked.sort {
        Sort::Newest => query.order_by_desc(incident::Column::Id),
        Sort::Oldest => query.order_by_asc(incident::Column::Id),
        Sort::Severity => query
            .order_by_asc(incident::Column::Severity)
            .order_by_desc(incident::Column::Id),
        Sort::Due => query
            .order_by_asc(incident::Column::NextDueAt)
            .order_by_asc(incident::Column::Id),
    };
    let mut rows = query.limit(PAGE_SIZE as u64 + 1).all(conn).await?;
    let next_cursor = (rows.len() > PAGE_SIZE).then(|| {
        rows.truncate(PAGE_SIZE);
        rows.last()
            .map(|(incident, _)| cursor_of(checked.sort, incident))
    });
    record_reads_under_grant(db, principal, rows.iter().map(|(i, _)| i), now).await?;
    let rows = rows
        .into_iter()
        .map(|(incident, tenant)| {
            let tenant = tenant.ok_or_else(|| internal("incident without tenant"))?;
            Ok(IncidentSummary {
                owner: triage::effective_owner(&incident).unwrap_or(Owner::Shared),
                key: format!("{}-{}", tenant.key, incident.number),
                severity: parse_severity(&incident.severity)?,
                status: parse_status(&incident.status)?,
                title: incident.title,
                tenant_name: affected_name(&tenant),
                detected_at: incident.detected_at,
                overdue: incident.next_due_at.is_some_and(|d| d < now),
                next_due_at: incident.next_due_at,
            })
        })
        .collect::<Result<_, AppError>>()?;
    Ok(IncidentPage {
        rows,
        next_cursor: next_cursor.flatten(),
        total: counted.min(COUNT_CAP),
        more_than_total: counted > COUNT_CAP,
        tenants: super::tenants::options(conn, principal).await?,
        areas: model
            .areas
            .iter()
            .map(|a| (a.id.clone(), a.name.clone()))
            .collect(),
        as_of: now,
    })
}

/// How many incidents match `condition`, counting no further than one past [`COUNT_CAP`].
/// (sea-orm's own count drops the limit of the query it wraps.)
async fn capped_count(conn: &impl ConnectionTrait, condition: Condition) -> Result<u64, AppError> {
    use sea_orm::QueryTrait;
    use sea_orm::sea_query::{Alias, Expr, Query};
    let capped = incident::Entity::find()
        .select_only()
        .column(incident::Column::Id)
        .inner_join(tenant::Entity)
        .filter(condition)
        .limit(COUNT_CAP + 1)
        .into_query();
    let statement = Query::select()
        .expr_as(Expr::cust("COUNT(*)"), Alias::new("matching"))
        .from_subquery(capped, Alias::new("capped"))
        .to_owned();
    let row = conn
        .query_one(conn.get_database_backend().build(&statement))
        .await?
        .ok_or_else(|| internal("COUNT returned no row"))?;
    let matching: i64 = row.try_get("", "matching")?;
    u64::try_from(matching).map_err(internal)
}

/// What the incident page is asked to show besides the incident: a timeline filter and page,
/// and, after a refused save, the version the person had seen.
#[derive(Debug, Clone, Default)]
pub struct DetailRequest {
    pub timeline: super::timeline::Filter,
    pub before: Option<i64>,
    pub since_version: Option<i64>,
}

/// The incident with `key`, its tasks, SLA clocks, offered moves and a page of its timeline,
/// or `NotFound`.
pub async fn get(
    ws: Workspace<'_>,
    principal: &Principal,
    key: &IncidentKey,
    request: &DetailRequest,
    now: DateTime<Utc>,
) -> Result<IncidentDetail, AppError> {
    let conn = ws.db.conn();
    let (tenant, incident) = find(conn, principal, key).await?;
    record_reads_under_grant(ws.db, principal, std::iter::once(&incident), now).await?;
    let timeline = super::timeline::page(
        conn,
        principal,
        &incident,
        &request.timeline,
        request.before,
    )
    .await?;
    let changes_since = match request.since_version {
        Some(seen) if seen < incident.version => {
            super::timeline::changes_since(conn, principal, &incident, seen).await?
        }
        _ => Vec::new(),
    };
    let severity = parse_severity(&incident.severity)?;
    let status = parse_status(&incident.status)?;
    let situation = super::lifecycle::situation(conn, &incident, status).await?;
    let role = principal.signed_in().map(|u| u.role);
    let moves = offered_moves(role, &situation);
    let severity_refusal = role.and_then(|r| {
        domain::lifecycle::may_change(r, situation.owner)
            .err()
            .map(|e| e.to_string())
    });
    let tasks = super::tasks::list(conn, principal, &incident, now).await?;
    let may_edit = |side: Side| role.is_none_or(|r| domain::task::can_edit_workstream(r, side));
    let (can_edit_platform_tasks, can_edit_tenant_tasks) =
        (may_edit(Side::Platform), may_edit(Side::Tenant));
    let mut platform_assignees = Vec::new();
    if can_edit_platform_tasks {
        platform_assignees = super::tasks::assignees(conn, &incident, Side::Platform).await?;
    }
    let mut tenant_assignees = Vec::new();
    if can_edit_tenant_tasks {
        tenant_assignees = super::tasks::assignees(conn, &incident, Side::Tenant).await?;
    }
    let note_visibilities = match principal.signed_in() {
        Some(u) if u.role.can_respond() => {
            domain::note::EntryVisibility::writable_by(u.role.side()).to_vec()
        }
        Some(_) => Vec::new(),
        None => domain::note::EntryVisibility::ALL.to_vec(),
    };
    let readable_visibilities = domain::note::EntryVisibility::ALL
        .into_iter()
        .filter(|v| principal.side().is_none_or(|side| v.readable_by(side)))
        .collect();
    Ok(IncidentDetail {
        ownership: triage::ownership(&incident)?,
        model: ws.model.clone(),
        key: key.to_string(),
        description_html: to_safe_html(&incident.description),
        sla: ws.sla.clocks(
            severity,
            incident.detected_at,
            &super::workspace::reached(&incident),
            now,
        ),
        severity,
        status,
        title: incident.title.clone(),
        tenant_name: affected_name(&tenant),
        detected_at: incident.detected_at,
        reporter: incident.reporter.clone(),
        version: incident.version,
        timeline,
        changes_since,
        moves,
        severity_refusal,
        tasks,
        platform_assignees,
        tenant_assignees,
        can_edit_platform_tasks,
        can_edit_tenant_tasks,
        note_visibilities,
        readable_visibilities,
        as_of: now,
        can_edit_facts: crate::backend::principal::authorize(
            principal,
            crate::backend::principal::Action::EditFacts,
        )
        .is_ok(),
        can_override: crate::backend::principal::authorize(
            principal,
            crate::backend::principal::Action::OverrideOwnership,
        )
        .is_ok(),
    })
}

/// The moves the page offers; the command line (no role) is offered every move the graph has.
fn offered_moves(
    role: Option<domain::access::Role>,
    situation: &domain::lifecycle::Situation,
) -> Vec<MoveOption> {
    let role = role.unwrap_or(domain::access::Role::PlatformAdmin);
    domain::lifecycle::offered_moves(role, situation)
        .into_iter()
        .map(|(to, verdict)| MoveOption {
            to,
            label: domain::lifecycle::move_label(situation.status, to),
            refusal: verdict.err().map(|e| e.to_string()),
        })
        .collect()
}

/// Who an incident affects, as shown: a customer's name, or the operator's marked platform-wide.
fn affected_name(tenant: &tenant::Model) -> String {
    if tenant.kind == tenant::KIND_PLATFORM {
        format!("{} (platform-wide)", tenant.name)
    } else {
        tenant.name.clone()
    }
}

/// The incident with `key` and its tenant, or `NotFound` when it does not exist or
/// `principal` may not see it.
pub async fn find(
    conn: &impl ConnectionTrait,
    principal: &Principal,
    key: &IncidentKey,
) -> Result<(tenant::Model, incident::Model), AppError> {
    let (tenant, incident) = find_unscoped(conn, key).await?;
    principal.sight_of_incident(tenant.id, incident.id, effective_owner(&incident)?)?;
    Ok((tenant, incident))
}

fn effective_owner(incident: &incident::Model) -> Result<Owner, AppError> {
    Owner::parse(&incident.effective_owner)
        .ok_or_else(|| internal(format!("stored owner {:?}", incident.effective_owner)))
}

/// The condition selecting the incidents `scope` sees; the same rule as
/// `domain::access::sight_of_incident`, as SQL.
pub fn visible_to(scope: &Scope) -> Condition {
    let owner = incident::Column::EffectiveOwner;
    match scope {
        Scope::Everything => Condition::all(),
        Scope::Viewer(Viewer::Tenant { tenant_id }) => Condition::all()
            .add(incident::Column::TenantId.eq(*tenant_id))
            .add(owner.ne(Owner::Platform.code())),
        Scope::Viewer(Viewer::Platform {
            platform_tenant_id,
            grants,
        }) => {
            let mut any = Condition::any()
                .add(owner.ne(Owner::Tenant.code()))
                .add(incident::Column::TenantId.eq(*platform_tenant_id));
            for grant in grants {
                let mut granted =
                    Condition::all().add(incident::Column::TenantId.eq(grant.tenant_id));
                if let Some(id) = grant.incident_id {
                    granted = granted.add(incident::Column::Id.eq(id));
                }
                any = any.add(granted);
            }
            any
        }
    }
}

/// Records, for the tenants concerned, each incident among `seen` that `principal` sees only
/// under an access grant.
async fn record_reads_under_grant<'a>(
    db: &Database,
    principal: &Principal,
    seen: impl Iterator<Item = &'a incident::Model>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut reads = Vec::new();
    for incident in seen {
        let sight = principal.sight_of_incident(
            incident.tenant_id,
            incident.id,
            effective_owner(incident)?,
        )?;
        if let Sight::UnderGrant { grant_id } = sight {
            reads.push((incident.tenant_id, incident.id, incident.number, grant_id));
        }
    }
    if reads.is_empty() {
        return Ok(());
    }
    let txn = db.begin_write().await?;
    for (tenant_id, incident_id, number, grant_id) in reads {
        audit::record(
            &*txn,
            principal,
            AuditEvent {
                tenant_id,
                action: "incident.read_under_grant",
                object: &format!("incident:{incident_id}"),
                detail: serde_json::json!({ "grant": grant_id, "number": number }),
            },
            now,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// The incident with `key` whoever asks: for checks that do their own authorisation.
pub async fn find_unscoped(
    conn: &impl ConnectionTrait,
    key: &IncidentKey,
) -> Result<(tenant::Model, incident::Model), AppError> {
    let tenant = tenant::Entity::find()
        .filter(tenant::Column::Key.eq(key.tenant.as_str()))
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    let incident = incident::Entity::find()
        .filter(incident::Column::TenantId.eq(tenant.id))
        .filter(incident::Column::Number.eq(key.number))
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((tenant, incident))
}

fn parse_severity(stored: &str) -> Result<Severity, AppError> {
    Severity::parse(stored).map_err(|_| internal(format!("stored severity {stored:?}")))
}

fn parse_status(stored: &str) -> Result<IncidentStatus, AppError> {
    IncidentStatus::parse(stored).ok_or_else(|| internal(format!("stored status {stored:?}")))
}
