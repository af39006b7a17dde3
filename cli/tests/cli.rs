//! The `scenario` binary, run as a user or a script would.

use std::os::unix::fs::FileTypeExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository (the engine's package, whose fixtures and assets these tests use).
fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

/// A file under `tests/fixtures/`.
fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures").join(name)
}

fn command(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_scenario"));
    command.args(args).env_remove("SCENARIO_LANG");
    command
}

fn scenario(args: &[&str]) -> Output {
    command(args).output().unwrap()
}

/// `scenario` run in the folder `dir`, for paths relative to it.
fn scenario_in(dir: &Path, args: &[&str]) -> Output {
    command(args).current_dir(dir).output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn templates_are_listed_in_both_languages_and_as_json() {
    let ja = scenario(&["templates"]);
    assert!(ja.status.success());
    for name in [
        "ウェルカム",
        "資料DL後フォロー",
        "ウェビナー後フォロー",
        "休眠掘り起こし",
    ] {
        assert!(stdout(&ja).contains(name), "{}", stdout(&ja));
    }
    let en = scenario(&["templates", "--lang", "en"]);
    assert!(stdout(&en).contains("Dormant reactivation"));
    let json: serde_json::Value =
        serde_json::from_slice(&scenario(&["templates", "--json"]).stdout).unwrap();
    let keys: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["key"].as_str().unwrap())
        .collect();
    assert_eq!(
        keys,
        ["welcome", "post-download", "post-webinar", "dormant"]
    );
}

