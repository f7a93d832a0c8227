//! Who a mine's neighbours are: mines sharing its ore body (INTEGRATE-1) and mines of its
//! type close enough to break the distance rule (INTEGRATE-2), found through a grid so that
//! a city of many thousand mines is not compared pair by pair. A mine is placed in the grid
//! by its position; one with a licensed boundary reaches further by the boundary's reach,
//! and a search widens by the reach of both mines so that no pair of boundaries closer than
//! the rule's distance is missed (docs/rules.md, "Distance between mines").

use std::collections::{HashMap, HashSet};

use crate::domain::codes::{CountyCode, MineralCode, MiningMethod};
use crate::domain::mine::MineFacts;
use crate::domain::spatial::separation::{
    Footprint, Separation, great_circle_m, reach_m, separation,
};

/// Metres per degree of latitude, rounded down so grid cells are never too small.
const METRES_PER_DEGREE: f64 = 110_574.0;

/// Degrees per side of a stored grid cell (about 440 m north–south): the 3 × 3 cells around
/// a position hold every point within 300 m, the INTEGRATE-2 distance (migration 19 set
/// the stored cells to this size).
const GRID_DEGREES: f64 = 0.004;
/// Cells per degree, and the factor that packs a cell's row and column into one id.
const CELLS_PER_DEGREE: f64 = 250.0;
const ROW_FACTOR: i64 = 100_000;

/// The stored grid cell of a position: the database keeps it on each mine, so that the
/// mines near a point are a lookup of a few cell ids (positions are in China, so positive).
pub fn grid_cell((lat, lon): (f64, f64)) -> i64 {
    (lat * CELLS_PER_DEGREE).floor() as i64 * ROW_FACTOR + (lon * CELLS_PER_DEGREE).floor() as i64
}

/// The grid cells that hold every point within `distance_m` metres of `position`.
pub fn cells_within((lat, lon): (f64, f64), distance_m: f64) -> Vec<i64> {
    let lat_rings = (distance_m / (METRES_PER_DEGREE * GRID_DEGREES)).ceil() as i64;
    let lon_metres = METRES_PER_DEGREE * GRID_DEGREES * lat.abs().min(89.0).to_radians().cos();
    let lon_rings = (distance_m / lon_metres).ceil() as i64;
    let centre = grid_cell((lat, lon));
    let mut cells = Vec::new();
    for row in -lat_rings..=lat_rings {
        for column in -lon_rings..=lon_rings {
            cells.push(centre + row * ROW_FACTOR + column);
        }
    }
    cells
}

/// A mine as a neighbour: only what the integration rules compare.
#[derive(Debug, Clone, PartialEq)]
pub struct Site {
    /// The mine's id.
    pub id: i64,
    /// The mine's county: a reader outside it learns only that such a neighbour exists.
    pub county_code: CountyCode,
    /// 采矿权人; INTEGRATE-1 needs partners held by someone else.
    pub holder: String,
    /// Mineral code; INTEGRATE-2 compares only mines of the same mineral.
    pub mineral_code: MineralCode,
    /// Mining method; INTEGRATE-2 compares only mines of the same method.
    pub mining_method: MiningMethod,
    /// Ore body the mine works (INTEGRATE-1); `None` when not recorded.
    pub ore_body_id: Option<String>,
    /// (latitude, longitude) in degrees.
    pub position: Option<(f64, f64)>,
    /// Licensed boundary corners (latitude, longitude) in degrees; empty without one.
    pub boundary: Vec<(f64, f64)>,
}

impl Site {
    /// The site of a mine with `facts`, stored as `id` (a what-if's subject is id 0).
    pub fn of(id: i64, facts: &MineFacts) -> Self {
        Self {
            id,
            county_code: facts.county().clone(),
            holder: facts.holder.clone(),
            mineral_code: facts.mineral().clone(),
            mining_method: facts.mining_method,
            ore_body_id: facts.ore_body_id.clone(),
            position: facts.latitude.zip(facts.longitude),
            boundary: facts.boundary().to_vec(),
        }
    }

