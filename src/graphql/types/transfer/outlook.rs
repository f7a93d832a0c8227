//! The balance outlook: closures against new mines, year by year, for a city and its
//! counties.

use async_graphql::SimpleObject;

/// One year of the balance outlook.
#[derive(SimpleObject)]
pub struct OutlookYear {
    /// The calendar year the figures are for.
    pub year: i32,
    /// Licensed mines whose closure the approved plans schedule that year.
    pub closures_scheduled: i32,
    /// Of those, the ones whose licence cancellation is done.
    pub closures_completed: i32,
    /// New mines the approved plans propose for that year.
    pub new_mines_proposed: i32,
    /// Of those, the ones admitted into the transfer plan.
    pub new_mines_admitted: i32,
    /// Closures up to this year, as NEW-3 counts them (scheduled, or completed only).
    pub closed_to_date: i32,
    /// New mines proposed up to this year.
    pub new_mines_to_date: i32,
    /// Whether new mines outnumber closures by this year (关设并举 would break).
    pub breaks: bool,
}

impl From<crate::domain::outlook::OutlookYear> for OutlookYear {
    fn from(y: crate::domain::outlook::OutlookYear) -> Self {
        OutlookYear {
            year: y.year,
            closures_scheduled: y.figures.closures_scheduled as i32,
            closures_completed: y.figures.closures_completed as i32,
            new_mines_proposed: y.figures.new_proposed as i32,
            new_mines_admitted: y.figures.new_admitted as i32,
            closed_to_date: y.closed_to_date as i32,
            new_mines_to_date: y.new_to_date as i32,
            breaks: y.breaks,
        }
    }
}

/// One county's outlook.
#[derive(SimpleObject)]
pub struct CountyOutlook {
    /// Six-digit division code of the county.
    pub county_code: String,
    /// The county's figures, one row per year.
    pub years: Vec<OutlookYear>,
}

/// The balance outlook of a city and its counties.
#[derive(SimpleObject)]
pub struct BalanceOutlook {
    /// Six-digit division code of the city.
    pub city_code: String,
    /// Whether closures count only once completed (the NEW-3 setting).
    pub completed_closures_only: bool,
    /// The city-wide figures, one row per year the approved plans cover.
    pub years: Vec<OutlookYear>,
    /// The same figures for each county of the city.
    pub counties: Vec<CountyOutlook>,
}

impl From<crate::service::admission::outlook::BalanceOutlook> for BalanceOutlook {
    fn from(o: crate::service::admission::outlook::BalanceOutlook) -> Self {
        BalanceOutlook {
            city_code: o.city_code,
            completed_closures_only: o.completed_closures_only,
            years: o.city.into_iter().map(Into::into).collect(),
            counties: o
                .counties
                .into_iter()
                .map(|(county_code, years)| CountyOutlook {
                    county_code,
                    years: years.into_iter().map(Into::into).collect(),
                })
                .collect(),
        }
    }
}
