//! The incident page: the incident resource, the live notices and what they refetch, and the
//! sections in order.

use super::forms::Forms;
use super::ownership::Ownership;
use super::progress::Progress;
use super::tasks::Tasks;
use super::timeline::Timeline;
use crate::api::{get_incident, get_timeline};
use crate::components::{
    ErrorNotice, LivePart, OwnerBadge, RelativeTime, SeverityBadge, StatusBadge, live_notices,
};
use contract::dto::{IncidentDetail, TimelinePage};
use contract::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos::server_fn::error::ServerFnUrlError;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// What the page refetches, and when.
#[derive(Clone, Copy)]
struct Refresh {
    /// Bumped to refetch the whole incident.
    incident: RwSignal<u32>,
    /// Timeline refetches since the whole incident was last fetched (0: the incident's own
    /// page of the timeline is current).
    timeline: RwSignal<u32>,
    /// The version a refused save was made from, to list what changed since.
    since: RwSignal<Option<i64>>,
    /// Whether the live stream is open: a save's own notice then brings its refetch.
    live: ReadSignal<bool>,
}

impl Refresh {
    fn incident(self) {
        self.timeline.set(0);
        self.incident.update(|n| *n += 1);
    }

    fn timeline(self) {
        self.timeline.update(|n| *n += 1);
    }

    fn heard(self, part: LivePart) {
        match part {
            LivePart::Timeline => self.timeline(),
            LivePart::Incident | LivePart::Tasks | LivePart::All => self.incident(),
        }
    }

    /// After `action` saves, refetches with `part` unless the live stream will say so; after a
    /// refusal because someone else saved first, refetches the incident to show its current
    /// state and what changed since the version the save was made from.
    fn watch<A>(self, action: ServerAction<A>, part: LivePart)
    where
        A: ServerFn<Output = (), Error = AppError> + Clone + Send + Sync + 'static,
    {
        Effect::new(move |_| match action.value().get() {
            Some(Ok(())) if !self.live.get_untracked() => self.heard(part),
            Some(Err(AppError::Conflict { since_version })) => {
                if since_version.is_some() {
                    self.since.set(since_version);
                }
                self.incident();
            }
            _ => {}
        });
    }
}

#[component]
pub fn IncidentPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let key = move || params.read().get("key").unwrap_or_default();
    let forms = Forms {
        facts: ServerAction::new(),
        override_: ServerAction::new(),
        move_: ServerAction::new(),
        severity: ServerAction::new(),
        add_task: ServerAction::new(),
        update_task: ServerAction::new(),
        note: ServerAction::new(),
    };
    // A plain form post that was refused comes back with its error in the query string; a
    // conflict's version is only a number, so it can be taken from there.
    let returned = query.with_untracked(|q| {
        let path = q.get("__path")?;
        let error = ServerFnUrlError::<AppError>::decode_err(&q.get("__err")?);
        Some((path, error))
    });
    let since = RwSignal::new(match &returned {
        Some((_, AppError::Conflict { since_version })) => *since_version,
        _ => None,
    });
    let (reloads, timeline_fresh) = (RwSignal::new(0u32), RwSignal::new(0u32));
    let (live, set_live) = signal(false);
    let refresh = Refresh {
        incident: reloads,
        timeline: timeline_fresh,
        since,
        live,
    };
    let open = live_notices(
        move || format!("/api/live/incidents/{}", key()),
        move |part| refresh.heard(part),
    );
    Effect::new(move |_| set_live.set(open.get()));
    refresh.watch(forms.facts, LivePart::Incident);
    refresh.watch(forms.override_, LivePart::Incident);
    refresh.watch(forms.move_, LivePart::Incident);
    refresh.watch(forms.severity, LivePart::Incident);
    refresh.watch(forms.add_task, LivePart::Tasks);
    refresh.watch(forms.update_task, LivePart::Tasks);
    refresh.watch(forms.note, LivePart::Timeline);
    let timeline_query = move || {
        query.with(|q| {
            (
                q.get("kind").unwrap_or_default(),
                q.get("visibility").unwrap_or_default(),
                q.get("before").and_then(|b| b.parse::<i64>().ok()),
            )
        })
    };
    let incident = Resource::new(
        move || (key(), timeline_query(), since.get(), reloads.get()),
        |(key, (kind, visibility, before), since, _)| {
            get_incident(key, kind, visibility, before, since)
        },
    );
    // Only when a notice says the timeline alone changed (in the browser, then): until then,
    // the incident's own page of the timeline is shown and nothing is fetched.
    let timeline = RwSignal::new(None::<TimelinePage>);
    Effect::new(move |_| {
        if timeline_fresh.get() == 0 {
            timeline.set(None);
            return;
        }
        let (key, (kind, visibility, before)) = (key(), timeline_query());
        leptos::task::spawn_local(async move {
            if let Ok(page) = get_timeline(key, kind, visibility, before).await {
                timeline.set(Some(page));
            }
        });
    });
    view! {
        <Suspense fallback=|| view! { <p class="muted">"Loading incident…"</p> }>
            {move || {
                let returned = returned.clone();
                Suspend::new(async move {
                match incident.await {
                    Ok(incident) => {
                        view! { <IncidentView incident timeline forms returned live/> }.into_any()
                    }
                    Err(error) => view! {
                        <Title text="Not available · Tandem"/>
                        <ErrorNotice error/>
                    }
                    .into_any(),
                }
            })}}
        </Suspense>
    }
}