    /// What INTEGRATE-2 measures from: the boundary, else the position.
    pub fn footprint(&self) -> Option<Footprint<'_>> {
        if self.boundary.is_empty() {
            self.position.map(Footprint::Position)
        } else {
            Some(Footprint::Boundary(&self.boundary))
        }
    }

    /// How far the boundary reaches from the position, metres (0 without one).
    fn reach_m(&self) -> f64 {
        self.position
            .map_or(0.0, |position| reach_m(position, &self.boundary))
    }
}

/// Where a subject stands for the distance rule: its position (where the grid finds it),
/// what is measured from, and how far that reaches beyond the position.
#[derive(Debug, Clone, Copy)]
pub struct Origin<'a> {
    /// (latitude, longitude), degrees.
    pub position: (f64, f64),
    /// The boundary, or the position again.
    pub footprint: Footprint<'a>,
    /// The boundary's reach from the position, metres.
    pub reach_m: f64,
}

impl<'a> Origin<'a> {
    /// A mine known only by its position.
    pub fn at(position: (f64, f64)) -> Self {
        Self {
            position,
            footprint: Footprint::Position(position),
            reach_m: 0.0,
        }
    }

    /// The origin of a mine with `facts`; `None` without a position.
    pub fn of(facts: &'a MineFacts) -> Option<Self> {
        Some(Self {
            position: facts.latitude.zip(facts.longitude)?,
            footprint: facts.footprint()?,
            reach_m: facts.reach_m().unwrap_or(0.0),
        })
    }
}

/// The sites around the mines being assessed, indexed by ore body and by grid cell.
#[derive(Debug, Clone, Default)]
pub struct Neighbourhood {
    sites: Vec<Site>,
    by_ore_body: HashMap<String, Vec<usize>>,
    grid: HashMap<(i64, i64), Vec<usize>>,
    cell_lat: f64,
    cell_lon: f64,
    /// Each site's boundary reach, metres, by index: a pair farther apart than the rule's
    /// distance and both reaches cannot meet it, told without measuring the boundaries.
    reaches: Vec<f64>,
    /// The greatest reach of any site's boundary, metres: a search widens by it.
    max_reach_m: f64,
}

/// A search around positions widens by the reaches, and by this share of the whole on top:
/// reaches are measured on the sphere, distances between boundaries in a zone's plane.
const SEARCH_MARGIN: f64 = 1.01;

impl Neighbourhood {
    /// Indexes `sites` with grid cells at least `cell_m` metres wide, in id order: a
    /// finding that lists several partners lists them the same way whatever order the
    /// sites were read in (a stored finding's digest depends on it).
    pub fn new(mut sites: Vec<Site>, cell_m: f64) -> Self {
        sites.sort_by_key(|site| site.id);
        let reaches: Vec<f64> = sites.iter().map(Site::reach_m).collect();
        let max_reach_m = reaches.iter().copied().fold(0.0, f64::max);
        // Cells as wide as the widest reach keep a search within a few rings of cells.
        let cell_m = cell_m.max(max_reach_m).max(1.0);
        let max_lat = sites
            .iter()
            .filter_map(|site| site.position.map(|(lat, _)| lat.abs()))
            .fold(0.0_f64, f64::max)
            .min(89.0);
        // A degree of longitude is shortest at the highest latitude present.
        let cell_lat = cell_m / METRES_PER_DEGREE;
        let cell_lon = cell_m / (METRES_PER_DEGREE * max_lat.to_radians().cos());
        let mut by_ore_body: HashMap<String, Vec<usize>> = HashMap::new();
        let mut grid: HashMap<(i64, i64), Vec<usize>> = HashMap::new();
        for (i, site) in sites.iter().enumerate() {
            if let Some(ore) = &site.ore_body_id {
                by_ore_body.entry(ore.clone()).or_default().push(i);
            }
            if let Some(position) = site.position {
                grid.entry(cell(position, cell_lat, cell_lon))
                    .or_default()
                    .push(i);
            }
        }
        Self {
            sites,
            by_ore_body,
            grid,
            cell_lat,
            cell_lon,
            reaches,
            max_reach_m,
        }
    }

    /// The same neighbourhood without the sites `gone`: a plan that closes or exits a mine
    /// reads its partners' findings as if it had left (an integration finding lapses when
    /// the partner causing it exits), and the rules then see whoever else is near.
    pub fn without(self, gone: &HashSet<i64>) -> Self {
        if gone.is_empty() {
            return self;
        }
        let cell_m = self.cell_lat * METRES_PER_DEGREE;
        let sites = self
            .sites
            .into_iter()
            .filter(|site| !gone.contains(&site.id))
            .collect();
        Self::new(sites, cell_m)
    }

