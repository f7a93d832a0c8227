//! One greedy token held at its budget leaves the server to everyone else
//! (docs/operations.md, "Fair use").

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::binary::stop;
use crate::{EVERYDAY, SERIAL, post, seeded_server, token};

/// The greedy token's heavy page: 100 mines with their assessments.
const HEAVY: &str = "query Heavy { mines(first: 100) { edges { node { id name \
    assessment { disposition findings { ruleId } } } } } }";
/// Requests the other caller times, unloaded and loaded.
const SAMPLES: usize = 500;
/// The greedy token's budget: 5 heavy pages a second, 5 at once.
const GREEDY_BUDGET: &str = "CITY_ADMIN=5/s";
/// The same, as a number.
const GREEDY_PER_SECOND: f64 = 5.0;
/// Clients the greedy token runs at once.
const GREEDY_CLIENTS: usize = 4;
/// How long a greedy client waits after a refusal instead of `Retry-After`'s second: its
/// four clients try 200 times a second, forty times the budget. (A client that does not
/// wait at all is a flood of connections, which the network in front of the server
/// meters; docs/operations.md, "Fair use".)
const GREEDY_RETRY: Duration = Duration::from_millis(20);

/// The 99th percentile of `SAMPLES` sequential everyday pages.
async fn p99(client: &reqwest::Client, port: u16, token: &str) -> Duration {
    let mut took = Vec::with_capacity(SAMPLES);
    for _ in 0..SAMPLES {
        let started = Instant::now();
        assert_eq!(post(client, port, token, EVERYDAY).await, 200);
        took.push(started.elapsed());
    }
    took.sort();
    took[SAMPLES * 99 / 100 - 1]
}

/// The greedy token's clients, on a thread of their own (a greedy caller runs on its own
/// machine: its CPU is not the server's to lose), retrying far sooner than `Retry-After`
/// says; joined, the operations admitted and refused.
fn greedy_load(
    port: u16,
    greedy: String,
    running: Arc<AtomicBool>,
) -> std::thread::JoinHandle<(usize, usize)> {
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        runtime.block_on(async move {
            let (admitted, refused) =
                (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
            let clients: Vec<_> = (0..GREEDY_CLIENTS)
                .map(|_| {
                    let (client, greedy) = (reqwest::Client::new(), greedy.clone());
                    let (running, admitted, refused) =
                        (running.clone(), admitted.clone(), refused.clone());
                    tokio::spawn(async move {
                        while running.load(Ordering::Relaxed) {
                            match post(&client, port, &greedy, HEAVY).await {
                                200 => admitted.fetch_add(1, Ordering::Relaxed),
                                429 => {
                                    tokio::time::sleep(GREEDY_RETRY).await;
                                    refused.fetch_add(1, Ordering::Relaxed)
                                }
                                other => panic!("greedy request answered {other}"),
                            };
                        }
                    })
                })
                .collect();
            for client in clients {
                client.await.expect("greedy client");
            }
            (
                admitted.load(Ordering::Relaxed),
                refused.load(Ordering::Relaxed),
            )
        })
    })
}

#[tokio::test]
async fn a_greedy_token_at_its_budget_leaves_others_their_latency() {
    let _serial = SERIAL.lock().await;
    let (dir, url, server) = seeded_server(&[("MINERIGHT_RATE_LIMITS", GREEDY_BUDGET)]).await;
    let port = server.port;
    let greedy = token(dir.path(), url.as_deref(), "CITY_ADMIN");
    let other = token(dir.path(), url.as_deref(), "AUDITOR");
    let client = reqwest::Client::new();
    // Warm both paths (connections, caches) before anything is timed.
    for _ in 0..20 {
        post(&client, port, &other, EVERYDAY).await;
    }
    let unloaded = p99(&client, port, &other).await;

    let running = Arc::new(AtomicBool::new(true));
    let load_started = Instant::now();
    let load = greedy_load(port, greedy, running.clone());
    // Let the greedy clients spend their burst first: the budget's rate is what is held.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let loaded = p99(&client, port, &other).await;
    running.store(false, Ordering::Relaxed);
    let (admitted, refused) = load.join().expect("greedy clients");
    let seconds = load_started.elapsed().as_secs_f64();
    stop(server);

    eprintln!(
        "fair use: other's p99 {unloaded:?} unloaded, {loaded:?} loaded; greedy {admitted} admitted, \
         {refused} refused in {seconds:.1} s"
    );
    // The greedy token was held: refused, and admitted no more than its burst and rate.
    assert!(refused > 0, "the greedy token was never refused");
    let most = GREEDY_PER_SECOND * (1.0 + seconds);
    assert!(
        (admitted as f64) <= most,
        "{admitted} admitted, at most {most:.0}"
    );
    assert!(
        loaded <= unloaded * 2,
        "the other caller's p99 went from {unloaded:?} to {loaded:?}"
    );
}
