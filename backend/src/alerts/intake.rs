//! Receiving checked alerts for the API token's tenant (the platform's, for a platform token).
//! The alerts of one request are taken key by key, in the order their keys first appear; each
//! key is one write transaction under the key's lock (see `dedup`): the first firing alert of a
//! key that reaches no open incident opens and triages one (through `incidents::open`), every
//! other alert adds an entry to the incident's timeline (through the unit of work), and an
//! acknowledge or resolve that reaches nothing changes nothing. No alert ever moves an incident:
//! a monitor going quiet is evidence, and people decide when an incident is resolved.

use super::dedup;
use crate::Principal;
use crate::access::principal::{Action, authorize};
use crate::db::WriteTxn;
use crate::entities::{incident, tenant};
use crate::incidents::change::{IncidentWrite, Outcome, Part};
use crate::incidents::open;
use crate::incidents::triage;
use crate::incidents::workspace::{Entry, Workspace};
use chrono::{DateTime, Utc};
use contract::error::{AppError, internal};
use domain::alert::{Alert, AlertStatus, DedupKey};
use domain::audit::AuditAction;
use domain::note::EntryVisibility;
use domain::timeline::EntryKind;
use domain::{IncidentKey, NewIncident, TenantKey};
use sea_orm::EntityTrait;
use std::collections::HashMap;

/// What became of one alert.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Handled {
    /// It opened (and triaged) an incident.
    Opened,
    /// It added an entry to the incident its key reaches.
    Appended,
    /// Its key reaches no open incident, and it is no firing alert: nothing was written.
    Ignored,
}

impl Handled {
    pub fn code(self) -> &'static str {
        match self {
            Self::Opened => "opened",
            Self::Appended => "appended",
            Self::Ignored => "ignored",
        }
    }
}

/// One alert as received, in the order sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received {
    pub key: DedupKey,
    pub status: AlertStatus,
    pub incident: Option<IncidentKey>,
    pub handled: Handled,
}

/// Where the alerts go, decided once per request.
struct Intake<'a> {
    ws: Workspace<'a>,
    who: &'a Principal,
    tenant: tenant::Model,
    tenant_key: TenantKey,
    now: DateTime<Utc>,
}

/// Receives `alerts` from the API token `who`, for its tenant.
pub async fn receive(
    ws: Workspace<'_>,
    who: &Principal,
    alerts: &[Alert],
    now: DateTime<Utc>,
) -> Result<Vec<Received>, AppError> {
    let me = who.require_acting()?;
    // Sending alerts opens incidents: a role that may not open them may not send them.
    authorize(
        who,
        Action::OpenIncident {
            tenant_id: me.tenant_id,
        },
    )?;
    let tenant = tenant::Entity::find_by_id(me.tenant_id)
        .one(ws.db.conn())
        .await?
        .ok_or_else(|| internal("an API token's tenant is gone"))?;
    let tenant_key = TenantKey::parse(&tenant.key).map_err(internal)?;
    let intake = Intake {
        ws,
        who,
        tenant,
        tenant_key,
        now,
    };
    let mut received = Vec::with_capacity(alerts.len());
    let mut placed = vec![None; alerts.len()];
    for (key, members) in by_key(alerts) {
        let group: Vec<&Alert> = members.iter().map(|&n| &alerts[n]).collect();
        let outcomes = intake.receive_key(key, &group).await?;
        for (n, outcome) in members.into_iter().zip(outcomes) {
            placed[n] = Some(outcome);
        }
    }
    for (alert, outcome) in alerts.iter().zip(placed) {
        let (incident, handled) = outcome.ok_or_else(|| internal("an alert was left out"))?;
        received.push(Received {
            key: alert.key.clone(),
            status: alert.status,
            incident,
            handled,
        });
    }
    Ok(received)
}

/// The alerts' positions by key, keys in the order they first appear.
fn by_key(alerts: &[Alert]) -> Vec<(&DedupKey, Vec<usize>)> {
    let mut groups: Vec<(&DedupKey, Vec<usize>)> = Vec::new();
    let mut index: HashMap<&DedupKey, usize> = HashMap::new();
    for (n, alert) in alerts.iter().enumerate() {
        match index.get(&alert.key) {
            Some(&group) => groups[group].1.push(n),
            None => {
                index.insert(&alert.key, groups.len());
                groups.push((&alert.key, vec![n]));
            }
        }
    }
    groups
}

