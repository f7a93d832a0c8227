//! Enumerations stored and exchanged as stable codes (`PRODUCING`, `OPEN_PIT`, …).

/// Declares an enum whose variants round-trip through their stable code strings.
macro_rules! coded_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $code:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable code stored in the database and used on the wire.
            pub fn code(self) -> &'static str {
                match self {
                    $($name::$variant => $code),+
                }
            }

            /// Parses a stable code; `None` for anything else.
            pub fn parse(code: &str) -> Option<Self> {
                match code {
                    $($code => Some($name::$variant),)+
                    _ => None,
                }
            }
        }
    };
}

coded_enum!(
    /// A mine's operating status (domain.md §2).
    OperatingStatus {
        /// Producing normally.
        Producing => "PRODUCING",
        /// Suspended since a date (EXIT-2 reads how long).
        Suspended => "SUSPENDED",
        /// Under construction within an approved period (EXIT-4 reads the deadline).
        UnderConstruction => "UNDER_CONSTRUCTION",
        /// Closed.
        Closed => "CLOSED",
    }
);

coded_enum!(
    /// How a mine is worked; iron's production-scale row depends on it.
    MiningMethod {
        /// 露天开采.
        OpenPit => "OPEN_PIT",
        /// 地下开采.
        Underground => "UNDERGROUND",
    }
);

coded_enum!(
    /// Who holds the mining right; a natural person's name is personal data.
    HolderType {
        /// A company.
        Enterprise => "ENTERPRISE",
        /// A natural person: hidden from anonymous readers.
        NaturalPerson => "NATURAL_PERSON",
    }
);

coded_enum!(
    /// The level of government that issued the mining licence (seed §3.1).
    LicenceLevel {
        /// 省级发证.
        Province => "PROVINCE",
        /// 市级发证.
        City => "CITY",
        /// 县级发证.
        County => "COUNTY",
    }
);

coded_enum!(
    /// Scale classes of production and deposits.
    ScaleClass {
        /// 大型.
        Large => "LARGE",
        /// 中型.
        Medium => "MEDIUM",
        /// 小型.
        Small => "SMALL",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_round_trips_through_parse() {
        for status in OperatingStatus::ALL {
            assert_eq!(OperatingStatus::parse(status.code()), Some(*status));
        }
        for method in MiningMethod::ALL {
            assert_eq!(MiningMethod::parse(method.code()), Some(*method));
        }
        assert_eq!(
            HolderType::parse("NATURAL_PERSON"),
            Some(HolderType::NaturalPerson)
        );
        assert_eq!(LicenceLevel::parse("county"), None);
        assert_eq!(ScaleClass::parse("MEDIUM"), Some(ScaleClass::Medium));
    }
}
