//! The rule IDs of the plan's clauses (docs/rules.md), as a type: a rule is named once, and
//! an unknown ID in input is refused rather than matching nothing.

/// One rule of the rectification assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RuleId {
    /// 无证或无安全生产许可证擅自开采.
    Close1,
    /// 越界、以采代建、持勘查许可证采矿且拒不整改.
    Close2,
    /// 淘汰工艺设备拒不整改，或停产整顿后仍不具备安全生产条件.
    Close3,
    /// 资源枯竭而采矿许可证仍有效.
    Exit1,
    /// 长期停工停产停建.
    Exit2,
    /// 达不到省定最低开采规模或服务年限.
    Exit3,
    /// 基建期内未完成竣工.
    Exit4,
    /// 升级改造至中型以上且服务年限达标.
    Upgrade1,
    /// 绿色矿山、机械化、自动化、智能化升级.
    Upgrade2,
    /// 同一矿体分属不同主体.
    Integrate1,
    /// 相邻矿山最小距离不满足安全规定.
    Integrate2,
    /// 独立生产系统达不到最低规模.
    Integrate3,
    /// 以山脊划界的普通建筑用砂石露天矿山.
    Integrate4,
}

impl RuleId {
    /// Every rule, in the order the plan lists them.
    pub const ALL: [RuleId; 13] = [
        RuleId::Close1,
        RuleId::Close2,
        RuleId::Close3,
        RuleId::Exit1,
        RuleId::Exit2,
        RuleId::Exit3,
        RuleId::Exit4,
        RuleId::Upgrade1,
        RuleId::Upgrade2,
        RuleId::Integrate1,
        RuleId::Integrate2,
        RuleId::Integrate3,
        RuleId::Integrate4,
    ];

    /// The ID as the API and the messages write it (`EXIT-3`).
    pub fn code(self) -> &'static str {
        match self {
            RuleId::Close1 => "CLOSE-1",
            RuleId::Close2 => "CLOSE-2",
            RuleId::Close3 => "CLOSE-3",
            RuleId::Exit1 => "EXIT-1",
            RuleId::Exit2 => "EXIT-2",
            RuleId::Exit3 => "EXIT-3",
            RuleId::Exit4 => "EXIT-4",
            RuleId::Upgrade1 => "UPGRADE-1",
            RuleId::Upgrade2 => "UPGRADE-2",
            RuleId::Integrate1 => "INTEGRATE-1",
            RuleId::Integrate2 => "INTEGRATE-2",
            RuleId::Integrate3 => "INTEGRATE-3",
            RuleId::Integrate4 => "INTEGRATE-4",
        }
    }

    /// Parses an ID (surrounding space and case ignored); `None` for no such rule.
    pub fn parse(code: &str) -> Option<RuleId> {
        let code = code.trim();
        RuleId::ALL
            .into_iter()
            .find(|rule| rule.code().eq_ignore_ascii_case(code))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_id_round_trips_and_unknown_ids_do_not_parse() {
        for rule in RuleId::ALL {
            assert_eq!(RuleId::parse(rule.code()), Some(rule));
        }
        assert_eq!(RuleId::parse(" exit-3 "), Some(RuleId::Exit3));
        assert_eq!(RuleId::parse("EXIT-5"), None);
        assert_eq!(RuleId::parse(""), None);
    }
}
