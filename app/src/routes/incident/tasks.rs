//! The incident page's remediation tasks: the platform's and the tenant's workstreams side by
//! side, each editable only by its own side's responders.

use super::forms::{Forms, returned_for};
use crate::api::{AddTask, UpdateTask};
use crate::components::{Deadline, FormAlert, SideBadge, textarea_text};
use crate::returned_error::{form_error, rederived};
use chrono::{DateTime, Utc};
use contract::dto::{Assignee, IncidentDetail, TaskView};
use contract::error::AppError;
use domain::FieldError;
use domain::responsibility::Side;
use domain::task::{RawTask, TaskStatus};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use std::collections::BTreeMap;

/// The server's rules for a task form, applied again to what came back in the URL.
fn task_rules(typed: &BTreeMap<String, String>) -> Vec<FieldError> {
    let get = |name: &str| typed.get(name).cloned().unwrap_or_default();
    RawTask {
        title: get("title"),
        status: get("status"),
        assignee: get("assignee"),
        due: get("due"),
        waiting_note: get("waiting_note"),
    }
    .parse()
    .err()
    .unwrap_or_default()
}

#[component]
pub fn Tasks(
    incident: IncidentDetail,
    forms: Forms,
    returned: Option<(String, AppError)>,
) -> impl IntoView {
    let now = incident.as_of;
    let add_returned = returned_for(&returned, AddTask::PATH).map(|e| rederived(e, task_rules));
    let update_returned =
        returned_for(&returned, UpdateTask::PATH).map(|e| rederived(e, task_rules));
    let add_error = form_error(forms.add_task, add_returned.clone());
    let update_error = form_error(forms.update_task, update_returned.clone());
    // Which workstream's add form, and which task's edit form, the last submission came from.
    let typed = |e: &Option<AppError>, field: &str| e.as_ref().and_then(|e| e.submitted(field));
    let added_to = RwSignal::new(typed(&add_returned, "workstream"));
    let edited = RwSignal::new(typed(&update_returned, "task").and_then(|t| t.parse::<i64>().ok()));
    Effect::new(move |_| {
        if let Some(input) = forms.add_task.input().get() {
            added_to.set(Some(input.workstream));
        }
    });
    Effect::new(move |_| {
        if let Some(input) = forms.update_task.input().get() {
            edited.set(Some(input.task));
        }
    });
    let column = |side: Side, can_edit: bool, assignees: Vec<Assignee>| {
        let tasks: Vec<TaskView> = incident
            .tasks
            .iter()
            .filter(|t| t.workstream == side)
            .cloned()
            .collect();
        let open = tasks.iter().filter(|t| t.status.is_open()).count();
        let heading_id = format!("tasks-{}", side.code());
        let labelled_by = heading_id.clone();
        let list = if tasks.is_empty() {
            view! { <p class="muted">"No tasks in this workstream."</p> }.into_any()
        } else {
            let items = tasks
                .into_iter()
                .map(|task| {
                    let typed_back = update_returned
                        .clone()
                        .filter(|e| e.submitted("task") == Some(task.id.to_string()));
                    view! {
                        <TaskItem task key=incident.key.clone() assignees=assignees.clone() now
                            action=forms.update_task error=update_error edited returned=typed_back/>
                    }
                })
                .collect_view();
            view! { <ul class="task-list">{items}</ul> }.into_any()
        };
        let add_typed = add_returned
            .clone()
            .filter(|e| e.submitted("workstream").as_deref() == Some(side.code()));
        view! {
            <section class="workstream" aria-labelledby=labelled_by>
                <h3 id=heading_id>
                    <SideBadge side/>{format!(" workstream · {open} open")}
                </h3>
                {list}
                {can_edit.then(|| view! {
                    <AddTaskForm side key=incident.key.clone() form_key=incident.form_key.clone() assignees=assignees.clone()
                        action=forms.add_task error=add_error added_to returned=add_typed/>
                }.into_any())}
            </section>
        }
        .into_any()
    };
    view! {
        <section class="tasks" aria-labelledby="tasks-heading">
            <h2 id="tasks-heading">"Remediation tasks"</h2>
            <div class="task-columns">
                {column(Side::Platform, incident.can_edit_platform_tasks, incident.platform_assignees.clone())}
                {column(Side::Tenant, incident.can_edit_tenant_tasks, incident.tenant_assignees.clone())}
            </div>
        </section>
    }
}

fn assignee_options(assignees: &[Assignee], selected: Option<i64>) -> impl IntoView + use<> {
    let options = assignees
        .iter()
        .map(|a| {
            view! { <option value=a.id.to_string() selected=Some(a.id) == selected>{a.name.clone()}</option> }
        })
        .collect_view();
    view! { <option value="">"Nobody yet"</option>{options} }
}

/// A due date as a `datetime-local` input shows it.
fn input_time(at: Option<DateTime<Utc>>) -> String {
    at.map(crate::components::input_minute).unwrap_or_default()
}

