//! The assessment as officials use it: the county's three batches (三个一批), the summary by
//! disposition and rule, and the what-if that saves nothing.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use chrono::NaiveDate;
use entity::{county, mine};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

use crate::domain::access::{Caller, Region};
use crate::domain::assessment::{
    Assessment, Disposition, RuleId, Site, Subject, UpgradeTarget, assess, scope_neighbours,
};
use crate::domain::mine::{MineDraft, MineFacts, bounds, within};
use crate::domain::places::Places;
use crate::domain::plan::completeness::Batch;
use crate::error::{AppError, AppResult};
use crate::infra::versions::VersionCache;
use crate::service::assess_stream::assess_each;
use crate::service::assessment::{
    Probe, assess_in_provinces, assess_rows, in_list, neighbourhood_within, province_of,
};
use crate::service::campaigns::milestones::current_rectification_due;
use crate::service::mine_rows::live;
use crate::service::mine_view::MineView;
use crate::service::reference::{self, ensure_known_mineral, known_county, place_of};
use crate::service::stored_assessments::read::{self, Counts};
use crate::service::{mine_reader_region, standards};
use crate::state::AppState;

/// A county's three batches on one day.
pub struct RectificationLists {
    /// The county the lists are for.
    pub county: county::Model,
    /// The day the mines were assessed.
    pub as_of: NaiveDate,
    /// The standards version the assessments used.
    pub standards_version: i32,
    /// The day the batches are due by: the county's current campaign's rectification
    /// milestone, the one its plans' entries are flagged against; `None` when it sets none.
    pub deadline: Option<NaiveDate>,
    /// 关闭退出: mines whose default disposition is CLOSE or EXIT.
    pub close_or_exit: Vec<ListedMine>,
    /// 整合重组: mines whose default disposition is INTEGRATE.
    pub integrate: Vec<ListedMine>,
    /// 升级改造: mines whose default disposition is UPGRADE.
    pub upgrade: Vec<ListedMine>,
}

/// A mine on a batch list, as the viewer may see it, with its assessment.
pub struct ListedMine {
    /// The mine.
    pub mine: MineView,
    /// Its assessment, worded for the viewer.
    pub assessment: Assessment,
}

/// Counts of an assessment run.
pub struct Summary {
    /// The day the mines were assessed.
    pub as_of: NaiveDate,
    /// The standards version the rules read.
    pub standards_version: i32,
    /// Live mines assessed (archived and closed mines are left out).
    pub total: usize,
    /// Mines per default disposition; every disposition present, zeros included.
    pub by_disposition: BTreeMap<Disposition, usize>,
    /// Mines per rule ID with a decisive (non-advisory) finding; a mine may count under
    /// several rules.
    pub by_rule: BTreeMap<RuleId, usize>,
    /// Mines per default disposition in each county, by six-digit county code.
    pub by_county: BTreeMap<String, BTreeMap<Disposition, usize>>,
}

