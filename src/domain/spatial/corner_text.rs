//! Corners written in one table cell (attachment 4's 拐点坐标), as officials write them:
//! corner after corner, separated by `;`, `；` or line breaks, each either latitude and
//! longitude in degrees or X and Y of the official notation (Y with its zone prefix, which
//! names the zone), optionally led by the corner's number (`1,3930065.48,38500000.00`).
//! An export writes them back in the official notation of the boundary's zone.

use super::boundary::{Boundary, GivenCorner, boundary};
use super::gauss_kruger::to_plane;

/// The most corners one cell may hold (a block's corners are limited likewise).
pub const MAX_CORNERS: usize = super::boundary::CORNERS.1;

/// Reads a cell's corners; an error names the corner (counting from 1) and what is wrong.
pub fn read_corners(text: &str) -> Result<Vec<GivenCorner>, String> {
    let groups: Vec<&str> = text
        .split([';', '；', '\n'])
        .map(str::trim)
        .filter(|group| !group.is_empty())
        .collect();
    if groups.len() > MAX_CORNERS {
        return Err(format!("拐点不能超过{MAX_CORNERS}个"));
    }
    groups
        .iter()
        .enumerate()
        .map(|(i, group)| corner(group).map_err(|why| format!("第{}个拐点“{group}”{why}", i + 1)))
        .collect()
}

fn corner(group: &str) -> Result<GivenCorner, String> {
    let numbers: Vec<f64> = group
        .split([',', '，', ' ', '\t', '、'])
        .filter(|part| !part.is_empty())
        .map(|part| part.parse::<f64>().map_err(|_| "不是数字".to_owned()))
        .collect::<Result<_, _>>()?;
    let (a, b) = match numbers.as_slice() {
        [a, b] | [_, a, b] => (*a, *b),
        _ => return Err("须为“纬度,经度”或“X,Y”（可在前面加点号）".into()),
    };
    if !(a.is_finite() && b.is_finite()) {
        return Err("不是有限数".into());
    }
    if a.abs() <= 90.0 && b.abs() <= 180.0 {
        return Ok(GivenCorner::Degrees {
            latitude: a,
            longitude: b,
        });
    }
    // X northing and Y easting with its zone prefix: the prefix is the zone.
    Ok(GivenCorner::Plane {
        zone: (b / 1_000_000.0).floor() as i64,
        x: a,
        y: b,
    })
}

/// `boundary`'s corners in the official notation of its zone, one `X,Y` pair per corner
/// to the centimetre, numbered, separated by `；`.
pub fn written_corners(boundary: &Boundary) -> String {
    let Ok(plane) = to_plane(boundary.zone, &boundary.degrees) else {
        return String::new();
    };
    plane
        .iter()
        .enumerate()
        .map(|(i, point)| format!("{},{:.2},{:.2}", i + 1, point.x, point.y))
        .collect::<Vec<_>>()
        .join("；")
}

/// Corners as a cell writes them ([`written_corners`]); empty without corners, or for
/// corners that make no ring (never the case once a mine's or a block's facts are parsed).
/// Two lists on paper alike are the same boundary to the centimetre.
pub fn paper_corners(corners: &[GivenCorner]) -> String {
    if corners.is_empty() {
        return String::new();
    }
    boundary(corners)
        .map(|checked| written_corners(&checked))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::spatial::boundary::boundary;

    #[test]
    fn new_4_a_cell_of_corners_reads_degrees_or_the_official_notation() {
        let degrees = read_corners("35.50,112.80；35.51,112.80;\n35.51，112.81").expect("read");
        assert_eq!(
            degrees[2],
            GivenCorner::Degrees {
                latitude: 35.51,
                longitude: 112.81
            }
        );
        let official =
            read_corners("1,3930000.00,38520000.00；2, 3930000, 38520500").expect("read");
        assert_eq!(
            official[1],
            GivenCorner::Plane {
                zone: 38,
                x: 3_930_000.0,
                y: 38_520_500.0
            }
        );
        let cases = [
            ("35.5", "第1个拐点“35.5”须为"),
            ("35.5,112.8；甲,乙", "第2个拐点“甲,乙”不是数字"),
            ("1,2,3,4", "须为"),
        ];
        for (text, says) in cases {
            let refused = read_corners(text).expect_err(text);
            assert!(refused.contains(says), "{text}: {refused}");
        }
        let most = vec!["35.5,112.8"; MAX_CORNERS].join(";");
        assert_eq!(read_corners(&most).map(|c| c.len()), Ok(MAX_CORNERS));
        let many = vec!["35.5,112.8"; MAX_CORNERS + 1].join(";");
        assert!(read_corners(&many).is_err());
        for not_finite in ["NaN,112.8", "35.5,inf"] {
            let refused = read_corners(not_finite).expect_err(not_finite);
            assert!(refused.contains("不是有限数"), "{refused}");
        }
        // Only a pair both of whose numbers are degrees is read as degrees.
        assert_eq!(
            read_corners("35.5,38520000").map(|c| c[0]),
            Ok(GivenCorner::Plane {
                zone: 38,
                x: 35.5,
                y: 38_520_000.0
            })
        );
    }

    #[test]
    fn new_4_corners_written_in_the_official_notation_read_back_to_the_same_ground() {
        let given = read_corners("35.50,112.80；35.50,112.81；35.51,112.81").expect("read");
        let first = boundary(&given).expect("a ring");
        let written = written_corners(&first);
        assert!(written.starts_with("1,3930"), "{written}");
        let again = boundary(&read_corners(&written).expect("read back")).expect("a ring");
        for (a, b) in first.degrees.iter().zip(&again.degrees) {
            assert!(
                (a.0 - b.0).abs() < 1e-7 && (a.1 - b.1).abs() < 1e-7,
                "{a:?} {b:?}"
            );
        }
    }
}
