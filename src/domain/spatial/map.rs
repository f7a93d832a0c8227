//! A block's map as SVG (docs/spatial.md): the boundary, the features its screen found,
//! its neighbours within 1 km and a scale bar, drawn in the block's zone plane so that
//! distances on paper are true, ready to print with the survey file.

use std::fmt::Write;

use geo::{Coord, Geometry};

use super::boundary::Boundary;
use super::gauss_kruger::{PlaneError, projector};

/// How far around the block the map reaches, metres.
pub const REACH_M: f64 = 1_000.0;

/// The drawing's size, pixels (A4-friendly square).
const SIZE: f64 = 800.0;
const MARGIN: f64 = 40.0;

/// How an overlay is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// A feature whose overlap keeps the block out (red).
    Blocking,
    /// A feature shown for the survey to settle (amber).
    Warning,
    /// A neighbouring block (grey outline).
    Neighbour,
}

/// Something drawn around the block, in degrees (x longitude, y latitude).
pub struct Overlay {
    pub label: String,
    pub shape: Geometry<f64>,
    pub style: Style,
}

/// What a map shows.
pub struct Scene<'a> {
    pub title: &'a str,
    pub block: &'a Boundary,
    pub overlays: Vec<Overlay>,
    /// Mines near the block: name and (latitude, longitude).
    pub mines: Vec<(String, (f64, f64))>,
}

/// Renders `scene` as a standalone SVG document.
pub fn render(scene: &Scene<'_>) -> Result<String, PlaneError> {
    let projector = projector(scene.block.zone)?;
    let plane = |lat: f64, lon: f64| projector.plane(lat, lon).map(|p| (p.y, p.x));
    let ring: Vec<(f64, f64)> = scene
        .block
        .degrees
        .iter()
        .map(|&(lat, lon)| plane(lat, lon))
        .collect::<Result<_, _>>()?;
    let (mut west, mut south, mut east, mut north) = bounds(&ring);
    (west, south, east, north) = (
        west - REACH_M,
        south - REACH_M,
        east + REACH_M,
        north + REACH_M,
    );
    let metres_per_px = (east - west).max(north - south) / (SIZE - 2.0 * MARGIN);
    let at = |(e, n): (f64, f64)| {
        (
            MARGIN + (e - west) / metres_per_px,
            SIZE - MARGIN - (n - south) / metres_per_px,
        )
    };
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{SIZE}" height="{SIZE}" viewBox="0 0 {SIZE} {SIZE}" font-family="sans-serif"><rect width="100%" height="100%" fill="white"/>"#
    );
    let _ = write!(
        svg,
        r#"<defs><clipPath id="frame"><rect x="{MARGIN}" y="{MARGIN}" width="{0}" height="{0}"/></clipPath></defs><g clip-path="url(#frame)">"#,
        SIZE - 2.0 * MARGIN
    );
    for overlay in &scene.overlays {
        let (fill, stroke) = match overlay.style {
            Style::Blocking => ("rgba(220,38,38,0.35)", "#b91c1c"),
            Style::Warning => ("rgba(245,158,11,0.3)", "#b45309"),
            Style::Neighbour => ("none", "#6b7280"),
        };
        let mut path = String::new();
        for line in lines_of(&overlay.shape) {
            let points: Vec<(f64, f64)> = line
                .iter()
                .map(|c| plane(c.y, c.x).map(at))
                .collect::<Result<_, _>>()?;
            path.push_str(&path_of(&points));
        }
        let _ = write!(
            svg,
            r#"<path d="{path}" fill="{fill}" fill-rule="evenodd" stroke="{stroke}" stroke-width="1.5"><title>{}</title></path>"#,
            escaped(&overlay.label)
        );
    }
    let block: Vec<(f64, f64)> = ring.iter().copied().map(at).collect();
    let _ = write!(
        svg,
        r##"<path d="{}Z" fill="rgba(37,99,235,0.12)" stroke="#1d4ed8" stroke-width="3"/>"##,
        path_of(&block)
    );
    for (name, (lat, lon)) in &scene.mines {
        let (x, y) = at(plane(*lat, *lon)?);
        let _ = write!(
            svg,
            r##"<circle cx="{x:.1}" cy="{y:.1}" r="4" fill="#111827"/><text x="{:.1}" y="{:.1}" font-size="11">{}</text>"##,
            x + 6.0,
            y - 6.0,
            escaped(name)
        );
    }
    svg.push_str("</g>");
    scale_bar(&mut svg, metres_per_px);
    let _ = write!(
        svg,
        r#"<text x="{MARGIN}" y="26" font-size="16">{}</text><text x="{}" y="26" font-size="12" text-anchor="end">CGCS2000 · 第{}带 · ↑北</text></svg>"#,
        escaped(scene.title),
        SIZE - MARGIN,
        scene.block.zone.number()
    );
    Ok(svg)
}