#[test]
fn new_writes_a_valid_file_and_never_overwrites_silently() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("dl.json");
    let o = scenario(&[
        "new",
        "--template",
        "post-download",
        "--id",
        "dl-2026",
        "--name",
        "資料DLフォロー2026",
        "-o",
        path(&out),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains(r#""id": "dl-2026""#) && text.contains("資料DLフォロー2026"));
    assert_eq!(scenario(&["validate", path(&out)]).status.code(), Some(0));

    let again = scenario(&["new", "--template", "welcome", "-o", path(&out)]);
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("--force"), "{}", stderr(&again));
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        text,
        "the existing file is untouched"
    );
    assert!(
        scenario(&["new", "--template", "welcome", "-o", path(&out), "--force"])
            .status
            .success()
    );
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .contains(r#""id": "welcome""#)
    );

    let unknown = scenario(&["new", "--template", "nurture"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("welcome, post-download, post-webinar, dormant"));
    let bad_id = scenario(&["new", "--template", "welcome", "--id", "1通目"]);
    assert_eq!(bad_id.status.code(), Some(2));
    // The validator's rule for a scenario's id, not a looser one of its own: no device name
    // Windows keeps, and what would not show written out.
    let device = scenario(&[
        "--lang",
        "en",
        "new",
        "--template",
        "welcome",
        "--id",
        "CON",
    ]);
    assert_eq!(device.status.code(), Some(2));
    assert!(
        stderr(&device).contains("Windows keeps for a device"),
        "{}",
        stderr(&device)
    );
    let hidden = scenario(&[
        "--lang",
        "en",
        "new",
        "--template",
        "welcome",
        "--id",
        "wel\u{200b}come",
    ]);
    assert!(
        stderr(&hidden).contains("\"wel<U+200B>come\""),
        "{}",
        stderr(&hidden)
    );
}

#[test]
fn new_without_output_prints_the_template() {
    let o = scenario(&["new", "--template", "dormant"]);
    assert!(o.status.success());
    assert_eq!(
        stdout(&o),
        scenario_studio::templates::template("dormant")
            .unwrap()
            .json
    );
}

#[test]
fn validate_exit_codes() {
    let templates: Vec<String> = ["welcome", "post-download", "post-webinar", "dormant"]
        .iter()
        .map(|t| {
            root()
                .join(format!("assets/templates/{t}.json"))
                .display()
                .to_string()
        })
        .collect();
    let args: Vec<&str> = std::iter::once("validate")
        .chain(templates.iter().map(String::as_str))
        .collect();
    let ok = scenario(&args);
    assert_eq!(ok.status.code(), Some(0), "{}", stdout(&ok));
    assert_eq!(stdout(&ok).matches("問題はありません").count(), 4);

    let broken = fixture("invalid/email-no-opt-out.json");
    let errors = scenario(&["validate", path(&broken)]);
    assert_eq!(errors.status.code(), Some(1));
    assert!(stdout(&errors).contains("[email-no-opt-out]"));
    assert!(
        stdout(&errors).contains("お礼メール"),
        "names the node: {}",
        stdout(&errors)
    );

    // Warnings alone do not fail.
    let warning_only = fixture("invalid/segment-missing.json");
    assert_eq!(
        scenario(&["validate", path(&warning_only)]).status.code(),
        Some(0)
    );

    // An unreadable file outranks an invalid one.
    let dir = tempfile::tempdir().unwrap();
    let syntax = dir.path().join("broken.json");
    std::fs::write(
        &syntax,
        "{\n  \"format\": \"scenario-studio/1\",\n  \"id\": \n}",
    )
    .unwrap();
    let o = scenario(&["validate", path(&broken), path(&syntax)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stdout(&o).contains(&format!("{}:4:1:", syntax.display())),
        "{}",
        stdout(&o)
    );
}

#[test]
fn validate_json_report() {
    let broken = fixture("invalid/split-percent-sum.json");
    let newer = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(newer.path(), r#"{"format":"scenario-studio/9"}"#).unwrap();
    let o = scenario(&["validate", "--json", path(&broken), path(newer.path())]);
    assert_eq!(o.status.code(), Some(2));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let files = report["files"].as_array().unwrap();
    assert_eq!(files[0]["status"], "checked");
    assert_eq!(files[0]["ok"], false);
    let d = &files[0]["diagnostics"][0];
    assert_eq!(d["code"], "split-percent-sum");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["node"], "ab");
    assert!(d["message"]["ja"].as_str().unwrap().contains("100%"));
    assert_eq!(files[1]["status"], "unreadable");
    assert_eq!(files[1]["error"]["kind"], "newer-format");
}

/// Against a workspace, a hand-off is checked against its MQL threshold (the default 100, then
/// the 60 the file's condition uses), and its stored scenarios are targets a switch may name.
#[test]
fn validate_against_a_workspace_checks_the_mql_threshold_and_its_scenarios() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("w.scenario-ws");
    assert!(scenario(&["init", path(&ws)]).status.success());
    let file = fixture("invalid/handoff-threshold-not-mql.json");
    let codes = |args: &[&str]| -> Vec<String> {
        let o = scenario(&[&["validate", "--json", path(&file)], args].concat());
        let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        (report["files"][0]["diagnostics"].as_array().unwrap().iter())
            .map(|d| d["code"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(codes(&[]), Vec::<String>::new());
    assert_eq!(codes(&["-w", path(&ws)]), ["handoff-threshold-not-mql"]);
    let shown = scenario(&["settings", "show", "-w", path(&ws)]);
    let mut whole: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
    whole["scoring"]["mql_threshold"] = 60.into();
    let settings = dir.path().join("scoring.json");
    let scoring = serde_json::json!({"scoring": whole["scoring"]});
    std::fs::write(&settings, scoring.to_string()).unwrap();
    let set = scenario(&["settings", "set", "-w", path(&ws), path(&settings)]);
    assert!(set.status.success(), "{}", stderr(&set));
    assert_eq!(codes(&["-w", path(&ws)]), Vec::<String>::new());
    // A workspace that is not there: said, exit 2.
    let missing = scenario(&[
        "validate",
        path(&file),
        "-w",
        path(&dir.path().join("none")),
    ]);
    assert_eq!(missing.status.code(), Some(2), "{}", stderr(&missing));
}

#[test]
fn files_validated_together_may_switch_to_each_other() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.json");
    let text = std::fs::read_to_string(fixture("invalid/unknown-scenario.json")).unwrap();
    std::fs::write(&a, &text).unwrap();
    assert_eq!(scenario(&["validate", path(&a)]).status.code(), Some(1));
    assert_eq!(
        scenario(&["validate", path(&a), "--known", "nurture-main"])
            .status
            .code(),
        Some(0)
    );
    let b = dir.path().join("b.json");
    std::fs::write(
        &b,
        text.replace(r#""id": "fixture""#, r#""id": "nurture-main""#),
    )
    .unwrap();
    // b switches to nurture-main (itself) — but a's target is now known.
    let o = scenario(&["validate", "--json", path(&a), path(&b)]);
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(report["files"][0]["ok"], true);
    assert_eq!(
        report["files"][1]["diagnostics"][0]["code"],
        "switch-to-self"
    );
}

#[test]
fn schema_and_codes() {
    let o = scenario(&["schema"]);
    assert!(o.status.success());
    let committed =
        std::fs::read_to_string(root().join("assets/schema/scenario.schema.json")).unwrap();
    assert_eq!(stdout(&o), committed);
    let codes = stdout(&scenario(&["codes"]));
    assert!(codes.contains("| `loop-without-wait` | error |"));
}

#[test]
fn help_is_in_english_with_examples() {
    let o = scenario(&["--help"]);
    let text = stdout(&o);
    assert!(text.contains("Examples:") && text.contains("scenario validate"));
    let o = scenario(&["validate", "--help"]);
    assert!(stdout(&o).contains("Exits 0 when no file has errors"));
}

#[test]
fn workspace_commands_from_init_to_export() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("team.scenario-ws");
    let ws_s = path(&ws);
    assert!(scenario(&["init", ws_s]).status.success());
    let again = scenario(&["init", ws_s]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr(&again).contains("既に存在します"),
        "{}",
        stderr(&again)
    );

    // Rows skipped for errors: exit 1, with the report; piped, so no progress bar is drawn.
    let sf = fixture("import/salesforce-ja-cp932.csv");
    let o = scenario(&["leads", "import", "-w", ws_s, path(&sf)]);
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    assert!(
        stdout(&o).contains("文字コード: cp932（自動判定）"),
        "{}",
        stdout(&o)
    );
    assert!(stdout(&o).contains("7行目「メール」 エラー[invalid-email]"));
    assert!(
        !stderr(&o).contains('\u{1b}'),
        "no terminal control codes when piped"
    );

    // A dry run in English, as JSON.
    let hub = fixture("import/hubspot.csv");
    let o = scenario(&[
        "leads",
        "import",
        "-w",
        ws_s,
        "--dry-run",
        "--json",
        path(&hub),
    ]);
    assert_eq!(o.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        (report["inserted"].as_u64(), report["committed"].as_bool()),
        (Some(3), Some(false))
    );

    // A refused file: exit 2 and why.
    let broken = fixture("import/broken/no-email-column.csv");
    let o = scenario(&["leads", "import", "-w", ws_s, "--lang", "en", path(&broken)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("missing required column(s) for leads: email"),
        "{}",
        stderr(&o)
    );

    // A behaviour file whose time column no preset knows is refused, never read as leads (its
    // events would have gone into the leads' custom fields).
    let events = fixture("import/broken/events-unknown-time-column.csv");
    let o = scenario(&["leads", "import", "-w", ws_s, "--lang", "en", path(&events)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("missing required column(s) for events: event_at"),
        "{}",
        stderr(&o)
    );

    let stats: serde_json::Value =
        serde_json::from_slice(&scenario(&["leads", "stats", "-w", ws_s, "--json"]).stdout)
            .unwrap();
    assert_eq!(stats["leads"], 3);

    // Sample data goes only into an empty workspace unless asked to replace.
    let gen_args = [
        "leads",
        "generate",
        "-w",
        ws_s,
        "--count",
        "300",
        "--seed",
        "3",
        "--end",
        "2026-10-31",
    ];
    let refused = scenario(&gen_args);
    assert_eq!(refused.status.code(), Some(2));
    assert!(stderr(&refused).contains("--replace"));
    let mut replace = gen_args.to_vec();
    replace.push("--replace");
    let o = scenario(&replace);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("サンプルリード 300 件"));
    let text = stdout(&scenario(&["leads", "stats", "-w", ws_s]));
    assert!(
        text.contains("リード: 300") && text.contains("メール配信"),
        "{text}"
    );

    let csv = dir.path().join("leads.csv");
    assert!(
        scenario(&["leads", "export", "-w", ws_s, "-o", path(&csv)])
            .status
            .success()
    );
    assert!(
        std::fs::read(&csv)
            .unwrap()
            .starts_with("\u{feff}リードID".as_bytes())
    );
    assert_eq!(
        scenario(&["leads", "export", "-w", ws_s, "-o", path(&csv)])
            .status
            .code(),
        Some(2)
    );
    let sjis = dir.path().join("leads-sjis.csv");
    assert!(
        scenario(&[
            "leads",
            "export",
            "-w",
            ws_s,
            "--encoding",
            "cp932",
            "-o",
            path(&sjis)
        ])
        .status
        .success()
    );
    let bytes = std::fs::read(&sjis).unwrap();
    let (text, _, bad) = encoding_rs::SHIFT_JIS.decode(&bytes);
    assert!(!bad && text.starts_with("リードID,SFA ID,メールアドレス"));

    let not_ws = scenario(&["leads", "stats", "-w", path(&csv)]);
    assert_eq!(not_ws.status.code(), Some(2));
    assert!(stderr(&not_ws).contains("ワークスペースではありません"));
}

/// A small sample workspace and two template files in `dir`.
/// `sample_workspace` with the dormant template stored in it.
fn workspace_with_dormant(dir: &Path) -> String {
    let (ws, dormant, _) = sample_workspace(dir);
    let o = scenario(&["scenarios", "add", "-w", &ws, &dormant]);
    assert!(o.status.success(), "{}", stderr(&o));
    ws
}

fn sample_workspace(dir: &Path) -> (String, String, String) {
    let ws = dir.join("w.scenario-ws");
    assert!(scenario(&["init", path(&ws)]).status.success());
    let generated = scenario(&[
        "leads",
        "generate",
        "-w",
        path(&ws),
        "--count",
        "1500",
        "--end",
        "2026-06-30",
    ]);
    assert!(generated.status.success(), "{}", stderr(&generated));
    let mut files = Vec::new();
    for t in ["dormant", "post-download"] {
        let f = dir.join(format!("{t}.json"));
        assert!(
            scenario(&["new", "--template", t, "-o", path(&f)])
                .status
                .success()
        );
        files.push(path(&f).to_owned());
    }
    (path(&ws).to_owned(), files[0].clone(), files[1].clone())
}

#[test]
fn simulate_prints_the_same_bytes_at_any_thread_count_and_in_three_formats() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, dormant, download) = sample_workspace(dir.path());
    let run = |threads: &str, format: &str| {
        let o = scenario(&[
            "simulate",
            "-w",
            &ws,
            "--runs",
            "3",
            "--days",
            "60",
            "--threads",
            threads,
            "--format",
            format,
            &dormant,
            &download,
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        o.stdout
    };
    let json = run("1", "json");
    assert_eq!(json, run("2", "json"));
    assert_eq!(json, run("8", "json"));
    let doc: serde_json::Value = serde_json::from_slice(&json).unwrap();
    // Without --start the window begins the day after the last recorded event (Japan time).
    let conn = rusqlite::Connection::open(&ws).unwrap();
    let last: i64 = conn
        .query_row("SELECT max(at) FROM lead_events", [], |r| r.get(0))
        .unwrap();
    let day_after = chrono::DateTime::from_timestamp(last + 9 * 3600, 0)
        .unwrap()
        .date_naive()
        .succ_opt()
        .unwrap();
    assert_eq!(doc["start"], day_after.to_string());
    assert_eq!(doc["runs"], 3);

    let csv_bytes = run("2", "csv");
    assert_eq!(csv_bytes, run("1", "csv"));
    assert!(
        csv_bytes.starts_with("\u{feff}".as_bytes()),
        "UTF-8 with BOM"
    );
    let mut reader = csv::Reader::from_reader(&csv_bytes[3..]);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    // The CSV carries the JSON's figures: every scenario's enrolment, and one row per day.
    for s in doc["scenarios"].as_array().unwrap() {
        let id = s["id"].as_str().unwrap();
        let enrolled = rows
            .iter()
            .find(|r| &r[0] == id && &r[2] == "scenario" && &r[4] == "enrolled")
            .unwrap();
        let mean: f64 = enrolled[5].parse().unwrap();
        assert!((mean - s["enrolled"]["mean"].as_f64().unwrap()).abs() < 1e-3);
        let days = rows
            .iter()
            .filter(|r| &r[0] == id && &r[2] == "day" && &r[4] == "sent")
            .count();
        assert_eq!(days, 60);
        assert!(
            rows.iter()
                .any(|r| &r[0] == id && &r[2] == "kpi" && !r[10].is_empty())
        );
    }

    let table = scenario(&["simulate", "-w", &ws, "--days", "60", &dormant]);
    assert!(
        stdout(&table).contains("休眠掘り起こし"),
        "{}",
        stdout(&table)
    );
    assert!(stdout(&table).contains(&format!("{day_after} から 60 日間")));
    // English tables use English punctuation (the scenario's own Japanese names aside).
    let en = scenario(&[
        "simulate", "--lang", "en", "-w", &ws, "--days", "60", "--runs", "2", &dormant,
    ]);
    let text = stdout(&en);
    assert!(text.contains("60 days from"), "{text}");
    let ours = text
        .lines()
        .filter(|l| l.contains("enrolled") || l.contains("KPI") || l.contains("sent "));
    for line in ours {
        assert!(!line.contains('〜') && !line.contains('（'), "{line}");
    }
}

#[test]
fn trace_and_compare_speak_csv_too() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, dormant, download) = sample_workspace(dir.path());
    let trace = scenario(&[
        "trace", "-w", &ws, "--lead", "1", "--days", "120", "--format", "csv", &dormant,
    ]);
    assert!(trace.status.success(), "{}", stderr(&trace));
    let text = stdout(&trace);
    assert!(text.starts_with("\u{feff}at_jst,scenario_id,node_id,step,detail"));
    let compare = scenario(&[
        "compare", "-w", &ws, "--runs", "2", "--format", "csv", &download, &download, &dormant,
    ]);
    assert!(compare.status.success(), "{}", stderr(&compare));
    // Base and variant, both with the same id, the same figures (same leads, same seeds).
    let text = stdout(&compare);
    let lines: Vec<&str> = text.lines().skip(1).collect();
    let (a, b) = lines.split_at(lines.len() / 2);
    assert_eq!(a, b);
}

#[test]
fn simulate_refuses_a_window_it_cannot_place() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("empty.scenario-ws");
    assert!(scenario(&["init", path(&ws)]).status.success());
    let f = dir.path().join("dormant.json");
    assert!(
        scenario(&["new", "--template", "dormant", "-o", path(&f)])
            .status
            .success()
    );
    let ja = scenario(&["simulate", "-w", path(&ws), path(&f)]);
    assert!(!ja.status.success());
    assert!(
        stderr(&ja).contains("--start で指定してください"),
        "{}",
        stderr(&ja)
    );
    let en = scenario(&["simulate", "--lang", "en", "-w", path(&ws), path(&f)]);
    assert!(stderr(&en).contains("give --start"), "{}", stderr(&en));
    let zero = scenario(&[
        "simulate",
        "-w",
        path(&ws),
        "--start",
        "2026-05-01",
        "--days",
        "0",
        path(&f),
    ]);
    assert!(!zero.status.success());
    let threads = scenario(&[
        "simulate",
        "-w",
        path(&ws),
        "--start",
        "2026-05-01",
        "--threads",
        "5000",
        path(&f),
    ]);
    assert!(!threads.status.success());
    assert!(stderr(&threads).contains("0..=256"), "{}", stderr(&threads));
    // An empty workspace with a start date is simply a forecast of nothing.
    let empty = scenario(&[
        "simulate",
        "-w",
        path(&ws),
        "--start",
        "2026-05-01",
        "--format",
        "json",
        path(&f),
    ]);
    assert!(empty.status.success(), "{}", stderr(&empty));
}

#[test]
fn settings_show_set_and_fitted() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, _, _) = sample_workspace(dir.path());
    let shown = scenario(&["settings", "show", "-w", &ws]);
    assert!(shown.status.success(), "{}", stderr(&shown));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&shown)).unwrap();
    let sections: Vec<&String> = doc.as_object().unwrap().keys().collect();
    assert_eq!(
        sections,
        [
            "behaviour",
            "calendar",
            "campaigns",
            "frequency_cap",
            "response",
            "sales",
            "scoring",
            "sender",
            "sfa",
            "team"
        ]
    );
    // Edited and set back from a file.
    let file = dir.path().join("settings.json");
    let mut edited = doc.clone();
    edited["scoring"]["mql_threshold"] = 60.into();
    std::fs::write(&file, edited.to_string()).unwrap();
    let set = scenario(&["--lang", "en", "settings", "set", "-w", &ws, path(&file)]);
    assert!(set.status.success(), "{}", stderr(&set));
    assert!(stderr(&set).contains("settings updated"));
    let again: serde_json::Value =
        serde_json::from_str(&stdout(&scenario(&["settings", "show", "-w", &ws]))).unwrap();
    assert_eq!(again, edited);
    // A refusal says where and leaves everything as it was.
    edited["sales"]["win_rate"] = 2.into();
    std::fs::write(&file, edited.to_string()).unwrap();
    let refused = scenario(&["settings", "set", "-w", &ws, path(&file)]);
    assert!(!refused.status.success());
    assert!(
        stderr(&refused).contains("sales.win_rate"),
        "{}",
        stderr(&refused)
    );
    assert!(stderr(&refused).contains("何も変更していません"));
    let after: serde_json::Value =
        serde_json::from_str(&stdout(&scenario(&["settings", "show", "-w", &ws]))).unwrap();
    assert_eq!(after["sales"], doc["sales"]);
    // A section named twice (which one wins would be the reader's choice) is refused.
    std::fs::write(
        &file,
        format!(
            "{{\"frequency_cap\": {0}, \"frequency_cap\": {0}}}",
            doc["frequency_cap"]
        ),
    )
    .unwrap();
    let twice = scenario(&["--lang", "en", "settings", "set", "-w", &ws, path(&file)]);
    assert!(
        !twice.status.success() && stderr(&twice).contains("duplicate field `frequency_cap`"),
        "{}",
        stderr(&twice)
    );
    // A section given in part says it is replaced whole, named as itself (not `scoring..`).
    std::fs::write(&file, r#"{"scoring": {"mql_threshold": 50}}"#).unwrap();
    let part = scenario(&["--lang", "en", "settings", "set", "-w", &ws, path(&file)]);
    assert!(
        stderr(&part).contains("scoring: missing field `fit` (a section is replaced whole"),
        "{}",
        stderr(&part)
    );
    // A default rate no lead has (1e300 page views a day) is refused.
    let mut behaviour = doc["behaviour"].clone();
    behaviour["default_daily_rate"]["page_view"] = 1e300.into();
    std::fs::write(
        &file,
        serde_json::json!({ "behaviour": behaviour }).to_string(),
    )
    .unwrap();
    let absurd = scenario(&["--lang", "en", "settings", "set", "-w", &ws, path(&file)]);
    assert!(
        !absurd.status.success() && stderr(&absurd).contains("must be at most 100 (is 1e300)"),
        "{}",
        stderr(&absurd)
    );
    // A huge file is refused without reading it all, and nothing changes.
    let huge = dir.path().join("huge.json");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(1 << 30)
        .unwrap();
    let refused = scenario(&["--lang", "en", "settings", "set", "-w", &ws, path(&huge)]);
    assert!(!refused.status.success());
    assert!(
        stderr(&refused).contains("larger than"),
        "{}",
        stderr(&refused)
    );
    let after_huge: serde_json::Value =
        serde_json::from_str(&stdout(&scenario(&["settings", "show", "-w", &ws]))).unwrap();
    assert_eq!(after_huge, after);
    // What the history fits.
    let fitted = scenario(&["settings", "fitted", "-w", &ws]);
    let fitted: serde_json::Value = serde_json::from_str(&stdout(&fitted)).unwrap();
    assert_eq!(fitted["response"]["fitted"], true);
    assert!(fitted["inflow"]["new_leads_per_day"].as_f64().unwrap() > 1.0);
}

