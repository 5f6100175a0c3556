//! The Markdown report: the machine, the ceiling, each database's figures as ratios to the
//! ceiling, the site's asset sizes, and the targets met or missed (see `targets`).

use crate::{
    ceiling_run::Ceiling,
    fanout::FanOut,
    machine::Machine,
    scenarios::{Figures, Scenario},
    settings::Settings,
    sizes::Asset,
    targets::targets,
};
use std::{fmt::Write, time::Duration};

pub struct Run<'a> {
    pub when: String,
    pub took: Duration,
    pub machine: &'a Machine,
    pub settings: &'a Settings,
    pub ceiling: &'a Ceiling,
    pub backends: &'a [Figures],
    pub assets: &'a [Asset],
    pub build: &'a str,
    pub test_command: Option<Duration>,
}

pub fn render(run: &Run<'_>) -> String {
    let mut out = String::new();
    let s = run.settings;
    let m = run.machine;
    let _ = writeln!(out, "# Tandem measurements\n");
    let _ = writeln!(
        out,
        "{} run at {}, commit `{}`, {} build; the suite took {}.\n",
        if s.quick { "Quick" } else { "Full" },
        run.when,
        m.commit,
        run.build,
        secs(run.took)
    );
    if s.quick {
        let _ = writeln!(
            out,
            "> Quick mode checks that the suite works; its short runs on a small database are not figures to quote.\n"
        );
    }
    let _ = writeln!(out, "## Machine\n");
    let _ = writeln!(out, "- processor: {} ({} cores available)", m.cpu, m.cores);
    let _ = writeln!(out, "- memory: {:.1} GiB", m.memory_gib);
    let _ = writeln!(out, "- system: {}, Linux {}", m.system, m.kernel);
    let _ = writeln!(out, "- toolchain: {}; load driver: {}", m.rustc, m.oha);
    let _ = writeln!(
        out,
        "- load: throughput with {c} connections for {d}; latency at a fixed rate ({r}/s, opening incidents and alert intake {o}/s, sign-in {sr}/s) with {c} connections for {d}, corrected for coordinated omission; load driver, server and database share the machine's cores\n",
        c = s.connections,
        d = secs(s.duration),
        r = s.rate,
        o = s.rate / 2,
        sr = s.sign_in_rate
    );
    render_targets(&mut out, run);
    ceiling(&mut out, run.ceiling);
    for figures in run.backends {
        backend(&mut out, s, run.ceiling, figures);
    }
    assets(&mut out, run.assets);
    let _ = writeln!(out, "## The README's test command\n");
    match run.test_command {
        Some(took) => {
            let _ = writeln!(out, "`scripts/test.sh` passed in {}.\n", secs(took));
        }
        None => {
            let _ = writeln!(out, "Not timed in this run.\n");
        }
    }
    out
}

fn render_targets(out: &mut String, run: &Run<'_>) {
    let _ = writeln!(out, "## Targets\n");
    let _ = writeln!(out, "| target | figure | met |\n|---|---|---|");
    for t in targets(run.backends, run.assets) {
        let _ = writeln!(out, "| {} | {} | {} |", t.what, t.figure, yes(t.met));
    }
    let _ = writeln!(out);
}

fn ceiling(out: &mut String, ceiling: &Ceiling) {
    let _ = writeln!(out, "## Ceiling: a bare axum hello-world\n");
    let _ = writeln!(out, "| load | requests/s | p50 | p99 |\n|---|---|---|---|");
    for (method, o) in &ceiling.throughput {
        let _ = writeln!(
            out,
            "| {method}, throughput | {:.0} | {} | {} |",
            o.per_second,
            ms(o.p50),
            ms(o.p99)
        );
    }
    for (method, rate, o) in &ceiling.latency {
        let _ = writeln!(
            out,
            "| {method} at {rate}/s | {:.0} | {} | {} |",
            o.per_second,
            ms(o.p50),
            ms(o.p99)
        );
    }
    let _ = writeln!(
        out,
        "\nLive-stream fan-out to bare event streams: {}.\n",
        fan_out(&ceiling.fan_out)
    );
}