/// (west, south, east, north) of plane points (east, north).
fn bounds(points: &[(f64, f64)]) -> (f64, f64, f64, f64) {
    points.iter().fold(
        (f64::MAX, f64::MAX, f64::MIN, f64::MIN),
        |(w, s, e, n), &(x, y)| (w.min(x), s.min(y), e.max(x), n.max(y)),
    )
}

/// Every line of a shape to draw: rings of polygons, lines, and a small square per point.
fn lines_of(shape: &Geometry<f64>) -> Vec<Vec<Coord<f64>>> {
    match shape {
        Geometry::Polygon(polygon) => std::iter::once(polygon.exterior())
            .chain(polygon.interiors())
            .map(|ring| ring.0.clone())
            .collect(),
        Geometry::MultiPolygon(polygons) => polygons
            .iter()
            .flat_map(|p| lines_of(&Geometry::Polygon(p.clone())))
            .collect(),
        Geometry::LineString(line) => vec![line.0.clone()],
        Geometry::MultiLineString(lines) => lines.iter().map(|l| l.0.clone()).collect(),
        Geometry::Point(point) => vec![vec![point.0]],
        Geometry::MultiPoint(points) => points.iter().map(|p| vec![p.0]).collect(),
        _ => Vec::new(),
    }
}

fn path_of(points: &[(f64, f64)]) -> String {
    let mut path = String::new();
    for (i, (x, y)) in points.iter().enumerate() {
        let _ = write!(path, "{}{x:.1},{y:.1} ", if i == 0 { "M" } else { "L" });
    }
    if points.len() == 1 {
        path.push_str("h0.1 ");
    }
    path
}

/// A scale bar of a round length near a fifth of the drawing.
fn scale_bar(svg: &mut String, metres_per_px: f64) {
    let target = metres_per_px * (SIZE - 2.0 * MARGIN) / 5.0;
    let magnitude = 10f64.powf(target.log10().floor());
    let length = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|step| step * magnitude)
        .rfind(|&candidate| candidate <= target)
        .unwrap_or(magnitude);
    let px = length / metres_per_px;
    let (x, y) = (MARGIN, SIZE - 14.0);
    let label = if length >= 1_000.0 {
        format!("{} km", length / 1_000.0)
    } else {
        format!("{length} m")
    };
    let _ = write!(
        svg,
        r##"<rect x="{x}" y="{}" width="{px:.1}" height="6" fill="#111827"/><text x="{:.1}" y="{}" font-size="12">{label}</text>"##,
        y - 6.0,
        x + px + 6.0,
        y
    );
}

/// Text safe inside an SVG element or attribute.
pub fn escaped(text: &str) -> String {
    text.chars().filter(|c| !c.is_control()).fold(
        String::with_capacity(text.len()),
        |mut out, c| {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' => out.push_str("&quot;"),
                '\'' => out.push_str("&#39;"),
                _ => out.push(c),
            }
            out
        },
    )
}
