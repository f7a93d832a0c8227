//! Reading the mine registry: one mine, pages and counts, scoped to what the caller may read
//! and optionally filtered by today's assessment.

use std::collections::HashMap;

use chrono::NaiveDate;
use entity::{mine, mine_count};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Select,
};

use crate::domain::access::{Caller, Region, mine_read_region};
use crate::domain::assessment::{Assessment, Disposition, RuleId};
use crate::domain::codes::OperatingStatus;
use crate::domain::page::PageRequest;
use crate::domain::places::Places;
use crate::domain::text::SEARCH;
use crate::error::AppResult;
use crate::infra::versions::VersionCache;
use crate::service::assess_stream::assess_each;
use crate::service::mine_view::MineView;
use crate::service::rectification;
use crate::service::scope::{matching, scoped};
use crate::service::{standards, stored_assessments};
use crate::state::AppState;

/// Filters of `mines`.
#[derive(Debug, Clone, Default)]
pub struct MineFilter {
    /// Only mines of this county (six-digit division code).
    pub county_code: Option<String>,
    /// Only mines of this mineral (`IRON`, …).
    pub mineral_code: Option<String>,
    /// Only mines in this operating status.
    pub status: Option<OperatingStatus>,
    /// Matches part of the name, holder or licence number (blank: no filter).
    pub search: Option<String>,
    /// Include archived mines (false by default).
    pub include_archived: bool,
    /// Only mines whose default disposition today is this one.
    pub disposition: Option<Disposition>,
    /// Only mines with a (decisive) finding of this rule today.
    pub rule_id: Option<RuleId>,
}

impl MineFilter {
    /// Whether the filter narrows mines only by where they lie and whether they are
    /// archived, so that the counts kept per county answer `totalCount`.
    fn by_place_only(&self) -> bool {
        self.mineral_code.is_none()
            && self.status.is_none()
            && self.search.as_deref().is_none_or(|s| s.trim().is_empty())
            && !self.by_assessment()
    }

    /// Whether the filter needs today's assessment of each candidate.
    fn by_assessment(&self) -> bool {
        self.disposition.is_some() || self.rule_id.is_some()
    }

    fn matches(&self, assessment: &Assessment) -> bool {
        self.disposition.is_none_or(|d| assessment.disposition == d)
            && self
                .rule_id
                .is_none_or(|rule| assessment.decisive_rules().contains(&rule))
    }
}

/// One page of mines in id order.
pub struct MinePage {
    /// All matches across pages, when asked for.
    pub total: Option<u64>,
    /// The page's mines, in id order, as the viewer may see them.
    pub rows: Vec<MineView>,
    /// Whether more mines follow this page.
    pub has_next: bool,
    /// Each mine's assessment on [`PageExtras::assessed_on`], when asked for (worded for
    /// the viewer).
    pub assessments: HashMap<i64, Assessment>,
}

/// What a page should bring besides its mines.
#[derive(Debug, Clone, Copy, Default)]
pub struct PageExtras {
    /// The number of all matches (counted only when asked for).
    pub total: bool,
    /// The day to assess each mine of the page on, from the rows the page read.
    pub assessed_on: Option<NaiveDate>,
}

/// The page of `rows` for `viewer`: masked views, and the assessments when asked for,
/// made from the unmasked rows (a holder's name decides INTEGRATE-1 even where it is
/// hidden).
async fn page_of(
    state: &AppState,
    viewer: Option<&Caller>,
    rows: Vec<mine::Model>,
    has_next: bool,
    total: Option<u64>,
    extras: PageExtras,
) -> AppResult<MinePage> {
    let assessments = match extras.assessed_on {
        Some(day) if !rows.is_empty() => {
            let places = state.places.current();
            rectification::of_rows(
                &state.db,
                &places,
                &state.versions,
                viewer,
                rows.clone(),
                day,
            )
            .await?
        }
        _ => HashMap::new(),
    };
    Ok(MinePage {
        total,
        rows: rows
            .into_iter()
            .map(|row| MineView::for_reader(viewer, row))
            .collect(),
        has_next,
        assessments,
    })
}

