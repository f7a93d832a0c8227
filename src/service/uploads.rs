//! An uploaded file, read by the use case only once it holds an upload place.
//!
//! The HTTP layer spools an upload to a temporary file; reading it into memory and
//! parsing it is what costs, so that happens under [`crate::state::AppState::uploads`],
//! which lets a set number run at once and tells the rest to retry (`SERVER_BUSY`). The
//! place is shared ([`Place`]) with the blocking work that reads and parses, so a request
//! that times out, whose future is dropped, frees it only when that work has ended too.

use std::io::Read;
use std::sync::Arc;

use crate::error::{AppError, AppResult};
use crate::infra::capacity::Pass;
use crate::state::AppState;

/// A file as it arrived: its name, and its content not yet read.
pub struct Upload {
    pub name: String,
    content: Content,
}

enum Content {
    Bytes(Vec<u8>),
    Reader(Box<dyn Read + Send>),
}

impl Upload {
    /// A file already in memory (the command line reads it itself).
    pub fn from_bytes(name: impl Into<String>, bytes: Vec<u8>) -> Self {
        Self {
            name: name.into(),
            content: Content::Bytes(bytes),
        }
    }

    /// A file still to be read from `reader` (a spooled HTTP upload).
    pub fn from_reader(name: impl Into<String>, reader: Box<dyn Read + Send>) -> Self {
        Self {
            name: name.into(),
            content: Content::Reader(reader),
        }
    }

    /// Takes an upload place (or answers `SERVER_BUSY`), then reads the file, off the
    /// async threads; the place is held until the caller and every work it was lent to
    /// have let it go.
    pub async fn admitted(self, state: &AppState) -> AppResult<(Place, String, Vec<u8>)> {
        let place: Place = Arc::new(state.uploads.enter().await?);
        let bytes = match self.content {
            Content::Bytes(bytes) => bytes,
            Content::Reader(mut reader) => {
                blocking(&place, move || {
                    let mut bytes = Vec::new();
                    reader
                        .read_to_end(&mut bytes)
                        .map(|_| bytes)
                        .map_err(|_| AppError::invalid("file", "上传的文件无法读取"))
                })
                .await?
            }
        };
        Ok((place, self.name, bytes))
    }
}

/// An upload place, shared by the request and the blocking work it lends it to.
pub type Place = Arc<Pass>;

/// Runs `work` off the async threads, holding `place` until it ends (even if the request
/// that waits for it is dropped first).
pub async fn blocking<T: Send + 'static>(
    place: &Place,
    work: impl FnOnce() -> AppResult<T> + Send + 'static,
) -> AppResult<T> {
    let held = place.clone();
    tokio::task::spawn_blocking(move || {
        let _held = held;
        work()
    })
    .await
    .map_err(AppError::internal)?
}