    /// Other sites on `ore_body` held by someone other than `holder`.
    pub fn ore_body_partners(&self, id: i64, ore_body: &str, holder: &str) -> Vec<&Site> {
        self.by_ore_body
            .get(ore_body)
            .into_iter()
            .flatten()
            .map(|&i| &self.sites[i])
            .filter(|site| site.id != id && site.holder != holder)
            .collect()
    }

    /// Other sites whose boundary overlaps `boundary` (interiors meeting), held by someone
    /// other than `holder`: INTEGRATE-1's hint of an ore body shared but not recorded.
    pub fn overlapping(&self, id: i64, origin: Origin<'_>, holder: &str) -> Vec<&Site> {
        if !matches!(origin.footprint, Footprint::Boundary(_)) {
            return Vec::new();
        }
        self.around(origin, 0.0)
            .into_iter()
            .filter(|site| site.id != id && site.holder != holder && !site.boundary.is_empty())
            .filter(|site| {
                site.footprint()
                    .and_then(|theirs| separation(origin.footprint, theirs))
                    .is_some_and(|apart| apart.overlapping)
            })
            .collect()
    }

    /// The nearest other site of the same mineral and method within `limit_m` metres of
    /// `origin` (inclusive: the rule requires more than the limit), measured as
    /// [`separation`] does, with the measure used.
    pub fn nearest_within(
        &self,
        id: i64,
        origin: Origin<'_>,
        (mineral, method): (&str, MiningMethod),
        limit_m: f64,
    ) -> Option<(&Site, Separation)> {
        self.around(origin, limit_m)
            .into_iter()
            .filter(|site| {
                site.id != id && site.mineral_code == mineral && site.mining_method == method
            })
            .filter_map(|site| {
                let apart = separation(origin.footprint, site.footprint()?)?;
                (apart.distance_m <= limit_m).then_some((site, apart))
            })
            .min_by(nearer)
    }

    /// Every site whose footprint may lie within `limit_m` of `origin`'s: those whose
    /// position lies within the limit and both reaches of `origin`'s position, read from
    /// the grid cells around it (widened by the widest reach present).
    fn around(&self, origin: Origin<'_>, limit_m: f64) -> Vec<&Site> {
        let radius = (limit_m + origin.reach_m + self.max_reach_m) * SEARCH_MARGIN;
        let cell_m = self.cell_lat * METRES_PER_DEGREE;
        let rings = (radius / cell_m).ceil().max(1.0) as i64;
        let may_meet = |&i: &usize| {
            let (site, reach) = (&self.sites[i], self.reaches[i]);
            site.position.is_some_and(|position| {
                let bound = (limit_m + origin.reach_m + reach) * SEARCH_MARGIN;
                great_circle_m(origin.position, position) <= bound
            })
        };
        if rings > MAX_RINGS {
            // Cells far finer than the search: reading every site costs less.
            let all = 0..self.sites.len();
            return all.filter(may_meet).map(|i| &self.sites[i]).collect();
        }
        let (row, col) = cell(origin.position, self.cell_lat, self.cell_lon);
        (row - rings..=row + rings)
            .flat_map(|r| (col - rings..=col + rings).map(move |c| (r, c)))
            .filter_map(|key| self.grid.get(&key))
            .flatten()
            .copied()
            .filter(may_meet)
            .map(|i| &self.sites[i])
            .collect()
    }
}

/// Past this many rings of cells around a position a search reads every site instead.
const MAX_RINGS: i64 = 16;

fn cell((lat, lon): (f64, f64), cell_lat: f64, cell_lon: f64) -> (i64, i64) {
    (
        (lat / cell_lat).floor() as i64,
        (lon / cell_lon).floor() as i64,
    )
}

