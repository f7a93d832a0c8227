//! The shape of a GraphQL document after fragment expansion, measured in time and memory
//! linear in the document.
//!
//! async-graphql's own recursion check, its validation visitors and its field collection
//! all walk every fragment spread, so a kilobyte of `fragment F1 { ...F0 ...F0 }` levels
//! costs them 2^levels steps. Here each fragment is measured once and its figures reused at
//! every spread (saturating arithmetic), and the walk stops at the first limit crossed, so
//! such a document is refused before the library sees it.

use std::collections::HashMap;

use async_graphql::parser::types::{Directive, ExecutableDocument, Field, Selection, SelectionSet};
use async_graphql::{Name, Positioned, Value as ConstValue, Variables};
use async_graphql_value::Value;

/// The limits a document must stay within.
#[derive(Debug, Clone, Copy)]
pub struct ShapeLimits {
    /// Deepest field nesting.
    pub max_depth: usize,
    /// Deepest nesting of selection sets, fragment spreads and inline fragments included
    /// (async-graphql's own recursion limit is 32).
    pub max_nesting: usize,
    /// Most selections after expansion, each weighted by the size of its arguments and
    /// directives (a string argument weighs one per started 256 bytes).
    pub max_nodes: u64,
    /// Most aliased fields after expansion.
    pub max_aliases: u64,
}

/// What a document (or one of its fragments) expands to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Shape {
    /// Field nesting: `{ a { b } }` is 2.
    pub depth: usize,
    /// Selection-set nesting below the root, fragments included.
    pub nesting: usize,
    /// Weighted selections after expansion.
    pub nodes: u64,
    /// Aliased fields after expansion.
    pub aliases: u64,
}

/// Why a document was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Fields nested deeper than the limit.
    TooDeep,
    /// Selection sets and fragments nested deeper than the limit.
    TooNested,
    /// More weighted selections than the limit.
    TooLarge,
    /// More aliases than the limit.
    TooManyAliases,
    /// A fragment that spreads itself, directly or through others.
    FragmentCycle(String),
}

/// Measures every operation of `doc`; the first limit crossed ends the walk.
pub fn measure(
    doc: &ExecutableDocument,
    variables: &Variables,
    limits: ShapeLimits,
) -> Result<Shape, Refusal> {
    let mut walk = Walk {
        doc,
        variables,
        limits,
        fragments: HashMap::new(),
        variable_weights: HashMap::new(),
    };
    let mut total = Shape::default();
    for (_, operation) in doc.operations.iter() {
        let shape = walk.selection_set(&operation.node.selection_set.node, 0)?;
        let directives = walk.directives(&operation.node.directives);
        total = walk.check(Shape {
            depth: total.depth.max(shape.depth),
            nesting: total.nesting.max(shape.nesting),
            nodes: total
                .nodes
                .saturating_add(shape.nodes)
                .saturating_add(directives),
            aliases: total.aliases.saturating_add(shape.aliases),
        })?;
    }
    Ok(total)
}

enum Memo {
    /// Being measured: meeting it again is a cycle.
    Open,
    Done(Shape),
}

struct Walk<'a> {
    doc: &'a ExecutableDocument,
    variables: &'a Variables,
    limits: ShapeLimits,
    fragments: HashMap<&'a str, Memo>,
    variable_weights: HashMap<&'a str, u64>,
}

impl<'a> Walk<'a> {
    fn check(&self, shape: Shape) -> Result<Shape, Refusal> {
        if shape.depth > self.limits.max_depth {
            Err(Refusal::TooDeep)
        } else if shape.nesting > self.limits.max_nesting {
            Err(Refusal::TooNested)
        } else if shape.nodes > self.limits.max_nodes {
            Err(Refusal::TooLarge)
        } else if shape.aliases > self.limits.max_aliases {
            Err(Refusal::TooManyAliases)
        } else {
            Ok(shape)
        }
    }

    /// The shape of `set`, which sits `level` sets below the operation's root. The
    /// recursion follows a nesting path of the expanded document, so it is as deep as the
    /// nesting limit at most.
    fn selection_set(&mut self, set: &'a SelectionSet, level: usize) -> Result<Shape, Refusal> {
        if level > self.limits.max_nesting {
            return Err(Refusal::TooNested);
        }
        let mut total = Shape::default();
        for item in &set.items {
            let child = match &item.node {
                Selection::Field(field) => self.field(&field.node, level)?,
                Selection::InlineFragment(fragment) => {
                    let inner = self.selection_set(&fragment.node.selection_set.node, level + 1)?;
                    let directives = self.directives(&fragment.node.directives);
                    one_level_below(inner, directives)
                }
                Selection::FragmentSpread(spread) => {
                    let inner = self.fragment(&spread.node.fragment_name.node, level + 1)?;
                    let directives = self.directives(&spread.node.directives);
                    one_level_below(inner, directives)
                }
            };
            total = self.check(Shape {
                depth: total.depth.max(child.depth),
                nesting: total.nesting.max(child.nesting),
                nodes: total.nodes.saturating_add(child.nodes),
                aliases: total.aliases.saturating_add(child.aliases),
            })?;
            if level + total.nesting > self.limits.max_nesting {
                return Err(Refusal::TooNested);
            }
        }
        Ok(total)
    }

