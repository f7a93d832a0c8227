//! Submitting a plan to the city, after re-checking it against today's assessments, and
//! recalling it before the city decides.

use std::collections::{HashMap, HashSet};

use entity::{county, county_plan, mine};
use sea_orm::DatabaseTransaction;
use sea_orm::sea_query::Expr;

use crate::domain::Problems;
use crate::domain::access::{Action, Caller};
use crate::domain::assessment::{Assessment, UpgradeTarget};
use crate::domain::codes::{EntryKind, OperatingStatus};
use crate::domain::operation::Operation;
use crate::domain::plan::PlanAction;
use crate::domain::plan::submission::{
    ListedMine, Proposal, SubmittedEntry, division_of_work, submission_problems,
};
use crate::error::{AppError, AppResult};
use crate::infra::events::PlanEventType;
use crate::service::assessment::facts_of;
use crate::service::plans::assessed::{CountyAssessed, county_standards, group_mines};
use crate::service::plans::content::{PlanView, method_of};
use crate::service::plans::coordination::joined_by;
use crate::service::plans::reading::view_in;
use crate::service::plans::step;
use crate::service::plans::workflow::run;
use crate::service::stored::stored_code;
use crate::state::AppState;

/// `submitCountyPlan`: DRAFT or RETURNED → SUBMITTED, when every entry still agrees with
/// today's assessments and the three batches are complete.
pub async fn submit(state: &AppState, viewer: Option<&Caller>, id: i64) -> AppResult<PlanView> {
    let clock = state.clock.as_ref();
    run(
        state,
        viewer,
        id,
        Action::WritePlans,
        PlanAction::Submit,
        (Operation::SubmitCountyPlan, PlanEventType::Submitted),
        async |tx, _, plan, county| {
            ensure_consistent(state, tx, &plan, county).await?;
            step(tx, clock, &plan, PlanAction::Submit, |update| {
                update
                    .col_expr(
                        county_plan::Column::SubmittedAt,
                        Expr::value(Some(clock.now())),
                    )
                    .col_expr(
                        county_plan::Column::FirstSubmittedAt,
                        Expr::value(Some(plan.first_submitted_at.unwrap_or(clock.now()))),
                    )
            })
            .await
        },
    )
    .await
}

/// `recallCountyPlan`: SUBMITTED → DRAFT before the city decides.
pub async fn recall(state: &AppState, viewer: Option<&Caller>, id: i64) -> AppResult<PlanView> {
    let clock = state.clock.as_ref();
    run(
        state,
        viewer,
        id,
        Action::WritePlans,
        PlanAction::Recall,
        (Operation::RecallCountyPlan, PlanEventType::Recalled),
        async |tx, _, plan, _| step(tx, clock, &plan, PlanAction::Recall, |update| update).await,
    )
    .await
}

/// Submit's checks: every entry against today's assessment, the three lists complete, and
/// the division of work filled in. Every problem is reported together, each naming its
/// entry.
async fn ensure_consistent(
    state: &AppState,
    tx: &DatabaseTransaction,
    plan: &county_plan::Model,
    county: &county::Model,
) -> AppResult<()> {
    let view = view_in(tx, plan.id).await?;
    // A coordinated group is checked whole: its other counties' members are assessed too.
    let coordinated = joined_by(tx, &view).await?;
    let closing = view.closing();
    let gathered = CountyAssessed::gather(
        state,
        tx,
        (county, &closing),
        coordinated.values().flatten(),
    )
    .await?;
    let standards = county_standards(state, tx, &county.code).await?;
    let entries = submitted_entries(
        &view,
        &gathered.live_ids,
        (&gathered.assessed, &coordinated),
    )?;
    let county_mines = gathered.county_mines();
    let mut problems = match submission_problems(&entries, &county_mines, &standards) {
        Ok(()) => Problems::new(),
        Err(problems) => problems,
    };
    if let Err(missing) = division_of_work(view.of_kind(EntryKind::Responsibility).count()) {
        problems.push(missing);
    }
    problems.finish(()).map_err(AppError::from)
}

/// The plan's entries as submit's checks read them, in order, with their mines' states
/// (`live_ids` are the county's live mines), today's assessments and each coordinated
/// group's members in every county; a stored mine that does not parse is a corrupt row.
fn submitted_entries<'a>(
    view: &'a PlanView,
    live_ids: &HashSet<i64>,
    (assessed, coordinated): (
        &'a HashMap<i64, Assessment>,
        &'a HashMap<i64, Vec<mine::Model>>,
    ),
) -> AppResult<Vec<SubmittedEntry<'a>>> {
    let mut entries = Vec::with_capacity(view.entries.len());
    for entry in &view.entries {
        let kind = stored_code(
            EntryKind::parse,
            "plan_entries",
            "kind",
            entry.id,
            &entry.kind,
        )?;
        let rows: Vec<&mine::Model> = view
            .mines_of(entry.id)
            .into_iter()
            .map(|m| &m.row)
            .collect();
        let proposal = match kind {
            EntryKind::Closure => Proposal::Closure {
                method: method_of(entry),
                restoration_set: entry.restoration_due_by.is_some(),
            },
            EntryKind::Upgrade => Proposal::Upgrade {
                target: UpgradeTarget {
                    target_scale: entry.target_scale.unwrap_or_default(),
                    recoverable_reserves: entry.recoverable_reserves,
                },
                assessed: rows
                    .iter()
                    .filter_map(|row| {
                        let assessment = assessed.get(&row.id)?;
                        Some(facts_of(row).map(|facts| (assessment, facts)))
                    })
                    .collect::<AppResult<_>>()?,
            },
            EntryKind::Integration => Proposal::Integration {
                target_scale: entry.target_scale,
                group: match entry.coordinated_group_id.and_then(|g| coordinated.get(&g)) {
                    Some(whole) => group_mines(whole, assessed)?,
                    None => group_mines(rows.iter().copied(), assessed)?,
                },
            },
            _ => Proposal::Unassessed,
        };
        let mines = rows
            .iter()
            .map(|row| ListedMine {
                id: row.id,
                name: row.name.as_str(),
                live: live_ids.contains(&row.id),
                closed: row.status == OperatingStatus::Closed.code(),
                archived: row.archived,
                assessment: assessed.get(&row.id),
            })
            .collect();
        entries.push(SubmittedEntry {
            id: entry.id,
            mines,
            proposal,
        });
    }
    Ok(entries)
}
