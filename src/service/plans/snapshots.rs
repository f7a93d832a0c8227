//! An approved revision prints what it approved (docs/rules.md): the approving transaction
//! keeps the mines and blocks its entries name as they stood, and the revision's exports
//! read them from there, so that the same revision exports the same figures whatever the
//! registry does later. Reading the plan through GraphQL stays live.

use entity::{block, mine, plan_snapshot};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, Set};

use crate::clock::Clock;
use crate::error::{AppError, AppResult};
use crate::service::mine_view::MineView;
use crate::service::plans::content::PlanView;

/// Keeps what `view` (read in full, in the approving transaction) names.
pub async fn freeze(tx: &DatabaseTransaction, clock: &dyn Clock, view: &PlanView) -> AppResult<()> {
    let mut mines: Vec<&mine::Model> = view.mines.values().map(|m| &m.row).collect();
    mines.sort_by_key(|m| m.id);
    let mut blocks: Vec<&block::Model> = view.blocks.values().collect();
    blocks.sort_by_key(|b| b.id);
    plan_snapshot::ActiveModel {
        plan_id: Set(view.plan.id),
        mines: Set(serde_json::to_string(&mines).map_err(AppError::internal)?),
        blocks: Set(serde_json::to_string(&blocks).map_err(AppError::internal)?),
        taken_at: Set(clock.now()),
    }
    .insert(tx)
    .await?;
    Ok(())
}

/// `view` with the mines and blocks as its approval kept them, masked for its reader as
/// the live ones were; a revision approved before snapshots were kept reads live.
pub async fn as_approved(db: &impl ConnectionTrait, mut view: PlanView) -> AppResult<PlanView> {
    let Some(snapshot) = plan_snapshot::Entity::find_by_id(view.plan.id)
        .one(db)
        .await?
    else {
        return Ok(view);
    };
    let mines: Vec<mine::Model> =
        serde_json::from_str(&snapshot.mines).map_err(AppError::internal)?;
    let blocks: Vec<block::Model> =
        serde_json::from_str(&snapshot.blocks).map_err(AppError::internal)?;
    for row in mines {
        let shown = if view.full {
            MineView::for_reader_in_scope(row)
        } else {
            MineView::published(row)
        };
        view.mines.insert(shown.row.id, shown);
    }
    for row in blocks {
        view.blocks.insert(row.id, row);
    }
    Ok(view)
}
