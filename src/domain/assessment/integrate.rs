//! 整合重组 candidates (seed §(二)3(3)): INTEGRATE-1 … INTEGRATE-4.

use super::RuleId;
use super::Subject;
use super::exit::minimum_missed;
use super::neighbours::{Neighbourhood, Origin, Site};
use super::types::{Disposition, Fact, Finding, NeighbourFinding, NeighbourRef, figure};
use crate::domain::codes::MiningMethod;
use crate::domain::standards::Standards;

fn integrate(rule_id: RuleId, message: String, facts: Vec<Fact>) -> Finding {
    Finding {
        rule_id,
        disposition: Disposition::Integrate,
        message,
        facts,
        advisory: false,
        neighbours: None,
    }
}

fn neighbour_ref(site: &Site) -> NeighbourRef {
    NeighbourRef {
        id: site.id,
        county_code: site.county_code.clone(),
    }
}

/// Where a neighbour lies for a reader who may not see it: `None` when the reader may
/// (the neighbour is then named), else the name of its county.
pub type Hidden<'a> = &'a dyn Fn(&NeighbourRef) -> Option<String>;

/// Splits `partners` into those a reader may see and the counties of the others.
fn partition(partners: Vec<NeighbourRef>, hidden: Hidden<'_>) -> (Vec<NeighbourRef>, Vec<String>) {
    partners.into_iter().fold(
        (Vec::new(), Vec::new()),
        |(mut shown, mut elsewhere), partner| {
            match hidden(&partner) {
                None => shown.push(partner),
                Some(county) => elsewhere.push(county),
            }
            (shown, elsewhere)
        },
    )
}

/// An INTEGRATE-1 or INTEGRATE-2 finding worded for a reader: neighbours it may not read
/// appear only as "a mine of <county>", without id or exact distance.
pub fn neighbour_finding(found: NeighbourFinding, hidden: Hidden<'_>) -> Finding {
    match found {
        NeighbourFinding::OreBody { ore_body, partners } => {
            let operators = partners.len() + 1;
            let (shown, elsewhere) = partition(partners, hidden);
            let ids: Vec<String> = shown.iter().map(|site| site.id.to_string()).collect();
            let mut facts = vec![
                Fact::new("oreBodyId", &ore_body),
                Fact::new("otherMines", ids.join(",")),
            ];
            let mut message = format!(
                "同一矿体（{ore_body}）分属{operators}个不同开采主体，依据整治方式3(3)推动整合重组"
            );
            elsewhere_noted(&mut message, &mut facts, &elsewhere, "otherMinesElsewhere");
            let mut finding = integrate(RuleId::Integrate1, message, facts);
            finding.neighbours = Some(NeighbourFinding::OreBody {
                ore_body,
                partners: shown,
            });
            finding
        }
        NeighbourFinding::OverlappingBoundaries { partners } => overlap_hint(partners, hidden),
        NeighbourFinding::TooClose {
            neighbour,
            distance_m,
            required_m,
            measure,
        } => {
            let required = figure(required_m);
            match hidden(&neighbour) {
                None => {
                    let mut finding = integrate(
                        RuleId::Integrate2,
                        format!(
                            "与相邻矿山（编号{}）{}约{}米，不满足大于{required}米的安全规定，依据整治方式3(3)推动整合重组",
                            neighbour.id,
                            measure.label(),
                            distance_m.round(),
                        ),
                        vec![
                            Fact::new("nearestMine", neighbour.id),
                            Fact::new("distanceMeters", distance_m.round()),
                            Fact::new("requiredMeters", &required),
                            Fact::new("distanceMeasure", measure.code()),
                        ],
                    );
                    finding.neighbours = Some(NeighbourFinding::TooClose {
                        neighbour,
                        distance_m,
                        required_m,
                        measure,
                    });
                    finding
                }
                Some(county) => integrate(
                    RuleId::Integrate2,
                    format!(
                        "{county}的一座矿山与本矿距离在{required}米以内（{}），不满足大于{required}米的安全规定，依据整治方式3(3)推动整合重组",
                        measure.label()
                    ),
                    vec![
                        Fact::new("nearestMineCounty", county),
                        Fact::new("requiredMeters", &required),
                        Fact::new("distanceMeasure", measure.code()),
                    ],
                ),
            }
        }
    }
}

/// INTEGRATE-1's hint: licensed boundaries overlapping those of other holders suggest an ore
/// body worked by several operators that the registry has not recorded. Advisory: the
/// officials confirm the ore body before it decides anything.
fn overlap_hint(partners: Vec<NeighbourRef>, hidden: Hidden<'_>) -> Finding {
    let count = partners.len();
    let (shown, elsewhere) = partition(partners, hidden);
    let ids: Vec<String> = shown.iter().map(|site| site.id.to_string()).collect();
    let mut facts = vec![Fact::new("overlappingMines", ids.join(","))];
    let mut message = format!(
        "矿界与{count}座其他权人矿山的矿界重叠，可能同一矿体分属不同开采主体，请核实矿体编号（整治方式3(3)）"
    );
    elsewhere_noted(
        &mut message,
        &mut facts,
        &elsewhere,
        "overlappingMinesElsewhere",
    );
    let mut finding = integrate(RuleId::Integrate1, message, facts);
    finding.advisory = true;
    finding.neighbours = Some(NeighbourFinding::OverlappingBoundaries { partners: shown });
    finding
}

