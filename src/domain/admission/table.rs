//! The checks of the admission table (docs/rules.md), one function each, in the table's
//! order; [`super::checks`] runs them all.

use super::AdmissionFacts;
use super::Balance;
use super::Check;
use crate::domain::assessment::{below, figure};
use crate::domain::authority::{authority_name, platform_of};
use crate::domain::block::BlockFact;
use crate::domain::codes::{ScaleClass, TradingPlatform};
use crate::domain::mine::service_years;
use crate::domain::rule::Rule;

fn class_name(class: Option<ScaleClass>) -> &'static str {
    match class {
        Some(ScaleClass::Large) => "大型",
        Some(ScaleClass::Medium) => "中型",
        Some(ScaleClass::Small) => "小型",
        None => "无标准",
    }
}

fn at_least_medium(class: Option<ScaleClass>) -> bool {
    matches!(class, Some(ScaleClass::Large | ScaleClass::Medium))
}

/// A check of `rule` that cannot be decided until the block states `facts` (the seed's
/// attachment 4 does not carry them): failed, naming each by label and input field.
fn not_stated(rule: Rule, facts: &[BlockFact]) -> Check {
    let fields: Vec<&str> = facts.iter().map(|fact| fact.field()).collect();
    Check {
        rule,
        code: "NOT_STATED",
        passed: false,
        blocking: true,
        detail: format!(
            "规划区块尚未填写{}，请以 updateBlock 补充（{}）后再判定",
            BlockFact::labels(facts),
            fields.join("、")
        ),
    }
}

/// A NEW-2 class check: medium or above; no figure fails with `NO_STANDARD`; the small-mine
/// exception, when it applies, waives it and says so.
fn class_check(
    code: &'static str,
    what: &str,
    class: Option<ScaleClass>,
    exception: bool,
    missing_figure: &str,
) -> Check {
    let (code, passed, detail) = match (class, exception) {
        (_, true) if !at_least_medium(class) => (
            code,
            true,
            format!(
                "{what}为{}，按省级小型砂石土矿产例外（重大基础设施、民生工程）予以豁免",
                class_name(class)
            ),
        ),
        (None, _) => (
            "NO_STANDARD",
            false,
            format!(
                "现行标准没有该矿种的{missing_figure}，请市里通过 updateStandards 录入后再判定"
            ),
        ),
        (Some(_), _) => (
            code,
            at_least_medium(class),
            format!("{what}为{}，须达到中型及以上", class_name(class)),
        ),
    };
    Check {
        rule: Rule::New2,
        code,
        passed,
        blocking: true,
        detail,
    }
}

/// A NEW-3 balance check of `whose` balance, counted for the year asked: blocking when
/// `blocking`, waived by the approver's exception.
fn balance_check(
    code: &'static str,
    whose: &str,
    balance: Balance,
    facts: &AdmissionFacts,
    blocking: bool,
) -> Check {
    let passed = balance.allows_one_more();
    let counted = format!(
        "{whose}截至{}年底已关闭{}座、已新设{}座",
        facts.year, balance.closed, balance.new_mines
    );
    let detail = if passed {
        format!("{counted}，尚可新设{}座", balance.remaining())
    } else if facts.quota_exception {
        format!("{counted}；经市政府审批人书面说明例外配置")
    } else {
        let when = match facts.balance_opens_in {
            Some(year) => format!("按现行计划排定的关闭时间，{year}年起方有新设余额"),
            None => "现行计划排定的关闭不足以再新设".into(),
        };
        format!(
            "{counted}，新设不能超过关闭（关设并举）；再关闭{}座{whose}矿山方可新设；{when}",
            (balance.new_mines + 1 - i64::from(balance.closed)).max(0)
        )
    };
    Check {
        rule: Rule::New3,
        code,
        passed: passed || facts.quota_exception,
        blocking,
        detail,
    }
}