/// The nearer of two candidates; of two at the same distance, the one with the smaller id,
/// so that a finding names the same neighbour whatever order the sites were read in.
fn nearer(a: &(&Site, Separation), b: &(&Site, Separation)) -> std::cmp::Ordering {
    a.1.distance_m
        .total_cmp(&b.1.distance_m)
        .then(a.0.id.cmp(&b.0.id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::codes::test_codes::{county, mineral};

    /// INTEGRATE-1: the partners on an ore body come in id order, whatever order the sites
    /// were read in.
    #[test]
    fn ore_body_partners_come_in_id_order() {
        let on_body = |id: i64| Site {
            id,
            county_code: county("140525"),
            holder: format!("权人{id}"),
            mineral_code: mineral("IRON"),
            mining_method: MiningMethod::Underground,
            ore_body_id: Some("OB-1".into()),
            position: None,
            boundary: Vec::new(),
        };
        for order in [[9, 4, 6, 1], [1, 6, 4, 9]] {
            let neighbourhood =
                Neighbourhood::new(order.iter().map(|&id| on_body(id)).collect(), 300.0);
            let partners: Vec<i64> = neighbourhood
                .ore_body_partners(6, "OB-1", "权人6")
                .iter()
                .map(|site| site.id)
                .collect();
            assert_eq!(partners, [1, 4, 9], "{order:?}");
        }
    }

    /// INTEGRATE-2: of two neighbours at the same distance the one with the smaller id is
    /// named, in whatever order the sites were read (a stored finding must not depend on it).
    #[test]
    fn of_two_equally_near_neighbours_the_smaller_id_is_named() {
        // Offsets of 2⁻⁹ degree either side are exact in binary: the two are equally near.
        let at = |id: i64, longitude: f64| Site {
            id,
            county_code: county("140525"),
            holder: format!("权人{id}"),
            mineral_code: mineral("BUILDING_STONE"),
            mining_method: MiningMethod::OpenPit,
            ore_body_id: None,
            position: Some((35.0, longitude)),
            boundary: Vec::new(),
        };
        for order in [[7, 3], [3, 7]] {
            let sites: Vec<Site> = order
                .iter()
                .map(|&id| {
                    at(
                        id,
                        if id == 7 {
                            112.501_953_125
                        } else {
                            112.498_046_875
                        },
                    )
                })
                .chain([at(5, 112.5)])
                .collect();
            for cell_m in [300.0, 100.0] {
                let neighbourhood = Neighbourhood::new(sites.clone(), cell_m);
                let near = neighbourhood.nearest_within(
                    5,
                    Origin::at((35.0, 112.5)),
                    ("BUILDING_STONE", MiningMethod::OpenPit),
                    300.0,
                );
                assert_eq!(near.map(|(site, _)| site.id), Some(3), "{order:?} {cell_m}");
            }
        }
    }

    #[test]
    fn a_cell_packs_the_quarter_thousandths_of_latitude_and_longitude() {
        // 35.5012 × 250 = 8875.3; 112.8399 × 250 = 28209.975.
        assert_eq!(grid_cell((35.5012, 112.8399)), 8875 * 100_000 + 28209);
        assert_eq!(grid_cell((35.0, 112.0)), 8750 * 100_000 + 28000);
    }

    /// A 300 m search (INTEGRATE-2's distance) reads the 3 × 3 cells around a position at
    /// 晋城市's latitude, no more.
    #[test]
    fn a_300_metre_search_reads_nine_cells() {
        assert_eq!(cells_within((35.5, 112.8), 300.0).len(), 9);
    }

    /// INTEGRATE-2: every mine the distance rule could reach lies in the cells searched,
    /// in every direction and across cell edges.
    #[test]
    fn the_cells_around_a_point_hold_everything_within_the_distance() {
        for origin in [
            (35.5, 112.8),
            (35.503_99, 112.803_99),
            (35.500_01, 112.800_01),
            (53.9, 135.9),
        ] {
            let cells = cells_within(origin, 300.0);
            for step in 0..72 {
                let bearing = f64::from(step) * 5.0_f64.to_radians();
                let dlat = 299.0 * bearing.cos() / 111_320.0;
                let dlon = 299.0 * bearing.sin() / (111_320.0 * origin.0.to_radians().cos());
                let point = (origin.0 + dlat, origin.1 + dlon);
                assert!(great_circle_m(origin, point) < 300.0);
                assert!(
                    cells.contains(&grid_cell(point)),
                    "{point:?} near {origin:?} is outside the cells searched"
                );
            }
        }
    }
}
