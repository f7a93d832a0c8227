//! Relay-style connections with keyset cursors and an on-demand `totalCount`.

use async_graphql::SimpleObject;

use crate::domain::page::encode_cursor;
use crate::graphql::types::audit::AuditEntry;
use crate::graphql::types::block::Block;
use crate::graphql::types::mines::Mine;
use crate::graphql::types::transfer::TransferPlanEntry;

/// Where a page sits in the whole list.
#[derive(SimpleObject, Debug, Clone)]
pub struct PageInfo {
    /// Whether another page follows.
    pub has_next_page: bool,
    /// Whether a page comes before this one (this page was asked for `after` a cursor).
    pub has_previous_page: bool,
    /// Cursor of the last edge; pass it as `after` for the next page.
    pub end_cursor: Option<String>,
}

/// Declares a connection type and its edge type for one node type.
macro_rules! connection {
    ($connection:ident, $edge:ident, $node:ty) => {
        /// One node with its cursor.
        #[derive(SimpleObject)]
        pub struct $edge {
            /// Opaque cursor of this node; pass it as `after` to read the nodes after it.
            pub cursor: String,
            /// The item itself.
            pub node: $node,
        }

        /// A page of a list.
        #[derive(SimpleObject)]
        pub struct $connection {
            /// The items of this page, each with its cursor.
            pub edges: Vec<$edge>,
            /// Whether more pages follow, and the cursor to read them.
            pub page_info: PageInfo,
            /// Rows matching the filter across all pages (counted only when asked for).
            pub total_count: i64,
        }

        impl $connection {
            /// Builds a page from nodes and their keys; `after` is the cursor it follows.
            pub fn new(
                nodes: Vec<(i64, $node)>,
                has_next_page: bool,
                after: Option<i64>,
                total_count: i64,
            ) -> Self {
                let edges: Vec<$edge> = nodes
                    .into_iter()
                    .map(|(key, node)| $edge {
                        cursor: encode_cursor(key),
                        node,
                    })
                    .collect();
                let end_cursor = edges.last().map(|edge| edge.cursor.clone());
                Self {
                    edges,
                    page_info: PageInfo {
                        has_next_page,
                        has_previous_page: after.is_some(),
                        end_cursor,
                    },
                    total_count,
                }
            }
        }
    };
}

connection!(MineConnection, MineEdge, Mine);
connection!(AuditEntryConnection, AuditEntryEdge, AuditEntry);
connection!(BlockConnection, BlockEdge, Block);
connection!(
    TransferPlanEntryConnection,
    TransferPlanEntryEdge,
    TransferPlanEntry
);

/// Whether the current field's selection asks for `totalCount` (so the count query runs
/// only when wanted).
pub fn wants_total(ctx: &async_graphql::Context<'_>) -> bool {
    ctx.look_ahead().field("totalCount").exists()
}

/// Whether the current field's selection asks for each mine's `assessment` today (no
/// `asOf`), so that the page is assessed in one batch before its nodes resolve; an
/// assessment on another day is left to the loader rather than computed twice.
pub fn wants_assessment_today(ctx: &async_graphql::Context<'_>) -> bool {
    ctx.look_ahead()
        .field("edges")
        .field("node")
        .field("assessment")
        .selection_fields()
        .iter()
        .any(|field| {
            field
                .arguments()
                .is_ok_and(|arguments| arguments.iter().all(|(name, _)| name.as_str() != "asOf"))
        })
}
