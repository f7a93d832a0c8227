//! The demo's admission story in 高平市: an approved county plan with one licensed exit due
//! this year and two iron blocks proposed for it (with the rest of its three batches, due
//! later, and its division of work), so that GraphiQL shows (docs/walkthroughs.md,
//! "Admission") a block refused for its unfinished survey, the same block admitted once 林业
//! records, the city balance refusing the second, and the feed an integrator reads once the
//! city approves the transfer plan.
//!
//! Written through the services as the officials who would do it (each step validated,
//! audited and announced as in real use), under subjects `system:demo:…`.

use chrono::{Datelike, Months, NaiveDate};
use entity::department;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::domain::access::{Caller, Role};
use crate::domain::assessment::Disposition;
use crate::domain::block::BlockDraft;
use crate::domain::codes::{BlockPriority, MiningMethod};
use crate::domain::plan::entries::{ClosureEntry, IntegrationGroup, NewMineEntry, Responsibility};
use crate::domain::spatial::boundary::GivenCorner;
use crate::domain::spatial::layer::LayerKind;
use crate::error::{AppError, AppResult};
use crate::service::admission::{clean, surveys};
use crate::service::blocks;
use crate::service::layers;
use crate::service::plans::{coordination, drafting, workflow};
use crate::service::uploads::Upload;
use crate::state::AppState;

/// 高平市, whose demo mines (ids 31–36) include exits but no CLOSE finding.
pub const COUNTY: &str = "140581";
const CITY: &str = "140500";
/// The exit on the plan due this year (EXIT-1, resources exhausted): the city's one
/// closure this year.
const EXITING_MINE: i64 = 31;
/// The rest of the county's batches, each with the months from today it is due in: the
/// exits of 32 (EXIT-2) next year, which balances block 1 when walk-through 4 carries it
/// there, and of 33 (EXIT-4) in two years; the group of 34 and 35, which share an ore body
/// (INTEGRATE-1), in two years; and 36 (INTEGRATE-2 beside a quarry of 泽州县 that must
/// close first, INTEGRATE-4 on its ridge) in the city's cross-county group with 陵川县's
/// ridge quarry 24. None of them opens a place this year.
const LATER_EXITS: [(i64, u32); 2] = [(32, 12), (33, 24)];
/// The city-coordinated group across the 陵川县–高平市 line: two ridge quarries.
const RIDGE_GROUP: [i64; 2] = [24, 36];
const ORE_BODY_GROUP: [i64; 2] = [34, 35];
/// The department whose survey record the first block still lacks.
pub const LATE_DEPARTMENT: &str = "FORESTRY";
/// The blocks: the first awaits 林业's record, the second is ready but finds no place.
pub const BLOCKS: [&str; 2] = ["【演示】高平北诗铁矿区块", "【演示】高平野川铁矿区块"];

fn acting(role: Role, who: &str, county: Option<&str>, department: Option<&str>) -> Caller {
    Caller {
        sub: format!("system:demo:{who}"),
        role,
        city: Some(CITY.into()),
        county: county.map(str::to_owned),
        department: department.map(str::to_owned),
        jti: "demo-loader".into(),
    }
}

/// The `index`th demo block, its surveyed boundary a small triangle of its own near 北诗镇.
fn block(index: usize, name: &str) -> BlockDraft {
    let north = 35.80 + 0.02 * index as f64;
    let corner = |latitude: f64, longitude: f64| GivenCorner::Degrees {
        latitude,
        longitude,
    };
    BlockDraft {
        name: name.into(),
        county_code: COUNTY.into(),
        mineral_code: "IRON".into(),
        area_km2: 1.2,
        predicted_resources: 1_500.0,
        location: "北诗镇".into(),
        designed_production_scale: Some(60.0),
        mining_method: Some(MiningMethod::Underground),
        ore_grade: None,
        priority: BlockPriority::MajorProject,
        in_master_plan: Some(true),
        corners: vec![
            corner(north, 112.90),
            corner(north + 0.01, 112.90),
            corner(north + 0.01, 112.91),
        ],
        mining_land: Some("采矿用地约15公顷，已纳入国土空间规划".into()),
    }
}

/// (south, west) and (north, east) corners, degrees.
type Rectangle = [(f64, f64); 2];

/// The demo's reference layers, each (kind, name, [(south, west), (north, east)] of its one
/// rectangle): a red line touching the first block's north-east corner only, and permanent
/// farmland over the second block's east part — an overlap the screen shows and the
/// survey must settle, not one that forbids the block.
const LAYERS: [(LayerKind, &str, Rectangle); 2] = [
    (
        LayerKind::EcologicalRedLine,
        "【演示】北诗生态保护红线",
        [(35.81, 112.91), (35.815, 112.92)],
    ),
    (
        LayerKind::BasicFarmland,
        "【演示】野川永久基本农田",
        [(35.815, 112.905), (35.835, 112.92)],
    ),
];

