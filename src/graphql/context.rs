//! Reading the request's caller and the shared state from the resolver context.

use std::sync::Arc;

use async_graphql::Context;
use sea_orm::DatabaseConnection;

use crate::domain::access::Caller;
use crate::domain::places::Places;
use crate::error::AppError;
use crate::graphql::loaders::Loaders;
use crate::service::capacity::ScanGate;
use crate::state::AppState;

/// The authenticated caller, or `None` for an anonymous reader.
pub fn viewer<'a>(ctx: &Context<'a>) -> Option<&'a Caller> {
    ctx.data_opt::<Caller>()
}

fn state<'a>(ctx: &Context<'a>) -> Result<&'a AppState, AppError> {
    ctx.data_opt::<AppState>()
        .ok_or_else(|| AppError::internal("AppState missing from schema data"))
}

/// The database pool.
pub fn db<'a>(ctx: &Context<'a>) -> Result<&'a DatabaseConnection, AppError> {
    Ok(&state(ctx)?.db)
}

/// The deployment's places as last loaded.
pub fn places(ctx: &Context<'_>) -> Result<Arc<Places>, AppError> {
    Ok(state(ctx)?.places.current())
}

/// The places for whole-county and whole-city assessments.
pub fn scans<'a>(ctx: &Context<'a>) -> Result<&'a ScanGate, AppError> {
    Ok(&state(ctx)?.scans)
}

/// This request's loaders (made per request by [`crate::graphql::loaders::PerRequestLoaders`]).
pub fn loaders<'a>(ctx: &Context<'a>) -> Result<&'a Loaders, AppError> {
    ctx.data_opt::<Loaders>()
        .ok_or_else(|| AppError::internal("Loaders missing from request data"))
}
