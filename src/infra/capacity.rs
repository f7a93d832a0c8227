//! How much heavy work runs at once: whole-county or whole-city assessments (each reads
//! thousands of rows and keeps a core busy for tens of milliseconds), and uploads (each
//! holds its file and what its reader makes of it in memory).
//!
//! Left unbounded, a burst of either exhausts the connection pool or the memory and
//! delays or ends every other caller. A caller who cannot get a place within the wait is
//! told to retry (`SERVER_BUSY`), which is cheaper for everyone than queueing without end.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::error::{AppError, AppResult};

/// The places for one kind of work; cheap to clone (all clones share the places).
#[derive(Clone, Debug)]
pub struct Gate {
    places: Arc<Semaphore>,
    wait: Duration,
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
        }
    }

    /// Takes a place, or answers `SERVER_BUSY` when none frees up within the wait.
    pub async fn enter(&self) -> AppResult<Pass> {
        match tokio::time::timeout(self.wait, self.places.clone().acquire_owned()).await {
            Ok(Ok(permit)) => Ok(Pass { _permit: permit }),
            _ => Err(AppError::Busy),
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
    }
}
