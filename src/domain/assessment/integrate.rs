//! 整合重组 candidates (seed §(二)3(3)): INTEGRATE-1 … INTEGRATE-4.

use super::Subject;
use super::exit::minimum_missed;
use super::neighbours::Neighbourhood;
use super::types::{Disposition, Fact, Finding, figure};
use crate::domain::codes::MiningMethod;
use crate::domain::standards::Standards;

fn integrate(rule_id: &'static str, message: String, facts: Vec<Fact>) -> Finding {
    Finding {
        rule_id,
        disposition: Disposition::Integrate,
        message,
        facts,
        advisory: false,
    }
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
            let ids: Vec<String> = partners.iter().map(|site| site.id.to_string()).collect();
            found.push(integrate(
                "INTEGRATE-1",
                format!(
                    "同一矿体（{ore_body}）分属{}个不同开采主体，依据整治方式3(3)推动整合重组",
                    partners.len() + 1
                ),
                vec![
                    Fact::new("oreBodyId", ore_body),
                    Fact::new("otherMines", ids.join(",")),
                ],
            ));
        }
    }
    if let (Some(required), Some(lat), Some(lon)) = (
        standards.distance_for(&facts.mineral_code, facts.mining_method),
        facts.latitude,
        facts.longitude,
    ) && let Some((neighbour, distance)) = neighbourhood.nearest_within(
        subject.id,
        (lat, lon),
        &facts.mineral_code,
        facts.mining_method,
        required,
    ) {
        found.push(integrate(
            "INTEGRATE-2",
            format!(
                "与相邻矿山（编号{}）作业范围最小距离约{}米，不满足大于{}米的安全规定，依据整治方式3(3)推动整合重组",
                neighbour.id,
                distance.round(),
                figure(required)
            ),
            vec![
                Fact::new("nearestMine", neighbour.id),
                Fact::new("distanceMeters", distance.round()),
                Fact::new("requiredMeters", figure(required)),
            ],
        ));
    }
    if let Some(minimum) = minimum_missed(facts, standards) {
        found.push(integrate(
            "INTEGRATE-3",
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
        && standards.is_sand_stone_soil(&facts.mineral_code)
    {
        found.push(integrate(
            "INTEGRATE-4",
            "以山脊划界的普通建筑用砂石露天矿山，依据整治方式3(3)推动整合重组".into(),
            vec![
                Fact::new("ridgeBoundary", facts.ridge_boundary),
                Fact::new("miningMethod", facts.mining_method.code()),
                Fact::new("mineral", &facts.mineral_code),
            ],
        ));
    }
    found
}