    fn field(&mut self, field: &'a Field, level: usize) -> Result<Shape, Refusal> {
        let children = if field.selection_set.node.items.is_empty() {
            Shape::default()
        } else {
            let inner = self.selection_set(&field.selection_set.node, level + 1)?;
            Shape {
                nesting: inner.nesting + 1,
                ..inner
            }
        };
        let arguments = field.arguments.iter().fold(0u64, |sum, (_, value)| {
            sum.saturating_add(self.value(&value.node))
        });
        Ok(Shape {
            depth: children.depth + 1,
            nesting: children.nesting,
            nodes: children
                .nodes
                .saturating_add(1)
                .saturating_add(arguments)
                .saturating_add(self.directives(&field.directives)),
            aliases: children
                .aliases
                .saturating_add(u64::from(field.alias.is_some())),
        })
    }

    /// A fragment's shape, measured at its first spread and reused at every other; a
    /// spread of an unknown fragment weighs nothing here (validation reports it).
    fn fragment(&mut self, name: &'a Name, level: usize) -> Result<Shape, Refusal> {
        match self.fragments.get(name.as_str()) {
            Some(Memo::Done(shape)) => return Ok(*shape),
            Some(Memo::Open) => return Err(Refusal::FragmentCycle(name.to_string())),
            None => {}
        }
        let Some(definition) = self.doc.fragments.get(name) else {
            return Ok(Shape::default());
        };
        self.fragments.insert(name.as_str(), Memo::Open);
        let shape = self.selection_set(&definition.node.selection_set.node, level)?;
        self.fragments.insert(name.as_str(), Memo::Done(shape));
        Ok(shape)
    }

    fn directives(&mut self, directives: &'a [Positioned<Directive>]) -> u64 {
        directives.iter().fold(0u64, |sum, directive| {
            let arguments = directive
                .node
                .arguments
                .iter()
                .fold(1u64, |sum, (_, value)| {
                    sum.saturating_add(self.value(&value.node))
                });
            sum.saturating_add(arguments)
        })
    }

    /// The weight of an argument value; a variable weighs what its value weighs, computed
    /// once per variable. Iterative, so a deeply nested list cannot exhaust the stack.
    fn value(&mut self, value: &'a Value) -> u64 {
        let mut weight = 0u64;
        let mut stack = vec![value];
        while let Some(value) = stack.pop() {
            weight = weight.saturating_add(match value {
                Value::Variable(name) => self.variable(name),
                Value::String(text) => string_weight(text.len()),
                Value::Binary(bytes) => string_weight(bytes.len()),
                Value::List(items) => {
                    stack.extend(items.iter());
                    1
                }
                Value::Object(fields) => {
                    stack.extend(fields.values());
                    1
                }
                Value::Null | Value::Number(_) | Value::Boolean(_) | Value::Enum(_) => 1,
            });
        }
        weight
    }

    fn variable(&mut self, name: &'a Name) -> u64 {
        if let Some(weight) = self.variable_weights.get(name.as_str()) {
            return *weight;
        }
        let weight = self.variables.get(name).map_or(1, const_weight);
        self.variable_weights.insert(name.as_str(), weight);
        weight
    }
}

/// The shape of a fragment (inline or spread) seen from where it stands: one level deeper,
/// plus the fragment itself and its directives.
fn one_level_below(inner: Shape, directives: u64) -> Shape {
    Shape {
        nesting: inner.nesting + 1,
        nodes: inner.nodes.saturating_add(1).saturating_add(directives),
        ..inner
    }
}

fn string_weight(bytes: usize) -> u64 {
    1 + (bytes as u64).div_ceil(256)
}

fn const_weight(value: &ConstValue) -> u64 {
    let mut weight = 0u64;
    let mut stack = vec![value];
    while let Some(value) = stack.pop() {
        weight = weight.saturating_add(match value {
            ConstValue::String(text) => string_weight(text.len()),
            ConstValue::Binary(bytes) => string_weight(bytes.len()),
            ConstValue::List(items) => {
                stack.extend(items.iter());
                1
            }
            ConstValue::Object(fields) => {
                stack.extend(fields.values());
                1
            }
            _ => 1,
        });
    }
    weight
}

#[cfg(test)]
mod tests;
