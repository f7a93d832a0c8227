//! Opening a plan: a county's first plan of the city's current campaign, and the new DRAFT
//! revision that holds the county's one open slot (also opened by a revision).

use entity::{campaign, county_plan};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder, Set,
};

use crate::domain::access::{Action, Caller};
use crate::domain::codes::PlanStatus;
use crate::domain::operation::Operation;
use crate::error::{AppError, AppResult, Conflict};
use crate::infra::events::PlanEventType;
use crate::infra::writes::on_duplicate;
use crate::service::plans::content::PlanView;
use crate::service::plans::reading::view_in;
use crate::service::plans::{announcing, audit_plan, event_of, status_of};
use crate::service::reference::known_county;
use crate::service::scope::authorise;
use crate::service::{permitted, require};
use crate::state::AppState;

/// The `open_slot` of an open plan of `county` in `campaign`.
fn open_slot(county: &str, campaign: &str) -> String {
    format!("{county}:{campaign}")
}

/// Opens a county's plan for the city's current campaign: `CONFLICT` when the county
/// already has an open plan, or an approved one (which is revised instead).
pub async fn create(
    state: &AppState,
    viewer: Option<&Caller>,
    county_code: &str,
) -> AppResult<PlanView> {
    let caller = require(viewer)?;
    let clock = state.clock.as_ref();
    announcing(state, async |tx| {
        permitted(caller, Action::WritePlans)?;
        let county = known_county(tx, county_code.trim()).await?;
        authorise(caller, Action::WritePlans, &county)?;
        let campaign = campaign::Entity::find()
            .filter(campaign::Column::CityCode.eq(county.city_code.clone()))
            .filter(campaign::Column::Current.eq(true))
            .one(tx)
            .await?
            .ok_or(AppError::Conflict(Conflict::NoCampaign))?;
        let existing = county_plan::Entity::find()
            .filter(county_plan::Column::CountyCode.eq(county.code.clone()))
            .filter(county_plan::Column::CampaignCode.eq(campaign.code.clone()))
            .order_by_desc(county_plan::Column::Revision)
            .all(tx)
            .await?;
        for plan in &existing {
            let status = status_of(plan)?;
            if status.is_open() {
                return Err(open_conflict(plan.id));
            }
            if status == PlanStatus::Approved {
                return Err(AppError::Conflict(Conflict::ApprovedPlanExists {
                    plan_id: plan.id,
                }));
            }
        }
        let created = open_plan(
            tx,
            NewPlan {
                county: &county.code,
                campaign: &campaign.code,
                revision: existing.first().map_or(1, |p| p.revision + 1),
                revises: None,
            },
            caller,
            clock.now(),
        )
        .await?;
        audit_plan(
            tx,
            clock,
            caller,
            &county,
            (Operation::CreateCountyPlan, created.id),
            (None, Some(&created)),
        )
        .await?;
        let view = view_in(tx, created.id).await?;
        let event = event_of(state, &view, PlanEventType::Created);
        Ok((view, event))
    })
    .await
}

/// A plan revision to open.
pub struct NewPlan<'a> {
    pub county: &'a str,
    pub campaign: &'a str,
    pub revision: i32,
    /// The approved revision it revises.
    pub revises: Option<i64>,
}

/// Inserts a new DRAFT revision holding the county's open slot: a second open plan, even
/// one created concurrently, is a `CONFLICT`.
pub async fn open_plan(
    tx: &DatabaseTransaction,
    plan: NewPlan<'_>,
    caller: &Caller,
    now: chrono::DateTime<chrono::Utc>,
) -> AppResult<county_plan::Model> {
    county_plan::ActiveModel {
        county_code: Set(plan.county.to_owned()),
        campaign_code: Set(plan.campaign.to_owned()),
        revision: Set(plan.revision),
        status: Set(PlanStatus::Draft.code().into()),
        revises_id: Set(plan.revises),
        open_slot: Set(Some(open_slot(plan.county, plan.campaign))),
        comments: Set(None),
        version: Set(1),
        created_by: Set(caller.sub.clone()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(tx)
    .await
    .map_err(|err| on_duplicate(err, || open_conflict(0)))
}

/// The `CONFLICT` for a second open plan.
pub fn open_conflict(existing: i64) -> AppError {
    AppError::Conflict(Conflict::OpenPlanExists {
        plan_id: (existing > 0).then_some(existing),
    })
}