#[component]
fn IncidentView(
    incident: IncidentDetail,
    /// The timeline as last fetched alone, when newer than the incident's.
    timeline: RwSignal<Option<TimelinePage>>,
    forms: Forms,
    returned: Option<(String, AppError)>,
    /// Whether the page's live stream is open, shown as `data-live` on the article.
    live: ReadSignal<bool>,
) -> impl IntoView {
    let now = incident.as_of;
    let conflict_notice = (!incident.changes_since.is_empty()).then(|| {
        let changes = incident
            .changes_since
            .iter()
            .map(|entry| {
                view! {
                    <li>
                        <span class="author">{entry.author.clone()}</span>" "
                        <RelativeTime at=entry.recorded_at now/>": "
                        <div class="prose" inner_html=entry.body_html.clone()></div>
                    </li>
                }
            })
            .collect_view();
        view! {
            <section class="notice notice-conflict" role="alert" aria-labelledby="conflict-heading">
                <h2 id="conflict-heading">"Changed since you loaded the page"</h2>
                <p>"Your last save was not applied, because these changes came first. The page shows the incident as it is now; make your change again if it still applies."</p>
                <ol class="changes">{changes}</ol>
            </section>
        }
    });
    // Each part is its own view type, erased, so the page's type stays small for the compiler.
    let progress =
        view! { <Progress incident=incident.clone() forms returned=returned.clone()/> }.into_any();
    let ownership = view! {
        <Ownership key=incident.key.clone() version=incident.version
            ownership=incident.ownership.clone() model=incident.model.clone()
            update=forms.facts override_action=forms.override_ returned=returned.clone()
            can_edit_facts=incident.can_edit_facts can_override=incident.can_override/>
    }
    .into_any();
    let tasks =
        view! { <Tasks incident=incident.clone() forms returned=returned.clone()/> }.into_any();
    let description = if incident.description_html.trim().is_empty() {
        view! { <p class="muted">"No description yet."</p> }.into_any()
    } else {
        view! { <div class="prose" inner_html=incident.description_html.clone()></div> }.into_any()
    };
    let header = view! {
        <header class="incident-header">
            <p class="incident-key">{incident.key.clone()}</p>
            <h1>{incident.title.clone()}</h1>
            <div class="incident-badges">
                <SeverityBadge severity=incident.severity/>
                <StatusBadge status=incident.status/>
                <OwnerBadge owner=incident.ownership.owner/>
            </div>
        </header>
        <dl class="facts">
            <div><dt>"Affected"</dt><dd>{incident.tenant_name.clone()}</dd></div>
            <div><dt>"Owner"</dt><dd><OwnerBadge owner=incident.ownership.owner/></dd></div>
            <div><dt>"Detected"</dt><dd><RelativeTime at=incident.detected_at now/></dd></div>
            <div><dt>"Reported by"</dt><dd>{incident.reporter.clone()}</dd></div>
        </dl>
    }
    .into_any();
    let title = format!("{} · Tandem", incident.key);
    let timeline = (move || {
        let mut incident = incident.clone();
        if let Some(page) = timeline.get() {
            incident.timeline = page;
        }
        view! { <Timeline incident forms returned=returned.clone()/> }
    })
    .into_any();
    view! {
        // The key only: leptos_meta writes the title element's text unescaped on the server.
        <Title text=title/>
        <article class="incident" data-live=move || if live.get() { "open" } else { "closed" }>
            {header}
            {conflict_notice.map(IntoAny::into_any)}
            {progress}
            {ownership}
            <section aria-labelledby="description-heading">
                <h2 id="description-heading">"Description"</h2>
                {description}
            </section>
            {tasks}
            {timeline}
        </article>
    }
}