#[test]
fn scenarios_kept_in_the_workspace_are_simulated_by_id_or_all_active_ones() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, dormant, download) = sample_workspace(dir.path());
    // Nothing stored and nothing given: a clear refusal.
    let none = scenario(&["--lang", "en", "simulate", "-w", &ws]);
    assert!(!none.status.success());
    assert!(
        stderr(&none).contains("no active scenario"),
        "{}",
        stderr(&none)
    );
    // A file with an error is refused, and then nothing is saved.
    let broken = dir.path().join("broken.json");
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&download).unwrap()).unwrap();
    doc["id"] = "broken".into();
    doc["edges"][0]["target"] = "nowhere".into();
    std::fs::write(&broken, doc.to_string()).unwrap();
    let refused = scenario(&["scenarios", "add", "-w", &ws, &dormant, path(&broken)]);
    assert!(!refused.status.success());
    assert!(
        stderr(&refused).contains("何も保存していません"),
        "{}",
        stderr(&refused)
    );
    assert_eq!(stdout(&scenario(&["scenarios", "list", "-w", &ws])), "");
    // Added with a note; saving the same version again adds no history.
    for _ in 0..2 {
        let added = scenario(&[
            "scenarios",
            "add",
            "-w",
            &ws,
            &dormant,
            &download,
            "--note",
            "初版",
        ]);
        assert!(added.status.success(), "{}", stderr(&added));
    }
    let list: serde_json::Value = serde_json::from_str(&stdout(&scenario(&[
        "scenarios",
        "list",
        "-w",
        &ws,
        "--json",
    ])))
    .unwrap();
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert_eq!(list[0]["id"], "dormant");
    assert_eq!(list[0]["versions"], 1);
    let history = stdout(&scenario(&["scenarios", "history", "-w", &ws, "dormant"]));
    assert!(history.contains("初版"), "{history}");
    // Exported back, byte for byte the canonical file.
    let exported = scenario(&["scenarios", "export", "-w", &ws, "dormant"]);
    assert_eq!(
        stdout(&exported),
        std::fs::read_to_string(&dormant).unwrap()
    );
    // The templates are drafts: none active yet.
    let drafts = scenario(&["--lang", "en", "simulate", "-w", &ws]);
    assert!(stderr(&drafts).contains("no active scenario"));
    // By id, by file, or mixed: the same forecast.
    let args = |items: &[&str]| {
        let mut a = vec![
            "simulate",
            "-w",
            &ws,
            "--start",
            "2026-05-05",
            "--format",
            "csv",
        ];
        a.extend_from_slice(items);
        stdout(&scenario(&a))
    };
    let by_id = args(&["--scenario", "dormant", "--scenario", "post-download"]);
    assert!(by_id.contains("post-download"));
    assert_eq!(by_id, args(&[&dormant, &download]));
    assert_eq!(by_id, args(&["dormant", "--scenario", &download]));
    let unknown = scenario(&["--lang", "en", "simulate", "-w", &ws, "--scenario", "nope"]);
    assert!(stderr(&unknown).contains("neither a file nor"));
    // A saved run keeps the scenarios as they were and every parameter.
    let saved = scenario(&[
        "simulate",
        "-w",
        &ws,
        "--start",
        "2026-05-05",
        "--save",
        "dormant",
    ]);
    assert!(saved.status.success(), "{}", stderr(&saved));
    let w = scenario_studio::store::Workspace::open(Path::new(&ws)).unwrap();
    let runs = scenario_studio::store::runs::list(w.conn()).unwrap();
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].params["scenario_files"][0]["id"], "dormant");
    assert_eq!(runs[0].params["settings"]["scoring"]["mql_threshold"], 100);
    drop(w);
    // Not removed while another stored scenario names it, unless forced.
    let naming = dir.path().join("dl2.json");
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&download).unwrap()).unwrap();
    doc["id"] = "dl2".into();
    doc["settings"]["suppress_while_in"] = serde_json::json!(["dormant"]);
    std::fs::write(&naming, doc.to_string()).unwrap();
    let added = scenario(&["scenarios", "add", "-w", &ws, path(&naming)]);
    assert!(added.status.success(), "{}", stderr(&added));
    let refused = scenario(&["--lang", "en", "scenarios", "remove", "-w", &ws, "dormant"]);
    assert!(!refused.status.success());
    assert!(
        stderr(&refused).contains("named by dl2"),
        "{}",
        stderr(&refused)
    );
    // Removed with its history.
    assert!(
        scenario(&["scenarios", "remove", "-w", &ws, "dormant", "--force"])
            .status
            .success()
    );
    assert!(
        !scenario(&["scenarios", "history", "-w", &ws, "dormant"])
            .status
            .success()
    );
}

