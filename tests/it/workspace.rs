//! The workspace file: creation, the checks on open, migrations.

use scenario_studio::store::{
    LATEST_VERSION, MIGRATIONS, Migration, StoreError, Workspace, drafts, scenarios,
};

#[test]
fn create_makes_a_complete_workspace_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("team.scenario-ws");
    let ws = Workspace::create(&path).unwrap();
    assert_eq!(ws.schema_version().unwrap(), LATEST_VERSION);
    let tables: Vec<String> = ws
        .conn()
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for t in [
        "checklist_answers",
        "deal_status_history",
        "scenario_drafts",
        "lead_events",
        "leads",
        "scenario_history",
        "scenarios",
        "settings",
        "simulation_runs",
    ] {
        assert!(
            tables.iter().any(|x| x == t),
            "missing table {t}: {tables:?}"
        );
    }
    let fk: i64 = ws
        .conn()
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    let journal: String = ws
        .conn()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!((fk, journal.as_str()), (1, "wal"));
    drop(ws);
    assert!(matches!(
        Workspace::create(&path),
        Err(StoreError::AlreadyExists(_))
    ));
    // No temporary file is left beside it.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, vec![std::ffi::OsString::from("team.scenario-ws")]);
}

#[test]
fn files_that_are_not_workspaces_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "これはワークスペースではありません".repeat(100)).unwrap();
    assert!(matches!(
        Workspace::open(&text),
        Err(StoreError::NotAWorkspace(_))
    ));
    // A SQLite database of some other program.
    let other = dir.path().join("other.db");
    rusqlite::Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE t (x)")
        .unwrap();
    let e = Workspace::open(&other).unwrap_err();
    assert!(matches!(e, StoreError::NotAWorkspace(_)));
    assert!(e.localized().ja.contains("ワークスペースではありません"));
    assert!(matches!(
        Workspace::open(&dir.path().join("missing.ws")),
        Err(StoreError::NotFound(_))
    ));
}

#[test]
fn a_workspace_from_a_newer_version_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future.ws");
    drop(Workspace::create(&path).unwrap());
    rusqlite::Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    let before = std::fs::read(&path).unwrap();
    let e = Workspace::open(&path).unwrap_err();
    assert!(
        matches!(e, StoreError::NewerVersion { found: 99, supported } if supported == LATEST_VERSION)
    );
    assert!(e.localized().ja.contains("更新"));
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn an_older_workspace_is_upgraded_in_place_keeping_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.ws");
    {
        let mut ws = Workspace::create(&path).unwrap();
        let tx = ws.transaction().unwrap();
        tx.execute(
            "INSERT INTO leads (email, email_key) VALUES ('a@b.jp', 'a@b.jp')",
            [],
        )
        .unwrap();
        tx.commit().unwrap();
    }
    // A later version of the schema: the shipped steps plus one more.
    let mut next: Vec<Migration> = MIGRATIONS.to_vec();
    next.push(Migration {
        description: "test: lead notes",
        sql: "ALTER TABLE leads ADD COLUMN note TEXT NOT NULL DEFAULT '';",
    });
    let ws = Workspace::open_with(&path, &next).unwrap();
    assert_eq!(ws.schema_version().unwrap(), LATEST_VERSION + 1);
    let (email, note): (String, String) = ws
        .conn()
        .query_row("SELECT email, note FROM leads", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!((email.as_str(), note.as_str()), ("a@b.jp", ""));
    drop(ws);
    // A failing step leaves the workspace at its old version.
    let mut broken = next.clone();
    broken.push(Migration {
        description: "test: broken",
        sql: "ALTER TABLE nowhere ADD COLUMN x;",
    });
    assert!(Workspace::open_with(&path, &broken).is_err());
    assert_eq!(
        Workspace::open_with(&path, &next)
            .unwrap()
            .schema_version()
            .unwrap(),
        LATEST_VERSION + 1
    );
}

#[test]
fn simulation_runs_are_saved_and_listed_newest_first() {
    use scenario_studio::store::runs;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("runs.ws");
    let mut ws = Workspace::create(&path).unwrap();
    for (at, seed) in [(100, 1), (200, 2)] {
        let tx = ws.transaction().unwrap();
        runs::save(
            &tx,
            at,
            &serde_json::json!({"seed": seed}),
            &serde_json::json!({"enrolled": seed * 10}),
        )
        .unwrap();
        tx.commit().unwrap();
    }
    let listed = runs::list(ws.conn()).unwrap();
    assert_eq!(
        listed
            .iter()
            .map(|r| (r.id, r.created_at))
            .collect::<Vec<_>>(),
        [(2, 200), (1, 100)]
    );
    assert_eq!(listed[0].params["seed"], 2);
    assert_eq!(
        runs::results(ws.conn(), 1).unwrap().unwrap()["enrolled"],
        10
    );
    assert!(runs::results(ws.conn(), 9).unwrap().is_none());
}

