//! Reading scenario files: every kind of bad input gets a precise error, good input always loads.

use scenario_studio::FormatError;
use scenario_studio::format::{self, MAX_FILE_BYTES};

fn parse(text: &str) -> Result<scenario_studio::ScenarioFile, FormatError> {
    format::parse_scenario(text)
}

const MINIMAL: &str = r#"{"format":"scenario-studio/1","id":"s","name":"n","nodes":[]}"#;

#[test]
fn minimal_file_loads_with_defaults() {
    let s = parse(MINIMAL).unwrap();
    assert_eq!(s.settings.min_send_interval.days, 2);
    assert_eq!(s.settings.send_window.start.to_string(), "09:00");
    assert!(s.edges.is_empty());
}

#[test]
fn a_newer_format_is_refused_with_update_advice() {
    let e = parse(r#"{"format":"scenario-studio/7","id":"s","new_field":{"x":1}}"#).unwrap_err();
    assert!(matches!(e, FormatError::NewerFormat { ref found } if found == "scenario-studio/7"));
    let m = e.localized();
    assert!(m.ja.contains("更新"), "{}", m.ja);
    assert!(m.en.contains("update Scenario Studio"), "{}", m.en);
}

#[test]
fn unknown_and_missing_formats_are_refused() {
    for text in [
        r#"{"format":"bpmn/2","nodes":[]}"#,
        r#"{"format":"scenario-studio/one"}"#,
        r#"{"format":"scenario-studio/0"}"#,
        r#"{"format":1}"#,
    ] {
        assert!(
            matches!(parse(text), Err(FormatError::UnknownFormat { .. })),
            "{text}"
        );
    }
    assert!(matches!(
        parse(r#"{"id":"s"}"#),
        Err(FormatError::MissingFormat)
    ));
    assert!(matches!(parse("[1,2]"), Err(FormatError::NotAnObject)));
    assert!(matches!(parse("null"), Err(FormatError::NotAnObject)));
}

#[test]
fn syntax_errors_give_line_and_column() {
    let e = parse("{\n  \"format\": \"scenario-studio/1\",\n  \"id\": \"s\",,\n}").unwrap_err();
    assert_eq!(e.location(), Some((3, 13)));
    assert!(matches!(e, FormatError::Syntax { .. }));
    assert!(e.localized().ja.contains("3行13列"));
}

/// A key named twice in one object, at any depth, is refused where the second stands: a JSON
/// reader would keep one of the two silently (a wait of 3 days read as 300).
#[test]
fn a_key_named_twice_is_refused_at_any_depth() {
    let text = "{\"format\":\"scenario-studio/1\",\"id\":\"s\",\"name\":\"n\",\"nodes\":[\n\
        {\"id\":\"w\",\"kind\":{\"type\":\"wait\",\"delay\":{\"days\":3,\"days\":300}}}]}";
    let e = parse(text).unwrap_err();
    assert!(matches!(e, FormatError::Syntax { .. }), "{e:?}");
    assert_eq!(e.location().map(|l| l.0), Some(2));
    assert!(e.to_string().contains("duplicate field `days`"), "{e}");
    assert!(
        e.localized().ja.contains("項目 `days` が2回書かれています"),
        "{}",
        e.localized().ja
    );
    // The same key in two objects is no duplicate.
    assert!(scenario_studio::format::no_duplicate_keys(r#"[{"a":1},{"a":2,"b":{"a":3}}]"#).is_ok());
}

#[test]
fn shape_errors_give_the_json_path() {
    let text = r#"{"format":"scenario-studio/1","id":"s","name":"n","nodes":[
        {"id":"a","kind":{"type":"trigger","event":{"type":"lead_created"}}},
        {"id":"w","kind":{"type":"wait","delay":{"days":"three"}}}]}"#;
    match parse(text).unwrap_err() {
        // The line is where the node's kind ends; the path goes all the way to the value.
        FormatError::Shape {
            path, line, detail, ..
        } => {
            assert_eq!(path, "nodes[1].kind.delay.days");
            assert_eq!(line, 3);
            assert!(
                detail.contains(r#""three""#) && detail.contains("expected u32"),
                "{detail}"
            );
        }
        other => panic!("{other:?}"),
    }
    let typo = r#"{"format":"scenario-studio/1","id":"s","name":"n","nodes":[],"setings":{}}"#;
    let e = parse(typo).unwrap_err();
    assert!(e.to_string().contains("unknown field `setings`"), "{e}");
    let bad_kind = r#"{"format":"scenario-studio/1","id":"s","name":"n","nodes":[{"id":"a","kind":{"type":"teleport"}}]}"#;
    assert!(
        parse(bad_kind)
            .unwrap_err()
            .to_string()
            .contains("teleport")
    );
}

#[test]
fn empty_bom_and_encoding() {
    assert!(matches!(parse(""), Err(FormatError::Empty)));
    assert!(matches!(parse(" \n\t"), Err(FormatError::Empty)));
    let mut with_bom = "\u{feff}".as_bytes().to_vec();
    with_bom.extend_from_slice(MINIMAL.as_bytes());
    assert!(format::parse_scenario_bytes(&with_bom).is_ok());
    // "名前" in Shift_JIS inside a JSON string.
    let mut sjis = br#"{"format":"scenario-studio/1","id":"s","name":""#.to_vec();
    sjis.extend_from_slice(&[0x96, 0xbc, 0x91, 0x4f]);
    sjis.extend_from_slice(br#"","nodes":[]}"#);
    match format::parse_scenario_bytes(&sjis).unwrap_err() {
        FormatError::NotUtf8 { line, column } => assert_eq!((line, column), (1, 48)),
        other => panic!("{other:?}"),
    }
}

#[test]
fn trailing_content_is_refused() {
    assert!(parse(&format!("{MINIMAL} {{}}")).is_err());
}

#[test]
fn oversized_files_are_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.json");
    // A sparse 1 GiB file: the check must not read it.
    std::fs::File::create(&path)
        .unwrap()
        .set_len(1 << 30)
        .unwrap();
    match format::read_scenario(&path).unwrap_err() {
        FormatError::TooLarge { size, limit } => {
            assert_eq!(size, 1 << 30);
            assert_eq!(limit, MAX_FILE_BYTES);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn missing_files_and_folders_are_read_errors() {
    let dir = tempfile::tempdir().unwrap();
    let e = format::read_scenario(&dir.path().join("nope.json")).unwrap_err();
    assert_eq!(e.kind(), "read");
    assert!(e.localized().ja.contains("見つかりません"));
    assert_eq!(
        format::read_scenario(dir.path()).unwrap_err().kind(),
        "read"
    );
}

#[test]
fn atomic_write_replaces_whole_files_and_leaves_no_temporary() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.json");
    format::write_atomic(&path, b"old").unwrap();
    format::write_atomic(&path, b"new contents").unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), b"new contents");
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, vec![std::ffi::OsString::from("s.json")]);
    // Into a folder that does not exist: an error, and nothing is created.
    let e = format::write_atomic(&dir.path().join("no/such/dir/s.json"), b"x").unwrap_err();
    assert_eq!(e.kind(), "write");
}

/// A file of an older format version is read through explicit migration steps. The format has
/// had one version so far, so the steps here are from a version that never shipped (`/0`, where
/// a node's `title` was called `label`): they prove the chain, as `open_with` does for
/// workspace migrations.
#[test]
fn an_older_format_is_read_through_its_migration_steps() {
    use scenario_studio::format::{FormatMigration, parse_scenario_with};
    fn label_to_title(mut v: serde_json::Value) -> Result<serde_json::Value, String> {
        let nodes = v["nodes"].as_array_mut().ok_or("nodes is not a list")?;
        for node in nodes {
            let node = node.as_object_mut().ok_or("a node is not an object")?;
            if let Some(label) = node.remove("label") {
                node.insert("title".into(), label);
            }
        }
        Ok(v)
    }
    let step = FormatMigration {
        from: 0,
        description: "test: nodes' label became title",
        migrate: label_to_title,
    };
    let current = scenario_studio::templates::template("welcome")
        .unwrap()
        .json;
    let mut old: serde_json::Value = serde_json::from_str(current).unwrap();
    old["format"] = "scenario-studio/0".into();
    for node in old["nodes"].as_array_mut().unwrap() {
        if let Some(title) = node.as_object_mut().unwrap().remove("title") {
            node["label"] = title;
        }
    }
    let old = serde_json::to_string_pretty(&old).unwrap();
    let migrated = parse_scenario_with(&old, &[step]).unwrap();
    assert_eq!(migrated, format::parse_scenario(current).unwrap());
    // Without the step the older file is refused, not guessed at.
    let err = format::parse_scenario(&old).unwrap_err();
    assert_eq!(err.kind(), "unknown-format");
    // A step that cannot convert, and a conversion that does not read, say so with the version.
    let failing = FormatMigration {
        from: 0,
        description: "test: fails",
        migrate: |_| Err("nodes[3] has no kind".into()),
    };
    let err = parse_scenario_with(&old, &[failing]).unwrap_err();
    assert_eq!(err.kind(), "migration");
    assert!(
        err.localized().ja.contains("古い形式 scenario-studio/0"),
        "{}",
        err.localized().ja
    );
    assert!(err.to_string().contains("nodes[3] has no kind"));
    let no_op = FormatMigration {
        from: 0,
        description: "test: forgets to rename",
        migrate: Ok,
    };
    let err = parse_scenario_with(&old, &[no_op]).unwrap_err();
    assert!(err.to_string().contains("label"), "{err}");
}

#[test]
fn a_version_is_only_its_canonical_number() {
    for tag in [
        "scenario-studio/01",
        "scenario-studio/+1",
        "scenario-studio/1.0",
    ] {
        let text = MINIMAL.replace("scenario-studio/1", tag);
        assert_eq!(parse(&text).unwrap_err().kind(), "unknown-format", "{tag}");
    }
}

#[test]
fn vocabulary_labels_read_as_the_codes_the_workspace_stores() {
    let text = r#"{"format":"scenario-studio/1","id":"s","name":"n","nodes":[],
      "settings":{"segment":{"type":"all","of":[
        {"type":"attribute","attribute":"job_level","op":"one_of","values":["部長クラス","Executive","課長","本部長"]},
        {"type":"attribute","attribute":"employee_band","op":"equals","values":["１，０００名以上"]},
        {"type":"attribute","attribute":"industry","op":"equals","values":["部長クラス"]},
        {"type":"deal_status","in":["商談化","Won","lost"]}]}}}"#;
    let file = parse(text).unwrap();
    let canonical = format::to_json(&file);
    for code in [
        r#""director""#,
        r#""executive""#,
        r#""manager""#,
        r#""1000+""#,
        r#""opportunity""#,
        r#""won""#,
        r#""lost""#,
    ] {
        assert!(canonical.contains(code), "{code} missing from {canonical}");
    }
    // A value that is no label stays as written, and a free-text attribute is never mapped.
    assert!(canonical.contains("本部長"));
    assert_eq!(canonical.matches("部長クラス").count(), 1, "{canonical}");
    // Written as codes, the file reads back the same.
    assert_eq!(parse(&canonical).unwrap(), file);
}