fn backend(out: &mut String, s: &Settings, ceiling: &Ceiling, f: &Figures) {
    let _ = writeln!(out, "## {}\n", f.backend);
    let g = &f.generated;
    let _ = writeln!(
        out,
        "- data: `tandem generate` wrote {} tenants with {} users, {} incidents, {} timeline entries ({} of them on `{}`) and {} tasks in {}",
        g.tenants,
        g.users,
        g.incidents,
        g.timeline_entries,
        s.long_timeline,
        g.long_timeline,
        g.tasks,
        secs(f.generated_in)
    );
    let mut starts = f.starts.clone();
    starts.sort();
    let _ = writeln!(
        out,
        "- cold start to ready (`/readyz` answers): median {} over {} start(s) ({})",
        ms(starts[starts.len() / 2]),
        starts.len(),
        starts.iter().map(|d| ms(*d)).collect::<Vec<_>>().join(", ")
    );
    let _ = writeln!(
        out,
        "- resident memory: idle {}, peak under load {}, after the load {}\n",
        mib(f.idle.resident),
        mib(f.after_load.peak),
        mib(f.after_load.resident)
    );
    let _ = writeln!(
        out,
        "| scenario | throughput /s | × ceiling | rate | p50 | p99 | p99 ÷ ceiling p99 | failures | resident after |\n|---|---|---|---|---|---|---|---|---|"
    );
    for scenario in &f.scenarios {
        row(out, ceiling, scenario);
    }
    let _ = writeln!(out, "\nLive-stream fan-out: {}.", fan_out(&f.fan_out));
    let (fan, bare) = (&f.fan_out, &ceiling.fan_out);
    let ratio = |a: Duration, b: Duration| {
        if b.is_zero() {
            "–".to_owned()
        } else {
            format!("{:.1}", a.as_secs_f64() / b.as_secs_f64())
        }
    };
    let _ = writeln!(
        out,
        "Against the ceiling's bare event streams: notice p50 × {}, p99 × {}, slowest round × {}.\n",
        ratio(fan.p50, bare.p50),
        ratio(fan.p99, bare.p99),
        ratio(fan.slowest_round, bare.slowest_round)
    );
}

fn fan_out(fan: &FanOut) -> String {
    format!(
        "{} subscribers on one incident opened in {}; {} notes added one after another; {} of {} notices delivered; from a note's post to a subscriber's notice p50 {}, p99 {}; slowest round (post to the last subscriber) {}; posting a note took p50 {} with everyone listening",
        fan.subscribers,
        ms(fan.subscribed_in),
        fan.notes,
        fan.delivered,
        fan.subscribers * fan.notes,
        ms(fan.p50),
        ms(fan.p99),
        ms(fan.slowest_round),
        ms(fan.post_p50)
    )
}

fn row(out: &mut String, ceiling: &Ceiling, s: &Scenario) {
    let share = ceiling
        .throughput(s.method)
        .filter(|c| c.per_second > 0.0)
        .map_or("–".to_owned(), |c| {
            format!("{:.3}", s.throughput.per_second / c.per_second)
        });
    let slower = ceiling
        .latency(s.method, s.rate)
        .filter(|c| !c.p99.is_zero())
        .map_or("–".to_owned(), |c| {
            format!("{:.0}", s.latency.p99.as_secs_f64() / c.p99.as_secs_f64())
        });
    let failures = s.throughput.failed() + s.latency.failed();
    let _ = writeln!(
        out,
        "| {} | {:.0} | {share} | {}/s | {} | {} | {slower} | {} of {}{} | {} |",
        s.name,
        s.throughput.per_second,
        s.rate,
        ms(s.latency.p50),
        ms(s.latency.p99),
        failures,
        s.throughput.requests + s.latency.requests,
        if failures > 0 {
            let mut all = s.throughput.failures.clone();
            for (k, v) in &s.latency.failures {
                *all.entry(k.clone()).or_default() += v;
            }
            format!(
                " ({})",
                all.iter()
                    .map(|(k, v)| format!("{k}: {v}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        } else {
            String::new()
        },
        mib(s.memory.resident)
    );
}

fn assets(out: &mut String, assets: &[Asset]) {
    let _ = writeln!(out, "## Site assets\n");
    let _ = writeln!(
        out,
        "| file | raw | gzip -9 | brotli 11 | as sent to a browser accepting br |\n|---|---|---|---|---|"
    );
    for a in assets {
        let served = a
            .served
            .as_ref()
            .map_or("–".to_owned(), |(bytes, encoding)| {
                format!("{} ({encoding})", kib(*bytes))
            });
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {served} |",
            a.file,
            kib(a.raw),
            kib(a.gzip),
            kib(a.brotli)
        );
    }
    let _ = writeln!(out);
}

fn yes(ok: bool) -> &'static str {
    if ok { "yes" } else { "**no**" }
}

pub fn ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms < 10.0 {
        format!("{ms:.2} ms")
    } else {
        format!("{ms:.1} ms")
    }
}

fn secs(d: Duration) -> String {
    format!("{:.1} s", d.as_secs_f64())
}

pub(crate) fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / 1024.0 / 1024.0)
}

pub(crate) fn kb(bytes: u64) -> String {
    format!("{:.1}", bytes as f64 / 1000.0)
}

pub(crate) fn kib(bytes: u64) -> String {
    format!("{:.1} KiB", bytes as f64 / 1024.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_durations_and_sizes_for_reading() {
        assert_eq!(ms(Duration::from_micros(4_250)), "4.25 ms");
        assert_eq!(ms(Duration::from_micros(48_260)), "48.3 ms");
        assert_eq!(secs(Duration::from_millis(16_240)), "16.2 s");
        assert_eq!(mib(52 * 1024 * 1024 + 512 * 1024), "52.5 MiB");
        assert_eq!(kib(1536), "1.5 KiB");
    }
}
