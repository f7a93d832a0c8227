//! An uploaded file, read by the use case only once it holds an upload place.
//!
//! The HTTP layer spools an upload to a temporary file; reading it into memory and
//! parsing it is what costs, so that happens under [`crate::state::AppState::uploads`],
//! which lets a set number run at once and tells the rest to retry (`SERVER_BUSY`).

use std::io::Read;

use crate::error::{AppError, AppResult};
use crate::service::capacity::Pass;
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
    /// async threads; the place is held as long as the caller keeps the pass.
    pub async fn admitted(self, state: &AppState) -> AppResult<(Pass, String, Vec<u8>)> {
        let pass = state.uploads.enter().await?;
        let bytes = match self.content {
            Content::Bytes(bytes) => bytes,
            Content::Reader(mut reader) => tokio::task::spawn_blocking(move || {
                let mut bytes = Vec::new();
                reader
                    .read_to_end(&mut bytes)
                    .map(|_| bytes)
                    .map_err(|_| AppError::invalid("file", "上传的文件无法读取"))
            })
            .await
            .map_err(AppError::internal)??,
        };
        Ok((pass, self.name, bytes))
    }
}
