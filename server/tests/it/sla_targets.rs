//! Stored deadlines follow the SLA targets: a start with other targets computes every next
//! deadline again, once, with an audit entry.

use crate::helpers::incidents::stored;
use crate::helpers::{ACME_ANALYST, TestApp};
use backend::entities::audit_entry;
use backend::incidents::deadlines::{Followed, follow};
use backend::incidents::workspace::reached;
use domain::Severity;
use domain::sla::{SlaPolicy, Targets};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

#[tokio::test]
async fn new_sla_targets_recompute_the_stored_next_deadlines_once_with_an_audit_entry() {
    let app = TestApp::spawn().await;
    let analyst = app.sign_in(ACME_ANALYST).await;
    let key = app
        .open_incident_as(&analyst, "ACME", "Deadline follows the targets")
        .await;
    let number: i64 = key.trim_start_matches("ACME-").parse().unwrap();
    let before = stored(&app, number, "ACME").await;
    assert_eq!(before.severity, Severity::Sev2);
    let slower =
        SlaPolicy::default().with_targets(Severity::Sev2, Targets::parse("2h,2d,6d").unwrap());

    let first = follow(&app.db, &slower, app.clock.now()).await.unwrap();
    let again = follow(&app.db, &slower, app.clock.now()).await.unwrap();

    assert!(
        matches!(first, Followed::Recomputed { incidents } if incidents >= 1),
        "{first:?}"
    );
    assert_eq!(again, Followed::Unchanged);
    let after = stored(&app, number, "ACME").await;
    let expected = slower.next_deadline(after.severity, after.detected_at, &reached(&after));
    assert!(expected.is_some());
    assert_eq!(after.next_due_at, expected);
    assert_ne!(after.next_due_at, before.next_due_at);
    assert_eq!(
        after.version, before.version,
        "a deadline is derived, not a change"
    );
    let recorded = audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq("sla.targets_changed"))
        .count(app.db.conn())
        .await
        .unwrap();
    assert_eq!(recorded, 1);
}

#[tokio::test]
async fn the_targets_the_demo_was_seeded_with_leave_the_deadlines_alone() {
    let app = TestApp::spawn().await;

    let followed = follow(&app.db, &SlaPolicy::default(), app.clock.now())
        .await
        .unwrap();

    assert_eq!(followed, Followed::Unchanged);
}
