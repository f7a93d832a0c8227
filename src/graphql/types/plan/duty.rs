//! A follow-up duty of an approved plan, with what its reader may see of who performs it.

use async_graphql::{Context, ID, Object};
use entity::duty;

use crate::error::AppError;
use crate::graphql::context::{app, loaders};
use crate::graphql::types::date::Date;
use crate::service::mine_view::MineView;
use crate::service::plans::content::PlanView;

/// A follow-up duty of an approved plan's entry (closure, licence cancellation, restoration,
/// …), and whether its responsible party and note may be shown to the reader.
pub struct Duty(pub duty::Model, bool);

impl Duty {
    /// A duty read by someone whose scope reaches its county.
    pub fn in_scope(row: duty::Model) -> Self {
        Duty(row, true)
    }

    /// A duty of `plan` as its reader may see it: read as published, a duty whose mine (or
    /// any of whose group's mines) is held by a natural person hides who performs it.
    pub(super) fn of_plan(row: &duty::Model, plan: &PlanView) -> Self {
        let hidden = |mine: &MineView| mine.holder.is_none();
        let shown = plan.full
            || match row.mine_id {
                Some(id) => !plan.mines.get(&id).is_some_and(hidden),
                None => !plan.mines_of(row.entry_id).into_iter().any(hidden),
            };
        Duty(row.clone(), shown)
    }
}

/// A follow-up duty of an approved plan: what is to be done, by whom, by when, and when it
/// was done.
#[Object]
impl Duty {
    /// The duty's id; pass it to `completeDuty`.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// The plan revision it belongs to.
    async fn plan_id(&self) -> ID {
        ID(self.0.plan_id.to_string())
    }
    /// The entry it follows.
    async fn entry_id(&self) -> ID {
        ID(self.0.entry_id.to_string())
    }
    /// The mine it concerns (none for a group's completion).
    async fn mine_id(&self) -> Option<ID> {
        self.0.mine_id.map(|id| ID(id.to_string()))
    }
    /// Six-digit division code of the plan's county.
    async fn county_code(&self) -> &str {
        &self.0.county_code
    }
    /// Duty kind code (`MINE_CLOSED`, `LICENCE_CANCELLATION`, `SETTLEMENT`, …).
    async fn kind(&self) -> &str {
        &self.0.kind
    }
    /// The duty kind's name as officials read it (关闭到位, 采矿许可证注销, …).
    async fn kind_label(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        let catalogue = app(ctx)?.places.catalogue();
        let name = catalogue.duty_kind_name(&self.0.kind).ok_or_else(|| {
            AppError::internal(format!(
                "duties row {}: unknown duty kind {:?}",
                self.0.id, self.0.kind
            ))
        })?;
        Ok(name.to_owned())
    }
    /// Who performs it; null where it names a natural person the reader may not see.
    async fn responsible(&self) -> Option<&str> {
        self.1.then_some(self.0.responsible.as_str())
    }
    /// The day the duty must be done by; it is overdue from the day after.
    async fn due_by(&self) -> Date {
        Date(self.0.due_by)
    }
    /// The day the duty was done; null while open.
    async fn done_on(&self) -> Option<Date> {
        Date::optional(self.0.done_on)
    }
    /// Whether it is overdue today: not done and its day has passed.
    async fn overdue(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        let today = loaders(ctx)?.today();
        Ok(crate::domain::plan::duties::is_overdue(
            self.0.due_by,
            self.0.done_on,
            today,
        ))
    }
    /// Days overdue today (0 when not overdue).
    async fn days_overdue(&self, ctx: &Context<'_>) -> async_graphql::Result<i64> {
        let today = loaders(ctx)?.today();
        Ok(crate::domain::plan::duties::days_overdue(
            self.0.due_by,
            self.0.done_on,
            today,
        ))
    }
    /// The completion note; hidden together with the responsible party.
    async fn note(&self) -> Option<&str> {
        self.1.then_some(()).and(self.0.note.as_deref())
    }
    /// Settlement amount (万元), for a settlement duty.
    async fn amount_wan_yuan(&self) -> Option<&str> {
        self.0.amount_wan_yuan.as_deref()
    }
    /// Optimistic-concurrency version: +1 on every change.
    async fn version(&self) -> i32 {
        self.0.version
    }
}
