//! The synthetic mines themselves: a seeded stream of drafts whose mix of minerals,
//! scales, statuses and defects makes every disposition and rule appear. Every draw is
//! made in one fixed order, so that a seed always gives the same mines.

use chrono::{Days, NaiveDate};

use crate::domain::codes::{HolderType, LicenceLevel, MiningMethod, OperatingStatus};
use crate::domain::mine::MineDraft;

/// A small, fast, seedable generator (SplitMix64): reproducible without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// True with probability `p`.
    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// Uniform in [0, n).
    fn below(&mut self, n: usize) -> usize {
        (self.unit() * n as f64) as usize % n.max(1)
    }

    /// Log-uniform in [low, high]: small mines are many, large ones few.
    fn log_between(&mut self, low: f64, high: f64) -> f64 {
        (low.ln() + self.unit() * (high.ln() - low.ln())).exp()
    }

    /// A day within `days` before or after `around`.
    fn day_near(&mut self, around: NaiveDate, before: u64, after: u64) -> NaiveDate {
        let offset = self.below((before + after + 1) as usize) as u64;
        let moved = if offset < before {
            around.checked_sub_days(Days::new(before - offset))
        } else {
            around.checked_add_days(Days::new(offset - before))
        };
        moved.unwrap_or(around)
    }
}

/// How often each mineral occurs (Jincheng: mostly quarries and limestone), and how it is
/// worked; a mineral of the database not listed here is rare and open-pit.
const MINERAL_MIX: &[(&str, u32, MiningMethod)] = &[
    ("BUILDING_STONE", 30, MiningMethod::OpenPit),
    ("CEMENT_LIMESTONE", 12, MiningMethod::OpenPit),
    ("CONSTRUCTION_SAND", 10, MiningMethod::OpenPit),
    ("IRON", 8, MiningMethod::Underground),
    ("BAUXITE", 6, MiningMethod::Underground),
    ("FLUX_LIMESTONE", 5, MiningMethod::OpenPit),
    ("DOLOMITE", 4, MiningMethod::OpenPit),
    ("BUILDING_DOLOMITE", 4, MiningMethod::OpenPit),
    ("BRICK_SHALE", 4, MiningMethod::OpenPit),
    ("BRICK_CLAY", 4, MiningMethod::OpenPit),
    ("REFRACTORY_CLAY", 3, MiningMethod::Underground),
    ("PYRITE", 2, MiningMethod::Underground),
];

/// A mineral of the mix, its weight and how it is usually worked.
type Mineral = (String, u32, MiningMethod);

/// One county's place on the synthetic map: mines scatter around its centre.
struct Area {
    code: String,
    centre: (f64, f64),
}

/// An endless, reproducible stream of synthetic mines over some counties.
pub struct Generator {
    rng: Rng,
    areas: Vec<Area>,
    minerals: Vec<Mineral>,
    today: NaiveDate,
    next_number: u64,
}

impl Generator {
    /// Mines over `counties` (laid out side by side on the map) recorded on `today`,
    /// numbered from `first_number` (numbers make names and licence numbers unique).
    pub fn new(seed: u64, counties: Vec<String>, today: NaiveDate, first_number: u64) -> Self {
        let areas = counties
            .into_iter()
            .enumerate()
            .map(|(i, code)| Area {
                code,
                centre: (34.8 + 0.6 * (i / 10) as f64, 111.0 + 0.6 * (i % 10) as f64),
            })
            .collect();
        Self {
            rng: Rng(seed ^ first_number.rotate_left(17)),
            areas,
            minerals: MINERAL_MIX
                .iter()
                .map(|(code, weight, method)| ((*code).to_owned(), *weight, *method))
                .collect(),
            today,
            next_number: first_number,
        }
    }

    /// Keeps only the minerals a database knows.
    pub(super) fn only_minerals(mut self, known: &[String]) -> Self {
        self.minerals.retain(|(code, _, _)| known.contains(code));
        self
    }
}

impl Iterator for Generator {
    type Item = MineDraft;

    fn next(&mut self) -> Option<MineDraft> {
        if self.areas.is_empty() || self.minerals.is_empty() {
            return None;
        }
        let number = self.next_number;
        self.next_number += 1;
        let area = &self.areas[(number as usize) % self.areas.len()];
        Some(draft(
            &mut self.rng,
            area,
            &self.minerals,
            number,
            self.today,
        ))
    }
}

/// The compliance facts of a mine, each rare, so that most mines keep their licence and
/// every CLOSE and EXIT rule still appears in a large registry.
struct Defects {
    has_safety_licence: bool,
    cross_boundary_mining: bool,
    mining_under_construction_guise: bool,
    mining_with_exploration_licence: bool,
    obsolete_equipment: bool,
    unsafe_after_suspension: bool,
    resources_exhausted: bool,
}

impl Defects {
    /// Draws the facts in their field order; a mine that `refuses` to rectify is the one
    /// that may also mine beyond its boundary or keep obsolete equipment (CLOSE-2, CLOSE-3).
    fn draw(rng: &mut Rng, refuses: bool) -> Self {
        Self {
            has_safety_licence: !rng.chance(0.015),
            cross_boundary_mining: refuses && rng.chance(0.5),
            mining_under_construction_guise: rng.chance(0.002),
            mining_with_exploration_licence: rng.chance(0.002),
            obsolete_equipment: refuses && rng.chance(0.5),
            unsafe_after_suspension: rng.chance(0.003),
            resources_exhausted: rng.chance(0.01),
        }
    }
}