#[test]
fn a_version_1_workspace_gains_the_later_tables_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v1.ws");
    {
        // What the first shipped version wrote: the same file without the drafts table and the
        // scoring versions.
        let ws = Workspace::create(&path).unwrap();
        ws.conn()
            .execute_batch(
                "DROP TABLE scenario_drafts; DROP TABLE scoring_versions; PRAGMA user_version = 1;",
            )
            .unwrap();
    }
    let mut ws = Workspace::open(&path).unwrap();
    assert_eq!(ws.schema_version().unwrap(), LATEST_VERSION);
    assert!(
        scenario_studio::store::scores::versions(ws.conn())
            .unwrap()
            .is_empty()
    );
    let file = scenario_studio::templates::TEMPLATES[0].scenario().unwrap();
    drafts::put(&mut ws, &file, 5).unwrap();
    assert_eq!(
        drafts::get(ws.conn(), file.id.as_str()).unwrap(),
        Some((file, 5))
    );
}

#[test]
fn drafts_are_kept_per_scenario_and_go_when_it_is_saved_or_removed() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::create(&dir.path().join("d.ws")).unwrap();
    let all = scenario_studio::templates::TEMPLATES;
    let (a, b) = (all[0].scenario().unwrap(), all[1].scenario().unwrap());
    let mut edited = a.clone();
    edited.name = "下書き中".into();
    // Work in progress need not validate: a draft with a dangling edge is kept as it is.
    edited.nodes.clear();
    drafts::put(&mut ws, &a, 10).unwrap();
    drafts::put(&mut ws, &edited, 20).unwrap();
    drafts::put(&mut ws, &b, 15).unwrap();
    let listed = drafts::list(ws.conn()).unwrap();
    let names: Vec<_> = listed
        .iter()
        .map(|d| (d.name.as_str(), d.saved_at, d.stored))
        .collect();
    assert_eq!(
        names,
        vec![("下書き中", 20, false), (b.name.as_str(), 15, false)]
    );
    assert_eq!(
        drafts::get(ws.conn(), a.id.as_str()).unwrap(),
        Some((edited.clone(), 20))
    );

    // Saving a (even unchanged later) removes its draft and only its draft.
    scenarios::save_all(&mut ws, std::slice::from_ref(&a), "初版", 30).unwrap();
    assert_eq!(drafts::get(ws.conn(), a.id.as_str()).unwrap(), None);
    drafts::put(&mut ws, &edited, 40).unwrap();
    assert!(drafts::list(ws.conn()).unwrap()[0].stored);
    scenarios::save_all(&mut ws, std::slice::from_ref(&a), "", 50).unwrap();
    assert_eq!(drafts::get(ws.conn(), a.id.as_str()).unwrap(), None);
    // An autosave of what was just saved, reaching the workspace after the save, is no draft; it
    // takes away an older draft too.
    drafts::put(&mut ws, &edited, 52).unwrap();
    drafts::put(&mut ws, &a, 55).unwrap();
    assert_eq!(drafts::get(ws.conn(), a.id.as_str()).unwrap(), None);

    // Removing a scenario removes its draft; discarding says whether there was one.
    drafts::put(&mut ws, &edited, 60).unwrap();
    scenarios::remove(&mut ws, a.id.as_str(), false).unwrap();
    assert_eq!(drafts::get(ws.conn(), a.id.as_str()).unwrap(), None);
    assert!(drafts::discard(&mut ws, b.id.as_str()).unwrap());
    assert!(!drafts::discard(&mut ws, b.id.as_str()).unwrap());
    assert!(drafts::list(ws.conn()).unwrap().is_empty());
}

