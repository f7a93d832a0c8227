//! `GET /exports/…`: the XLSX workbooks and GeoJSON of docs/api.md, `GET /scans/{id}`: a
//! stamped scan, and `GET /maps/blocks/{id}.svg`: a block's map;
//! both under the token rules of the data they hold (anonymous readers get what is published; an unreadable record is 404 as in
//! GraphQL). matchit needs a parameter to fill a whole path segment, so the file names
//! (`attachment-2.xlsx`, `2027.xlsx`) are parsed here.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Router};
use serde::Deserialize;

use super::{HttpState, Peer, admit, error_response};
use crate::error::AppError;
use crate::exports::attachments::Attachment;
use crate::exports::{self, Workbook, XLSX_TYPE, geojson};

/// The export routes.
pub fn routes() -> Router<HttpState> {
    Router::new()
        .route("/exports/county-plans/{id}/{file}", get(county_plan))
        .route("/exports/transfer-plans/{file}", get(transfer_plan))
        .route("/exports/mines.xlsx", get(mines))
        .route("/scans/{id}", get(scan))
        .route("/maps/blocks/{file}", get(block_map))
}

/// `GET /maps/blocks/{id}.svg`: a block's map, shown in the browser (not downloaded), under
/// the block's full read rules.
async fn block_map(
    State(state): State<HttpState>,
    Path(file): Path<String>,
    headers: HeaderMap,
    peer: Peer,
) -> Response {
    let caller = match admit(&state, &headers, peer.as_ref().map(|Extension(p)| p)).await {
        Ok(admission) => admission.caller,
        Err(response) => return response,
    };
    let Some(id) = file
        .strip_suffix(".svg")
        .and_then(|id| id.parse::<i64>().ok())
    else {
        return refused(&not_found());
    };
    match crate::service::layers::map::block_map(&state.app, caller.as_ref(), id).await {
        Ok(svg) => {
            let mut response = (StatusCode::OK, svg).into_response();
            let headers = response.headers_mut();
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("image/svg+xml"),
            );
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            headers.insert(
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'"),
            );
            response
        }
        Err(err) => refused(&err),
    }
}

/// `GET /scans/{id}`: a stamped scan's bytes, under its record's read rules.
async fn scan(
    State(state): State<HttpState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    peer: Peer,
) -> Response {
    let caller = match admit(&state, &headers, peer.as_ref().map(|Extension(p)| p)).await {
        Ok(admission) => admission.caller,
        Err(response) => return response,
    };
    let Ok(id) = id.parse::<i64>() else {
        return refused(&AppError::NotFound("扫描件"));
    };
    match crate::service::scans::download(&state.app, caller.as_ref(), id).await {
        Ok((stored, bytes)) => file_response(bytes, &stored.content_type, &stored.file_name),
        Err(err) => refused(&err),
    }
}

#[derive(Deserialize)]
struct CityQuery {
    city: Option<String>,
}

#[derive(Deserialize)]
struct CountyQuery {
    county: Option<String>,
}

fn not_found() -> AppError {
    AppError::NotFound("导出文件")
}

async fn county_plan(
    State(state): State<HttpState>,
    Path((id, file)): Path<(String, String)>,
    headers: HeaderMap,
    peer: Peer,
) -> Response {
    let caller = match admit(&state, &headers, peer.as_ref().map(|Extension(p)| p)).await {
        Ok(admission) => admission.caller,
        Err(response) => return response,
    };
    let (Ok(id), Some(attachment)) = (id.parse::<i64>(), Attachment::from_file(&file)) else {
        return refused(&not_found());
    };
    answer(exports::county_plan(&state.app, caller.as_ref(), id, attachment).await)
}

async fn transfer_plan(
    State(state): State<HttpState>,
    Path(file): Path<String>,
    Query(query): Query<CityQuery>,
    headers: HeaderMap,
    peer: Peer,
) -> Response {
    let caller = match admit(&state, &headers, peer.as_ref().map(|Extension(p)| p)).await {
        Ok(admission) => admission.caller,
        Err(response) => return response,
    };
    let city = query.city.as_deref();
    if let Some(year) = file.strip_suffix(".geojson") {
        let Ok(year) = year.parse::<i32>() else {
            return refused(&not_found());
        };
        return match geojson::approved_blocks(&state.app, caller.as_ref(), year, city).await {
            Ok(bytes) => file_response(bytes, geojson::GEOJSON_TYPE, &file),
            Err(err) => refused(&err),
        };
    }
    let Some(year) = file
        .strip_suffix(".xlsx")
        .and_then(|year| year.parse::<i32>().ok())
    else {
        return refused(&not_found());
    };
    answer(exports::transfer_plan(&state.app, caller.as_ref(), year, city).await)
}

async fn mines(
    State(state): State<HttpState>,
    Query(query): Query<CountyQuery>,
    headers: HeaderMap,
    peer: Peer,
) -> Response {
    let caller = match admit(&state, &headers, peer.as_ref().map(|Extension(p)| p)).await {
        Ok(admission) => admission.caller,
        Err(response) => return response,
    };
    answer(exports::registry(&state.app, caller.as_ref(), query.county.as_deref()).await)
}

/// The HTTP status of a refusal outside GraphQL.
fn status_of(err: &AppError) -> StatusCode {
    match err.code() {
        "NOT_FOUND" => StatusCode::NOT_FOUND,
        "BAD_USER_INPUT" => StatusCode::BAD_REQUEST,
        "FORBIDDEN" => StatusCode::FORBIDDEN,
        "UNAUTHENTICATED" => StatusCode::UNAUTHORIZED,
        "SERVER_BUSY" => StatusCode::SERVICE_UNAVAILABLE,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

fn refused(err: &AppError) -> Response {
    error_response(status_of(err), err)
}

fn answer(result: Result<Workbook, AppError>) -> Response {
    match result {
        Ok(workbook) => file_response(workbook.bytes, XLSX_TYPE, &workbook.file_name),
        Err(err) => refused(&err),
    }
}

/// A download: the bytes as `content_type`, offered as `file_name`, never cached.
fn file_response(bytes: Vec<u8>, content_type: &str, file_name: &str) -> Response {
    let disposition = format!(
        "attachment; filename=\"download\"; filename*=UTF-8''{}",
        percent_encoded(file_name)
    );
    let mut response = (StatusCode::OK, bytes).into_response();
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(content_type) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

/// RFC 5987 `filename*` encoding: unreserved ASCII as is, every other byte as `%XX`.
fn percent_encoded(name: &str) -> String {
    name.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_percent_encoded_for_content_disposition() {
        assert_eq!(
            percent_encoded("泽州 1.xlsx"),
            "%E6%B3%BD%E5%B7%9E%201.xlsx"
        );
    }

    #[test]
    fn refusals_keep_their_http_meaning() {
        assert_eq!(status_of(&not_found()), StatusCode::NOT_FOUND);
        assert_eq!(
            status_of(&AppError::invalid("county", "x")),
            StatusCode::BAD_REQUEST
        );
        assert_eq!(status_of(&AppError::Forbidden), StatusCode::FORBIDDEN);
    }
}
