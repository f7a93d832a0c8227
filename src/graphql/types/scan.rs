//! A stamped scan's metadata; its bytes are at `url` (`GET /scans/{id}`, same token rules).

use async_graphql::{ID, Object};
use chrono::{DateTime, Utc};

/// A stamped scan of a record.
pub struct Scan(pub entity::scan::Model);

/// A stamped scan of a record.
#[Object]
impl Scan {
    /// The scan's id.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// The uploaded file's name.
    async fn file_name(&self) -> &str {
        &self.0.file_name
    }
    /// As told by the content: `application/pdf`, `image/jpeg` or `image/png`.
    async fn content_type(&self) -> &str {
        &self.0.content_type
    }
    /// Size of the file in bytes.
    async fn size_bytes(&self) -> i64 {
        self.0.size_bytes
    }
    /// Hex SHA-256 of the content, as the audit trail records it.
    async fn sha256(&self) -> &str {
        &self.0.sha256
    }
    /// `sub` of the official who uploaded it.
    async fn uploaded_by(&self) -> &str {
        &self.0.uploaded_by
    }
    /// When it was uploaded (UTC).
    async fn uploaded_at(&self) -> DateTime<Utc> {
        self.0.uploaded_at
    }
    /// Where to download it (with the same token).
    async fn url(&self) -> String {
        format!("/scans/{}", self.0.id)
    }
}