/// A copy's id, a new scenario and what may be deleted are the store's rules (the app and the CLI
/// only call them).
#[test]
fn copies_new_scenarios_and_removals_follow_the_store_s_rules() {
    use scenario_studio::store::ReadError;
    use scenario_studio::store::scenarios::RemoveError;
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::create(&dir.path().join("c.ws")).unwrap();
    // A new scenario takes the first free `scenario-n` and is valid but for its lone trigger.
    let first = scenarios::new_scenario(ws.conn()).unwrap();
    assert_eq!(
        (first.id.as_str(), first.name.as_str()),
        ("scenario-1", "新しいシナリオ")
    );
    assert_eq!(first.nodes.len(), 1);
    scenarios::save_all(&mut ws, std::slice::from_ref(&first), "", 1).unwrap();
    assert_eq!(
        scenarios::new_scenario(ws.conn()).unwrap().id.as_str(),
        "scenario-2"
    );
    // Copies: `<id>-copy`, then `<id>-copy-2`, drafts named （コピー）, with a note.
    let mut welcome = scenario_studio::templates::TEMPLATES[0].scenario().unwrap();
    welcome.status = scenario_studio::model::Status::Active;
    scenarios::save_all(&mut ws, std::slice::from_ref(&welcome), "初版", 2).unwrap();
    let id = welcome.id.as_str().to_owned();
    assert_eq!(
        scenarios::duplicate(&mut ws, &id, 3).unwrap(),
        format!("{id}-copy")
    );
    assert_eq!(
        scenarios::duplicate(&mut ws, &id, 4).unwrap(),
        format!("{id}-copy-2")
    );
    let copy = scenarios::load(ws.conn(), &format!("{id}-copy"))
        .unwrap()
        .unwrap();
    assert_eq!(copy.name, format!("{}（コピー）", welcome.name));
    assert_eq!(copy.status, scenario_studio::model::Status::Draft);
    assert_eq!(
        scenarios::history(ws.conn(), &format!("{id}-copy")).unwrap()[0].note,
        format!("{id} から複製 / duplicated from {id}")
    );
    assert!(matches!(
        scenarios::duplicate(&mut ws, "nobody", 5),
        Err(ReadError::NotStored(_))
    ));
    // A scenario another one switches to or suppresses while in is not removed, unless forced.
    let mut naming = first.clone();
    naming.settings.suppress_while_in = vec![id.as_str().into()];
    scenarios::save_all(&mut ws, std::slice::from_ref(&naming), "", 6).unwrap();
    let refused = scenarios::remove(&mut ws, &id, false).unwrap_err();
    assert!(matches!(&refused, RemoveError::StillNamed { by, .. } if by == &["scenario-1"]));
    assert_eq!(refused.kind(), "still-referred-to");
    assert!(scenarios::load(ws.conn(), &id).unwrap().is_some());
    scenarios::remove(&mut ws, &id, true).unwrap();
    assert!(scenarios::load(ws.conn(), &id).unwrap().is_none());
    assert!(matches!(
        scenarios::remove(&mut ws, &id, false),
        Err(RemoveError::NotStored(_))
    ));
}

#[test]
fn renaming_a_stored_scenario_saves_a_version_and_keeps_its_draft() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::create(&dir.path().join("r.ws")).unwrap();
    let a = scenario_studio::templates::TEMPLATES[0].scenario().unwrap();
    let id = a.id.as_str().to_owned();
    scenarios::save_all(&mut ws, std::slice::from_ref(&a), "初版", 1).unwrap();
    let mut draft = a.clone();
    draft.nodes.truncate(1);
    drafts::put(&mut ws, &draft, 2).unwrap();

    assert_eq!(
        scenarios::rename(&mut ws, &id, "歓迎メール", 3).unwrap(),
        Some(true)
    );
    let stored = scenarios::load(ws.conn(), &id).unwrap().unwrap();
    assert_eq!(stored.name, "歓迎メール");
    assert_eq!(stored.nodes, a.nodes);
    let history = scenarios::history(ws.conn(), &id).unwrap();
    assert_eq!(history.len(), 2);
    assert!(history[1].note.contains("歓迎メール"), "{:?}", history[1]);
    // The draft keeps its own edits under the new name.
    let (kept, at) = drafts::get(ws.conn(), &id).unwrap().unwrap();
    assert_eq!(
        (kept.name.as_str(), kept.nodes.len(), at),
        ("歓迎メール", 1, 2)
    );

    assert_eq!(
        scenarios::rename(&mut ws, &id, "歓迎メール", 4).unwrap(),
        Some(false)
    );
    assert_eq!(scenarios::history(ws.conn(), &id).unwrap().len(), 2);
    assert_eq!(scenarios::rename(&mut ws, "nowhere", "x", 5).unwrap(), None);
    // Each saved version reads back by its number, as the history lists them.
    let first = scenarios::version(ws.conn(), &id, 1).unwrap().unwrap();
    assert_eq!(
        (first.name.as_str(), &first.nodes),
        (a.name.as_str(), &a.nodes)
    );
    assert_eq!(
        scenarios::version(ws.conn(), &id, 2).unwrap().unwrap().name,
        "歓迎メール"
    );
    assert!(scenarios::version(ws.conn(), &id, 3).unwrap().is_none());
    assert!(scenarios::version(ws.conn(), &id, 0).unwrap().is_none());
}

