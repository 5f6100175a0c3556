//! The incident list: its filters, search and sorts, keyset cursors for each order, and a
//! count that stops past a thousand — all within what the reader may see.

use crate::incidents::page::affected_name;

use crate::access::scope::{record_reads_under_grant, visible_to};
use crate::{
    Database, Principal,
    entities::{incident, tenant},
};
use chrono::{DateTime, Utc};
use contract::dto::{IncidentFilter, IncidentPage, IncidentSummary};
use contract::error::{AppError, internal};
use domain::responsibility::{Owner, ResponsibilityModel};
use domain::{FieldError, IncidentStatus, Severity};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

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
                owner: incident.effective_owner,
                key: format!("{}-{}", tenant.key, incident.number),
                severity: incident.severity,
                status: incident.status,
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
        tenants: crate::people::tenants::options(conn, principal).await?,
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
