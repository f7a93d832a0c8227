//! Boundaries on the ground (docs/spatial.md): corners in the official Gauss-Krüger notation
//! or in degrees, checked as a simple ring in one zone's plane, and the area they enclose
//! set against the declared 矿区面积; the reference layers a block is screened against.

pub mod boundary;
pub mod corner_text;
pub mod gauss_kruger;
pub mod layer;
pub mod layer_file;
pub mod map;
pub mod ring;
pub mod screen;
pub mod separation;
pub mod shapefile;

#[cfg(test)]
pub(crate) mod fixtures;
#[cfg(test)]
mod screen_tests;
#[cfg(test)]
mod tests;
