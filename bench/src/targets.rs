//! The targets the suite measures against, and what makes a run fail: a failed request, a lost
//! notice, less data than asked for, or (in a full run) a missed target.

use crate::{
    api,
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
/// Alerts received a second on SQLite with dedup (each adding to the incident its key
/// reaches), with no error.
const INTAKE_TARGET: f64 = 2000.0;

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
        if figures.backend == "SQLite"
            && let Some(intake) = figures.scenarios.iter().find(|s| s.name == api::INTAKE)
        {
            let t = &intake.throughput;
            let alerts = t.per_second * f64::from(api::ALERTS_PER_REQUEST);
            targets.push(Target {
                what: format!("SQLite: at least {INTAKE_TARGET:.0} alerts/s with dedup, no error"),
                figure: format!("{alerts:.0}/s{}", failures_note(t)),
                met: alerts >= INTAKE_TARGET && t.failed() == 0,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{fanout::FanOut, generated::Generated, process::Memory, scenarios::Scenario};
    use std::time::Duration;

    fn outcome(per_second: f64, p99_ms: u64) -> Outcome {
        Outcome {
            requests: 1_000,
            per_second,
            p50: Duration::from_millis(1),
            p99: Duration::from_millis(p99_ms),
            failures: Default::default(),
        }
    }

    /// SQLite figures with `appends` notes a second, and a wasm of `wasm` bytes as sent.
    fn run(settings: &Settings, appends: f64, wasm: u64) -> (Vec<Figures>, Vec<Asset>) {
        let memory = Memory {
            resident: 40 << 20,
            peak: 90 << 20,
        };
        let scenario = |name, throughput, p99_target| Scenario {
            name,
            method: "POST",
            rate: 200,
            throughput,
            latency: outcome(200.0, 5),
            p99_target,
            memory,
        };
        let figures = Figures {
            backend: "SQLite",
            generated: Generated {
                tenants: u64::from(settings.tenants),
                users: 3 * u64::from(settings.tenants),
                incidents: u64::from(settings.incidents),
                timeline_entries: u64::from(settings.entries),
                tasks: 2 * u64::from(settings.incidents),
                long_timeline: "GENAA-1".to_owned(),
            },
            generated_in: Duration::from_secs(1),
            starts: vec![Duration::from_millis(15)],
            idle: memory,
            after_load: memory,
            scenarios: vec![
                scenario(
                    "incident page",
                    outcome(600.0, 5),
                    Some(Duration::from_millis(50)),
                ),
                scenario("add a timeline note", outcome(appends, 5), None),
            ],
            fan_out: FanOut {
                subscribers: 10,
                notes: 2,
                subscribed_in: Duration::from_millis(5),
                delivered: 20,
                p50: Duration::from_millis(1),
                p99: Duration::from_millis(2),
                slowest_round: Duration::from_millis(3),
                post_p50: Duration::from_millis(1),
            },
        };
        let asset = Asset {
            file: "pkg/tandem.wasm".to_owned(),
            raw: 4 * wasm,
            gzip: 2 * wasm,
            brotli: wasm,
            served: Some((wasm, "br".to_owned())),
        };
        (vec![figures], vec![asset])
    }

    #[test]
    fn a_full_run_fails_on_a_missed_target_and_a_quick_run_does_not() {
        let full = Settings::full();
        let (figures, assets) = run(&full, 1_200.0, 390_000);
        assert!(targets(&figures, &assets).iter().all(|t| t.met));
        assert_eq!(problems(&full, &figures, &assets), Vec::<String>::new());

        let (figures, assets) = run(&full, 999.0, 400_000);
        let missed: Vec<_> = targets(&figures, &assets)
            .into_iter()
            .filter(|t| !t.met)
            .map(|t| t.what)
            .collect();
        assert_eq!(
            missed,
            [
                "SQLite: at least 1000 timeline appends/s, no error",
                "compressed wasm < 400 KB"
            ]
        );
        assert_eq!(problems(&full, &figures, &assets).len(), 2);

        let quick = Settings::quick();
        let (figures, assets) = run(&quick, 999.0, 400_000);
        assert_eq!(problems(&quick, &figures, &assets), Vec::<String>::new());
    }

    #[test]
    fn alert_intake_is_counted_in_alerts_not_requests() {
        let full = Settings::full();
        let intake = |per_second: f64| {
            let (mut figures, assets) = run(&full, 1_200.0, 390_000);
            let memory = figures[0].idle;
            figures[0].scenarios.push(Scenario {
                name: api::INTAKE,
                method: "POST",
                rate: 100,
                throughput: outcome(per_second, 5),
                latency: outcome(100.0, 5),
                p99_target: None,
                memory,
            });
            targets(&figures, &assets)
                .into_iter()
                .find(|t| t.what.contains("alerts/s"))
                .map(|t| (t.figure, t.met))
        };
        assert_eq!(intake(100.0), Some(("2000/s".to_owned(), true)));
        assert_eq!(intake(99.0), Some(("1980/s".to_owned(), false)));
    }

    #[test]
    fn lost_notices_and_short_data_fail_any_run() {
        let quick = Settings::quick();
        let (mut figures, assets) = run(&quick, 1_200.0, 390_000);
        figures[0].fan_out.delivered = 19;
        figures[0].generated.incidents -= 1;
        assert_eq!(problems(&quick, &figures, &assets).len(), 2);
    }
}