/// Imports [`LAYERS`] as the city admin would, each as a one-feature GeoJSON file.
async fn import_layers(state: &AppState, admin: &Caller) -> AppResult<()> {
    for (kind, name, [(south, west), (north, east)]) in LAYERS {
        let ring = [
            [west, south],
            [east, south],
            [east, north],
            [west, north],
            [west, south],
        ];
        let file = serde_json::json!({"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {"name": name},
             "geometry": {"type": "Polygon", "coordinates": [ring]}}]});
        let new = layers::NewLayer {
            kind,
            name: name.into(),
            reason: "【演示】参考图层".into(),
        };
        let upload = Upload::from_bytes("demo.geojson", file.to_string().into_bytes());
        layers::import(state, Some(admin), None, new, upload).await?;
    }
    Ok(())
}

/// Tells the story up to the point the walk-through of docs/walkthroughs.md takes over.
pub async fn tell(state: &AppState) -> AppResult<()> {
    let clock = state.clock.as_ref();
    let admin = acting(Role::CityAdmin, "city-admin", None, None);
    import_layers(state, &admin).await?;
    let mut block_ids = Vec::new();
    for (index, name) in BLOCKS.iter().enumerate() {
        block_ids.push(
            blocks::create(&state.db, clock, Some(&admin), block(index, name))
                .await?
                .id,
        );
    }
    let ridge = IntegrationGroup {
        mine_ids: RIDGE_GROUP.to_vec(),
        unified_name: "【演示】陵川高平山脊整合采石场".into(),
        unified_holder: None,
        target_scale: None,
        complete_by: later(state, 24)?,
    };
    let ridge = coordination::create(state, Some(&admin), ridge)
        .await?
        .group
        .id;
    file_plan(state, &block_ids, ridge).await?;
    let participants = department::Entity::find()
        .filter(department::Column::SurveyParticipant.eq(true))
        .order_by_asc(department::Column::SortOrder)
        .all(&state.db)
        .await?;
    for (n, &block_id) in block_ids.iter().enumerate() {
        for participant in &participants {
            if n == 0 && participant.code == LATE_DEPARTMENT {
                continue;
            }
            let reviewer = acting(
                Role::DepartmentReviewer,
                &participant.code.to_lowercase(),
                None,
                Some(&participant.code),
            );
            let finding = surveys::Finding {
                department: participant.code.clone(),
                conflict: false,
                obstacle: None,
                note: Some("【演示】现场踏勘无冲突".into()),
            };
            surveys::record(state, Some(&reviewer), block_id, finding).await?;
        }
        clean::confirm(state, Some(&admin), block_id, Some("【演示】净矿出让"), &[]).await?;
    }
    Ok(())
}

/// `months` from today.
fn later(state: &AppState, months: u32) -> AppResult<NaiveDate> {
    state
        .clock
        .today()
        .checked_add_months(Months::new(months))
        .ok_or_else(|| AppError::internal("date out of range"))
}

/// The batches of 高平市's plan due later: [`LATER_EXITS`] and [`ORE_BODY_GROUP`].
async fn later_batches(state: &AppState, official: &Caller, plan: i64) -> AppResult<()> {
    for (mine_id, months) in LATER_EXITS {
        let entry = ClosureEntry {
            mine_id,
            method: Disposition::Exit,
            close_by: later(state, months)?,
            restoration_due_by: Some(later(state, months + 12)?),
        };
        drafting::add_closure(state, Some(official), plan, entry).await?;
    }
    let group = IntegrationGroup {
        mine_ids: ORE_BODY_GROUP.to_vec(),
        unified_name: "【演示】高平熔剂灰岩整合矿山".into(),
        unified_holder: None,
        target_scale: None,
        complete_by: later(state, 24)?,
    };
    drafting::add_integration(state, Some(official), plan, group).await?;
    Ok(())
}

/// 高平市's plan: mine 31 exits today, both blocks proposed for this year, the division of
/// work, and the rest of its batches (joining the city's `ridge` group); submitted and
/// approved.
async fn file_plan(state: &AppState, block_ids: &[i64], ridge: i64) -> AppResult<()> {
    let today = state.clock.today();
    let official = acting(Role::CountyOfficial, "gaoping", Some(COUNTY), None);
    let approver = acting(Role::CityApprover, "city-approver", None, None);
    let plan = drafting::create(state, Some(&official), COUNTY)
        .await?
        .plan
        .id;
    let restored_by = later(state, 12)?;
    drafting::add_closure(
        state,
        Some(&official),
        plan,
        ClosureEntry {
            mine_id: EXITING_MINE,
            method: Disposition::Exit,
            close_by: today,
            restoration_due_by: Some(restored_by),
        },
    )
    .await?;
    for &block_id in block_ids {
        drafting::add_new_mine(
            state,
            Some(&official),
            plan,
            NewMineEntry {
                block_id,
                transfer_year: today.year(),
            },
        )
        .await?;
    }
    drafting::add_responsibility(
        state,
        Some(&official),
        plan,
        Responsibility {
            task: "【演示】组织引导退出和新设区块踏勘".into(),
            unit: "高平市自然资源局".into(),
            due_by: today,
        },
    )
    .await?;
    later_batches(state, &official, plan).await?;
    drafting::join(state, Some(&official), plan, ridge).await?;
    workflow::submit(state, Some(&official), plan).await?;
    workflow::approve(state, Some(&approver), plan).await?;
    Ok(())
}