/// A mine the viewer may read, else `None` (out-of-scope reads never leak).
pub async fn get(
    db: &DatabaseConnection,
    viewer: Option<&Caller>,
    id: i64,
) -> AppResult<Option<MineView>> {
    let Some(region) = mine_read_region(viewer) else {
        return Ok(None);
    };
    Ok(scoped(
        mine::Entity::find_by_id(id),
        mine::Column::CountyCode,
        &region,
    )
    .one(db)
    .await?
    .map(|row| MineView::for_reader(viewer, row)))
}

/// A page of the mines the viewer may read that match `filter`, and the number of all
/// matches and the page's assessments when `extras` ask for them.
pub async fn list(
    state: &AppState,
    viewer: Option<&Caller>,
    filter: &MineFilter,
    page: PageRequest,
    extras: PageExtras,
) -> AppResult<MinePage> {
    let db = &state.db;
    if let Some(search) = &filter.search {
        SEARCH.clean(search)?;
    }
    let Some(query) = visible(viewer, filter) else {
        return Ok(MinePage {
            rows: Vec::new(),
            has_next: false,
            total: extras.total.then_some(0),
            assessments: HashMap::new(),
        });
    };
    if filter.by_assessment() {
        // The assessment is computed, not stored: assess every candidate once, keeping only
        // the ids that match, then count them and read the page's rows.
        let _place = state.scans.enter().await?;
        let places = state.places.current();
        let today = state.clock.today();
        let matches = assessed_matches(db, &places, &state.versions, today, query, filter).await?;
        let total = extras.total.then_some(matches.len() as u64);
        let mut ids: Vec<i64> = matches
            .into_iter()
            .filter(|id| page.after.is_none_or(|after| *id > after))
            .take(page.limit + 1)
            .collect();
        let has_next = ids.len() > page.limit;
        ids.truncate(page.limit);
        let rows = mine::Entity::find()
            .filter(mine::Column::Id.is_in(ids))
            .order_by_asc(mine::Column::Id)
            .all(db)
            .await?;
        return page_of(state, viewer, rows, has_next, total, extras).await;
    }
    let total = match (extras.total, mine_read_region(viewer)) {
        (false, _) => None,
        (true, Some(region)) if filter.by_place_only() => {
            Some(kept_count(db, &region, filter).await?)
        }
        (true, _) => Some(count(db, query.clone()).await?),
    };
    let query = match page.after {
        Some(after) => query.filter(mine::Column::Id.gt(after)),
        None => query,
    };
    let mut rows = query
        .order_by_asc(mine::Column::Id)
        .limit(page.limit as u64 + 1)
        .all(db)
        .await?;
    let has_next = rows.len() > page.limit;
    rows.truncate(page.limit);
    page_of(state, viewer, rows, has_next, total, extras).await
}

/// A mine of the registry with its assessment today: what the registry workbook lists.
pub struct Registered {
    pub mine: MineView,
    pub disposition: Disposition,
    /// The rules of its decisive findings, in rule order.
    pub rules: Vec<RuleId>,
}

/// Every live mine the viewer may read (of `county`, when given), assessed today, in id
/// order, as the viewer may see it.
pub async fn registry(
    state: &AppState,
    viewer: Option<&Caller>,
    county: Option<&str>,
) -> AppResult<Vec<Registered>> {
    let filter = MineFilter {
        county_code: county.map(str::to_owned),
        ..MineFilter::default()
    };
    let Some(query) = visible(viewer, &filter) else {
        return Ok(Vec::new());
    };
    let _place = state.scans.enter().await?;
    let (db, places, today) = (&state.db, state.places.current(), state.clock.today());
    let mut registered = Vec::new();
    for (province, counties) in places.counties_by_province() {
        let standards = standards::on(db, &state.versions, province, today).await?;
        let scope = query
            .clone()
            .filter(mine::Column::CountyCode.is_in(counties));
        let wanted = (province, standards.version_id, today);
        if let Some(answers) = stored_assessments::read::answers(db, scope.clone(), wanted).await? {
            registered.extend(
                answers
                    .into_iter()
                    .map(|(mine, (disposition, rules))| Registered {
                        mine: MineView::for_reader(viewer, mine),
                        disposition,
                        rules,
                    }),
            );
            continue;
        }
        assess_each(db, scope, &standards, today, |mine, assessment| {
            registered.push(Registered {
                mine: MineView::for_reader(viewer, mine.clone()),
                disposition: assessment.disposition,
                rules: assessment.decisive_rules(),
            });
        })
        .await?;
    }
    registered.sort_unstable_by_key(|r| r.mine.row.id);
    Ok(registered)
}

