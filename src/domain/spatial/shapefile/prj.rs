//! A `.prj`'s well-known text: which coordinate system a shapefile's numbers are in.

use super::super::gauss_kruger::Zone;

/// The coordinate system a `.prj` declares.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Crs {
    /// Longitude and latitude, degrees (CGCS2000 or WGS84).
    Degrees,
    /// A 3° Gauss-Krüger zone on CGCS2000: x easting less `false_easting`, y northing.
    Plane { zone: Zone, false_easting: f64 },
}

/// Reads a `.prj`'s well-known text: geographic CGCS2000 or WGS84, or transverse Mercator
/// on CGCS2000 with a 3° zone's central meridian, scale 1 and a false easting of 500 km
/// (with or without the zone number in front).
pub(super) fn crs(wkt: &str) -> Result<Crs, String> {
    let text = wkt.trim().to_ascii_uppercase();
    let name = wkt
        .split('"')
        .nth(1)
        .unwrap_or(wkt.trim())
        .chars()
        .take(80)
        .collect::<String>();
    let refused = || {
        format!(
            "坐标系“{name}”不是CGCS2000或WGS84经纬度，也不是CGCS2000三度带高斯-克吕格投影，请先转换"
        )
    };
    let cgcs2000 = text.contains("2000");
    if text.starts_with("GEOGCS") {
        return if cgcs2000 || text.contains("WGS_1984") || text.contains("WGS 84") {
            Ok(Crs::Degrees)
        } else {
            Err(refused())
        };
    }
    let transverse = text.contains("TRANSVERSE_MERCATOR") || text.contains("GAUSS_KRUGER");
    if !(text.starts_with("PROJCS") && transverse && cgcs2000) {
        return Err(refused());
    }
    let parameter = |key: &str| -> Option<f64> {
        let at = text.find(&format!("\"{key}\","))? + key.len() + 3;
        text[at..].split(']').next()?.trim().parse().ok()
    };
    let meridian = parameter("CENTRAL_MERIDIAN").ok_or_else(refused)?;
    let third = meridian / 3.0;
    let zone = (third.fract() == 0.0)
        .then(|| Zone::new(third as i64).ok())
        .flatten()
        .ok_or_else(|| format!("中央经线{meridian}°不是三度带的中央经线"))?;
    let false_easting = parameter("FALSE_EASTING").unwrap_or(f64::NAN);
    let prefixed = f64::from(zone.number()) * 1_000_000.0 + 500_000.0;
    let plain = [
        ("FALSE_NORTHING", 0.0),
        ("SCALE_FACTOR", 1.0),
        ("LATITUDE_OF_ORIGIN", 0.0),
    ]
    .iter()
    .all(|&(key, wanted)| parameter(key).is_none_or(|value| value == wanted));
    if !plain || !(false_easting == 500_000.0 || false_easting == prefixed) {
        return Err(refused());
    }
    Ok(Crs::Plane {
        zone,
        false_easting,
    })
}