/// PLAN-1: the block is a new mine of its county's plan in force, for this year.
pub(super) fn plan_1_in_approved_plan(facts: &AdmissionFacts) -> Check {
    Check {
        rule: Rule::Plan1,
        code: "IN_APPROVED_PLAN",
        passed: facts.planned_year == Some(facts.year),
        blocking: true,
        detail: match facts.planned_year {
            Some(year) if year == facts.year => {
                format!("已列入所在县现行批准计划的{year}年拟新设矿山")
            }
            Some(year) => format!("所在县现行批准计划拟于{year}年出让，而非{}年", facts.year),
            None => "未列入所在县现行批准计划的拟新设矿山".into(),
        },
    }
}

/// NEW-1: the block fits the master plan and the national industrial policy.
pub(super) fn new_1_master_plan(facts: &AdmissionFacts) -> Check {
    if let Some(forbidden) = &facts.master_plan_zones {
        return Check {
            rule: Rule::New1,
            code: "MASTER_PLAN",
            passed: forbidden.is_empty(),
            blocking: true,
            detail: if forbidden.is_empty() {
                "按规划分区图层，出让范围不涉及禁止开采区".into()
            } else {
                format!("出让范围与禁止开采区重叠：{}", forbidden.join("、"))
            },
        };
    }
    let Some(fits) = facts.in_master_plan else {
        return not_stated(Rule::New1, &[BlockFact::InMasterPlan]);
    };
    Check {
        rule: Rule::New1,
        code: "MASTER_PLAN",
        passed: fits,
        blocking: true,
        detail: if fits {
            "符合矿产资源总体规划和国家产业政策".into()
        } else {
            "不符合矿产资源总体规划和国家产业政策".into()
        },
    }
}

/// NEW-2: a deposit of medium size or above.
pub(super) fn new_2_deposit_class(facts: &AdmissionFacts) -> Check {
    class_check(
        "DEPOSIT_CLASS",
        "矿床规模（按预测资源量）",
        facts.deposit_class,
        facts.small_mine_exception,
        "矿床规模中型下限（万吨）",
    )
}

/// NEW-2: a designed production of medium scale or above.
pub(super) fn new_2_production_class(facts: &AdmissionFacts) -> Check {
    let class = match &facts.production_class {
        Ok(class) => *class,
        Err(unstated) => return not_stated(Rule::New2, unstated),
    };
    class_check(
        "PRODUCTION_CLASS",
        "设计生产规模",
        class,
        facts.small_mine_exception,
        "生产建设规模中型下限（万吨/年）",
    )
}

/// NEW-2: a new mine that would exhaust its predicted resources in under EXIT-3's minimum
/// service life would be an EXIT-3 mine on its first assessment, so it is not admitted.
pub(super) fn new_2_service_life(facts: &AdmissionFacts) -> Check {
    let Some(designed_scale) = facts.designed_scale else {
        return not_stated(Rule::New2, &[BlockFact::DesignedProductionScale]);
    };
    // A block's designed scale is validated positive when it is recorded.
    let years = service_years(facts.predicted_resources, designed_scale, None);
    let passed = !below(years, facts.min_service_years);
    Check {
        rule: Rule::New2,
        code: "SERVICE_LIFE",
        passed,
        blocking: true,
        detail: format!(
            "预测资源量{}万吨按设计规模{}万吨/年可开采{}年，{}{}年（EXIT-3 最低服务年限）",
            figure(facts.predicted_resources),
            figure(designed_scale),
            figure(years),
            if passed { "不少于" } else { "不足" },
            figure(facts.min_service_years)
        ),
    }
}