#[test]
fn diagnose_and_checklist_answers_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("d.ws");
    assert!(scenario(&["init", path(&ws)]).status.success());
    // Unknown item and unknown answer are refused, in the language asked for.
    let o = scenario(&["checklist", "answer", "-w", path(&ws), "owner", "yes"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("dedicated_owner"), "{}", stderr(&o));
    let o = scenario(&[
        "--lang",
        "en",
        "checklist",
        "answer",
        "-w",
        path(&ws),
        "dedicated_owner",
        "maybe",
    ]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("yes, partial or no"), "{}", stderr(&o));
    let o = scenario(&[
        "checklist",
        "answer",
        "-w",
        path(&ws),
        "dedicated_owner",
        "partial",
        "--note",
        "兼任",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    // The answer shows in every format; the HTML goes to a file, never over one silently.
    let o = scenario(&["diagnose", "-w", path(&ws), "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let owner = &json["items"].as_array().unwrap()[11];
    assert_eq!(owner["id"], "dedicated_owner");
    assert_eq!(
        (owner["answer"].as_str(), owner["source"].as_str()),
        (Some("partial"), Some("self_reported"))
    );
    let md = stdout(&scenario(&["diagnose", "-w", path(&ws)]));
    assert!(
        md.starts_with("# MAシナリオ設計 セルフチェック診断"),
        "{md}"
    );
    let html = dir.path().join("d.html");
    let html_to_file = || {
        let args = [
            "diagnose",
            "-w",
            path(&ws),
            "--format",
            "html",
            "-o",
            path(&html),
        ];
        scenario(&args).status.success()
    };
    assert!(html_to_file());
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(
        !html_to_file(),
        "an existing file is never replaced silently"
    );
    // Cleared, the workspace decides again.
    assert!(
        scenario(&["checklist", "clear", "-w", path(&ws), "dedicated_owner"])
            .status
            .success()
    );
    let o = scenario(&["diagnose", "-w", path(&ws), "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["items"][11]["answer"], "unknown");
    let list = stdout(&scenario(&["--lang", "en", "checklist", "list"]));
    assert_eq!(list.lines().count(), 15, "{list}");
}

#[test]
fn export_and_import_scenarios_through_bpmn_and_mermaid() {
    let dir = tempfile::tempdir().unwrap();
    let d = |name: &str| dir.path().join(name);
    assert!(
        scenario(&[
            "new",
            "--template",
            "post-download",
            "-o",
            path(&d("dl.json"))
        ])
        .status
        .success()
    );
    // JSON → BPMN → JSON gives the same file.
    let o = scenario(&[
        "export",
        path(&d("dl.json")),
        "--to",
        "bpmn",
        "-o",
        path(&d("dl.bpmn")),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = scenario(&["import", path(&d("dl.bpmn")), "-o", path(&d("back.json"))]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(d("back.json")).unwrap(),
        std::fs::read_to_string(d("dl.json")).unwrap()
    );
    // Into a workspace from BPMN, then every stored scenario out as Mermaid.
    let ws = d("w.ws");
    assert!(scenario(&["init", path(&ws)]).status.success());
    let o = scenario(&["import", path(&d("dl.bpmn")), "-w", path(&ws)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let history = stdout(&scenario(&[
        "scenarios",
        "history",
        "-w",
        path(&ws),
        "post-download",
    ]));
    assert!(history.contains("import: dl.bpmn"), "{history}");
    // A save says the scenario's warnings, as validate does (a flow removed: an output left
    // unconnected).
    let mut loose: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d("dl.json")).unwrap()).unwrap();
    loose["edges"].as_array_mut().unwrap().pop();
    std::fs::write(d("loose.json"), loose.to_string()).unwrap();
    let o = scenario(&[
        "--lang",
        "en",
        "scenarios",
        "add",
        "-w",
        path(&ws),
        path(&d("loose.json")),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("loose.json: [unconnected-output]") && stderr(&o).contains("saved"),
        "{}",
        stderr(&o)
    );
    let o = scenario(&[
        "export",
        "-w",
        path(&ws),
        "--all",
        "--to",
        "mermaid",
        "-o",
        path(&d("out")),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mmd = std::fs::read_to_string(d("out/post-download.mmd")).unwrap();
    assert!(
        mmd.contains("flowchart TD") && mmd.contains("-->|\"はい\"|"),
        "{mmd}"
    );
    // A stored id exports too; an unknown one says where it looked.
    let o = scenario(&["export", "-w", path(&ws), "post-download", "--to", "json"]);
    assert!(stdout(&o).contains("\"id\": \"post-download\""));
    let o = scenario(&[
        "--lang",
        "en",
        "export",
        "-w",
        path(&ws),
        "nope",
        "--to",
        "json",
    ]);
    assert!(
        stderr(&o).contains("neither a file nor a scenario stored"),
        "{}",
        stderr(&o)
    );
    // A BPMN file from elsewhere is refused, and nothing is stored.
    std::fs::write(
        d("foreign.bpmn"),
        "<definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" id=\"d\"><process id=\"p\"/></definitions>",
    )
    .unwrap();
    let o = scenario(&[
        "--lang",
        "en",
        "import",
        path(&d("foreign.bpmn")),
        "-w",
        path(&ws),
    ]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("not exported by Scenario Studio"),
        "{}",
        stderr(&o)
    );
    let list = stdout(&scenario(&["scenarios", "list", "-w", path(&ws)]));
    assert_eq!(list.lines().count(), 1, "{list}");
    // A BPMN file a modeler made invalid (a flow drawn back into the trigger) converts to no
    // JSON file either: nothing the tool writes is a scenario it would refuse.
    let bpmn = std::fs::read_to_string(d("dl.bpmn")).unwrap();
    assert!(bpmn.contains("targetRef=\"Node_mail_related\""));
    std::fs::write(
        d("loop.bpmn"),
        bpmn.replacen(
            "targetRef=\"Node_mail_related\"",
            "targetRef=\"Node_trigger\"",
            1,
        ),
    )
    .unwrap();
    let o = scenario(&[
        "--lang",
        "en",
        "import",
        path(&d("loop.bpmn")),
        "-o",
        path(&d("loop.json")),
    ]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("trigger-has-input") && stderr(&o).contains("nothing was written"),
        "{}",
        stderr(&o)
    );
    assert!(!d("loop.json").exists());
    // A scenario with an error is not drawn (a modeler would reject it); JSON still goes out.
    let broken = std::fs::read_to_string(d("dl.json")).unwrap().replacen(
        "\"target\": \"mail_related\"",
        "\"target\": \"nowhere\"",
        1,
    );
    std::fs::write(d("broken.json"), broken).unwrap();
    let o = scenario(&[
        "--lang",
        "en",
        "export",
        path(&d("broken.json")),
        "--to",
        "bpmn",
    ]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("cannot be drawn"), "{}", stderr(&o));
    assert!(
        scenario(&["export", path(&d("broken.json")), "--to", "json"])
            .status
            .success()
    );
}

#[test]
fn a_saved_run_reports_as_html_csv_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, dormant, download) = sample_workspace(dir.path());
    // A name with markup: the report escapes it.
    let text = std::fs::read_to_string(&download).unwrap();
    std::fs::write(
        &download,
        text.replace("\"資料DL後フォロー\"", "\"DL <b>後</b> & フォロー\""),
    )
    .unwrap();
    let o = scenario(&["--lang", "en", "report", "-w", &ws]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("no saved run"), "{}", stderr(&o));
    let o = scenario(&[
        "simulate",
        "-w",
        &ws,
        "--start",
        "2026-05-01",
        "--days",
        "30",
        "--runs",
        "3",
        "--save",
        &dormant,
        &download,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = stdout(&scenario(&["report", "-w", &ws]));
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
    assert!(html.contains("default-src 'none'") && !html.contains("<script"));
    assert!(
        html.contains("DL &lt;b&gt;後&lt;/b&gt; &amp; フォロー"),
        "{html}"
    );
    assert!(html.contains(
        "期間 2026-05-01 〜 2026-05-30（30 日間）・3 回のモンテカルロ試行（シード 1）・実行 #1"
    ));
    assert_eq!(
        html.matches("<svg").count(),
        4,
        "a daily and a score chart per scenario"
    );
    let csv = scenario(&["report", "-w", &ws, "--run", "1", "--format", "csv"]);
    assert!(csv.stdout.starts_with("\u{feff}".as_bytes()));
    let json: serde_json::Value =
        serde_json::from_slice(&scenario(&["report", "-w", &ws, "--format", "json"]).stdout)
            .unwrap();
    assert_eq!(json.as_array().unwrap().len(), 2);
    let o = scenario(&["--lang", "en", "report", "-w", &ws, "--run", "9"]);
    assert!(stderr(&o).contains("run #9 is not saved"), "{}", stderr(&o));
}

/// No export replaces the workspace or its side files, with or without --force, however it is
/// named (directly, through a link, or its `-wal` file): the workspace stays whole and readable.
#[test]
fn no_export_ever_writes_over_the_workspace() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace_with_dormant(dir.path());
    let link = dir.path().join("link-to-ws");
    std::os::unix::fs::symlink(&ws, &link).unwrap();
    let wal = format!("{ws}-wal");
    let before = std::fs::read(&ws).unwrap();
    for target in [ws.as_str(), path(&link), wal.as_str()] {
        for args in [
            vec!["leads", "export", "-w", &ws, "-o", target, "--force"],
            vec!["diagnose", "-w", &ws, "-o", target, "--force"],
            vec![
                "export", "-w", &ws, "dormant", "--to", "mermaid", "-o", target, "--force",
            ],
            vec![
                "scenarios",
                "export",
                "-w",
                &ws,
                "dormant",
                "-o",
                target,
                "--force",
            ],
            vec!["new", "--template", "welcome", "-o", target, "--force"],
        ] {
            let mut args = args;
            args.splice(0..0, ["--lang", "en"]);
            let o = scenario(&args);
            assert!(!o.status.success(), "{args:?} succeeded");
            assert!(
                stderr(&o).contains("is a workspace (an SQLite database)"),
                "{args:?}: {}",
                stderr(&o)
            );
        }
    }
    assert_eq!(std::fs::read(&ws).unwrap(), before);
    let stats = scenario(&["leads", "stats", "-w", &ws, "--json"]);
    assert!(stats.status.success(), "{}", stderr(&stats));
}

/// A workspace that cannot be opened says why: a folder given, another process writing, a damaged
/// file, a file that is no workspace at all; never "not a workspace" for a workspace.
#[test]
fn a_workspace_that_cannot_be_opened_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let stats = |ws: &str| scenario(&["--lang", "en", "leads", "stats", "-w", ws]);
    // A folder.
    let o = stats(path(dir.path()));
    assert!(stderr(&o).contains("is a folder"), "{}", stderr(&o));
    // Not SQLite at all.
    let text = dir.path().join("notes.scenario-ws");
    std::fs::write(&text, "just some notes\n".repeat(500)).unwrap();
    let o = stats(path(&text));
    assert!(
        stderr(&o).contains("is not a Scenario Studio workspace"),
        "{}",
        stderr(&o)
    );
    // SQLite's header, then garbage: damaged.
    let damaged = dir.path().join("damaged.scenario-ws");
    let mut bytes = b"SQLite format 3\0".to_vec();
    bytes.extend(std::iter::repeat_n(0xA5u8, 8192));
    std::fs::write(&damaged, bytes).unwrap();
    let o = stats(path(&damaged));
    assert!(stderr(&o).contains("is damaged"), "{}", stderr(&o));
    // A real workspace cut in half (its header intact): damaged too, never a raw SQLite message.
    std::fs::create_dir(dir.path().join("full")).unwrap();
    let (full, _, _) = sample_workspace(&dir.path().join("full"));
    let bytes = std::fs::read(&full).unwrap();
    let half = dir.path().join("half.scenario-ws");
    std::fs::write(&half, &bytes[..bytes.len() / 2]).unwrap();
    for args in [
        vec!["leads", "stats"],
        vec!["simulate"],
        vec!["scenarios", "list"],
    ] {
        let mut args = args;
        args.extend(["-w", path(&half)]);
        args.splice(0..0, ["--lang", "en"]);
        let o = scenario(&args);
        assert!(!o.status.success());
        assert!(stderr(&o).contains("damaged"), "{args:?}: {}", stderr(&o));
    }
    // Another process holds it, as a bulk import does (a rollback journal and an exclusive
    // lock): busy, after the five seconds it waits.
    let ws = dir.path().join("w.scenario-ws");
    assert!(scenario(&["init", path(&ws)]).status.success());
    let holder = rusqlite::Connection::open(&ws).unwrap();
    holder
        .execute_batch("PRAGMA journal_mode = TRUNCATE; BEGIN EXCLUSIVE; DELETE FROM leads;")
        .unwrap();
    let o = stats(path(&ws));
    assert!(stderr(&o).contains("is busy"), "{}", stderr(&o));
    holder.execute_batch("ROLLBACK").unwrap();
    drop(holder);
    assert!(stats(path(&ws)).status.success());
}

/// Exports keep the permissions a user expects: a new file as the umask allows (not the owner-only
/// mode of a temporary file), a replaced one its own mode; a link to nowhere is not replaced
/// without --force; `--all` into a file says it needs a folder.
#[test]
fn exports_keep_the_permissions_and_refuse_what_they_should() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let umask = std::fs::read_to_string("/proc/self/status")
        .unwrap()
        .lines()
        .find_map(|l| {
            l.strip_prefix("Umask:")
                .map(|v| u32::from_str_radix(v.trim(), 8).unwrap())
        })
        .unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let new = dir.path().join("new.json");
    assert!(
        scenario(&["new", "--template", "welcome", "-o", path(&new)])
            .status
            .success()
    );
    assert_eq!(mode(&new), 0o666 & !umask);
    std::fs::set_permissions(&new, std::fs::Permissions::from_mode(0o640)).unwrap();
    let o = scenario(&["new", "--template", "dormant", "-o", path(&new), "--force"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(mode(&new), 0o640);
    // A link to nowhere.
    let link = dir.path().join("dangling.json");
    std::os::unix::fs::symlink(dir.path().join("nowhere"), &link).unwrap();
    let o = scenario(&[
        "--lang",
        "en",
        "new",
        "--template",
        "welcome",
        "-o",
        path(&link),
    ]);
    assert!(stderr(&o).contains("already exists"), "{}", stderr(&o));
    // --all into a file.
    let ws = workspace_with_dormant(dir.path());
    let o = scenario(&[
        "--lang",
        "en",
        "export",
        "-w",
        &ws,
        "--all",
        "--to",
        "json",
        "-o",
        path(&new),
    ]);
    assert!(stderr(&o).contains("is a file"), "{}", stderr(&o));
    // --all into a link to nowhere: named as such, not "File exists".
    let o = scenario(&[
        "--lang",
        "en",
        "export",
        "-w",
        &ws,
        "--all",
        "--to",
        "json",
        "-o",
        path(&link),
    ]);
    assert!(
        stderr(&o).contains("is a link to") && stderr(&o).contains("which does not exist"),
        "{}",
        stderr(&o)
    );
    // `-o -` is standard output, as `-` is standard input for what is read: never a file "-".
    let o = scenario_in(dir.path(), &["new", "--template", "welcome", "-o", "-"]);
    assert!(o.status.success() && stdout(&o).contains("\"id\": \"welcome\""));
    assert!(!dir.path().join("-").exists());
    // A file to read that is not there, a line longer than any export: each named.
    let o = scenario(&["--lang", "en", "import", "no-such.bpmn", "-o", path(&new)]);
    assert!(
        stderr(&o).contains("no-such.bpmn: cannot read the file"),
        "{}",
        stderr(&o)
    );
    let long = dir.path().join("long.csv");
    let mut text = b"email,memo\na@x.jp,".to_vec();
    text.resize(text.len() + 17 * 1024 * 1024, b'x');
    std::fs::write(&long, text).unwrap();
    let o = scenario(&[
        "--lang",
        "en",
        "leads",
        "import",
        "-w",
        &ws,
        "--dry-run",
        path(&long),
    ]);
    assert!(
        stderr(&o).contains(&format!("{}: line 2 is longer than 16 MiB", long.display())),
        "{}",
        stderr(&o)
    );
    // The leads export into a folder that does not exist, and `init` there.
    for args in [vec!["leads", "export", "-w", &ws, "-o"], vec!["init"]] {
        let target = dir.path().join("no-such-folder").join("x.out");
        let mut args = args.clone();
        args.insert(0, "en");
        args.insert(0, "--lang");
        args.push(path(&target));
        let said = stderr(&scenario(&args));
        assert!(
            said.contains(&target.display().to_string())
                && said.contains("no-such-folder does not exist")
                && !said.contains("no-such-folder/."),
            "{said}"
        );
    }
    // Into a folder that does not exist: the target and the folder named, no temporary file.
    let missing = dir.path().join("no-such-folder").join("x.json");
    let o = scenario(&[
        "--lang",
        "en",
        "new",
        "--template",
        "welcome",
        "-o",
        path(&missing),
    ]);
    let said = stderr(&o);
    assert!(
        said.contains(&format!("cannot write {}", missing.display()))
            && said.contains("no-such-folder does not exist")
            && !said.contains("no-such-folder/.tmp"),
        "{said}"
    );
}

/// A stored scenario that no longer reads is named when the forecast of every active scenario
/// would otherwise leave it out silently ("no active scenario" before).
#[test]
fn a_forecast_names_a_stored_scenario_that_cannot_be_read() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, dormant, download) = sample_workspace(dir.path());
    // The follow-up is active: a forecast of every active scenario runs it.
    let text = std::fs::read_to_string(&download).unwrap();
    let active = text.replacen("\"status\": \"draft\"", "\"status\": \"active\"", 1);
    assert_ne!(text, active);
    std::fs::write(&download, active).unwrap();
    let o = scenario(&["scenarios", "add", "-w", &ws, &dormant, &download]);
    assert!(o.status.success(), "{}", stderr(&o));
    let conn = rusqlite::Connection::open(&ws).unwrap();
    conn.execute(
        "UPDATE scenarios SET json = '{\"format\": \"scenario-studio/1\", \"id\": \"dormant\"}' WHERE id = 'dormant'",
        [],
    )
    .unwrap();
    drop(conn);
    // Every export writes what reads and names what does not; a folder it makes, it says.
    let out = dir.path().join("out");
    let o = scenario(&[
        "--lang",
        "en",
        "export",
        "-w",
        &ws,
        "--all",
        "--to",
        "json",
        "-o",
        path(&out),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(out.join("post-download.json").exists());
    assert!(!out.join("dormant.json").exists());
    assert!(
        stderr(&o).contains("wrote 1 scenarios")
            && stderr(&o).contains("created the folder")
            && stderr(&o).contains("not written: ")
            && stderr(&o).contains("dormant"),
        "{}",
        stderr(&o)
    );
    // A forecast of every active scenario runs the others and names the one left out, as the
    // app does (one rule: `simulate::setup::scenario_set`).
    let o = scenario(&["--lang", "en", "simulate", "-w", &ws, "--runs", "1"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("left out the stored scenario dormant, which cannot be read"),
        "{}",
        stderr(&o)
    );
    assert!(stdout(&o).contains("post-download"), "{}", stdout(&o));
    // Asked for by name, it refuses the run.
    let o = scenario(&["--lang", "en", "simulate", "-w", &ws, "dormant"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("dormant"), "{}", stderr(&o));
}

/// What a second hostile battery found, each refused plainly: a frequency-cap window of millions
/// of days (a panic), a forecast starting in the year 9999 (all memory), `--force` over a pipe or
/// device (replaced by a plain file), a sample of 20 million leads, a mapping file past the input
/// limit.
#[test]
fn the_second_battery_s_findings_are_refused_plainly() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace_with_dormant(dir.path());
    let en = |args: &[&str]| {
        let mut all = vec!["--lang", "en"];
        all.extend_from_slice(args);
        scenario(&all)
    };
    let settings = dir.path().join("cap.json");
    std::fs::write(
        &settings,
        r#"{"frequency_cap": {"max_sends": 2, "per_days": 4294967295}}"#,
    )
    .unwrap();
    let o = en(&["settings", "set", "-w", &ws, path(&settings)]);
    assert!(stderr(&o).contains("at most 366 days"), "{}", stderr(&o));
    let o = en(&[
        "simulate",
        "-w",
        &ws,
        "dormant",
        "--start",
        "9999-01-01",
        "--days",
        "30",
    ]);
    assert!(
        stderr(&o).contains("days after the recorded history"),
        "{}",
        stderr(&o)
    );
    let fifo = dir.path().join("pipe");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let o = en(&["new", "--template", "welcome", "-o", path(&fifo), "--force"]);
    assert!(stderr(&o).contains("no regular file"), "{}", stderr(&o));
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
    let o = en(&[
        "leads",
        "generate",
        "-w",
        &ws,
        "--count",
        "20000000",
        "--replace",
    ]);
    assert!(
        stderr(&o).contains("at most 10000000 leads"),
        "{}",
        stderr(&o)
    );
    let mapping = dir.path().join("huge.json");
    std::fs::File::create(&mapping)
        .unwrap()
        .set_len(17 * 1024 * 1024)
        .unwrap();
    let csv = fixture("import/hubspot.csv");
    let o = en(&[
        "leads",
        "import",
        "-w",
        &ws,
        "--mapping",
        path(&mapping),
        path(&csv),
    ]);
    assert!(
        stderr(&o).contains("at most 16777216 bytes"),
        "{}",
        stderr(&o)
    );
}

/// A temporary folder and, in it, the empty folder `ro` to mount a tmpfs on in a user namespace
/// (`unshare -rm`), or None (saying so) on a system without user namespaces.
fn read_only_place() -> Option<(tempfile::TempDir, PathBuf)> {
    if !Command::new("unshare")
        .args(["-rm", "true"])
        .status()
        .is_ok_and(|s| s.success())
    {
        eprintln!("skipped: this system offers no user namespaces (unshare -rm)");
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let place = dir.path().join("ro");
    std::fs::create_dir(&place).unwrap();
    Some((dir, place))
}

/// `script` run by bash in a user namespace of its own (where it may mount), as `scenario` is run
/// elsewhere: without a language from the environment.
fn unshared(script: &str) -> Output {
    Command::new("unshare")
        .args(["-rm", "bash", "-c", script])
        .env_remove("SCENARIO_LANG")
        .output()
        .unwrap()
}

/// A workspace in a read-only place (a mounted backup, a CD, a share without write access) is
/// read where it is — lists, settings, exports — and a write is refused as such, never "not a
/// Scenario Studio workspace". The place is a tmpfs remounted read-only in a user namespace
/// (`unshare -rm`), so the test needs no privileges and runs as root too (which a read-only
/// folder's permissions would not stop); on a system without user namespaces it says so and
/// checks nothing.
#[test]
fn a_workspace_in_a_read_only_place_is_read_where_it_is() {
    let Some((dir, place)) = read_only_place() else {
        return;
    };
    let leads = dir.path().join("leads.csv");
    std::fs::write(&leads, "email\na@x.jp\n").unwrap();
    let bin = env!("CARGO_BIN_EXE_scenario");
    let welcome = dir.path().join("welcome.json");
    assert!(
        scenario(&["new", "--template", "welcome", "-o", path(&welcome)])
            .status
            .success()
    );
    let script = format!(
        "set -e; mount -t tmpfs -o size=16m tmpfs '{p}'; '{bin}' init '{p}/w.ws' 2>/dev/null; \
         '{bin}' leads generate -w '{p}/w.ws' --count 200 --end 2026-03-31 >/dev/null 2>&1; \
         mount -o remount,ro '{p}'; \
         for c in 'leads stats' 'scenarios list' 'settings show'; do \
           '{bin}' --lang en $c -w '{p}/w.ws' >/dev/null 2>&1 && echo \"read: $c\"; done; \
         '{bin}' backtest -w '{p}/w.ws' '{welcome}' --cutoff 2026-03-01 --days 10 --runs 2 \
           >/dev/null 2>&1 && echo 'read: backtest'; \
         '{bin}' --lang en leads import -w '{p}/w.ws' '{leads}' 2>&1 || true",
        p = place.display(),
        leads = leads.display(),
        welcome = welcome.display()
    );
    let o = unshared(&script);
    let said = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(said.matches("read: ").count(), 4, "{said}");
    assert!(said.contains("the workspace cannot be written"), "{said}");
    assert!(!said.contains("not a Scenario Studio workspace"), "{said}");
}

/// A lead the workspace holds with a creation date after the forecast's window (an import of a
/// later file, history ending earlier) is simply not in the window: simulate, trace and compare
/// ran into a panic on it.
#[test]
fn a_lead_created_after_the_window_does_nothing_in_it() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, dormant, _) = sample_workspace(dir.path());
    let o = scenario(&["scenarios", "add", "-w", &ws, &dormant]);
    assert!(o.status.success(), "{}", stderr(&o));
    let late = dir.path().join("late.csv");
    std::fs::write(&late, "メールアドレス,作成日\nlate@x.co.jp,2026-09-01\n").unwrap();
    let o = scenario(&["leads", "import", "-w", &ws, path(&late)]);
    assert!(o.status.success(), "{}", stderr(&o));
    for days in ["3", "30"] {
        let o = scenario(&["simulate", "-w", &ws, "--days", days, "dormant"]);
        assert!(o.status.success(), "--days {days}: {}", stderr(&o));
    }
    let o = scenario(&[
        "--lang",
        "en",
        "trace",
        "-w",
        &ws,
        "--lead",
        "late@x.co.jp",
        "dormant",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    // A trace with nothing to show says so, and why a lead may not enter.
    assert!(
        stdout(&o).contains("enters none of the scenarios"),
        "{}",
        stdout(&o)
    );
    // Runs are bounded as the app bounds them (a million exhausted the machine's memory); none
    // is no forecast.
    for runs in ["0", "1001", "1000000"] {
        for command in ["simulate", "compare"] {
            let o = scenario(&[command, "-w", &ws, "--runs", runs, "dormant", "dormant"]);
            assert_eq!(o.status.code(), Some(2), "{command} --runs {runs}");
            assert!(stderr(&o).contains("1..=1000"), "{}", stderr(&o));
        }
    }
}

/// What a fourth battery found: a workspace named `file:…` (SQLite's URI prefix) or with a name
/// too long for its side files, and a bad scenario file among several given to a forecast.
#[test]
fn the_fourth_battery_s_findings_are_handled_plainly() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let mut all = vec!["--lang", "en"];
        all.extend_from_slice(args);
        scenario_in(dir.path(), &all)
    };
    // `file:q.ws` is a file name like any other.
    let o = run(&["init", "file:q.ws"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(&[
        "leads",
        "generate",
        "-w",
        "file:q.ws",
        "--count",
        "5",
        "--end",
        "2026-03-31",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(dir.path().join("file:q.ws").is_file() && !dir.path().join("q.ws").exists());
    // A name whose side files could not be named is refused before anything is made.
    let long = format!("{}.ws", "a".repeat(245));
    let o = run(&["init", &long]);
    assert!(stderr(&o).contains("is too long"), "{}", stderr(&o));
    assert!(!dir.path().join(&long).exists());
    // A bad scenario file among several is named.
    std::fs::write(
        dir.path().join("cut.json"),
        "{\"format\": \"scenario-studio/1\", \"id\":",
    )
    .unwrap();
    assert!(
        run(&["new", "--template", "welcome", "-o", "welcome.json"])
            .status
            .success()
    );
    let o = run(&[
        "simulate",
        "-w",
        "file:q.ws",
        "--days",
        "2",
        "welcome.json",
        "cut.json",
    ]);
    assert!(
        stderr(&o).contains("cut.json: invalid JSON"),
        "{}",
        stderr(&o)
    );
    // One file given twice is said as such (not "the id of welcome is also the id of welcome").
    let o = run(&[
        "simulate",
        "-w",
        "file:q.ws",
        "--days",
        "2",
        "welcome.json",
        "welcome.json",
    ]);
    assert!(
        stderr(&o).contains("is given more than once"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn the_scoring_review_fits_checks_refuses_and_applies() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, _, _) = sample_workspace(dir.path());
    let review = scenario(&[
        "leads",
        "scores",
        "-w",
        &ws,
        "--fit",
        "--outcome",
        "hand-off",
        "--json",
    ]);
    assert!(review.status.success(), "{}", stderr(&review));
    let r: serde_json::Value = serde_json::from_slice(&review.stdout).unwrap();
    assert_eq!(r["outcome"], "hand_off");
    assert!(r["training_deals"].as_u64().unwrap() >= 10);
    for check in ["suggested_check", "current_check"] {
        let auc = r[check]["auc"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&auc), "{check}: {auc}");
        assert_eq!(r[check]["deciles"].as_array().unwrap().len(), 10);
    }
    // In Japanese by default, as a table a marketer reads.
    let table = scenario(&[
        "leads",
        "scores",
        "-w",
        &ws,
        "--fit",
        "--outcome",
        "hand-off",
    ]);
    assert!(
        stdout(&table).contains("スコアの見直し: 営業への引き渡し"),
        "{}",
        stdout(&table)
    );
    assert!(stdout(&table).contains("AUC"));
    // Too few won deals: refused, saying how many are needed, nothing changed.
    let won = scenario(&["leads", "scores", "-w", &ws, "--fit", "--outcome", "won"]);
    assert!(!won.status.success());
    assert!(
        stderr(&won).contains("少なくとも 10 件必要です"),
        "{}",
        stderr(&won)
    );
    // Applied: the suggested threshold is the workspace's, kept as version 2.
    let applied = scenario(&[
        "leads",
        "scores",
        "-w",
        &ws,
        "--fit",
        "--outcome",
        "hand-off",
        "--apply",
        "--json",
    ]);
    assert!(applied.status.success(), "{}", stderr(&applied));
    assert!(
        stderr(&applied).contains("バージョン 2"),
        "{}",
        stderr(&applied)
    );
    let shown = scenario(&["settings", "show", "-w", &ws]);
    let settings: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
    assert_eq!(
        settings["scoring"]["mql_threshold"],
        r["suggested"]["mql_threshold"]
    );
    // --apply needs --fit.
    assert!(
        !scenario(&["leads", "scores", "-w", &ws, "--apply"])
            .status
            .success()
    );
}

#[test]
fn validate_against_a_workspace_names_a_condition_no_lead_can_meet() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, _, download) = sample_workspace(dir.path());
    let mut file: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&download).unwrap()).unwrap();
    let segment = |values: &[&str]| serde_json::json!({"type": "attribute", "attribute": "job_level", "op": "one_of", "values": values});
    let mut codes = |values: &[&str]| -> Vec<String> {
        file["settings"]["segment"] = segment(values);
        let written = dir.path().join("segment.json");
        std::fs::write(&written, file.to_string()).unwrap();
        let o = scenario(&["validate", "--json", "-w", &ws, path(&written)]);
        let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        (report["files"][0]["diagnostics"].as_array().unwrap().iter())
            .map(|d| d["code"].as_str().unwrap().to_owned())
            .collect()
    };
    // The labels a marketer reads are the codes the workspace stores.
    assert_eq!(codes(&["部長クラス", "経営層"]), Vec::<String>::new());
    assert_eq!(codes(&["本部長"]), ["condition-matches-no-lead"]);
}

/// `scenario` with a throwaway per-user data folder (`XDG_DATA_HOME`), where the desktop app keeps
/// its default workspace.
fn scenario_with_data(data: &Path, args: &[&str]) -> Output {
    command(args)
        .env("XDG_DATA_HOME", data)
        .env("HOME", data)
        .output()
        .unwrap()
}

/// Without `-w`, a command reads the desktop app's default workspace (the file the app opens on
/// its first start), which `scenario init` with no file creates; `--help` says so.
#[test]
fn without_a_workspace_named_the_apps_default_one_is_used() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let file = data
        .join("jp.scenario-studio.desktop")
        .join("マイワークスペース.scenario-ws");
    let o = scenario_with_data(data, &["--lang", "en", "leads", "stats"]);
    assert!(
        !o.status.success()
            && stderr(&o).contains(
                "does not exist yet: start the app once or create it with `scenario init`"
            ),
        "{}",
        stderr(&o)
    );
    let o = scenario_with_data(data, &["init"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(file.is_file(), "{}", stderr(&o));
    assert!(stderr(&o).contains("を作成しました"), "{}", stderr(&o));
    let o = scenario_with_data(data, &["init"]);
    assert!(
        o.status.success() && stderr(&o).contains("作成済み"),
        "{}",
        stderr(&o)
    );
    let o = scenario_with_data(
        data,
        &["leads", "generate", "--count", "40", "--end", "2026-03-31"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = scenario_with_data(data, &["leads", "stats", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let stats: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(stats["leads"], 40, "{stats}");
    let o = scenario_with_data(data, &["leads", "stats", "--help"]);
    assert!(
        stdout(&o).contains(path(&file)),
        "--help names the default: {}",
        stdout(&o)
    );
    // In English, a fresh data folder's default workspace has the English name.
    let fresh = dir.path().join("fresh");
    let o = command(&["init"])
        .env("XDG_DATA_HOME", &fresh)
        .env("SCENARIO_LANG", "en")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        fresh
            .join("jp.scenario-studio.desktop/My workspace.scenario-ws")
            .is_file()
    );
}

/// A default workspace that cannot be created — its data folder on a read-only disk, here a tmpfs
/// remounted read-only in a user namespace (as in the read-only place's test above) — is refused
/// with a message naming the file and offering another, in both languages.
#[test]
fn a_default_workspace_on_a_read_only_disk_is_refused_clearly() {
    let Some((_dir, place)) = read_only_place() else {
        return;
    };
    let bin = env!("CARGO_BIN_EXE_scenario");
    let script = format!(
        "set -e; mount -t tmpfs -o size=4m tmpfs '{p}'; mount -o remount,ro '{p}'; \
         XDG_DATA_HOME='{p}' '{bin}' --lang en init 2>&1 || true; \
         XDG_DATA_HOME='{p}' '{bin}' init 2>&1 || true",
        p = place.display(),
    );
    let o = unshared(&script);
    let said = String::from_utf8_lossy(&o.stdout);
    assert!(
        said.contains("the default workspace ")
            && said.contains("マイワークスペース.scenario-ws cannot be used")
            && said.contains("open or create another workspace"),
        "{said}"
    );
    assert!(
        said.contains("既定のワークスペース ") && said.contains("読み取り専用"),
        "{said}"
    );
}
