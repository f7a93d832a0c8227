//! The Chinese words the officials' paper uses for coded values: exports write them, and
//! imports accept them as well as the codes.

use crate::domain::assessment::Disposition;
use crate::domain::codes::{
    BlockPriority, HolderType, LicenceLevel, MiningMethod, OperatingStatus, TradingPlatform,
    TransferMethod, TransferOutcome,
};

/// Declares the Chinese label of each variant of a coded enum.
macro_rules! labels {
    ($name:ident { $($variant:ident => $label:literal),+ $(,)? }) => {
        impl $name {
            /// The word the attachments and the officials use.
            pub fn label(self) -> &'static str {
                match self {
                    $($name::$variant => $label),+
                }
            }

            /// The variant a label names; `None` for anything else.
            pub fn from_label(label: &str) -> Option<Self> {
                match label {
                    $($label => Some($name::$variant),)+
                    _ => None,
                }
            }
        }
    };
}

labels!(Disposition {
    Close => "关闭取缔",
    Exit => "引导退出",
    Integrate => "整合重组",
    Upgrade => "升级改造",
    Retain => "单独保留",
    Closed => "已关闭",
});

labels!(OperatingStatus {
    Producing => "生产",
    Suspended => "停产",
    UnderConstruction => "基建",
    Closed => "关闭",
});

labels!(MiningMethod {
    OpenPit => "露天开采",
    Underground => "地下开采",
});

labels!(HolderType {
    Enterprise => "企业",
    NaturalPerson => "自然人",
});

labels!(LicenceLevel {
    Province => "省级",
    City => "市级",
    County => "县级",
});

labels!(BlockPriority {
    MajorProject => "重大项目",
    PovertyAlleviation => "脱贫攻坚",
    Livelihood => "民生工程",
    IndustryChain => "产业链上下游项目",
    None => "其他",
});

labels!(TransferMethod {
    Tender => "招标",
    Auction => "拍卖",
    Listing => "挂牌",
});

labels!(TradingPlatform {
    ProvincialOnline => "省自然资源网上交易平台",
    CityPublicResource => "市公共资源交易平台",
});

labels!(TransferOutcome {
    Announced => "已公告",
    Sold => "成交",
    Unsold => "流拍",
});

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trips<T: Copy + PartialEq + std::fmt::Debug>(
        all: &[T],
        label: fn(T) -> &'static str,
        parse: fn(&str) -> Option<T>,
    ) {
        for value in all {
            assert_eq!(parse(label(*value)), Some(*value));
        }
    }

    #[test]
    fn every_label_names_its_variant_back() {
        round_trips(
            &[Disposition::ALL.as_slice(), &[Disposition::Closed]].concat(),
            Disposition::label,
            Disposition::from_label,
        );
        round_trips(
            OperatingStatus::ALL,
            OperatingStatus::label,
            OperatingStatus::from_label,
        );
        round_trips(
            MiningMethod::ALL,
            MiningMethod::label,
            MiningMethod::from_label,
        );
        round_trips(HolderType::ALL, HolderType::label, HolderType::from_label);
        round_trips(
            LicenceLevel::ALL,
            LicenceLevel::label,
            LicenceLevel::from_label,
        );
        round_trips(
            BlockPriority::ALL,
            BlockPriority::label,
            BlockPriority::from_label,
        );
        round_trips(
            TransferMethod::ALL,
            TransferMethod::label,
            TransferMethod::from_label,
        );
        round_trips(
            TradingPlatform::ALL,
            TradingPlatform::label,
            TradingPlatform::from_label,
        );
        round_trips(
            TransferOutcome::ALL,
            TransferOutcome::label,
            TransferOutcome::from_label,
        );
        assert_eq!(Disposition::from_label("关闭"), None);
    }
}
