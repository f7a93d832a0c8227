//! What a row of a plan attachment makes beyond what it reads (docs/rules.md): the block
//! a row of attachment 4 names when the county has not planned it yet, and what a row says
//! differently of a block or mine already registered.

use crate::domain::block::BlockDraft;
use crate::domain::codes::BlockPriority;
use crate::domain::import::attachments::{self as layout, NewMineRow, StatedMine};
use crate::domain::import::{Problem, paper_precision};
use crate::domain::spatial::boundary::given_degrees;
use crate::domain::spatial::corner_text::paper_corners;

/// The block that `row` names, new in `county_code`. The seed's seven columns are enough:
/// what the form lacks (designed scale, mining method, master-plan fit) stays unstated, and
/// eligibility names it until `updateBlock` states it; the priority defaults to none.
pub fn new_block(row: &NewMineRow, county_code: &str) -> BlockDraft {
    BlockDraft {
        name: row.name.clone(),
        county_code: county_code.to_owned(),
        mineral_code: row.mineral_code.clone(),
        area_km2: row.area_km2,
        predicted_resources: row.predicted_resources,
        location: row.location.clone(),
        designed_production_scale: row.designed_scale,
        mining_method: row.mining_method,
        ore_grade: None,
        priority: row.priority.unwrap_or(BlockPriority::None),
        in_master_plan: row.in_master_plan,
        corners: row.corners.clone(),
        mining_land: None,
    }
}

/// A registered block's facts that a row of attachment 4 also gives.
#[derive(Debug, Clone, PartialEq)]
pub struct KnownBlock<'a> {
    pub mineral_code: &'a str,
    pub area_km2: f64,
    pub predicted_resources: f64,
    pub location: &'a str,
    /// `None` while the block has not stated it.
    pub designed_scale: Option<f64>,
    /// The boundary's corners in degrees; empty without one.
    pub corners: &'a [(f64, f64)],
}

/// Each fact where `row` (sheet row `line`) differs from the registered block, as a problem
/// naming its column: the import neither drops the paper's figure silently nor overwrites
/// the surveyed one; the block is corrected through `updateBlock`, or the paper is.
/// Figures equal to a spreadsheet's precision (15 significant digits) are equal.
pub fn block_differences(row: &NewMineRow, known: &KnownBlock<'_>, line: u32) -> Vec<Problem> {
    let differs = |paper: f64, stored: f64| paper_precision(paper) != paper_precision(stored);
    let mut found = Vec::new();
    let mut note = |column: &str, stored: String, paper: String| {
        found.push(Problem::new(
            line,
            column,
            format!("与已登记的规划区块不一致：登记为{stored}，本表为{paper}；请以 updateBlock 更正区块或改正本表"),
        ));
    };
    if row.mineral_code != known.mineral_code {
        note(
            layout::MINERAL,
            known.mineral_code.into(),
            row.mineral_code.clone(),
        );
    }
    if differs(row.area_km2, known.area_km2) {
        note(
            layout::AREA,
            known.area_km2.to_string(),
            row.area_km2.to_string(),
        );
    }
    if differs(row.predicted_resources, known.predicted_resources) {
        let (stored, paper) = (known.predicted_resources, row.predicted_resources);
        note(layout::PREDICTED, stored.to_string(), paper.to_string());
    }
    if row.location != known.location {
        note(
            layout::LOCATION,
            known.location.into(),
            row.location.clone(),
        );
    }
    match (row.designed_scale, known.designed_scale) {
        (Some(paper), Some(stored)) if differs(paper, stored) => {
            note(layout::DESIGNED, stored.to_string(), paper.to_string());
        }
        (Some(paper), None) => note(layout::DESIGNED, "未填".into(), paper.to_string()),
        _ => {}
    }
    // Corners compare as the cell writes them, to the centimetre; a cell left blank keeps
    // the registered boundary.
    if !row.corners.is_empty() {
        let (paper, stored) = (
            paper_corners(&row.corners),
            paper_corners(&given_degrees(known.corners)),
        );
        if paper != stored {
            let stored = if stored.is_empty() {
                "未填".into()
            } else {
                stored
            };
            note(layout::CORNERS, stored, paper);
        }
    }
    found
}

