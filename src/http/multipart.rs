//! Uploads as the GraphQL multipart request spec sends them (`operations`, `map`, then the
//! files), read with limits of their own: the `operations` document is held to the same
//! 1 MiB as a JSON body (a multipart request is no way around it), the `map` to 64 KiB,
//! files to the upload limit in all and to a few per request, each spooled to an
//! anonymous temporary file rather than held in memory.

use std::collections::HashMap;
use std::io::{Seek, Write};

use async_graphql::UploadValue;
use axum::body::Body;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use multer::{Constraints, Multipart, SizeLimit};

use super::{GRAPHQL_BODY_LIMIT, error_response, human_size};
use crate::error::AppError;

/// The most a `map` may hold.
const MAP_LIMIT: u64 = 64 * 1024;
/// The most files one request may carry (each mutation takes one).
const MAX_FILES: usize = 4;

/// A refused multipart request: the HTTP status and the error it is answered with.
pub(super) struct Refused(StatusCode, AppError);

impl Refused {
    /// The answer, in GraphQL's error shape.
    pub(super) fn response(&self) -> Response {
        error_response(self.0, &self.1)
    }
}

fn bad_request(message: impl Into<String>) -> Refused {
    Refused(
        StatusCode::BAD_REQUEST,
        AppError::invalid("body", message.into()),
    )
}

fn failed(what: &str) -> Refused {
    Refused(StatusCode::INTERNAL_SERVER_ERROR, AppError::internal(what))
}

fn too_large(what: &str, limit: u64) -> Refused {
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    Refused(
        StatusCode::PAYLOAD_TOO_LARGE,
        AppError::invalid("body", format!("{what}超过 {} 上限", human_size(limit))),
    )
}

/// What a multipart failure is answered with.
fn refused(err: multer::Error, upload_limit: usize) -> Refused {
    match err {
        multer::Error::FieldSizeExceeded { field_name, limit } => match field_name.as_deref() {
            Some("operations") => too_large("multipart 的 operations 部分", limit),
            Some("map") => too_large("multipart 的 map 部分", limit),
            _ => too_large("上传的文件", limit),
        },
        multer::Error::StreamSizeExceeded { .. } => too_large("请求体", upload_limit as u64),
        other => {
            tracing::info!(error = %other, "unreadable multipart request");
            bad_request("无法解析的 multipart 请求")
        }
    }
}

/// A file as it arrived: its form field, its name and type, spooled to disk.
struct Spooled {
    field: String,
    value: UploadValue,
}

/// The GraphQL request a multipart body carries, with its files in place.
pub(super) async fn request(
    headers: &HeaderMap,
    body: Body,
    upload_limit: usize,
) -> Result<async_graphql::Request, Refused> {
    let boundary = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| multer::parse_boundary(value).ok())
        .ok_or_else(|| bad_request("multipart 请求缺少 boundary"))?;
    let limits = SizeLimit::new()
        .whole_stream(upload_limit as u64)
        .per_field(upload_limit as u64)
        .for_field("operations", GRAPHQL_BODY_LIMIT as u64)
        .for_field("map", MAP_LIMIT);
    let mut multipart = Multipart::with_constraints(
        body.into_data_stream(),
        boundary,
        Constraints::new().size_limit(limits),
    );
    let mut operations = None;
    let mut map: Option<HashMap<String, Vec<String>>> = None;
    let mut files = Vec::new();
    while let Some(mut field) = multipart
        .next_field()
        .await
        .map_err(|err| refused(err, upload_limit))?
    {
        match field.name() {
            Some("operations") => {
                let bytes = field.bytes().await.map_err(|e| refused(e, upload_limit))?;
                operations = Some(parse_operations(&bytes)?);
            }
            Some("map") => {
                let bytes = field.bytes().await.map_err(|e| refused(e, upload_limit))?;
                map = Some(
                    serde_json::from_slice(&bytes)
                        .map_err(|_| bad_request("multipart 的 map 不是合法的 JSON"))?,
                );
            }
            Some(name) => {
                if files.len() == MAX_FILES {
                    return Err(bad_request(format!("一次最多上传 {MAX_FILES} 个文件")));
                }
                let spooled = Spooled {
                    field: name.to_owned(),
                    value: UploadValue {
                        filename: field.file_name().unwrap_or_default().to_owned(),
                        content_type: field.content_type().map(ToString::to_string),
                        content: spool(&mut field, upload_limit).await?,
                    },
                };
                files.push(spooled);
            }
            None => {}
        }
    }
    let mut request = operations.ok_or_else(|| bad_request("multipart 请求缺少 operations"))?;
    let mut map = map.ok_or_else(|| bad_request("multipart 请求缺少 map"))?;
    for file in files {
        for path in map.remove(&file.field).unwrap_or_default() {
            let upload = file.value.try_clone().map_err(|_| failed("upload clone"))?;
            request.set_upload(&path, upload);
        }
    }
    if !map.is_empty() {
        return Err(bad_request("multipart 的 map 指向未上传的文件"));
    }
    Ok(request)
}

/// One GraphQL request (an array batch is refused, as over JSON).
fn parse_operations(bytes: &[u8]) -> Result<async_graphql::Request, Refused> {
    match serde_json::from_slice::<serde_json::Value>(bytes) {
        Ok(serde_json::Value::Array(_)) => Err(bad_request("不支持批量请求，请逐个发送")),
        Ok(value) => serde_json::from_value(value)
            .map_err(|_| bad_request("multipart 的 operations 不是 GraphQL 请求")),
        Err(_) => Err(bad_request("multipart 的 operations 不是合法的 JSON")),
    }
}

/// Writes a file field to an anonymous temporary file (gone when the last handle closes).
async fn spool(
    field: &mut multer::Field<'_>,
    upload_limit: usize,
) -> Result<std::fs::File, Refused> {
    let spool_failed = |_| failed("upload spool");
    let mut file = tempfile::tempfile().map_err(spool_failed)?;
    while let Some(chunk) = field.chunk().await.map_err(|e| refused(e, upload_limit))? {
        file.write_all(&chunk).map_err(spool_failed)?;
    }
    file.rewind().map_err(spool_failed)?;
    Ok(file)
}
