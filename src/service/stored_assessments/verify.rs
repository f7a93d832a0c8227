//! Checking the stored assessments against a fresh computation (`mineright assessments
//! verify`, and the tests after concurrent writes).

use std::collections::HashMap;

use entity::{mine, mine_assessment};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::domain::assessment::stored::stored;
use crate::error::AppResult;
use crate::service::stored_assessments::{CHUNK, assess_on, rows_of};
use crate::state::AppState;

/// A stored result that differs from a fresh computation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    pub mine_id: i64,
    /// What is stored (disposition, digest); `None` when nothing is.
    pub stored: Option<(String, String)>,
    /// What a fresh computation gives.
    pub fresh: (String, String),
}

/// Recomputes every mine today and returns each stored result that differs, in id order
/// (empty when the stored results are true).
pub async fn verify(state: &AppState) -> AppResult<Vec<Difference>> {
    let (db, today) = (&state.db, state.clock.today());
    let ids: Vec<i64> = mine::Entity::find()
        .select_only()
        .column(mine::Column::Id)
        .order_by_asc(mine::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    let mut differences = Vec::new();
    for chunk in ids.chunks(CHUNK) {
        let kept: HashMap<i64, (String, String)> = mine_assessment::Entity::find()
            .filter(Expr::col(mine_assessment::Column::MineId).is_in(chunk.to_vec()))
            .all(db)
            .await?
            .into_iter()
            .map(|row| (row.mine_id, (row.disposition, row.digest)))
            .collect();
        for assessed in assess_on(db, state, rows_of(db, chunk).await?, today).await? {
            let fresh = stored(&assessed.assessment);
            let fresh = (fresh.disposition.code().to_owned(), fresh.digest);
            let stored = kept.get(&assessed.mine.id).cloned();
            if stored.as_ref() != Some(&fresh) {
                differences.push(Difference {
                    mine_id: assessed.mine.id,
                    stored,
                    fresh,
                });
            }
        }
    }
    Ok(differences)
}