/// The lead table's pages: filters agree with plain SQL, text is matched literally (a `%` is not a
/// wildcard), pages follow each other in id order.
#[test]
fn lead_pages_filter_with_bound_parameters_and_follow_each_other() {
    use scenario_studio::store::browse::{LeadFilter, page};
    let scratch = crate::simulate::generated(
        300,
        4,
        chrono::NaiveDate::from_ymd_opt(2026, 10, 31).unwrap(),
    );
    let ws = Workspace::open(&scratch.path).unwrap();
    let conn = ws.conn();
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    let all = page(conn, &LeadFilter::default(), 0, 1000, None).unwrap();
    assert_eq!((all.total, all.rows.len()), (300, 300));
    // Each row's score is the one the score chart counts, at the last recorded moment.
    {
        use scenario_studio::store::scores::{last_recorded, score_leads};
        let model = scenario_studio::scoring::ScoringModel::default();
        let summary = score_leads(conn, &model, last_recorded(conn).unwrap()).unwrap();
        assert_eq!(all.scores_at, last_recorded(conn).unwrap());
        // A later page asks at the first page's moment and gets the same scores.
        let again = page(conn, &LeadFilter::default(), 0, 1000, Some(all.scores_at)).unwrap();
        assert_eq!(again, all);
        let mql = all.rows.iter().filter(|r| r.mql).count() as u64;
        assert_eq!(mql, summary.mql);
        assert!(all.rows.iter().all(|r| r.mql == (r.score >= 100)));
        for (from, leads) in summary.distribution {
            let in_band = (all.rows.iter())
                .filter(|r| r.score.div_euclid(10) * 10 == from)
                .count() as u64;
            assert_eq!(in_band, leads, "scores {from}–{}", from + 9);
        }
    }
    // Two pages are the first rows, in id order.
    let first = page(conn, &LeadFilter::default(), 0, 50, None).unwrap();
    let second = page(conn, &LeadFilter::default(), 50, 50, None).unwrap();
    assert_eq!(first.rows[..], all.rows[..50]);
    assert_eq!(second.rows[..], all.rows[50..100]);
    // An industry and a job level, against SQL written directly.
    let industry: String = conn
        .query_row(
            "SELECT industry FROM leads WHERE industry <> '' LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let filter = LeadFilter {
        industry: industry.clone(),
        job_level: "manager".into(),
        ..LeadFilter::default()
    };
    let expected = count(&format!(
        "SELECT COUNT(*) FROM leads WHERE industry = '{industry}' AND job_level = 'manager'"
    ));
    assert_eq!(page(conn, &filter, 0, 1000, None).unwrap().total, expected);
    // Text in the email, the company or the name.
    let lead = &all.rows[7];
    let by_company = LeadFilter {
        text: lead.company.clone(),
        ..LeadFilter::default()
    };
    let found = page(conn, &by_company, 0, 1000, None).unwrap();
    assert!(found.rows.iter().any(|r| r.id == lead.id));
    assert!(found.rows.iter().all(|r| r.company.contains(&lead.company)
        || r.email.contains(&lead.company)
        || r.name.replace(' ', "").contains(&lead.company)));
    // Wildcards are matched as characters, and a quote is only text.
    for odd in ["%", "_", "' OR 1=1 --"] {
        let filter = LeadFilter {
            text: odd.into(),
            ..LeadFilter::default()
        };
        let literal = odd.replace('\'', "''");
        let expected = count(&format!(
            "SELECT COUNT(*) FROM leads WHERE instr(email, '{literal}') > 0 OR instr(company, '{literal}') > 0
             OR instr(last_name || first_name, '{literal}') > 0 OR instr(last_name || ' ' || first_name, '{literal}') > 0"
        ));
        assert_eq!(
            page(conn, &filter, 0, 10, None).unwrap().total,
            expected,
            "{odd}"
        );
        assert!(expected < 300, "{odd} matched everything");
    }
    let opted = LeadFilter {
        opted_out: Some(true),
        ..LeadFilter::default()
    };
    assert_eq!(
        page(conn, &opted, 0, 1000, None).unwrap().total,
        count("SELECT COUNT(*) FROM leads WHERE opted_out = 1")
    );
}