/// NEW-2: the block's designed production keeps every cap that applies; the detail names
/// the first cap it would exceed.
pub(super) fn new_2_planning_cap(facts: &AdmissionFacts) -> Check {
    let check = |passed, detail| Check {
        rule: Rule::New2,
        code: "PLANNING_CAP",
        passed,
        blocking: true,
        detail,
    };
    if facts.caps.is_empty() {
        return check(true, "矿产资源规划未设该矿种的总量上限".into());
    }
    let Some(added) = facts.designed_scale else {
        return not_stated(Rule::New2, &[BlockFact::DesignedProductionScale]);
    };
    match facts.caps.iter().find(|cap| cap.used() + added > cap.cap) {
        None => check(true, format!("新增{added}万吨/年后仍在规划总量之内")),
        Some(cap) => check(
            false,
            format!(
                "{}规划总量上限{}万吨/年，已有{}万吨/年，新增{added}万吨/年将超出",
                if cap.county { "本县" } else { "全市" },
                cap.cap,
                cap.used(),
            ),
        ),
    }
}

/// NEW-3 for the city: always blocking.
pub(super) fn new_3_city_balance(facts: &AdmissionFacts) -> Check {
    balance_check("CITY_BALANCE", "全市", facts.city, facts, true)
}

/// NEW-3 for the county: blocking only when the setting says so.
pub(super) fn new_3_county_balance(facts: &AdmissionFacts) -> Check {
    balance_check(
        "COUNTY_BALANCE",
        "本县",
        facts.county,
        facts,
        facts.county_balance_blocks,
    )
}

/// NEW-4: every expected department surveyed the block and left no conflict open, and the
/// survey settled the transfer boundary and the mining land.
pub(super) fn new_4_survey(facts: &AdmissionFacts) -> Check {
    let survey = &facts.survey;
    let mut parts = Vec::new();
    if !survey.missing.is_empty() {
        parts.push(format!("尚未踏勘：{}", survey.missing.join("、")));
    }
    if !survey.open_conflicts.is_empty() {
        parts.push(format!("存在冲突：{}", survey.open_conflicts.join("、")));
    }
    if !survey.forbidden_overlaps.is_empty() {
        let overlaps = survey.forbidden_overlaps.join("、");
        parts.push(format!("出让范围与须避让的区域重叠：{overlaps}"));
    }
    if !survey.boundary {
        parts.push("尚未确定出让范围（拐点坐标）".into());
    }
    if !survey.mining_land {
        parts.push("尚未落实采矿用地".into());
    }
    Check {
        rule: Rule::New4,
        code: "SURVEY",
        passed: parts.is_empty(),
        blocking: true,
        detail: if parts.is_empty() {
            "各参加部门均已踏勘，无未解决的冲突，出让范围和采矿用地已确定".into()
        } else {
            parts.join("；")
        },
    }
}

/// NEW-5: the block is confirmed clean (净矿).
pub(super) fn new_5_clean_mine(facts: &AdmissionFacts) -> Check {
    Check {
        rule: Rule::New5,
        code: "CLEAN_MINE",
        passed: facts.clean_mine,
        blocking: true,
        detail: if facts.clean_mine {
            "已确认净矿".into()
        } else {
            "尚未确认净矿（confirmCleanMine）".into()
        },
    }
}

/// NEW-6: the platform follows who transfers the block.
pub(super) fn new_6_authority(facts: &AdmissionFacts) -> Check {
    let required = platform_of(facts.authority);
    let passed = facts.platform.is_none_or(|platform| platform == required);
    let by = match &facts.delegation {
        Some(reference) => format!("经省级委托（{reference}）由市级"),
        None => format!("由{}", authority_name(facts.authority)),
    };
    Check {
        rule: Rule::New6,
        code: "AUTHORITY",
        passed,
        blocking: true,
        detail: format!(
            "{by}出让，{}在{}公开出让",
            if passed { "" } else { "须" },
            platform_name(required)
        ),
    }
}

fn platform_name(platform: TradingPlatform) -> &'static str {
    match platform {
        TradingPlatform::ProvincialOnline => "省自然资源网上交易平台",
        TradingPlatform::CityPublicResource => "市级公共资源交易平台",
    }
}