type Outcomes = Vec<(Option<IncidentKey>, Handled)>;

impl Intake<'_> {
    /// The alerts with one key, in one transaction under the key's lock.
    async fn receive_key(&self, key: &DedupKey, alerts: &[&Alert]) -> Result<Outcomes, AppError> {
        let txn = self.ws.db.begin_write().await?;
        dedup::lock(&txn, self.tenant.id, key).await?;
        let mut outcomes = Outcomes::with_capacity(alerts.len());
        let mut rest = alerts;
        let incident = match dedup::find_open(&txn, self.tenant.id, key).await? {
            Some(found) => found,
            None => {
                // What comes before the first alert that opens follows up on nothing.
                let Some(first) = rest.iter().position(|a| a.opens()) else {
                    return Ok(vec![(None, Handled::Ignored); alerts.len()]);
                };
                outcomes.extend(std::iter::repeat_n((None, Handled::Ignored), first));
                let (opened, incident_key) = self.open(&txn, key, rest[first]).await?;
                outcomes.push((Some(incident_key), Handled::Opened));
                rest = &rest[first + 1..];
                if rest.is_empty() {
                    txn.commit().await?;
                    return Ok(outcomes);
                }
                opened
            }
        };
        self.append(txn, key, incident, rest, &mut outcomes).await?;
        Ok(outcomes)
    }

    /// Opens and triages the incident `alert` describes, holding `key`, inside `txn`.
    async fn open(
        &self,
        txn: &WriteTxn,
        key: &DedupKey,
        alert: &Alert,
    ) -> Result<(incident::Model, IncidentKey), AppError> {
        let opening = alert
            .opening
            .as_ref()
            .ok_or_else(|| internal("an alert that opens describes no incident"))?;
        let new = NewIncident {
            title: opening.title.clone(),
            description: opening.description.clone(),
            severity: opening.severity,
            tenant: self.tenant_key.clone(),
        };
        let facts = opening.facts.clone().with_affected_tenant(self.tenant.kind);
        let text = format!("{}\n{}", new.title.as_str(), new.description.as_str());
        let triaged = triage::decide_with_suggestion(self.ws.model, facts, &text);
        let within = open::Within {
            txn,
            tenant: &self.tenant,
            new: &new,
            triaged: &triaged,
            dedup_key: Some(key.as_str()),
        };
        open::open_in(self.ws, self.who, within, self.now).await
    }

    /// Adds one timeline entry per alert to `incident` through the unit of work, then commits.
    async fn append(
        &self,
        txn: WriteTxn,
        key: &DedupKey,
        incident: incident::Model,
        alerts: &[&Alert],
        outcomes: &mut Outcomes,
    ) -> Result<(), AppError> {
        let incident_key = IncidentKey {
            tenant: self.tenant_key.clone(),
            number: incident.number,
        };
        let write =
            IncidentWrite::begin_found(self.ws, self.who, &incident_key, txn, incident, self.now)
                .await?;
        let mut entries = Vec::with_capacity(alerts.len());
        for alert in alerts {
            let entry = Entry {
                kind: EntryKind::Alert,
                visibility: EntryVisibility::Shared,
                body: alert.entry_text(),
                occurred_at: alert.occurred_at.map_or(self.now, |at| at.min(self.now)),
                incident_version: None,
            };
            let saved = write.record(entry).await?;
            entries.push(serde_json::json!({ "entry": saved.id, "status": alert.status.code() }));
            outcomes.push((Some(incident_key.clone()), Handled::Appended));
        }
        let incident = write.current().clone();
        write
            .commit(Outcome {
                action: AuditAction::TimelineAlertAdded,
                task: None,
                detail: serde_json::json!({ "dedup_key": key.as_str(), "alerts": entries }),
                part: Part::Timeline,
                visibility: EntryVisibility::Shared,
                saved: &incident,
            })
            .await
    }
}