/// The lead search matches how a Japanese user types a name, not only how it was stored: ㈱ and
/// (株), half-width and full-width kana, 髙 and 高, 﨑 and 崎, with or without the space between
/// family and given name, upper- or lower-case mail.
#[test]
fn the_lead_search_matches_names_however_they_are_typed() {
    use scenario_studio::store::browse::{LeadFilter, page};
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::create(&dir.path().join("s.ws")).unwrap();
    let conn = ws.conn();
    let leads = [
        ("a@mirai.example", "石川", "大輔", "㈱ミライ工業"),
        ("b@sys.example", "森", "翔太", "新星システムズ株式会社"),
        ("c@takashima.example", "小林", "彩", "髙島屋テック"),
        ("d@yamasaki.example", "山﨑", "恵", "ＡＢＣ商事"),
        ("Eve.Tanaka@Example.co.jp", "田中", "エヴァ", "デルタ"),
    ];
    for (email, last, first, company) in leads {
        conn.execute(
            "INSERT INTO leads (email, email_key, last_name, first_name, company) VALUES (?1, ?2, ?3, ?4, ?5)",
            rusqlite::params![email, email.to_lowercase(), last, first, company],
        )
        .unwrap();
    }
    let found = |text: &str| -> Vec<String> {
        let filter = LeadFilter {
            text: text.into(),
            ..LeadFilter::default()
        };
        (page(conn, &filter, 0, 100, None).unwrap().rows.into_iter())
            .map(|r| r.email)
            .collect()
    };
    assert_eq!(found("(株)ミライ"), ["a@mirai.example"]);
    assert_eq!(found("（株）ミライ"), ["a@mirai.example"]);
    assert_eq!(found("ｼｽﾃﾑ"), ["b@sys.example"]);
    assert_eq!(found("高島屋"), ["c@takashima.example"]);
    assert_eq!(found("山崎"), ["d@yamasaki.example"]);
    assert_eq!(found("abc商事"), ["d@yamasaki.example"]);
    assert_eq!(found("石川大輔"), ["a@mirai.example"]);
    assert_eq!(found("石川　大輔"), ["a@mirai.example"]);
    assert_eq!(found("eve.tanaka@example"), ["Eve.Tanaka@Example.co.jp"]);
    // Nothing matches across two fields (the end of one and the start of the next).
    assert!(found("example石川").is_empty());
    assert_eq!(found("システムズ株"), ["b@sys.example"]);
}

/// The workspace stores only what it can hand back whole: no position that is no number (stored
/// as `null`, nothing could read the scenario again), nothing too large for its own exports to be
/// read back, no id that is a stored one's in other case (one file name on Windows and macOS).
/// Each is refused and nothing of the save is kept.
#[test]
fn a_scenario_the_workspace_could_not_hand_back_whole_is_not_stored() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::create(&dir.path().join("u.ws")).unwrap();
    let good = scenario_studio::templates::TEMPLATES[0].scenario().unwrap();
    let mut nan = good.clone();
    nan.nodes[1].position.x = f64::NAN;
    let mut huge = good.clone();
    huge.name = "x".repeat(scenarios::MAX_SCENARIO_BYTES);
    let mut shouting = good.clone();
    shouting.id = good.id.as_str().to_ascii_uppercase().as_str().into();
    for (bad, says) in [(&nan, "not a number"), (&huge, "at most")] {
        let e = scenarios::save_all(&mut ws, &[good.clone(), bad.clone()], "", 1).unwrap_err();
        assert!(matches!(e, StoreError::Unstorable { .. }), "{e:?}");
        assert!(e.localized().en.contains(says), "{}", e.localized().en);
        assert!(scenarios::list(ws.conn()).unwrap().is_empty());
    }
    scenarios::save_all(&mut ws, std::slice::from_ref(&good), "", 1).unwrap();
    let e = scenarios::save_all(&mut ws, &[shouting], "", 2).unwrap_err();
    assert!(
        e.localized().en.contains("only in case"),
        "{}",
        e.localized().en
    );
    assert_eq!(scenarios::list(ws.conn()).unwrap().len(), 1);
}

/// A workspace whose stated schema version is not its tables' (set by another tool) is refused
/// saying so, not with SQLite's message and the schema's SQL, and left as it was.
#[test]
fn a_stated_version_that_is_not_the_tables_is_refused_plainly() {
    for stated in [0, 1] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v.ws");
        drop(Workspace::create(&path).unwrap());
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", stated).unwrap();
        drop(conn);
        let before = std::fs::read(&path).unwrap();
        let e = Workspace::open(&path).unwrap_err();
        assert!(matches!(e, StoreError::SchemaMismatch { .. }), "{e:?}");
        assert!(!e.localized().en.contains("CREATE TABLE"));
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }
}