/// One synthetic mine: `number` is unique in the database (it makes the licence number).
fn draft(
    rng: &mut Rng,
    area: &Area,
    minerals: &[Mineral],
    number: u64,
    today: NaiveDate,
) -> MineDraft {
    let (mineral, method) = pick_mineral(rng, minerals);
    let scale = (rng.log_between(2.0, 300.0) * 10.0).round() / 10.0;
    let life = rng.log_between(1.5, 40.0);
    let natural_person = rng.chance(0.08);
    let licensed = !rng.chance(0.01);
    let valid_from = rng.day_near(today, 3_000, 0);
    let status = pick_status(rng);
    let refuses = rng.chance(0.01);
    let ore_body = rng
        .chance(0.03)
        .then(|| format!("SYN-ORE-{}-{}", area.code, rng.below(400)));
    let (holder, holder_type) = holder(number, natural_person);
    let licence_level = licensed.then(|| pick_level(rng));
    let licence_valid_until = licensed.then(|| renewal_day(rng, valid_from));
    let suspended = status == OperatingStatus::Suspended;
    let suspended_since = suspended.then(|| rng.day_near(today, 1_500, 0));
    let suspension_ordered = suspended && rng.chance(0.2);
    let construction_deadline =
        (status == OperatingStatus::UnderConstruction).then(|| rng.day_near(today, 700, 1_100));
    let defects = Defects::draw(rng, refuses);
    let (lat, lon) = area.centre;
    let latitude = Some(lat + (rng.unit() - 0.5) * 0.5);
    let longitude = Some(lon + (rng.unit() - 0.5) * 0.5);
    let ridge_boundary = method == MiningMethod::OpenPit && rng.chance(0.03);
    MineDraft {
        name: format!("合成矿山{number}"),
        holder,
        holder_type,
        licence_no: licensed.then(|| format!("SYN{}{number:010}", area.code)),
        licence_level,
        licence_valid_from: licensed.then_some(valid_from),
        licence_valid_until,
        county_code: area.code.clone(),
        mineral_code: mineral.to_owned(),
        mining_method: method,
        production_scale: scale,
        remaining_reserves: (scale * life).round(),
        surveyed_service_years: None,
        status,
        suspended_since,
        suspension_ordered,
        construction_deadline,
        has_mining_licence: licensed,
        has_safety_licence: defects.has_safety_licence,
        cross_boundary_mining: defects.cross_boundary_mining,
        mining_under_construction_guise: defects.mining_under_construction_guise,
        mining_with_exploration_licence: defects.mining_with_exploration_licence,
        refuses_rectification: refuses,
        obsolete_equipment: defects.obsolete_equipment,
        unsafe_after_suspension: defects.unsafe_after_suspension,
        resources_exhausted: defects.resources_exhausted,
        ore_body_id: ore_body,
        latitude,
        longitude,
        corners: Vec::new(),
        ridge_boundary,
        violation: None,
    }
}

/// A mineral of the mix by its weight, and how it is worked: the other way one time in
/// ten.
fn pick_mineral<'m>(rng: &mut Rng, minerals: &'m [Mineral]) -> (&'m str, MiningMethod) {
    let total: u32 = minerals.iter().map(|m| m.1).sum();
    let mut pick = rng.below(total as usize) as u32;
    let (mineral, _, method) = minerals
        .iter()
        .find(|m| {
            if pick < m.1 {
                true
            } else {
                pick -= m.1;
                false
            }
        })
        .unwrap_or(&minerals[0]);
    let method = if rng.chance(0.1) {
        match method {
            MiningMethod::OpenPit => MiningMethod::Underground,
            MiningMethod::Underground => MiningMethod::OpenPit,
        }
    } else {
        *method
    };
    (mineral, method)
}

/// Mostly producing; some suspended, some building, a few closed.
fn pick_status(rng: &mut Rng) -> OperatingStatus {
    match rng.below(100) {
        0..=2 => OperatingStatus::Closed,
        3..=12 => OperatingStatus::Suspended,
        13..=18 => OperatingStatus::UnderConstruction,
        _ => OperatingStatus::Producing,
    }
}

/// The level that issued a licence, each as likely.
fn pick_level(rng: &mut Rng) -> LicenceLevel {
    match rng.below(3) {
        0 => LicenceLevel::Province,
        1 => LicenceLevel::City,
        _ => LicenceLevel::County,
    }
}

/// The last day of a licence issued on `valid_from`: about ten years on, give or take.
fn renewal_day(rng: &mut Rng, valid_from: NaiveDate) -> NaiveDate {
    let ten_years = valid_from
        .checked_add_days(Days::new(3_650))
        .unwrap_or(valid_from);
    rng.day_near(ten_years, 1_500, 2_000)
}

/// The holder of mine `number`: a natural person of its own, or a company holding about
/// three mines.
fn holder(number: u64, natural_person: bool) -> (String, HolderType) {
    if natural_person {
        (format!("合成自然人{number}"), HolderType::NaturalPerson)
    } else {
        (
            format!("合成矿业有限公司{}", number / 3),
            HolderType::Enterprise,
        )
    }
}
