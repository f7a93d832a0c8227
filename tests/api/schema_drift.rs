//! The checked-in SDL must match the code.

#[test]
fn checked_in_schema_matches_the_code() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/schema.graphql");
    let checked_in = std::fs::read_to_string(path).expect("schema.graphql is checked in");
    assert!(
        checked_in == mineright::graphql::sdl(),
        "schema.graphql drifted from the code; regenerate it with `cargo run -- schema > schema.graphql`"
    );
}