/// A registered mine's facts that a row of attachment 2 or 3 may also state.
#[derive(Debug, Clone, PartialEq)]
pub struct KnownMine<'a> {
    pub name: &'a str,
    pub mineral_code: &'a str,
    pub scale: f64,
}

/// Each fact `stated` by a row (sheet row `line`, its scale in `scale_column`) that the
/// registry records otherwise, as a problem naming its cell: a list that names one mine
/// and describes another must not pass. The name counts only for a row that names its
/// mine by licence (a row naming it by name agrees by construction).
pub fn mine_differences(
    (stated, by_licence): (&StatedMine, bool),
    known: &KnownMine<'_>,
    line: u32,
    scale_column: &'static str,
) -> Vec<Problem> {
    let differ = |column: &str, stored: &str, paper: &str| {
        Problem::new(
            line,
            column,
            format!("与名录不一致：名录为{stored}，本表为{paper}；请核对后改正名录或本表"),
        )
    };
    let mut found = Vec::new();
    if let Some(name) = stated
        .name
        .as_deref()
        .filter(|n| by_licence && *n != known.name)
    {
        found.push(differ(layout::NAME, known.name, name));
    }
    if let Some(code) = stated
        .mineral_code
        .as_deref()
        .filter(|c| *c != known.mineral_code)
    {
        found.push(differ(layout::MINERAL, known.mineral_code, code));
    }
    if let Some(scale) = stated
        .scale
        .filter(|s| paper_precision(*s) != paper_precision(known.scale))
    {
        found.push(differ(
            scale_column,
            &known.scale.to_string(),
            &scale.to_string(),
        ));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::block::BlockFact;
    use crate::domain::codes::MiningMethod;

    fn row() -> NewMineRow {
        NewMineRow {
            name: "东山石料区块".into(),
            mineral_code: "BUILDING_STONE".into(),
            area_km2: 0.5,
            predicted_resources: 800.0,
            location: "东山村".into(),
            transfer_year: 2026,
            designed_scale: Some(50.0),
            mining_method: Some(MiningMethod::Underground),
            priority: None,
            in_master_plan: Some(true),
            corners: Vec::new(),
        }
    }

    #[test]
    fn a_known_block_that_the_row_describes_otherwise_is_a_problem_per_fact() {
        let known = KnownBlock {
            mineral_code: "BUILDING_STONE",
            area_km2: 0.5,
            predicted_resources: 800.0,
            location: "东山村",
            designed_scale: Some(50.0),
            corners: &[],
        };
        let columns = |spoil: fn(&mut NewMineRow)| {
            let mut read = row();
            spoil(&mut read);
            block_differences(&read, &known, 9)
                .into_iter()
                .map(|p| (p.row, p.column))
                .collect::<Vec<_>>()
        };
        assert_eq!(columns(|_| {}), vec![], "the same block");
        assert_eq!(
            columns(|r| r.area_km2 = 0.499_999_999_999_999_94),
            vec![],
            "equal to a spreadsheet's precision"
        );
        assert_eq!(
            columns(|r| r.designed_scale = None),
            vec![],
            "a column left out"
        );
        assert_eq!(
            columns(|r| {
                r.area_km2 = 0.8;
                r.location = "西山村".into();
            }),
            vec![
                (9, layout::AREA.to_owned()),
                (9, layout::LOCATION.to_owned())
            ]
        );
        assert_eq!(
            columns(|r| {
                r.mineral_code = "LIMESTONE".into();
                r.predicted_resources = 900.0;
                r.designed_scale = Some(60.0);
            }),
            vec![
                (9, layout::MINERAL.to_owned()),
                (9, layout::PREDICTED.to_owned()),
                (9, layout::DESIGNED.to_owned())
            ]
        );
        // NEW-4's corners: a boundary on paper that is not the registered one is named;
        // the same boundary in the other notation is the same to the centimetre.
        let registered = [(35.5, 112.8), (35.5, 112.81), (35.51, 112.81)];
        let surveyed = KnownBlock {
            corners: &registered,
            ..known.clone()
        };
        let with_corners = |corners: Vec<(f64, f64)>| {
            let mut read = row();
            read.corners = given_degrees(&corners);
            block_differences(&read, &surveyed, 9)
                .into_iter()
                .map(|p| p.column)
                .collect::<Vec<_>>()
        };
        assert_eq!(with_corners(registered.to_vec()), Vec::<String>::new());
        assert_eq!(with_corners(Vec::new()), Vec::<String>::new(), "left blank");
        let moved = vec![(35.5, 112.8), (35.5, 112.82), (35.51, 112.82)];
        assert_eq!(with_corners(moved.clone()), [layout::CORNERS]);
        let read = NewMineRow {
            corners: given_degrees(&moved),
            ..row()
        };
        let unsurveyed = block_differences(&read, &known, 9);
        assert!(
            unsurveyed[0].message.contains("登记为未填"),
            "{unsurveyed:?}"
        );
        let unstated = KnownBlock {
            designed_scale: None,
            ..known.clone()
        };
        let stated_on_paper = block_differences(&row(), &unstated, 9);
        assert_eq!(
            stated_on_paper
                .iter()
                .map(|p| p.column.as_str())
                .collect::<Vec<_>>(),
            [layout::DESIGNED],
            "a figure the block has not stated yet is a change, not dropped"
        );
    }

    #[test]
    fn a_row_that_describes_its_mine_otherwise_than_the_registry_is_a_problem() {
        let known = KnownMine {
            name: "甲矿",
            mineral_code: "IRON",
            scale: 30.0,
        };
        let stated = |name: Option<&str>, mineral: Option<&str>, scale: Option<f64>| StatedMine {
            name: name.map(str::to_owned),
            mineral_code: mineral.map(str::to_owned),
            scale,
        };
        let columns = |row: StatedMine, by_licence: bool| {
            mine_differences((&row, by_licence), &known, 4, layout::SCALE)
                .into_iter()
                .map(|p| p.column)
                .collect::<Vec<_>>()
        };
        assert!(
            columns(StatedMine::default(), true).is_empty(),
            "blank says nothing"
        );
        assert!(columns(stated(Some("甲矿"), Some("IRON"), Some(30.0)), true).is_empty());
        assert_eq!(
            columns(stated(Some("乙矿"), Some("LIMESTONE"), Some(31.0)), true),
            [layout::NAME, layout::MINERAL, layout::SCALE]
        );
        assert!(
            columns(stated(Some("乙矿"), None, None), false).is_empty(),
            "a row that names its mine by name agrees on it"
        );
    }

    #[test]
    fn a_new_block_from_the_seeds_seven_columns_leaves_the_rest_unstated() {
        type Case = (&'static str, fn(&mut NewMineRow), &'static [BlockFact]);
        let cases: [Case; 3] = [
            ("every column given", |_| {}, &[]),
            (
                "only the seed's seven columns",
                |r| {
                    r.designed_scale = None;
                    r.mining_method = None;
                    r.in_master_plan = None;
                },
                &BlockFact::ALL,
            ),
            (
                "fit given as no is stated",
                |r| {
                    r.in_master_plan = Some(false);
                    r.mining_method = None;
                },
                &[BlockFact::MiningMethod],
            ),
        ];
        for (case, spoil, unstated) in cases {
            let mut read = row();
            spoil(&mut read);
            let draft = new_block(&read, "140121");
            assert_eq!(draft.county_code, "140121", "{case}");
            assert_eq!(draft.priority, BlockPriority::None, "{case}");
            assert_eq!(
                draft.designed_production_scale, read.designed_scale,
                "{case}"
            );
            assert_eq!(draft.unstated(), unstated, "{case}");
        }
    }
}