/// Adds the mines a reader may not see to a finding, counted by county, in its text and
/// under `fact`.
fn elsewhere_noted(
    message: &mut String,
    facts: &mut Vec<Fact>,
    elsewhere: &[String],
    fact: &'static str,
) {
    if !elsewhere.is_empty() {
        let counties = counted(elsewhere);
        message.push_str(&format!("（其中{counties}）"));
        facts.push(Fact::new(fact, counties));
    }
}

/// "高平市2座、陵川县1座", counties in order of first mention.
fn counted(counties: &[String]) -> String {
    let mut tally: Vec<(&str, usize)> = Vec::new();
    for county in counties {
        match tally.iter_mut().find(|(name, _)| name == county) {
            Some((_, count)) => *count += 1,
            None => tally.push((county, 1)),
        }
    }
    tally
        .iter()
        .map(|(name, count)| format!("{name}{count}座"))
        .collect::<Vec<_>>()
        .join("、")
}

/// Re-words every neighbour finding of `findings` for a reader, per [`neighbour_finding`].
pub fn scope_neighbours(findings: &mut [Finding], hidden: Hidden<'_>) {
    for finding in findings.iter_mut() {
        if let Some(found) = finding.neighbours.take() {
            *finding = neighbour_finding(found, hidden);
        }
    }
}

/// Nothing hidden: the wording for a reader who may see every neighbour.
fn shown(_: &NeighbourRef) -> Option<String> {
    None
}

/// The integration findings of a mine.
pub(super) fn findings(
    subject: Subject<'_>,
    neighbourhood: &Neighbourhood,
    standards: &Standards,
) -> Vec<Finding> {
    let facts = subject.facts;
    let mut found = Vec::new();
    if let Some(ore_body) = &facts.ore_body_id {
        let partners = neighbourhood.ore_body_partners(subject.id, ore_body, &facts.holder);
        if !partners.is_empty() {
            let found_on = NeighbourFinding::OreBody {
                ore_body: ore_body.clone(),
                partners: partners.into_iter().map(neighbour_ref).collect(),
            };
            found.push(neighbour_finding(found_on, &shown));
        }
    }
    let origin = Origin::of(facts);
    if let Some(origin) = origin {
        let overlapping = neighbourhood.overlapping(subject.id, origin, &facts.holder);
        // Partners already named by a recorded ore body need no hint.
        let named =
            |site: &&Site| facts.ore_body_id.is_some() && site.ore_body_id == facts.ore_body_id;
        let partners: Vec<NeighbourRef> = overlapping
            .into_iter()
            .filter(|site| !named(site))
            .map(neighbour_ref)
            .collect();
        if !partners.is_empty() {
            let hint = NeighbourFinding::OverlappingBoundaries { partners };
            found.push(neighbour_finding(hint, &shown));
        }
    }
    if let (Some(required), Some(origin)) = (
        standards.distance_for(facts.mineral(), facts.mining_method),
        origin,
    ) && let Some((neighbour, apart)) = neighbourhood.nearest_within(
        subject.id,
        origin,
        (facts.mineral(), facts.mining_method),
        required,
    ) {
        let too_close = NeighbourFinding::TooClose {
            neighbour: neighbour_ref(neighbour),
            distance_m: apart.distance_m,
            required_m: required,
            measure: apart.measure,
        };
        found.push(neighbour_finding(too_close, &shown));
    }
    if let Some(minimum) = minimum_missed(facts, standards) {
        found.push(integrate(
            RuleId::Integrate3,
            format!(
                "独立生产系统规模{}万吨/年达不到省定最低{}万吨/年，依据整治方式3(3)可整合重组",
                figure(facts.production_scale),
                figure(minimum)
            ),
            vec![
                Fact::new("productionScale", figure(facts.production_scale)),
                Fact::new("provincialMinimum", figure(minimum)),
            ],
        ));
    }
    if facts.ridge_boundary
        && facts.mining_method == MiningMethod::OpenPit
        && standards.is_ordinary_sand_stone(facts.mineral())
    {
        found.push(integrate(
            RuleId::Integrate4,
            "以山脊划界的普通建筑用砂石露天矿山，依据整治方式3(3)推动整合重组".into(),
            vec![
                Fact::new("ridgeBoundary", facts.ridge_boundary),
                Fact::new("miningMethod", facts.mining_method.code()),
                Fact::new("mineral", facts.mineral()),
            ],
        ));
    }
    found
}