/// The live mines of a county that may be on its batches on `as_of` (its province and the
/// standards version in force given with it, and today): when
/// the stored assessments answer for that day, only those stored on a batch (the others
/// are RETAIN and need no explanation), else all of them.
async fn batch_candidates(
    db: &DatabaseConnection,
    county: &str,
    (wanted, today): (read::Wanted<'_>, NaiveDate),
) -> AppResult<Vec<mine::Model>> {
    let scope = live(mine::Entity::find().filter(mine::Column::CountyCode.eq(county)));
    let batched: Vec<Disposition> = Disposition::ALL
        .into_iter()
        .filter(|d| Batch::of(*d).is_some())
        .collect();
    let stored = if wanted.2 == today {
        read::matching(db, scope.clone(), (&batched, None), wanted).await?
    } else {
        None
    };
    let scope = match stored {
        Some(ids) => {
            mine::Entity::find().filter(in_list(db.get_database_backend(), mine::Column::Id, ids))
        }
        None => scope,
    };
    Ok(scope.order_by_asc(mine::Column::Id).all(db).await?)
}

/// The close/exit, integrate and upgrade batches of one county (RETAIN mines are on none).
pub async fn lists(
    state: &AppState,
    viewer: Option<&Caller>,
    county_code: &str,
    as_of: NaiveDate,
) -> AppResult<RectificationLists> {
    let (db, places) = (&state.db, &*state.places.current());
    let region = mine_reader_region(viewer)?;
    let county = reference::county(db, county_code)
        .await?
        .ok_or(AppError::NotFound("县（市、区）"))?;
    if !region.contains(place_of(&county)) {
        return Err(AppError::Forbidden);
    }
    let _place = state.scans.enter().await?;
    let province = province_of(places, &county.code)?;
    let standards = standards::on(db, &state.versions, province, as_of).await?;
    let today = state.clock.today();
    let wanted = (province, standards.version_id, as_of);
    let rows = batch_candidates(db, &county.code, (wanted, today)).await?;
    let deadline = current_rectification_due(db, &county.city_code).await?;
    let mut lists = RectificationLists {
        county,
        as_of,
        standards_version: standards.version_id,
        deadline,
        close_or_exit: Vec::new(),
        integrate: Vec::new(),
        upgrade: Vec::new(),
    };
    let hidden = places.hidden_from(&region);
    for mut assessed in assess_rows(db, rows, &standards, as_of, &HashSet::new()).await? {
        scope_neighbours(&mut assessed.assessment.findings, &hidden);
        let batch = match Batch::of(assessed.assessment.disposition) {
            Some(Batch::CloseOrExit) => &mut lists.close_or_exit,
            Some(Batch::Integrate) => &mut lists.integrate,
            Some(Batch::Upgrade) => &mut lists.upgrade,
            None => continue,
        };
        batch.push(ListedMine {
            mine: MineView::for_reader(viewer, assessed.mine),
            assessment: assessed.assessment,
        });
    }
    Ok(lists)
}

/// Every county code inside `region`.
async fn region_counties(db: &DatabaseConnection, region: &Region) -> AppResult<HashSet<String>> {
    let all = reference::counties(db, None).await?;
    Ok(all
        .into_iter()
        .filter(|c| region.contains(place_of(c)))
        .map(|c| c.code)
        .collect())
}

/// The counties a summary covers: one county, one city, or the viewer's whole region
/// (`FORBIDDEN` for a county or city outside it).
pub(crate) async fn summary_counties(
    db: &DatabaseConnection,
    region: &Region,
    county: Option<&str>,
    city: Option<&str>,
) -> AppResult<Vec<String>> {
    if let Some(code) = county {
        let row = reference::county(db, code)
            .await?
            .ok_or(AppError::NotFound("县（市、区）"))?;
        return if region.contains(place_of(&row)) {
            Ok(vec![row.code])
        } else {
            Err(AppError::Forbidden)
        };
    }
    let chosen: Vec<String> = reference::counties(db, city)
        .await?
        .into_iter()
        .filter(|c| region.contains(place_of(c)))
        .map(|c| c.code)
        .collect();
    if city.is_some() && chosen.is_empty() && !matches!(region, Region::Everywhere) {
        return Err(AppError::Forbidden);
    }
    Ok(chosen)
}

/// Counts by disposition, by rule and by county.
pub async fn summary(
    state: &AppState,
    viewer: Option<&Caller>,
    county: Option<&str>,
    city: Option<&str>,
    as_of: NaiveDate,
) -> AppResult<Summary> {
    let (db, places) = (&state.db, &*state.places.current());
    let region = mine_reader_region(viewer)?;
    let counties = summary_counties(db, &region, county, city).await?;
    let provinces = counties
        .iter()
        .map(|county| province_of(places, county))
        .collect::<AppResult<BTreeSet<&str>>>()?;
    // One summary reports one standards version, so it covers one province.
    let province = match provinces.len() {
        0 => places
            .default_province()
            .ok_or_else(|| AppError::internal("no province"))?,
        1 => provinces.into_iter().next().unwrap_or_default(),
        _ => {
            return Err(AppError::invalid(
                "cityCode",
                "汇总范围须在同一省内，请指定城市或县（市、区）",
            ));
        }
    };
    let standards = standards::on(db, &state.versions, province, as_of).await?;
    let mut summary = Summary {
        as_of,
        standards_version: standards.version_id,
        total: 0,
        by_disposition: Disposition::ALL.iter().map(|d| (*d, 0)).collect(),
        by_rule: BTreeMap::new(),
        by_county: BTreeMap::new(),
    };
    if as_of == state.clock.today() {
        let wanted = (province, standards.version_id, as_of);
        if let Some(counts) = read::counts(db, &counties, wanted).await? {
            summary.add(counts);
            return Ok(summary);
        }
    }
    let scope = live(mine::Entity::find().filter(mine::Column::CountyCode.is_in(counties)));
    let _place = state.scans.enter().await?;
    summary.total = assess_each(db, scope, &standards, as_of, |mine, assessment| {
        summary.count(&mine.county_code, assessment.disposition, 1);
        for rule in assessment.decisive_rules() {
            *summary.by_rule.entry(rule).or_default() += 1;
        }
    })
    .await?;
    Ok(summary)
}

impl Summary {
    /// Counts `mines` of `county` under `disposition`.
    fn count(&mut self, county: &str, disposition: Disposition, mines: usize) {
        *self.by_disposition.entry(disposition).or_default() += mines;
        *self
            .by_county
            .entry(county.to_owned())
            .or_default()
            .entry(disposition)
            .or_default() += mines;
    }

    /// Adds the counts read from the stored assessments.
    fn add(&mut self, counts: Counts) {
        for (county, disposition, mines) in counts.by_county {
            let mines = usize::try_from(mines).unwrap_or(usize::MAX);
            self.total += mines;
            self.count(&county, disposition, mines);
        }
        for (rule, mines) in counts.by_rule {
            *self.by_rule.entry(rule).or_default() += usize::try_from(mines).unwrap_or(usize::MAX);
        }
    }
}

/// Assesses facts that are not stored (a what-if): nothing is written.
pub async fn what_if(
    state: &AppState,
    viewer: Option<&Caller>,
    draft: MineDraft,
    target_scale: Option<f64>,
    as_of: NaiveDate,
) -> AppResult<Assessment> {
    let (db, places) = (&state.db, &*state.places.current());
    let region = mine_reader_region(viewer)?;
    let facts = MineFacts::parse(draft)?;
    let county = known_county(db, &facts.county_code).await?;
    if !region.contains(place_of(&county)) {
        return Err(AppError::Forbidden);
    }
    ensure_known_mineral(db, &facts.mineral_code).await?;
    if let Some(scale) = target_scale {
        within(
            scale,
            bounds::PRODUCTION_SCALE,
            "upgradeTargetScale",
            "提升后规模（万吨/年）",
        )?;
    }
    let _place = state.scans.enter().await?;
    let province = province_of(places, &county.code)?;
    let standards = standards::on(db, &state.versions, province, as_of).await?;
    // Id 0 is never a stored mine; neighbours come only from the caller's own region, so a
    // hypothetical site cannot be used to probe mines the caller may not read.
    let own = Site::of(0, &facts);
    let probe = Probe::from(&own);
    let visible: HashSet<String> = region_counties(db, &region).await?;
    let neighbourhood =
        neighbourhood_within(db, &[probe], vec![own], &standards, Some(&visible)).await?;
    let target = target_scale.map(|target_scale| UpgradeTarget {
        target_scale,
        recoverable_reserves: None,
    });
    Ok(assess(
        Subject {
            id: 0,
            facts: &facts,
        },
        &neighbourhood,
        &standards,
        as_of,
        target,
    ))
}

/// Assessments of stored mines by id on `as_of` (for `Mine.assessment`; the mines were
/// scope-checked when they were read), worded for the viewer: neighbours outside its
/// region appear only by county.
pub async fn by_ids(
    db: &DatabaseConnection,
    places: &Places,
    versions: &VersionCache,
    viewer: Option<&Caller>,
    ids: &[i64],
    as_of: NaiveDate,
) -> AppResult<HashMap<i64, Assessment>> {
    let rows = mine::Entity::find()
        .filter(mine::Column::Id.is_in(ids.to_vec()))
        .all(db)
        .await?;
    of_rows(db, places, versions, viewer, rows, as_of).await
}

/// As [`by_ids`], for rows already read (a page assesses the rows it holds, unmasked,
/// rather than reading them again).
pub async fn of_rows(
    db: &DatabaseConnection,
    places: &Places,
    versions: &VersionCache,
    viewer: Option<&Caller>,
    rows: Vec<mine::Model>,
    as_of: NaiveDate,
) -> AppResult<HashMap<i64, Assessment>> {
    let region = mine_reader_region(viewer)?;
    let hidden = places.hidden_from(&region);
    Ok(
        assess_in_provinces(db, places, versions, rows, (as_of, &HashSet::new()))
            .await?
            .into_iter()
            .map(|mut assessed| {
                scope_neighbours(&mut assessed.assessment.findings, &hidden);
                (assessed.mine.id, assessed.assessment)
            })
            .collect(),
    )
}
