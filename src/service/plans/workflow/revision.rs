//! Revising an approved plan into a new DRAFT revision holding its entries, and
//! superseding the approved revision once its replacement is approved.

use entity::{county, county_plan, plan_entry, plan_mine};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder, Set,
};

use crate::domain::access::{Action, Caller};
use crate::domain::operation::Operation;
use crate::domain::plan::PlanAction;
use crate::error::AppResult;
use crate::infra::events::PlanEventType;
use crate::service::plans::content::PlanView;
use crate::service::plans::drafting::{NewPlan, open_plan};
use crate::service::plans::stamp;
use crate::service::plans::workflow::run;
use crate::state::AppState;

/// `reviseCountyPlan`: a new DRAFT revision (new id) holding the approved plan's entries;
/// the approved plan stays in force until the revision is approved.
pub async fn revise(state: &AppState, viewer: Option<&Caller>, id: i64) -> AppResult<PlanView> {
    let clock = state.clock.as_ref();
    run(
        state,
        viewer,
        id,
        Action::WritePlans,
        PlanAction::Revise,
        (Operation::ReviseCountyPlan, PlanEventType::Revised),
        async |tx, caller, plan, county| {
            let latest = county_plan::Entity::find()
                .filter(county_plan::Column::CountyCode.eq(plan.county_code.clone()))
                .filter(county_plan::Column::CampaignCode.eq(plan.campaign_code.clone()))
                .order_by_desc(county_plan::Column::Revision)
                .one(tx)
                .await?
                .map_or(plan.revision, |p| p.revision);
            let revision = open_plan(
                tx,
                NewPlan {
                    county: &county.code,
                    campaign: &plan.campaign_code,
                    revision: latest + 1,
                    revises: Some(plan.id),
                },
                caller,
                clock.now(),
            )
            .await?;
            copy_entries(tx, plan.id, revision.id).await?;
            Ok(revision)
        },
    )
    .await
}

/// Copies every entry of one plan, with the mines it lists, onto another.
async fn copy_entries(tx: &DatabaseTransaction, from: i64, to: i64) -> AppResult<()> {
    let entries = plan_entry::Entity::find()
        .filter(plan_entry::Column::PlanId.eq(from))
        .order_by_asc(plan_entry::Column::Id)
        .all(tx)
        .await?;
    let members = plan_mine::Entity::find()
        .filter(plan_mine::Column::PlanId.eq(from))
        .all(tx)
        .await?;
    for entry in entries {
        let old_id = entry.id;
        let mut copy: plan_entry::ActiveModel = entry.into();
        copy.id = sea_orm::ActiveValue::NotSet;
        copy.plan_id = Set(to);
        let copied = copy.insert(tx).await?;
        for member in members.iter().filter(|m| m.entry_id == old_id) {
            plan_mine::ActiveModel {
                plan_id: Set(to),
                mine_id: Set(member.mine_id),
                entry_id: Set(copied.id),
            }
            .insert(tx)
            .await?;
        }
    }
    Ok(())
}

/// Marks the revision a newly approved one replaces as superseded.
pub(super) async fn supersede(
    tx: &DatabaseTransaction,
    state: &AppState,
    caller: &Caller,
    county: &county::Model,
    previous: i64,
) -> AppResult<()> {
    let clock = state.clock.as_ref();
    let Some(before) = county_plan::Entity::find_by_id(previous).one(tx).await? else {
        return Ok(());
    };
    stamp(
        tx,
        (clock, caller),
        (county, &before),
        (
            PlanAction::Supersede,
            county_plan::Column::SupersededAt,
            Operation::SupersedeCountyPlan,
        ),
    )
    .await
    .map(drop)
}
