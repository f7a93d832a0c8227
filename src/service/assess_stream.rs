//! Assessing a whole scope (a city, a province's mines) a chunk at a time: the summary and
//! the assessment filters of `mines` need every mine's disposition but none of them at once,
//! so memory stays bounded by the neighbour sites and one chunk whatever the scope's size.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;
use entity::mine;
use sea_orm::{ColumnTrait, ConnectionTrait, QueryFilter, QueryOrder, QuerySelect, Select};

use crate::domain::assessment::Assessment;
use crate::domain::standards::Standards;
use crate::error::{AppError, AppResult};
use crate::service::assessment::{Probe, assess_all, live_sites, neighbourhood_for};

/// Mines read and assessed per step.
const CHUNK: u64 = 2_000;

/// Assesses every mine that `scope` selects on `as_of`, in id order, handing each row and
/// its assessment to `visit`; returns how many were assessed. Neighbours are the live mines
/// (not archived, not closed) around them. The rules of a chunk run on the blocking pool.
pub async fn assess_each(
    db: &impl ConnectionTrait,
    scope: Select<mine::Entity>,
    standards: &Arc<Standards>,
    as_of: NaiveDate,
    mut visit: impl FnMut(&mine::Model, &Assessment),
) -> AppResult<usize> {
    let own = live_sites(db, scope.clone(), |_| true).await?;
    let probes: Vec<Probe> = own.iter().map(Probe::from).collect();
    let neighbourhood = Arc::new(neighbourhood_for(db, &probes, own, standards).await?);
    drop(probes);
    let mut after = 0_i64;
    let mut assessed = 0;
    loop {
        let rows = scope
            .clone()
            .filter(mine::Column::Id.gt(after))
            .order_by_asc(mine::Column::Id)
            .limit(CHUNK)
            .all(db)
            .await?;
        let Some(last) = rows.last() else {
            break;
        };
        after = last.id;
        let full = rows.len() as u64 == CHUNK;
        let (context, rules) = (neighbourhood.clone(), standards.clone());
        let chunk = tokio::task::spawn_blocking(move || {
            assess_all(rows, &context, &rules, as_of, &HashMap::new())
        })
        .await
        .map_err(AppError::internal)??;
        for one in &chunk {
            visit(&one.mine, &one.assessment);
        }
        assessed += chunk.len();
        if !full {
            break;
        }
    }
    Ok(assessed)
}
