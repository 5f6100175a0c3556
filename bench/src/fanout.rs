//! Live-stream fan-out: many subscribers hold `/api/live/incidents/{key}` open while notes are
//! added to that incident one at a time; each note's notice is timed from the moment its post
//! was sent to its arrival at every subscriber.

use anyhow::{Context, bail};
use futures_util::StreamExt;
use std::{
    sync::{
        Arc, Mutex,
        atomic::{AtomicUsize, Ordering},
    },
    time::{Duration, Instant},
};
use tokio::sync::Semaphore;

/// How long a round waits for every subscriber to hear its note.
const ROUND_TIMEOUT: Duration = Duration::from_secs(10);
/// Streams opened at once while subscribing, so the listen queue is not overrun.
const CONNECTING_AT_ONCE: usize = 64;

pub struct FanOut {
    pub subscribers: usize,
    pub notes: usize,
    /// From the first subscription request to the last stream being open.
    pub subscribed_in: Duration,
    /// Notices that arrived, of `subscribers × notes`.
    pub delivered: usize,
    pub p50: Duration,
    pub p99: Duration,
    /// The slowest round: from a note's post to its notice at the last subscriber.
    pub slowest_round: Duration,
    /// How long posting a note took with every subscriber listening.
    pub post_p50: Duration,
}

struct Rounds {
    started: Instant,
    /// Round number (1-based; 0 before the first note) and its start, in µs since `started`.
    current: AtomicUsize,
    round_start_micros: AtomicUsize,
    heard: AtomicUsize,
    latencies: Mutex<Vec<Duration>>,
}

pub async fn run(
    base: &str,
    cookie: &str,
    key: &str,
    subscribers: usize,
    notes: usize,
) -> anyhow::Result<FanOut> {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(subscribers + 8)
        .build()?;
    let rounds = Arc::new(Rounds {
        started: Instant::now(),
        current: AtomicUsize::new(0),
        round_start_micros: AtomicUsize::new(0),
        heard: AtomicUsize::new(0),
        latencies: Mutex::new(Vec::with_capacity(subscribers * notes)),
    });
    let gate = Arc::new(Semaphore::new(CONNECTING_AT_ONCE));
    let opened = Arc::new(AtomicUsize::new(0));
    let subscribing = Instant::now();
    let mut streams = Vec::with_capacity(subscribers);
    for _ in 0..subscribers {
        let response = {
            let permit = gate.clone().acquire_owned().await?;
            let request = client
                .get(format!("{base}/api/live/incidents/{key}"))
                .header("Cookie", cookie)
                .header("Accept", "text/event-stream");
            let (rounds, opened) = (rounds.clone(), opened.clone());
            tokio::spawn(async move {
                let response = request.send().await;
                drop(permit);
                let response = match response {
                    Ok(r) if r.status().is_success() => r,
                    Ok(r) => return Err(anyhow::anyhow!("a subscription answered {}", r.status())),
                    Err(e) => return Err(anyhow::Error::new(e).context("a subscription failed")),
                };
                opened.fetch_add(1, Ordering::SeqCst);
                listen(response, &rounds).await;
                Ok(())
            })
        };
        streams.push(response);
    }
    let deadline = Instant::now() + Duration::from_secs(60);
    while opened.load(Ordering::SeqCst) < subscribers {
        if let Some(failed) = streams.iter().position(|s| s.is_finished()) {
            let outcome = streams.swap_remove(failed).await?;
            outcome?;
            bail!("a subscription ended before any note was posted");
        }
        if Instant::now() > deadline {
            bail!(
                "only {} of {subscribers} streams opened within 60 s",
                opened.load(Ordering::SeqCst)
            );
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let subscribed_in = subscribing.elapsed();

    let mut post_times = Vec::with_capacity(notes);
    let mut slowest_round = Duration::ZERO;
    for round in 1..=notes {
        rounds.heard.store(0, Ordering::SeqCst);
        let start = rounds.started.elapsed();
        rounds
            .round_start_micros
            .store(usize::try_from(start.as_micros())?, Ordering::SeqCst);
        rounds.current.store(round, Ordering::SeqCst);
        let posted = Instant::now();
        post_note(&client, base, cookie, key, round).await?;
        post_times.push(posted.elapsed());
        while rounds.heard.load(Ordering::SeqCst) < subscribers && posted.elapsed() < ROUND_TIMEOUT
        {
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        slowest_round = slowest_round.max(posted.elapsed());
    }
    for stream in &streams {
        stream.abort();
    }
    let mut latencies = rounds
        .latencies
        .lock()
        .map_err(|_| anyhow::anyhow!("a subscriber panicked"))?
        .clone();
    latencies.sort();
    post_times.sort();
    Ok(FanOut {
        subscribers,
        notes,
        subscribed_in,
        delivered: latencies.len(),
        p50: percentile(&latencies, 50),
        p99: percentile(&latencies, 99),
        slowest_round,
        post_p50: percentile(&post_times, 50),
    })
}

/// Reads one stream's events; the first timeline notice of each round is that subscriber's
/// delivery. A `{"part":"all"}` notice (the subscriber fell behind and is told to reload) is
/// not a delivery: the notice it replaces was lost.
async fn listen(response: reqwest::Response, rounds: &Rounds) {
    let mut body = response.bytes_stream();
    let mut buffer = String::new();
    let mut last_round = 0;
    while let Some(Ok(chunk)) = body.next().await {
        buffer.push_str(&String::from_utf8_lossy(&chunk));
        while let Some(end) = buffer.find("\n\n") {
            let event: String = buffer.drain(..end + 2).collect();
            let round = rounds.current.load(Ordering::SeqCst);
            let timeline = event.lines().any(|l| l == "event: change")
                && event
                    .lines()
                    .any(|l| l.starts_with("data:") && l.contains(r#""part":"timeline""#));
            if round == last_round || !timeline {
                continue;
            }
            last_round = round;
            let start =
                Duration::from_micros(rounds.round_start_micros.load(Ordering::SeqCst) as u64);
            let latency = rounds.started.elapsed().saturating_sub(start);
            if let Ok(mut all) = rounds.latencies.lock() {
                all.push(latency);
            }
            rounds.heard.fetch_add(1, Ordering::SeqCst);
        }
    }
}

async fn post_note(
    client: &reqwest::Client,
    base: &str,
    cookie: &str,
    key: &str,
    round: usize,
) -> anyhow::Result<()> {
    let mut request = client
        .post(format!("{base}/api/timeline/note"))
        .header("Cookie", cookie)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(format!(
            "key={key}&visibility=shared&body=Fan-out+measurement+note+{round}"
        ));
    for (name, value) in crate::session::same_origin(base) {
        request = request.header(name, value);
    }
    let response = request.send().await.context("cannot post a note")?;
    if !response.status().is_success() {
        bail!("posting a note answered {}", response.status());
    }
    Ok(())
}

/// The `p`th percentile of sorted `values` (nearest rank); zero when there are none.
pub fn percentile(sorted: &[Duration], p: usize) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = (sorted.len() * p).div_ceil(100).max(1);
    sorted[rank.min(sorted.len()) - 1]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_take_the_nearest_rank() {
        let values: Vec<Duration> = (1..=200).map(Duration::from_millis).collect();
        assert_eq!(percentile(&values, 50), Duration::from_millis(100));
        assert_eq!(percentile(&values, 99), Duration::from_millis(198));
        assert_eq!(percentile(&values[..1], 99), Duration::from_millis(1));
        assert_eq!(percentile(&[], 50), Duration::ZERO);
    }
}
