//! A stamped scan's metadata; its bytes are at `url` (`GET /scans/{id}`, same token rules).

use async_graphql::{ID, Object};
use chrono::{DateTime, Utc};

/// A stamped scan of a record.
pub struct Scan(pub entity::scan::Model);

#[Object]
impl Scan {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn file_name(&self) -> &str {
        &self.0.file_name
    }
    /// As told by the content: `application/pdf`, `image/jpeg` or `image/png`.
    async fn content_type(&self) -> &str {
        &self.0.content_type
    }
    async fn size_bytes(&self) -> i64 {
        self.0.size_bytes
    }
    /// Hex SHA-256 of the content, as the audit trail records it.
    async fn sha256(&self) -> &str {
        &self.0.sha256
    }
    async fn uploaded_by(&self) -> &str {
        &self.0.uploaded_by
    }
    async fn uploaded_at(&self) -> DateTime<Utc> {
        self.0.uploaded_at
    }
    /// Where to download it (with the same token).
    async fn url(&self) -> String {
        format!("/scans/{}", self.0.id)
    }
}
