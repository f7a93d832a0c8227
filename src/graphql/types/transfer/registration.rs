//! `registerSoldBlock`'s input: the new licence a sold block is registered under.

use async_graphql::InputObject;

use crate::graphql::types::date::Date;
use crate::graphql::types::enums::HolderType;
use crate::service::admission::registration::Registration;

/// The licence a sold block's mine is registered under; the mine takes the rest from the
/// block (name, county, mineral, method, designed scale, predicted resources, boundary).
#[derive(InputObject)]
pub struct RegisterSoldBlockInput {
    /// 采矿许可证号 of the new licence; unique in the registry.
    pub licence_no: String,
    /// First day of the licence's validity.
    pub licence_valid_from: Date,
    /// Last day of the licence's validity.
    pub licence_valid_until: Date,
    /// 采矿权人; default: the winning bidder the platform reported.
    pub holder: Option<String>,
    /// Whether the holder is an enterprise (default) or a natural person.
    #[graphql(default_with = "Some(HolderType::Enterprise)")]
    pub holder_type: Option<HolderType>,
    /// End of the approved construction period (基建期): the new mine is registered as under
    /// construction until then.
    pub construction_deadline: Date,
}

impl From<RegisterSoldBlockInput> for Registration {
    fn from(input: RegisterSoldBlockInput) -> Self {
        Registration {
            licence_no: input.licence_no,
            licence_valid_from: input.licence_valid_from.0,
            licence_valid_until: input.licence_valid_until.0,
            holder: input.holder,
            holder_type: input.holder_type.unwrap_or(HolderType::Enterprise).into(),
            construction_deadline: input.construction_deadline.0,
        }
    }
}
