//! Query limits and error codes for what happens before resolvers run.
//!
//! Depth and complexity are checked here (not with the schema's built-in limits) so that a
//! refusal carries `extensions.code = QUERY_TOO_COMPLEX`. Aliases are counted separately: a
//! thousand aliases of a cheap field cost little each but multiply work, so more than
//! [`MAX_ALIASES`] are refused whatever the fields. Syntax and validation errors get
//! `BAD_USER_INPUT`, and any error still without a code gets one, so every error carries a
//! code.

use std::sync::Arc;

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextParseQuery, NextRequest, NextValidation,
};
use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql::{Response, ServerError, ServerResult, ValidationResult, Variables};

/// Deepest query accepted: GraphiQL's introspection query is about 13 levels.
pub const MAX_DEPTH: usize = 15;
/// Most expensive query accepted; paged lists cost `first ×` their selection, so a page of
/// 100 mines with county, mineral and their nested fields fits.
pub const MAX_COMPLEXITY: usize = 20_000;
/// Most aliased fields accepted in one document.
pub const MAX_ALIASES: usize = 100;

/// Installs the checks on a schema.
pub struct QueryLimits;

impl ExtensionFactory for QueryLimits {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(QueryLimits)
    }
}

fn coded(mut error: ServerError, code: &str) -> ServerError {
    let extensions = error.extensions.get_or_insert_with(Default::default);
    if extensions.get("code").is_none() {
        extensions.set("code", code);
    }
    error
}

fn too_complex(message: String) -> ServerError {
    coded(ServerError::new(message, None), "QUERY_TOO_COMPLEX")
}

fn count_aliases(set: &SelectionSet) -> usize {
    set.items
        .iter()
        .map(|item| match &item.node {
            Selection::Field(field) => {
                usize::from(field.node.alias.is_some())
                    + count_aliases(&field.node.selection_set.node)
            }
            Selection::InlineFragment(fragment) => count_aliases(&fragment.node.selection_set.node),
            // Fragment definitions are counted once below, however often they are spread.
            Selection::FragmentSpread(_) => 0,
        })
        .sum()
}

fn aliases_in(doc: &ExecutableDocument) -> usize {
    let operations: usize = doc
        .operations
        .iter()
        .map(|(_, operation)| count_aliases(&operation.node.selection_set.node))
        .sum();
    let fragments: usize = doc
        .fragments
        .values()
        .map(|fragment| count_aliases(&fragment.node.selection_set.node))
        .sum();
    operations + fragments
}

#[async_trait::async_trait]
impl Extension for QueryLimits {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let doc = next
            .run(ctx, query, variables)
            .await
            .map_err(|err| coded(err, "BAD_USER_INPUT"))?;
        let aliases = aliases_in(&doc);
        if aliases > MAX_ALIASES {
            return Err(too_complex(format!(
                "查询过于复杂：别名 {aliases} 个，超过上限 {MAX_ALIASES}"
            )));
        }
        Ok(doc)
    }

    async fn validation(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextValidation<'_>,
    ) -> Result<ValidationResult, Vec<ServerError>> {
        let result = next.run(ctx).await.map_err(|errors| {
            errors
                .into_iter()
                .map(|err| coded(err, "BAD_USER_INPUT"))
                .collect::<Vec<_>>()
        })?;
        if result.depth > MAX_DEPTH {
            return Err(vec![too_complex(format!(
                "查询过于复杂：嵌套 {} 层，超过上限 {MAX_DEPTH}",
                result.depth
            ))]);
        }
        if result.complexity > MAX_COMPLEXITY {
            return Err(vec![too_complex(format!(
                "查询过于复杂：复杂度 {}，超过上限 {MAX_COMPLEXITY}",
                result.complexity
            ))]);
        }
        Ok(result)
    }

    async fn request(&self, ctx: &ExtensionContext<'_>, next: NextRequest<'_>) -> Response {
        let mut response = next.run(ctx).await;
        response.errors = response
            .errors
            .into_iter()
            .map(|err| {
                // Argument coercion failures are the caller's input; anything else uncoded
                // is ours.
                let code = if err.message.starts_with("Failed to parse")
                    || err.message.starts_with("Invalid value")
                {
                    "BAD_USER_INPUT"
                } else {
                    "INTERNAL"
                };
                coded(err, code)
            })
            .collect();
        response
    }
}