#[component]
fn TaskItem(
    task: TaskView,
    key: String,
    assignees: Vec<Assignee>,
    now: DateTime<Utc>,
    action: ServerAction<UpdateTask>,
    error: Signal<Option<AppError>>,
    edited: RwSignal<Option<i64>>,
    returned: Option<AppError>,
) -> impl IntoView {
    let id = task.id;
    let mine = move || edited.get() == Some(id);
    let error = Signal::derive(move || if mine() { error.get() } else { None });
    let typed = |field: &str, stored: String| {
        returned
            .as_ref()
            .and_then(|e| e.submitted(field))
            .unwrap_or(stored)
    };
    let title = typed("title", task.title.clone());
    let status = typed("status", task.status.code().to_owned());
    let note = typed(
        "waiting_note",
        task.waiting_note.clone().unwrap_or_default(),
    );
    let due = typed("due", input_time(task.due_at));
    let message =
        move |field: &'static str| move || error.get().and_then(|e| e.field_message(field));
    let field_id = move |field: &str| format!("task-{id}-{field}");
    let statuses = TaskStatus::ALL
        .into_iter()
        .map(|s| view! { <option value=s.code() selected=s.code() == status>{s.label()}</option> })
        .collect_view();
    let status_class = format!("badge task-status task-{}", task.status.code());
    view! {
        <li class="task" id=format!("task-{id}")>
            <p class="task-title">{task.title.clone()}</p>
            <p class="task-meta">
                <span class=status_class>{task.status.label()}</span>
                " · "{task.assignee_name.clone().unwrap_or_else(|| "unassigned".to_owned())}
                {task.due_at.filter(|_| task.status.is_open()).map(|at| view! { " · "<Deadline at now/> })}
            </p>
            {task.waiting_note.clone().map(|n| view! { <p class="waiting-note">"Waiting for: "{n}</p> })}
            {task.can_edit.then(|| view! {
                <details class="panel" open=returned.is_some()>
                    <summary>{format!("Edit task: {}", task.title)}</summary>
                    <ActionForm action attr:class="form" attr:novalidate=true>
                        <FormAlert error/>
                        <input type="hidden" name="key" value=key.clone()/>
                        <input type="hidden" name="task" value=id.to_string()/>
                        <input type="hidden" name="version" value=task.version.to_string()/>
                        <div class="field">
                            <label for=field_id("title")>"Task"</label>
                            <input id=field_id("title") name="title" value=title maxlength="200" required/>
                            <p class="field-error">{message("title")}</p>
                        </div>
                        <div class="field">
                            <label for=field_id("status")>"Status"</label>
                            <select id=field_id("status") name="status">{statuses}</select>
                            <p class="field-error">{message("status")}</p>
                        </div>
                        <div class="field">
                            <label for=field_id("assignee")>"Assignee"</label>
                            <select id=field_id("assignee") name="assignee">{assignee_options(&assignees, task.assignee_id)}</select>
                            <p class="field-error">{message("assignee")}</p>
                        </div>
                        <div class="field">
                            <label for=field_id("due")>"Due (UTC)"</label>
                            <input id=field_id("due") name="due" type="datetime-local" value=due/>
                            <p class="field-error">{message("due")}</p>
                        </div>
                        <div class="field">
                            <label for=field_id("note")>"Waiting on the other side for"</label>
                            <textarea id=field_id("note") name="waiting_note" rows="2" maxlength="2000">{textarea_text(note)}</textarea>
                            <p class="field-error">{message("waiting_note")}</p>
                        </div>
                        <button type="submit" class="button">"Save task"</button>
                    </ActionForm>
                </details>
            })}
        </li>
    }
}

#[component]
fn AddTaskForm(
    side: Side,
    key: String,
    /// With the count of saves below, the idempotency key of each submission.
    form_key: String,
    assignees: Vec<Assignee>,
    action: ServerAction<AddTask>,
    error: Signal<Option<AppError>>,
    added_to: RwSignal<Option<String>>,
    returned: Option<AppError>,
) -> impl IntoView {
    let code = side.code();
    let error = Signal::derive(move || {
        if added_to.get().as_deref() == Some(code) {
            error.get()
        } else {
            None
        }
    });
    let typed = |field: &str| {
        returned
            .as_ref()
            .and_then(|e| e.submitted(field))
            .unwrap_or_default()
    };
    let assignee = typed("assignee").parse::<i64>().ok();
    let (title, due) = (typed("title"), typed("due"));
    let message =
        move |field: &'static str| move || error.get().and_then(|e| e.field_message(field));
    let field_id = move |field: &str| format!("new-{code}-task-{field}");
    // Cleared after a save so the next task starts empty.
    let form = NodeRef::<leptos::html::Form>::new();
    let saved = RwSignal::new(0_u32);
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get()
            && added_to.get_untracked().as_deref() == Some(code)
            && let Some(form) = form.get_untracked()
        {
            form.reset();
            saved.update(|n| *n += 1);
        }
    });
    view! {
        <details class="panel" open=returned.is_some()>
            <summary>{format!("Add a {code} task")}</summary>
            <ActionForm action node_ref=form attr:class="form" attr:novalidate=true>
                <FormAlert error/>
                <input type="hidden" name="key" value=key/>
                <input type="hidden" name="workstream" value=code/>
                <input type="hidden" name="idempotency_key" value=move || format!("{form_key}-{code}-{}", saved.get())/>
                <div class="field">
                    <label for=field_id("title")>"Task"</label>
                    <input id=field_id("title") name="title" value=title maxlength="200" required/>
                    <p class="field-error">{message("title")}</p>
                </div>
                <div class="field">
                    <label for=field_id("assignee")>"Assignee"</label>
                    <select id=field_id("assignee") name="assignee">{assignee_options(&assignees, assignee)}</select>
                    <p class="field-error">{message("assignee")}</p>
                </div>
                <div class="field">
                    <label for=field_id("due")>"Due (UTC, empty for the SLA deadline)"</label>
                    <input id=field_id("due") name="due" type="datetime-local" value=due/>
                    <p class="field-error">{message("due")}</p>
                </div>
                <button type="submit" class="button">{format!("Add {code} task")}</button>
            </ActionForm>
        </details>
    }
}
