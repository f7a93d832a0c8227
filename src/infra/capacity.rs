//! How much heavy work runs at once: whole-county or whole-city assessments (each reads
//! thousands of rows and keeps a core busy for tens of milliseconds), and uploads (each
//! holds its file and what its reader makes of it in memory).
//!
//! Left unbounded, a burst of either exhausts the connection pool or the memory and
//! delays or ends every other caller. A caller who cannot get a place within the wait is
//! told to retry (`SERVER_BUSY`), which is cheaper for everyone than queueing without end.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::error::{AppError, AppResult};

/// The places for one kind of work; cheap to clone (all clones share the places).
#[derive(Clone, Debug)]
pub struct Gate {
    places: Arc<Semaphore>,
    wait: Duration,
    capacity: usize,
    counts: Arc<Counts>,
}

/// How callers fared at a gate since start, for `/metrics`.
#[derive(Debug, Default)]
struct Counts {
    immediate: AtomicU64,
    waited: AtomicU64,
    refused: AtomicU64,
    waited_micros: AtomicU64,
}

/// A gate's figures: callers let in at once, after a wait, or refused; the time spent
/// waiting; the places in use now.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct GateFigures {
    /// Callers who found a place free.
    pub immediate: u64,
    /// Callers who got a place after waiting.
    pub waited: u64,
    /// Callers refused `SERVER_BUSY` at the end of the wait.
    pub refused: u64,
    /// Seconds spent waiting, by those let in and those refused.
    pub wait_seconds: f64,
    /// Places taken now.
    pub in_use: usize,
}

/// A place held until dropped.
pub struct Pass {
    _permit: OwnedSemaphorePermit,
}

impl Gate {
    /// `concurrent` callers at once (at least one); a further caller waits up to `wait`.
    pub fn new(concurrent: usize, wait: Duration) -> Self {
        Self {
            places: Arc::new(Semaphore::new(concurrent.max(1))),
            wait,
            capacity: concurrent.max(1),
            counts: Arc::default(),
        }
    }

    /// Takes a place, or answers `SERVER_BUSY` when none frees up within the wait.
    pub async fn enter(&self) -> AppResult<Pass> {
        if let Ok(permit) = self.places.clone().try_acquire_owned() {
            self.counts.immediate.fetch_add(1, Ordering::Relaxed);
            return Ok(Pass { _permit: permit });
        }
        let started = Instant::now();
        let entered = tokio::time::timeout(self.wait, self.places.clone().acquire_owned()).await;
        let waited = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX);
        self.counts
            .waited_micros
            .fetch_add(waited, Ordering::Relaxed);
        match entered {
            Ok(Ok(permit)) => {
                self.counts.waited.fetch_add(1, Ordering::Relaxed);
                Ok(Pass { _permit: permit })
            }
            _ => {
                self.counts.refused.fetch_add(1, Ordering::Relaxed);
                Err(AppError::Busy)
            }
        }
    }

    /// How callers fared here since start.
    pub fn figures(&self) -> GateFigures {
        GateFigures {
            immediate: self.counts.immediate.load(Ordering::Relaxed),
            waited: self.counts.waited.load(Ordering::Relaxed),
            refused: self.counts.refused.load(Ordering::Relaxed),
            wait_seconds: self.counts.waited_micros.load(Ordering::Relaxed) as f64 / 1e6,
            in_use: self
                .capacity
                .saturating_sub(self.places.available_permits()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_caller_beyond_the_places_is_told_to_retry_and_a_freed_place_is_reused() {
        let gate = Gate::new(2, Duration::from_millis(20));
        let first = gate.enter().await.expect("first place");
        let _second = gate.enter().await.expect("second place");
        assert!(matches!(gate.enter().await, Err(AppError::Busy)));
        drop(first);
        assert!(gate.enter().await.is_ok());
        let figures = gate.figures();
        assert_eq!(
            (figures.immediate, figures.waited, figures.refused),
            (3, 0, 1)
        );
        assert!(figures.wait_seconds >= 0.019, "{figures:?}");
        assert_eq!(figures.in_use, 1, "the second place is still held");
    }
}
