//! The targets the suite measures against, and what makes a run fail: a failed request, a lost
//! notice, less data than asked for, or (in a full run) a missed target.

use crate::{
    load::Outcome,
    report::{kb, kib, mib, ms},
    scenarios::Figures,
    settings::Settings,
    sizes::Asset,
};

/// Idle resident memory must stay under this.
const IDLE_MEMORY_TARGET: u64 = 100 * 1024 * 1024;
/// The wasm a browser downloads, compressed, must stay under this many bytes (400 KB).
const WASM_TARGET: u64 = 400_000;
/// Timeline appends a second on SQLite, with no error.
const APPEND_TARGET: f64 = 1000.0;

/// One performance target, with the figure that meets or misses it.
pub struct Target {
    pub what: String,
    pub figure: String,
    pub met: bool,
}

/// Every target, in the order the report lists them.
pub fn targets(backends: &[Figures], assets: &[Asset]) -> Vec<Target> {
    let mut targets = Vec::new();
    for figures in backends {
        for scenario in &figures.scenarios {
            if let Some(target) = scenario.p99_target {
                let p99 = scenario.latency.p99;
                targets.push(Target {
                    what: format!(
                        "{}: {} p99 < {} at {}/s",
                        figures.backend,
                        scenario.name,
                        ms(target),
                        scenario.rate
                    ),
                    figure: format!("{}{}", ms(p99), failures_note(&scenario.latency)),
                    met: p99 < target && scenario.latency.failed() == 0,
                });
            }
        }
        if figures.backend == "SQLite"
            && let Some(append) = figures
                .scenarios
                .iter()
                .find(|s| s.name.contains("timeline"))
        {
            let t = &append.throughput;
            targets.push(Target {
                what: format!("SQLite: at least {APPEND_TARGET:.0} timeline appends/s, no error"),
                figure: format!("{:.0}/s{}", t.per_second, failures_note(t)),
                met: t.per_second >= APPEND_TARGET && t.failed() == 0,
            });
        }
        targets.push(Target {
            what: format!(
                "{}: idle memory < {}",
                figures.backend,
                mib(IDLE_MEMORY_TARGET)
            ),
            figure: mib(figures.idle.resident),
            met: figures.idle.resident < IDLE_MEMORY_TARGET,
        });
    }
    if let Some(wasm) = assets.iter().find(|a| a.file.ends_with(".wasm")) {
        let sent = wasm
            .served
            .as_ref()
            .map_or(wasm.brotli, |(bytes, _)| *bytes);
        targets.push(Target {
            what: format!("compressed wasm < {} KB", WASM_TARGET / 1000),
            figure: format!("{} KB as sent ({})", kb(sent), kib(sent)),
            met: sent < WASM_TARGET,
        });
    }
    targets
}

/// What went wrong during the run, one line each: a failed request, a lost notice or less data
/// than asked for is an error of the suite or of Tandem, never a figure to report and move on
/// from; in a full run, so is a missed target.
pub fn problems(settings: &Settings, backends: &[Figures], assets: &[Asset]) -> Vec<String> {
    let mut problems = Vec::new();
    if !settings.quick {
        for t in targets(backends, assets).into_iter().filter(|t| !t.met) {
            problems.push(format!("target missed: {} ({})", t.what, t.figure));
        }
    }
    for f in backends {
        let g = &f.generated;
        if g.incidents < u64::from(settings.incidents)
            || g.timeline_entries < u64::from(settings.entries)
            || g.tenants < u64::from(settings.tenants)
        {
            problems.push(format!("{}, generated less than asked: {g:?}", f.backend));
        }
        for s in &f.scenarios {
            for o in [&s.throughput, &s.latency] {
                if o.failed() > 0 {
                    problems.push(format!("{}, {}: {:?}", f.backend, s.name, o.failures));
                }
            }
        }
        let expected = f.fan_out.subscribers * f.fan_out.notes;
        if f.fan_out.delivered < expected {
            problems.push(format!(
                "{}, fan-out: {} of {expected} notices delivered",
                f.backend, f.fan_out.delivered
            ));
        }
    }
    problems
}

pub fn failures_note(o: &Outcome) -> String {
    match o.failed() {
        0 => String::new(),
        n => format!(", {n} failed"),
    }
}
