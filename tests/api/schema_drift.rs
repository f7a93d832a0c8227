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

/// Every type, field, argument, input field and enum value a client sees is described
/// (introspection through the real router; the built-in `__` types and scalars are the
/// library's).
#[tokio::test]
async fn every_item_of_the_schema_has_a_description() {
    let app = crate::helpers::TestApp::spawn().await;
    let body = app
        .gql(
            None,
            "{ __schema { types { name description \
               fields { name description args { name description } } \
               inputFields { name description } enumValues { name description } } } }",
            serde_json::json!({}),
        )
        .await;
    let types = body["data"]["__schema"]["types"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(types.len() > 50, "{body}");
    let builtin = ["String", "Int", "Float", "Boolean", "ID"];
    let described = |item: &serde_json::Value| {
        item["description"]
            .as_str()
            .is_some_and(|d| !d.trim().is_empty())
    };
    let mut undescribed = Vec::new();
    for ty in &types {
        let name = ty["name"].as_str().unwrap_or_default();
        if name.starts_with("__") || builtin.contains(&name) {
            continue;
        }
        if !described(ty) {
            undescribed.push(name.to_owned());
        }
        let list = |key: &str| ty[key].as_array().cloned().unwrap_or_default();
        for member in list("fields")
            .iter()
            .chain(&list("inputFields"))
            .chain(&list("enumValues"))
        {
            let member_name = member["name"].as_str().unwrap_or_default();
            if !described(member) {
                undescribed.push(format!("{name}.{member_name}"));
            }
            for arg in member["args"].as_array().into_iter().flatten() {
                if !described(arg) {
                    undescribed.push(format!("{name}.{member_name}({})", arg["name"]));
                }
            }
        }
    }
    assert!(undescribed.is_empty(), "undescribed: {undescribed:?}");
}

/// A landed migration never changes: deployments have run it already, so a change to what
/// it does must be a new migration. `migration/landed.sha256` lists every migration file
/// with its SHA-256 (`sha256sum` format); a new migration adds its line.
#[test]
fn landed_migrations_are_unchanged_and_every_migration_is_listed() {
    use sha2::{Digest, Sha256};
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/migration");
    let listed = std::fs::read_to_string(format!("{root}/landed.sha256")).expect("hash list");
    let mut named = std::collections::BTreeSet::new();
    for line in listed.lines().filter(|l| !l.trim().is_empty()) {
        let (hash, file) = line.split_once("  ").expect("`<sha256>  <file>`");
        let text = std::fs::read(format!("{root}/src/{file}")).expect("listed file exists");
        let actual: String = Sha256::digest(&text)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(
            actual, hash,
            "{file} changed after it landed: add a new migration"
        );
        named.insert(file.to_owned());
    }
    for entry in std::fs::read_dir(format!("{root}/src")).expect("migration/src") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        if name.starts_with('m') && name.ends_with(".rs") {
            assert!(
                named.contains(&name),
                "{name} is not in migration/landed.sha256"
            );
        }
    }
}
