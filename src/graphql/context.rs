//! Reading the request's caller and the shared state from the resolver context.

use std::sync::Arc;

use async_graphql::Context;
use chrono::NaiveDate;
use sea_orm::DatabaseConnection;

use crate::clock::Clock;
use crate::domain::access::Caller;
use crate::domain::places::Places;
use crate::error::AppError;
use crate::graphql::loaders::Loaders;
use crate::graphql::types::date::Date;
use crate::state::AppState;

/// The authenticated caller, or `None` for an anonymous reader.
pub fn viewer<'a>(ctx: &Context<'a>) -> Option<&'a Caller> {
    ctx.data_opt::<Caller>()
}

/// The application's shared state, for services that use several of its parts.
pub fn app<'a>(ctx: &Context<'a>) -> Result<&'a AppState, AppError> {
    ctx.data_opt::<AppState>()
        .ok_or_else(|| AppError::internal("AppState missing from schema data"))
}

/// The database pool.
pub fn db<'a>(ctx: &Context<'a>) -> Result<&'a DatabaseConnection, AppError> {
    Ok(&app(ctx)?.db)
}

/// The deployment's places as last loaded.
pub fn places(ctx: &Context<'_>) -> Result<Arc<Places>, AppError> {
    Ok(app(ctx)?.places.current())
}

/// The application's clock: the one source of "now" and of the plan's day.
pub fn clock<'a>(ctx: &Context<'a>) -> Result<&'a dyn Clock, AppError> {
    Ok(app(ctx)?.clock.as_ref())
}

/// The day a query names, or today on the application's clock as the request began (so
/// every field of one request agrees on today, even across midnight).
pub fn day_or_today(ctx: &Context<'_>, as_of: Option<Date>) -> Result<NaiveDate, AppError> {
    match as_of {
        Some(day) => Ok(day.0),
        None => Ok(loaders(ctx)?.today()),
    }
}

/// This request's loaders (made per request by [`crate::graphql::Gate`]).
pub fn loaders<'a>(ctx: &Context<'a>) -> Result<&'a Loaders, AppError> {
    ctx.data_opt::<Loaders>()
        .ok_or_else(|| AppError::internal("Loaders missing from request data"))
}