/// The ids of the candidates of `query` whose assessment today matches the filter, in id
/// order: each province's from the stored assessments when they are all fresh, else
/// computed under its own standards, a chunk at a time.
async fn assessed_matches(
    db: &DatabaseConnection,
    places: &Places,
    versions: &VersionCache,
    today: NaiveDate,
    query: Select<mine::Entity>,
    filter: &MineFilter,
) -> AppResult<Vec<i64>> {
    let mut matches = Vec::new();
    for (province, counties) in places.counties_by_province() {
        let standards = standards::on(db, versions, province, today).await?;
        let scope = query
            .clone()
            .filter(mine::Column::CountyCode.is_in(counties));
        let wanted = (filter.disposition.as_slice(), filter.rule_id);
        let kept = (province, standards.version_id, today);
        if let Some(ids) =
            stored_assessments::read::matching(db, scope.clone(), wanted, kept).await?
        {
            matches.extend(ids);
            continue;
        }
        assess_each(db, scope, &standards, today, |mine, assessment| {
            if filter.matches(assessment) {
                matches.push(mine.id);
            }
        })
        .await?;
    }
    matches.sort_unstable();
    Ok(matches)
}

fn visible(viewer: Option<&Caller>, filter: &MineFilter) -> Option<Select<mine::Entity>> {
    let region = mine_read_region(viewer)?;
    let mut query = scoped(mine::Entity::find(), mine::Column::CountyCode, &region);
    if !filter.include_archived {
        query = query.filter(mine::Column::Archived.eq(false));
    }
    if let Some(county) = &filter.county_code {
        query = query.filter(mine::Column::CountyCode.eq(county.clone()));
    }
    if let Some(mineral) = &filter.mineral_code {
        query = query.filter(mine::Column::MineralCode.eq(mineral.clone()));
    }
    if let Some(status) = filter.status {
        query = query.filter(mine::Column::Status.eq(status.code()));
    }
    if let Some(search) = filter.search.as_deref() {
        query = query.filter(matching(
            search,
            [
                mine::Column::Name,
                mine::Column::Holder,
                mine::Column::LicenceNo,
            ],
        ));
    }
    Some(query)
}

/// The mines of the reader's region (and the filter's county), archived ones only when
/// the filter includes them, summed from the counts the database keeps per county.
async fn kept_count(
    db: &DatabaseConnection,
    region: &Region,
    filter: &MineFilter,
) -> AppResult<u64> {
    let mut query = scoped(
        mine_count::Entity::find(),
        mine_count::Column::CountyCode,
        region,
    )
    .select_only()
    .column_as(Expr::cust("CAST(COALESCE(SUM(mines), 0) AS BIGINT)"), "n");
    if let Some(county) = &filter.county_code {
        query = query.filter(mine_count::Column::CountyCode.eq(county.clone()));
    }
    if !filter.include_archived {
        query = query.filter(mine_count::Column::Archived.eq(false));
    }
    let counted: Option<i64> = query.into_tuple().one(db).await?;
    Ok(counted.map_or(0, |n| u64::try_from(n).unwrap_or(0)))
}

/// The rows `query` matches, by a plain `COUNT` over the mines table (a paginator's count
/// wraps the whole row in a sub-select, several times slower at city scale).
async fn count(db: &DatabaseConnection, query: Select<mine::Entity>) -> AppResult<u64> {
    let counted: Option<i64> = query
        .select_only()
        .column_as(mine::Column::Id.count(), "n")
        .into_tuple()
        .one(db)
        .await?;
    Ok(counted.map_or(0, |n| u64::try_from(n).unwrap_or(0)))
}

/// The stored mines of `ids` by id (unscoped: the caller has authorised the use), one
/// statement.
pub async fn rows_by_id(
    db: &impl sea_orm::ConnectionTrait,
    ids: &[i64],
) -> AppResult<std::collections::HashMap<i64, mine::Model>> {
    Ok(mine::Entity::find()
        .filter(mine::Column::Id.is_in(ids.to_vec()))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.id, m))
        .collect())
}
