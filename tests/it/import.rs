//! CSV import: every preset and encoding stores what the file says; bad files are refused and leave
//! the workspace byte for byte as it was.

use std::path::{Path, PathBuf};

use scenario_studio::import::{
    self, Detection, ImportError, ImportKind, ImportOptions, ImportReport, IssueSeverity,
    TextEncoding,
};
use scenario_studio::lead::{ConsentBasis, LeadRecord};
use scenario_studio::store::{self, Workspace};

pub struct Scratch {
    _dir: tempfile::TempDir,
    pub path: PathBuf,
}

/// A fresh workspace in a temporary folder.
pub fn scratch() -> Scratch {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("test.scenario-ws");
    drop(Workspace::create(&path).unwrap());
    // Opened once, so the file is in its steady (WAL) state before anyone compares bytes.
    drop(Workspace::open(&path).unwrap());
    Scratch { _dir: dir, path }
}

fn file(name: &str) -> PathBuf {
    crate::fixture(&format!("import/{name}"))
}

/// Imports `path` into the workspace at `ws`, opening and closing it around the import.
pub fn import_path(
    ws: &Path,
    path: &Path,
    options: &ImportOptions,
) -> Result<ImportReport, ImportError> {
    let mut w = Workspace::open(ws).unwrap();
    import::import_file(&mut w, path, options, &mut |_, _| {})
}

pub fn import_with(
    ws: &Path,
    name: &str,
    options: &ImportOptions,
) -> Result<ImportReport, ImportError> {
    import_path(ws, &file(name), options)
}

fn with_mapping(json: &str) -> ImportOptions {
    ImportOptions {
        mapping: Some(serde_json::from_str(json).unwrap()),
        ..Default::default()
    }
}

fn import(ws: &Path, name: &str) -> ImportReport {
    import_with(ws, name, &ImportOptions::default()).unwrap()
}

pub fn leads(ws: &Path) -> Vec<LeadRecord> {
    let ws = Workspace::open(ws).unwrap();
    let mut out = Vec::new();
    store::for_each_lead(ws.conn(), |l| -> Result<(), store::StoreError> {
        out.push(l.clone());
        Ok(())
    })
    .unwrap();
    out
}

fn lead<'a>(leads: &'a [LeadRecord], email: &str) -> &'a LeadRecord {
    leads
        .iter()
        .find(|l| l.email == email)
        .unwrap_or_else(|| panic!("no lead {email}"))
}

fn derived(ws: &Path, email: &str) -> (Option<String>, Option<String>) {
    let ws = Workspace::open(ws).unwrap();
    ws.conn()
        .query_row(
            "SELECT employee_band, job_level FROM leads WHERE email = ?1",
            [email],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
}

fn jst(s: &str) -> i64 {
    scenario_studio::import::values::parse_datetime(s, None).unwrap()
}

#[test]
fn hubspot_english_export() {
    let ws = scratch();
    let r = import(&ws.path, "hubspot.csv");
    assert_eq!(
        (r.mapping.preset.as_str(), r.encoding, r.rows, r.inserted),
        ("hubspot", TextEncoding::Utf8, 3, 3)
    );
    let all = leads(&ws.path);
    let taro = lead(&all, "taro.yamada@example.co.jp");
    assert_eq!(taro.external_id.as_deref(), Some("1001"));
    assert_eq!(
        (taro.last_name.as_str(), taro.first_name.as_str()),
        ("Yamada", "Taro")
    );
    assert_eq!(taro.employees, "1,200");
    assert_eq!(taro.created_at, Some(jst("2024-04-01 10:00:00")));
    assert_eq!(taro.opt_in_basis, Some(ConsentBasis::Form));
    assert_eq!(
        taro.custom.get("Phone Number").map(String::as_str),
        Some("03-1234-5678")
    );
    assert_eq!(
        derived(&ws.path, "taro.yamada@example.co.jp"),
        (Some("1000+".into()), Some("manager".into()))
    );
    let hanako = lead(&all, "hanako.sato@example.jp");
    assert!(hanako.opted_out);
    assert_eq!(
        hanako.opt_in_basis,
        Some(ConsentBasis::ExistingRelationship)
    );
    let ken = lead(&all, "ken.suzuki@example.com");
    assert_eq!(ken.created_at, Some(jst("2024-06-03T01:15:00Z")));
    assert!(!ken.opted_out);
}

#[test]
fn hubspot_japanese_export_with_bom() {
    let ws = scratch();
    let r = import(&ws.path, "hubspot-ja-bom.csv");
    assert_eq!(
        (r.mapping.preset.as_str(), r.detection),
        ("hubspot-ja", Detection::Bom)
    );
    let all = leads(&ws.path);
    let yamada = lead(&all, "yamada@yamada-seisakusho.co.jp");
    assert_eq!(yamada.company, "株式会社山田製作所");
    assert_eq!(yamada.created_at, Some(jst("2024-04-01 10:00")));
    assert!(lead(&all, "h-sato@sato-shoji.co.jp").opted_out);
    assert_eq!(
        derived(&ws.path, "h-sato@sato-shoji.co.jp").0.as_deref(),
        Some("50-299")
    );
}

#[test]
fn salesforce_cp932_with_vendor_characters_newlines_and_duplicates() {
    let ws = scratch();
    let r = import(&ws.path, "salesforce-ja-cp932.csv");
    assert_eq!(
        (r.mapping.preset.as_str(), r.encoding, r.detection),
        ("salesforce-ja", TextEncoding::Cp932, Detection::Detected)
    );
    assert_eq!(
        (r.rows, r.inserted, r.duplicates, r.error_rows),
        (5, 3, 1, 1)
    );
    let all = leads(&ws.path);
    let ichiro = lead(&all, "ichiro@takahashi-ss.co.jp");
    // Stored values keep what the user wrote: ㈱ and 髙 are not normalised away.
    assert_eq!(ichiro.company, "㈱髙橋製作所");
    assert_eq!(ichiro.last_name, "髙橋");
    assert_eq!(
        ichiro.custom.get("備考").map(String::as_str),
        Some("名刺交換時のメモ：\r\n来期に予算化予定")
    );
    assert_eq!(
        derived(&ws.path, "ichiro@takahashi-ss.co.jp"),
        (Some("1000+".into()), Some("executive".into()))
    );
    let hanako = lead(&all, "hanako@yamazaki.co.jp");
    assert_eq!(
        (hanako.last_name.as_str(), hanako.company.as_str()),
        ("山﨑", "ｶﾌﾞｼｷｶﾞｲｼｬ ﾔﾏｻﾞｷ")
    );
    assert_eq!(
        hanako.custom.get("備考").map(String::as_str),
        Some("①資料送付済み")
    );
    // The first of two rows with the same normalised email wins, and its opt-out stands.
    let ken = lead(&all, "KEN.SATO@SATO-SHOJI.CO.JP");
    assert!(ken.opted_out);
    let dup = r
        .issues
        .iter()
        .find(|i| i.code == "duplicate-email")
        .unwrap();
    assert_eq!((dup.line, dup.severity), (6, IssueSeverity::Warning));
    assert!(dup.message.ja.contains("5行目"), "{}", dup.message.ja);
    let bad = r.issues.iter().find(|i| i.code == "invalid-email").unwrap();
    assert_eq!((bad.line, bad.column.as_deref()), (7, Some("メール")));
}

#[test]
fn marketo_export_with_iso_dates_scores_and_sfa_ids() {
    let ws = scratch();
    let r = import(&ws.path, "marketo.csv");
    assert_eq!(r.mapping.preset, "marketo");
    let all = leads(&ws.path);
    let aiko = lead(&all, "aiko.mori@mori-denki.co.jp");
    assert_eq!(aiko.score, Some(75));
    assert_eq!(aiko.sfa_id.as_deref(), Some("00Q9000000000501"));
    assert_eq!(aiko.created_at, Some(jst("2024-07-01T11:00:00+09:00")));
    assert!(lead(&all, "jun.abe@abe-logistics.co.jp").opted_out);
}

#[test]
fn generic_japanese_sheet_in_cp932_with_warnings() {
    let ws = scratch();
    // Its third row's 配信停止 reads "たぶん": imported as mailable, that lead could be mailed
    // against its will, so the file is refused with the cell named, and nothing is written.
    let refused = import_with(&ws.path, "generic-ja-cp932.csv", &ImportOptions::default());
    match refused {
        Err(e @ ImportError::UnreadableOptOut { .. }) => {
            let ImportError::UnreadableOptOut {
                column,
                value,
                line,
                rows,
            } = &e
            else {
                unreachable!()
            };
            assert_eq!(
                (column.as_str(), value.as_str(), *line, *rows),
                ("配信停止", "たぶん", 4, 1)
            );
            assert!(
                e.localized()
                    .ja
                    .contains("4行目の「配信停止」の値「たぶん」")
            );
            assert!(e.localized().en.contains("--suppress-unreadable-opt-outs"));
        }
        other => panic!("{other:?}"),
    }
    assert!(leads(&ws.path).is_empty());
    // Asked to, it imports that lead opted out, with a warning.
    let suppress = ImportOptions {
        suppress_unreadable_opt_outs: true,
        ..Default::default()
    };
    let r = import_with(&ws.path, "generic-ja-cp932.csv", &suppress).unwrap();
    assert_eq!(
        (
            r.mapping.preset.as_str(),
            r.inserted,
            r.warning_rows,
            r.error_rows
        ),
        ("generic-ja", 3, 1, 0)
    );
    let all = leads(&ws.path);
    let ito = lead(&all, "misaki.ito@mirai-kogyo.co.jp");
    assert_eq!(
        (ito.last_name.as_str(), ito.first_name.as_str()),
        ("伊藤", "美咲")
    );
    assert_eq!(ito.created_at, Some(jst("2024-04-10 00:00")));
    assert_eq!(ito.company, "㈱ミライ工業");
    let naoki = lead(&all, "naoki@mirai-shoji.co.jp");
    assert_eq!(
        (naoki.company.as_str(), naoki.employees.as_str()),
        ("ﾐﾗｲ商事", "１，２００")
    );
    assert_eq!(naoki.opt_in_basis, Some(ConsentBasis::BusinessCard));
    assert_eq!(
        derived(&ws.path, "naoki@mirai-shoji.co.jp").0.as_deref(),
        Some("1000+")
    );
    // The bad cells of the third row are reported and left empty; an unreadable opt-out counts as one.
    let aya = lead(&all, "aya.kobayashi@takashima-tech.co.jp");
    assert_eq!(
        (aya.created_at, aya.opt_in_basis, aya.opted_out),
        (None, None, true)
    );
    let codes: Vec<&str> = r.issues.iter().map(|i| i.code).collect();
    assert_eq!(
        codes,
        [
            "invalid-employees",
            "invalid-date",
            "invalid-flag",
            "invalid-consent"
        ]
    );
    assert!(r.issues.iter().all(|i| i.line == 4));
}

#[test]
fn excel_unicode_text_is_utf16_with_tabs() {
    let ws = scratch();
    let r = import(&ws.path, "excel-unicode.txt");
    assert_eq!(
        (r.encoding, r.delimiter, r.inserted),
        (TextEncoding::Utf16Le, '\t', 1)
    );
    assert_eq!(
        lead(&leads(&ws.path), "test@test-corp.co.jp").last_name,
        "試験"
    );
}

#[test]
fn reimporting_updates_instead_of_duplicating() {
    let ws = scratch();
    import(&ws.path, "hubspot.csv");
    let first = leads(&ws.path);
    let again = import(&ws.path, "hubspot.csv");
    assert_eq!((again.inserted, again.updated, again.unchanged), (0, 0, 3));
    assert_eq!(leads(&ws.path), first);
    // Events and statuses already stored are recognised too.
    import(&ws.path, "events.csv");
    let events = import(&ws.path, "events.csv");
    assert_eq!((events.inserted, events.unchanged), (0, 3));
}

#[test]
fn events_and_deals_attach_to_their_leads() {
    let ws = scratch();
    import(&ws.path, "hubspot.csv");
    let ev = import(&ws.path, "events.csv");
    assert_eq!(
        (ev.mapping.kind, ev.inserted, ev.error_rows),
        (ImportKind::Events, 3, 3)
    );
    let codes: Vec<&str> = ev.issues.iter().map(|i| i.code).collect();
    assert_eq!(
        codes,
        ["unknown-lead", "invalid-event-kind", "invalid-date"]
    );
    let deals = import(&ws.path, "deals.csv");
    assert_eq!(
        (deals.mapping.kind, deals.inserted, deals.error_rows),
        (ImportKind::Deals, 4, 1)
    );
    let w = Workspace::open(&ws.path).unwrap();
    let stats = store::stats(w.conn()).unwrap();
    assert_eq!(stats.events.get("page_view"), Some(&1));
    assert_eq!(stats.deal_status.get("opportunity"), Some(&1));
    assert_eq!(stats.deal_status.get("lost"), Some(&1));
}

/// A value the usual names do not know is read once the workspace maps it in its SFA settings.
#[test]
fn the_workspaces_own_deal_status_values_are_read_on_import() {
    let ws = scratch();
    import(&ws.path, "hubspot.csv");
    let deals = import(&ws.path, "deals.csv");
    assert_eq!(deals.issues[0].code, "invalid-deal-status");
    assert!(deals.issues[0].message.ja.contains("SFA/CRM 連携"));
    let mut w = Workspace::open(&ws.path).unwrap();
    scenario_studio::simulate::parameters::SimulationSettings::apply(
        &mut w,
        r#"{"sfa": {"deal_status_values": {"謎のステータス": "recycled"}}}"#,
    )
    .unwrap();
    drop(w);
    let again = import(&ws.path, "deals.csv");
    assert_eq!(
        (again.error_rows, again.issues.len()),
        (0, 0),
        "{:?}",
        again.issues
    );
    let w = Workspace::open(&ws.path).unwrap();
    assert_eq!(
        store::stats(w.conn()).unwrap().deal_status.get("recycled"),
        Some(&1)
    );
}

fn assert_refused_unchanged(name: &str, options: &ImportOptions, kind: &str) {
    let ws = scratch();
    import(&ws.path, "hubspot.csv");
    let before = std::fs::read(&ws.path).unwrap();
    let e = import_with(&ws.path, name, options).unwrap_err();
    assert_eq!(e.kind(), kind, "{name}: {e}");
    let m = e.localized();
    assert!(!m.ja.is_empty() && !m.en.is_empty());
    assert_eq!(
        std::fs::read(&ws.path).unwrap(),
        before,
        "{name} changed the workspace"
    );
}

#[test]
fn refused_files_leave_the_workspace_byte_for_byte_unchanged() {
    let default = ImportOptions::default();
    assert_refused_unchanged("broken/empty.csv", &default, "empty");
    assert_refused_unchanged("broken/header-only.csv", &default, "no-rows");
    assert_refused_unchanged("broken/no-email-column.csv", &default, "missing-columns");
    assert_refused_unchanged("broken/undecodable-cp932.csv", &default, "undecodable");
    assert_refused_unchanged("broken/latin1.csv", &default, "unsupported-encoding");
    let strict = ImportOptions {
        strict: true,
        ..Default::default()
    };
    assert_refused_unchanged("salesforce-ja-cp932.csv", &strict, "row-errors");
    // The wrong encoding named by the user: UTF-8 bytes read as… UTF-8 is right, so name CP932 for a
    // UTF-8 file with characters CP932 cannot decode.
    let wrong = ImportOptions {
        encoding: Some(TextEncoding::Utf8),
        ..Default::default()
    };
    assert_refused_unchanged("generic-ja-cp932.csv", &wrong, "undecodable");
    let preset = ImportOptions {
        preset: Some("pardot".into()),
        ..Default::default()
    };
    assert_refused_unchanged("hubspot.csv", &preset, "unknown-preset");
}

#[test]
fn refusals_in_an_empty_workspace_leave_it_unchanged_too() {
    // Into an empty workspace the import loads in bulk under a rollback journal; every refusal must
    // be found before that switch.
    for (name, kind) in [
        ("broken/undecodable-cp932.csv", "undecodable"),
        ("broken/header-only.csv", "no-rows"),
        ("broken/no-email-column.csv", "missing-columns"),
    ] {
        let ws = scratch();
        let before = std::fs::read(&ws.path).unwrap();
        let e = import_with(&ws.path, name, &ImportOptions::default()).unwrap_err();
        assert_eq!(e.kind(), kind, "{name}");
        assert_eq!(
            std::fs::read(&ws.path).unwrap(),
            before,
            "{name} changed the workspace"
        );
    }
    let ws = scratch();
    let before = std::fs::read(&ws.path).unwrap();
    let text = "メールアドレス,会社名\na@b.jp,A社\n\"c@d.jp,C社\n　,　\n";
    assert_eq!(
        import_text(&ws.path, "q.csv", text.as_bytes())
            .unwrap_err()
            .kind(),
        "unterminated-quote"
    );
    let blank = "メールアドレス,会社名\n　,　\n";
    assert_eq!(
        import_text(&ws.path, "blank.csv", blank.as_bytes())
            .unwrap_err()
            .kind(),
        "no-rows"
    );
    assert_eq!(std::fs::read(&ws.path).unwrap(), before);
    // A successful bulk load leaves the file in WAL mode (header bytes 18 and 19 are 2).
    import_with(&ws.path, "hubspot.csv", &ImportOptions::default()).unwrap();
    let header = std::fs::read(&ws.path).unwrap();
    assert_eq!((header[18], header[19]), (2, 2));
}

#[test]
fn undecodable_bytes_are_located() {
    let ws = scratch();
    match import_with(
        &ws.path,
        "broken/undecodable-cp932.csv",
        &ImportOptions::default(),
    )
    .unwrap_err()
    {
        ImportError::Undecodable { encoding, at } => {
            assert_eq!(encoding, "cp932");
            assert_eq!((at.line, at.column), (4, 1));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_dry_run_reports_exact_counts_and_writes_nothing() {
    let ws = scratch();
    let before = std::fs::read(&ws.path).unwrap();
    let r = import_with(
        &ws.path,
        "salesforce-ja-cp932.csv",
        &ImportOptions {
            dry_run: true,
            ..Default::default()
        },
    )
    .unwrap();
    assert!(!r.committed);
    assert_eq!((r.inserted, r.skipped), (3, 2));
    assert_eq!(r.preview.len(), 5);
    assert_eq!(std::fs::read(&ws.path).unwrap(), before);
    assert!(leads(&ws.path).is_empty());
}

#[test]
fn a_mapping_file_reads_what_no_preset_knows() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("custom.csv");
    std::fs::write(
        &csv,
        "E-mail,会社,社員数,メモ\nsuzuki@fuji-denki.co.jp,富士電機工業,320,展示会で名刺交換\n",
    )
    .unwrap();
    let ws = scratch();
    let options = with_mapping(
        r#"{"kind": "leads", "columns": {"E-mail": "email", "会社": "company", "社員数": "employees"}}"#,
    );
    let r = import_path(&ws.path, &csv, &options).unwrap();
    assert_eq!(r.inserted, 1);
    let l = &leads(&ws.path)[0];
    assert_eq!(
        (l.company.as_str(), l.employees.as_str()),
        ("富士電機工業", "320")
    );
    assert_eq!(
        l.custom.get("メモ").map(String::as_str),
        Some("展示会で名刺交換")
    );
}

// Regressions from the black-box review of the import.

fn import_text(ws: &Path, name: &str, bytes: &[u8]) -> Result<ImportReport, ImportError> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(name);
    std::fs::write(&file, bytes).unwrap();
    import_path(ws, &file, &ImportOptions::default())
}

#[test]
fn an_opt_out_column_is_read_whatever_preset_the_other_headers_suggest() {
    let ws = scratch();
    // HubSpot-looking headers with a Japanese opt-out column added by hand.
    let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(
        "会社名,氏名,Email,従業員数,配信停止\r\n株式会社A,山田　花子,h@mix.jp,500名,はい\r\n",
    );
    let r = import_text(&ws.path, "mixed.csv", &bytes).unwrap();
    assert_eq!(r.mapping.recognised(), 5, "{:?}", r.mapping.columns);
    let all = leads(&ws.path);
    let l = lead(&all, "h@mix.jp");
    assert!(l.opted_out);
    assert_eq!(
        (
            l.company.as_str(),
            l.last_name.as_str(),
            l.first_name.as_str()
        ),
        ("株式会社A", "山田", "花子")
    );
    // Marketo's API field names.
    let ws = scratch();
    let r = import_text(&ws.path, "api.csv", b"id,firstName,lastName,email,createdAt,leadScore,unsubscribed\n7,Jun,Abe,jun@abe.co.jp,2025-04-01T00:00:00Z,12,true\n").unwrap();
    assert!(r.issues.is_empty(), "{:?}", r.issues);
    let l = &leads(&ws.path)[0];
    assert!(l.opted_out);
    assert_eq!((l.score, l.external_id.as_deref()), (Some(12), Some("7")));
}

#[test]
fn an_unclosed_quote_refuses_the_file_instead_of_swallowing_rows() {
    let ws = scratch();
    let before = std::fs::read(&ws.path).unwrap();
    let text = "会社名,氏名,メールアドレス\nA社,山田　太郎,a@q.jp\n\"B社,鈴木　花子,b@q.jp\nC社,佐藤　一郎,c@q.jp\n";
    match import_text(&ws.path, "quote.csv", text.as_bytes()).unwrap_err() {
        ImportError::UnterminatedQuote { line } => assert_eq!(line, 3),
        other => panic!("{other:?}"),
    }
    assert_eq!(std::fs::read(&ws.path).unwrap(), before);
}

#[test]
fn odd_but_real_inputs() {
    let ws = scratch();
    // UTF-16 without a byte-order mark, tab-separated; a mailto: address; a full-width address.
    let text = "会社名\t氏名\tメールアドレス\r\nA社\tJohn Smith\tmailto:john@a.co.jp\r\nB社\t鈴木 花子 様\tｓｕｚｕｋｉ＠ｂ．ｊｐ\r\n";
    let bytes: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let r = import_text(&ws.path, "utf16.txt", &bytes).unwrap();
    assert_eq!((r.encoding, r.inserted), (TextEncoding::Utf16Le, 2));
    assert_eq!(
        r.issues.iter().map(|i| i.code).collect::<Vec<_>>(),
        ["fullwidth-email"]
    );
    let all = leads(&ws.path);
    let john = lead(&all, "john@a.co.jp");
    assert_eq!(
        (john.last_name.as_str(), john.first_name.as_str()),
        ("Smith", "John")
    );
    let hanako = lead(&all, "ｓｕｚｕｋｉ＠ｂ．ｊｐ");
    assert_eq!(
        (hanako.last_name.as_str(), hanako.first_name.as_str()),
        ("鈴木", "花子")
    );
    // A byte-order mark and nothing else is an empty file.
    assert!(matches!(
        import_text(&ws.path, "bom.csv", b"\xEF\xBB\xBF"),
        Err(ImportError::Empty)
    ));
}

#[test]
fn custom_columns_named_like_fields_survive_an_export_and_reimport() {
    let ws = scratch();
    let text = "メール,姓,名,会社名,氏名,スコア\na@x.jp,山田,太郎,X社,別人　花子,メモ扱い\n";
    let r = import_with_preset(&ws.path, "clash.csv", text, "salesforce-ja");
    assert_eq!(r.inserted, 1);
    let before = leads(&ws.path);
    assert_eq!(
        before[0].custom.get("氏名").map(String::as_str),
        Some("別人　花子")
    );
    let out = exported_leads(&ws.path);
    let exported = String::from_utf8(out.clone()).unwrap();
    assert!(exported.contains("カスタム:氏名"), "{exported}");
    let other = scratch();
    import_text(&other.path, "export.csv", &out).unwrap();
    assert_eq!(leads(&other.path), before);
}

/// The workspace's leads as `leads export` writes them (UTF-8 with a BOM).
fn exported_leads(ws: &Path) -> Vec<u8> {
    let w = Workspace::open(ws).unwrap();
    let mut out = Vec::new();
    scenario_studio::export::leads_csv::export_leads(
        &w,
        &mut out,
        scenario_studio::export::leads_csv::ExportEncoding::Utf8Bom,
    )
    .unwrap();
    out
}

fn import_with_preset(ws: &Path, name: &str, text: &str, preset: &str) -> ImportReport {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(name);
    std::fs::write(&file, text).unwrap();
    let options = ImportOptions {
        preset: Some(preset.to_owned()),
        ..Default::default()
    };
    import_path(ws, &file, &options).unwrap()
}

#[test]
fn mapping_a_column_later_removes_it_from_the_custom_fields() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("c.csv");
    std::fs::write(&csv, "メールアドレス,社員規模,メモ\na@x.jp,120,展示会\n").unwrap();
    let ws = scratch();
    import_path(&ws.path, &csv, &ImportOptions::default()).unwrap();
    assert_eq!(leads(&ws.path)[0].custom.len(), 2);
    let options = with_mapping(r#"{"kind": "leads", "columns": {"社員規模": "employees"}}"#);
    let r = import_path(&ws.path, &csv, &options).unwrap();
    assert_eq!(r.updated, 1);
    let l = &leads(&ws.path)[0];
    assert_eq!(l.employees, "120");
    assert_eq!(l.custom.keys().collect::<Vec<_>>(), ["メモ"]);
}

/// Whether each lead of the workspace (by email) is opted out.
fn opted_out(ws: &Path) -> Vec<(String, bool)> {
    let mut all: Vec<(String, bool)> = (leads(ws).into_iter())
        .map(|l| (l.email, l.opted_out))
        .collect();
    all.sort();
    all
}

/// No opt-out is lost, however a tool writes it: Marketo's `null` is nothing recorded, its
/// reason column is not a flag; Account Engagement's two opt-out columns are both read; List
/// Finder's 配信除外フラグ (CP932), SATORI's 配信中 / 配信停止, a HubSpot column and a 配信停止日
/// under names no preset knows; an activity log's unsubscribe opts its lead out.
#[test]
fn no_opt_out_is_lost() {
    let optout = |name: &str| file(&format!("optout/{name}"));
    let imported = |name: &str| {
        let ws = scratch();
        let r = import_path(&ws.path, &optout(name), &ImportOptions::default()).unwrap();
        (ws, r)
    };

    let (ws, r) = imported("marketo-null.csv");
    assert_eq!(r.mapping.preset, "marketo");
    assert_eq!((r.error_rows, r.warning_rows, r.opted_out), (0, 0, 1));
    assert_eq!(
        opted_out(&ws.path),
        [
            ("hanako.sato@example.co.jp".to_owned(), false),
            ("ken.suzuki@example.co.jp".to_owned(), true),
            ("taro.yamada@example.co.jp".to_owned(), false),
            ("yui.tanaka@example.co.jp".to_owned(), false),
        ]
    );
    let reason = (r.mapping.columns.iter()).find(|(h, _)| h == "Unsubscribed Reason");
    assert_eq!(reason.unwrap().1, None, "kept as a custom field");

    let (ws, r) = imported("pardot-prospects.csv");
    assert_eq!((r.inserted, r.opted_out, r.no_consent), (3, 2, 3));
    assert_eq!(
        opted_out(&ws.path),
        [
            ("ichiro@example.co.jp".to_owned(), false),
            ("jiro@example.co.jp".to_owned(), true),
            ("saburo@example.co.jp".to_owned(), true),
        ]
    );

    let (ws, r) = imported("listfinder-cp932.csv");
    assert_eq!(r.encoding, TextEncoding::Cp932);
    assert_eq!(
        opted_out(&ws.path),
        [
            ("aya.kobayashi@mirai-kogyo.co.jp".to_owned(), false),
            ("misaki.ito@mirai-kogyo.co.jp".to_owned(), true),
        ]
    );

    let (ws, r) = imported("satori-bom.csv");
    assert_eq!(
        (r.mapping.columns.iter())
            .find(|(h, _)| h == "メール配信")
            .unwrap()
            .1,
        Some(import::Field::Subscribed)
    );
    assert_eq!(
        opted_out(&ws.path),
        [
            ("a.kimura@satori-sample.co.jp".to_owned(), false),
            ("b.kimura@satori-sample.co.jp".to_owned(), true),
            ("c.kimura@satori-sample.co.jp".to_owned(), false),
        ]
    );

    let (ws, r) = imported("hubspot-ja-variant.csv");
    assert_eq!(r.opted_out, 2);
    assert_eq!(
        opted_out(&ws.path),
        [
            ("ichiro.takahashi@example.jp".to_owned(), false),
            ("jiro.takahashi@example.jp".to_owned(), true),
            ("saburo.takahashi@example.jp".to_owned(), true),
        ]
    );
    // The activity log's unsubscribe opts 一郎 out; importing it again changes nothing.
    let events = import_path(&ws.path, &optout("unsubscribes.csv"), &Default::default()).unwrap();
    assert_eq!((events.inserted, events.opted_out), (2, 1));
    assert!(opted_out(&ws.path).iter().all(|(_, out)| *out));
    let again = import_path(&ws.path, &optout("unsubscribes.csv"), &Default::default()).unwrap();
    assert_eq!((again.unchanged, again.opted_out), (2, 0));
    // And a lead file saying otherwise does not opt anyone back in.
    import_path(
        &ws.path,
        &optout("hubspot-ja-variant.csv"),
        &Default::default(),
    )
    .unwrap();
    assert!(opted_out(&ws.path).iter().all(|(_, out)| *out));
}

/// A refused import over an existing workspace (not the bulk path) leaves it byte for byte.
#[test]
fn an_unreadable_opt_out_refuses_the_file_over_existing_leads_too() {
    let ws = scratch();
    import(&ws.path, "hubspot.csv");
    let before = std::fs::read(&ws.path).unwrap();
    let refused = import_with(&ws.path, "generic-ja-cp932.csv", &ImportOptions::default());
    assert!(
        matches!(refused, Err(ImportError::UnreadableOptOut { line: 4, .. })),
        "{refused:?}"
    );
    assert_eq!(std::fs::read(&ws.path).unwrap(), before);
}

/// Events of each kind stored in the workspace, and the details of one kind.
fn stored_events(ws: &Path) -> std::collections::BTreeMap<String, u64> {
    let w = Workspace::open(ws).unwrap();
    let mut statement = w
        .conn()
        .prepare("SELECT kind, count(*) FROM lead_events GROUP BY kind")
        .unwrap();
    statement
        .query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as u64)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// A workspace holding the three Marketo leads the activity logs name.
fn with_marketo_leads() -> Scratch {
    let ws = scratch();
    let leads = file("activities/marketo-leads.csv");
    import_path(&ws.path, &leads, &Default::default()).unwrap();
    ws
}

/// Activity logs as the tools write them import without a mapping file: Marketo's activity export
/// (names) and bulk extract (type ids, JSON attributes), HubSpot's email events (epoch
/// milliseconds), Account Engagement's visitor activities and a Japanese MA tool's words in CP932.
/// Activities that are not behaviour are skipped and counted per value, not errors; each mail
/// event keeps the mail's name as its detail.
#[test]
fn activity_logs_of_the_vendors_import() {
    let ws = with_marketo_leads();
    let activities = |name: &str| file(&format!("activities/{name}"));
    let count = |pairs: &[(&str, u64)]| -> std::collections::BTreeMap<String, u64> {
        pairs.iter().map(|(k, n)| (k.to_string(), *n)).collect()
    };

    let r = import_path(
        &ws.path,
        &activities("marketo-activity-export.csv"),
        &Default::default(),
    )
    .unwrap();
    assert_eq!(r.mapping.preset, "marketo-activities");
    assert_eq!((r.inserted, r.error_rows, r.opted_out), (7, 0, 1));
    assert_eq!(
        r.not_behaviour,
        count(&[
            ("Change Data Value", 1),
            ("Change Score", 1),
            ("Email Bounced Soft", 1),
            ("Email Delivered", 1),
            ("Interesting Moment", 1),
        ])
    );
    let r = import_path(
        &ws.path,
        &activities("marketo-bulk-extract.csv"),
        &Default::default(),
    )
    .unwrap();
    assert_eq!(r.mapping.preset, "marketo-activities");
    assert_eq!((r.inserted, r.error_rows), (5, 0));
    assert_eq!(
        r.not_behaviour,
        count(&[("13 Change Data Value", 1), ("7 Email Delivered", 1)])
    );

    let r = import_path(
        &ws.path,
        &activities("hubspot-email-events.csv"),
        &Default::default(),
    )
    .unwrap();
    assert_eq!(r.mapping.preset, "hubspot-email-events");
    assert_eq!((r.inserted, r.error_rows), (6, 0), "{:?}", r.issues);
    assert_eq!(
        r.not_behaviour,
        count(&[("BOUNCE", 1), ("DELIVERED", 1), ("PROCESSED", 1)])
    );

    let r = import_path(
        &ws.path,
        &activities("account-engagement-activities.csv"),
        &Default::default(),
    )
    .unwrap();
    assert_eq!(r.mapping.preset, "account-engagement-activities");
    assert_eq!((r.inserted, r.error_rows), (7, 0), "{:?}", r.issues);
    assert_eq!(
        r.not_behaviour,
        count(&[("13 Bounced", 1), ("5 Session", 1)])
    );

    let r = import_path(
        &ws.path,
        &activities("japanese-ma-cp932.csv"),
        &Default::default(),
    )
    .unwrap();
    assert_eq!(
        (r.encoding, r.inserted, r.error_rows),
        (TextEncoding::Cp932, 5, 0)
    );
    assert_eq!(r.not_behaviour, count(&[("バウンス", 1)]));

    assert_eq!(
        stored_events(&ws.path),
        count(&[
            ("document_download", 1),
            ("email_click", 4),
            ("email_open", 4),
            ("email_send", 7),
            ("form_submit", 4),
            ("page_view", 4),
            ("unsubscribe", 4),
            ("webinar_attendance", 1),
            ("webinar_registration", 1),
        ])
    );
    // The mails keep their names (HubSpot's its campaign id), for the forecast to tie them.
    let w = Workspace::open(&ws.path).unwrap();
    let mut sent: Vec<String> = w
        .conn()
        .prepare("SELECT DISTINCT detail FROM lead_events WHERE kind = 'email_send'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    sent.sort();
    assert_eq!(
        sent,
        [
            "70001",
            "Newsletter August",
            "Newsletter July",
            "Newsletter June"
        ]
    );
    // HubSpot's milliseconds: 1780300801000 is 2026-06-01 08:00:01 UTC.
    let sent_at: i64 = w
        .conn()
        .query_row(
            "SELECT at FROM lead_events WHERE detail = '70001' AND kind = 'email_send' LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(sent_at, 1_780_300_801);
    // 鈴木 unsubscribed in every log (Marketo's unsubscribe, a spam report, the unsubscribe
    // page, 配信解除): opted out, the others not.
    assert_eq!(
        opted_out(&ws.path),
        [
            ("hanako.sato@example.co.jp".to_owned(), false),
            ("ken.suzuki@example.co.jp".to_owned(), true),
            ("taro.yamada@example.co.jp".to_owned(), false),
        ]
    );
}

/// File shapes of real exports: title rows or an export's search conditions above the header
/// (found within the first lines, on the bulk path and over existing leads alike), and a report's
/// footer, which is no record (an address starting with "total" still is one).
#[test]
fn headers_below_title_rows_and_report_footers() {
    let shapes = |name: &str| file(&format!("shapes/{name}"));
    let ws = scratch();
    let r = import_path(
        &ws.path,
        &shapes("title-rows-cp932.csv"),
        &Default::default(),
    )
    .unwrap();
    assert_eq!((r.inserted, r.error_rows, r.opted_out), (2, 0, 1));
    let again = import_path(
        &ws.path,
        &shapes("title-rows-cp932.csv"),
        &Default::default(),
    )
    .unwrap();
    assert_eq!((again.unchanged, again.error_rows), (2, 0));
    let r = import_path(
        &ws.path,
        &shapes("search-conditions.csv"),
        &Default::default(),
    )
    .unwrap();
    assert_eq!((r.inserted, r.error_rows), (1, 0));
    assert_eq!(
        lead(&leads(&ws.path), "a.tanaka@bownow-sample.jp").last_name,
        "田中"
    );

    let ws = scratch();
    let r = import_path(
        &ws.path,
        &shapes("salesforce-report-footer.csv"),
        &Default::default(),
    )
    .unwrap();
    assert_eq!(
        (r.rows, r.inserted, r.error_rows, r.opted_out),
        (2, 2, 0, 1),
        "{:?}",
        r.issues
    );
    assert!(lead(&leads(&ws.path), "total@acme.example").opted_out);
}

/// A mapping file's `values` give the tool's own words their meaning, over every vocabulary; a
/// word neither it nor a vocabulary knows stays a row error naming the value.
#[test]
fn a_mapping_files_values_say_what_the_tools_own_words_mean() {
    let ws = with_marketo_leads();
    let activities = |name: &str| file(&format!("activities/{name}"));
    let options = with_mapping(
        r#"{"kind": "events", "columns": {"アクション": "event_kind", "対象": "event_detail"},
            "values": {"LP閲覧": "page_view", "メルマガ到達": "not_behaviour", "見積依頼": "form_submit"}}"#,
    );
    let r = import_path(&ws.path, &activities("own-words.csv"), &options).unwrap();
    assert_eq!((r.inserted, r.error_rows), (2, 1));
    assert_eq!(
        r.not_behaviour,
        [("メルマガ到達".to_owned(), 1)].into_iter().collect()
    );
    let unknown = &r.issues[0];
    assert_eq!(
        (unknown.code, unknown.line, unknown.value.as_deref()),
        ("invalid-event-kind", 5, Some("謎の行動"))
    );
    assert!(unknown.message.ja.contains("values"));
    assert_eq!(
        stored_events(&ws.path),
        [("form_submit".to_owned(), 1), ("page_view".to_owned(), 1)]
            .into_iter()
            .collect()
    );
    // A meaning that is none of the words is refused with the mapping file, not guessed.
    let bad = serde_json::from_str::<import::MappingFile>(
        r#"{"kind": "events", "columns": {}, "values": {"LP閲覧": "page_visit"}}"#,
    );
    assert!(bad.is_err());
    // A mapping that only says what values mean needs no columns.
    let values_only = serde_json::from_str::<import::MappingFile>(
        r#"{"kind": "events", "values": {"100001": "document_download"}}"#,
    )
    .unwrap();
    assert!(values_only.columns.is_empty());
}

/// An MA tool's own field for the opt-in basis, its own words given their meaning by the mapping
/// file (Marketo has no standard field for it).
#[test]
fn a_mapping_file_says_which_of_the_tools_words_is_which_opt_in_basis() {
    let ws = scratch();
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("people.csv");
    // The field holds the instance's own codes.
    std::fs::write(
        &csv,
        "Email Address,オプトイン取得経路\n\
         taro@example.co.jp,OPT-01\n\
         hanako@example.co.jp,名刺交換\n\
         jiro@example.co.jp,OPT-03\n",
    )
    .unwrap();
    let columns = r#""columns": {"オプトイン取得経路": "opt_in_basis"}"#;
    // Without the words' meaning, two bases cannot be read: stored as unrecorded, with a warning.
    let unread = with_mapping(&format!(r#"{{"kind": "leads", {columns}}}"#));
    let r = import_path(&ws.path, &csv, &unread).unwrap();
    assert_eq!((r.inserted, r.no_consent), (3, 2));
    let options = with_mapping(&format!(
        r#"{{"kind": "leads", {columns},
            "values": {{"OPT-01": "form", "OPT-03": "existing_relationship"}}}}"#
    ));
    let r = import_path(&ws.path, &csv, &options).unwrap();
    assert_eq!(r.no_consent, 0);
    let all = leads(&ws.path);
    let basis = |email: &str| lead(&all, email).opt_in_basis;
    assert_eq!(basis("taro@example.co.jp"), Some(ConsentBasis::Form));
    // A word the vocabulary knows needs no mapping.
    assert_eq!(
        basis("hanako@example.co.jp"),
        Some(ConsentBasis::BusinessCard)
    );
    assert_eq!(
        basis("jiro@example.co.jp"),
        Some(ConsentBasis::ExistingRelationship)
    );
}

/// The same problem in many rows is one group, with how many rows had it and their first lines;
/// different values are different groups.
#[test]
fn problems_are_grouped_by_kind_column_and_value() {
    let ws = with_marketo_leads();
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("words.csv");
    let mut text = String::from("メールアドレス,種類,日時,詳細\n");
    for i in 0..19 {
        text += &format!(
            "taro.yamada@example.co.jp,ウェブ閲覧,2026/10/{:02} 10:00,/x\n",
            i + 1
        );
    }
    text += "taro.yamada@example.co.jp,LP閲覧,2026/10/25 10:00,/y\n";
    std::fs::write(&csv, text).unwrap();
    let r = import_path(&ws.path, &csv, &Default::default()).unwrap();
    let groups: Vec<(&str, u64, &[u64])> = (r.issue_groups.iter())
        .map(|g| {
            (
                g.first.value.as_deref().unwrap_or(""),
                g.rows,
                g.lines.as_slice(),
            )
        })
        .collect();
    assert_eq!(
        groups,
        [
            ("ウェブ閲覧", 19, &[2, 3, 4, 5, 6, 7, 8, 9, 10, 11][..]),
            ("LP閲覧", 1, &[21][..]),
        ]
    );
}

/// Names: 苗字 / 名前 are the family and given names; a full name is split only when no separate
/// fields exist, and a re-import's split never replaces stored 姓 / 名 (a file whose 名前 holds
/// only 太郎 once turned 山田 太郎 into 太郎 太郎).
#[test]
fn names_are_split_only_when_nothing_better_is_known() {
    let ws = scratch();
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let parts = write(
        "parts.csv",
        "苗字,名前,メールアドレス\n山田,太郎,taro@example.co.jp\n",
    );
    import_path(&ws.path, &parts, &Default::default()).unwrap();
    let names = |ws: &Path| {
        let l = lead(&leads(ws), "taro@example.co.jp").clone();
        (l.last_name, l.first_name)
    };
    assert_eq!(names(&ws.path), ("山田".to_owned(), "太郎".to_owned()));
    let given_only = write(
        "given.csv",
        "名前,メールアドレス\n太郎,taro@example.co.jp\n",
    );
    let r = import_path(&ws.path, &given_only, &Default::default()).unwrap();
    assert_eq!(r.unchanged, 1);
    assert_eq!(names(&ws.path), ("山田".to_owned(), "太郎".to_owned()));
    // A new lead's full name is split as before.
    let full = write(
        "full.csv",
        "氏名,メールアドレス\n佐藤 花子,hanako@example.co.jp\n",
    );
    import_path(&ws.path, &full, &Default::default()).unwrap();
    let hanako = lead(&leads(&ws.path), "hanako@example.co.jp").clone();
    assert_eq!(
        (hanako.last_name.as_str(), hanako.first_name.as_str()),
        ("佐藤", "花子")
    );
}

/// A business-card tool's export (Sansan, Eight): the 名刺交換日 is the created date, and each lead
/// got its consent by the card exchange.
#[test]
fn business_card_exports_record_the_card_exchange() {
    let ws = scratch();
    let path = file("shapes/sansan-cp932.csv");
    let r = import_path(&ws.path, &path, &Default::default()).unwrap();
    assert_eq!(
        (r.encoding, r.inserted, r.no_consent),
        (TextEncoding::Cp932, 2, 0)
    );
    let ito = lead(&leads(&ws.path), "misaki.ito@mirai-kogyo.co.jp").clone();
    assert_eq!(ito.opt_in_basis, Some(ConsentBasis::BusinessCard));
    assert_eq!(ito.created_at, Some(jst("2026-10-15 00:00")));
}

/// Salesforce's opportunity history names deals, not people: it is refused naming the key it
/// lacks and how to export one, instead of a list of missing fields read as a lead file.
#[test]
fn an_opportunity_history_without_a_person_says_which_key_it_lacks() {
    let ws = scratch();
    let path = file("shapes/salesforce-opportunity-history.csv");
    let refused = import_path(&ws.path, &path, &Default::default());
    match refused {
        Err(e @ ImportError::DealsWithoutPerson { .. }) => {
            assert_eq!(e.kind(), "deals-without-person");
            assert!(e.localized().ja.contains("「Opportunity ID」"));
            assert!(e.localized().en.contains("contact's email"));
        }
        other => panic!("{other:?}"),
    }
}

/// Dates with the year last are read in the order the file's own dates tell (a part above 12),
/// with the other dates of the row; a file whose dates never tell is refused naming one, and
/// read when the user gives the order; a file with both orders is refused naming one of each.
/// Month names (Marketo's screens) need no order.
#[test]
fn dates_with_the_year_last_are_read_in_the_order_the_file_tells() {
    let shapes = |name: &str| file(&format!("shapes/{name}"));
    let created = |ws: &Path, email: &str| {
        let at = lead(&leads(ws), email).created_at.unwrap();
        import::values::format_jst(at)
    };
    let ws = scratch();
    let r = import_path(
        &ws.path,
        &shapes("salesforce-us-dates.csv"),
        &Default::default(),
    )
    .unwrap();
    assert_eq!((r.inserted, r.error_rows, r.opted_out), (3, 0, 1));
    assert_eq!(r.mapping.date_order, Some(import::DateOrder::Mdy));
    assert_eq!(
        created(&ws.path, "john.smith@acme.example"),
        "2026-04-01 00:00:00"
    );
    assert_eq!(
        created(&ws.path, "mary.jones@acme.example"),
        "2026-04-13 15:05:00"
    );
    assert_eq!(
        created(&ws.path, "ken.brown@initech.example"),
        "2025-12-31 00:00:00"
    );

    let ws = with_marketo_leads();
    let r = import_path(
        &ws.path,
        &shapes("events-day-first.csv"),
        &Default::default(),
    )
    .unwrap();
    assert_eq!((r.inserted, r.error_rows), (3, 0), "{:?}", r.issues);
    assert_eq!(r.mapping.date_order, Some(import::DateOrder::Dmy));
    let first_view: String = Workspace::open(&ws.path)
        .unwrap()
        .conn()
        .query_row(
            "SELECT min(at) FROM lead_events WHERE kind = 'page_view'",
            [],
            |r| r.get::<_, i64>(0),
        )
        .map(import::values::format_jst)
        .unwrap();
    assert_eq!(
        first_view, "2026-04-01 10:00:00",
        "the 1st of April, not 4 January"
    );

    let before = std::fs::read(&ws.path).unwrap();
    match import_path(
        &ws.path,
        &shapes("dates-ambiguous.csv"),
        &Default::default(),
    ) {
        Err(e @ ImportError::AmbiguousDateOrder { .. }) => {
            assert_eq!(e.kind(), "ambiguous-date-order");
            let m = e.localized();
            assert!(
                m.ja.contains("「Date」") && m.ja.contains("01/04/2026 10:00"),
                "{}",
                m.ja
            );
            assert!(
                m.en.contains("line 2") && m.en.contains("--date-order"),
                "{}",
                m.en
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        std::fs::read(&ws.path).unwrap(),
        before,
        "a refusal writes nothing"
    );
    let given = ImportOptions {
        date_order: Some(import::DateOrder::Mdy),
        ..Default::default()
    };
    let r = import_path(&ws.path, &shapes("dates-ambiguous.csv"), &given).unwrap();
    assert_eq!((r.inserted, r.error_rows), (2, 0));
    let from_mapping = with_mapping(
        r#"{"kind": "events", "columns": {"Email": "email", "Activity": "event_kind", "Date": "event_at"}, "date_order": "dmy"}"#,
    );
    let r = import_path(&ws.path, &shapes("dates-ambiguous.csv"), &from_mapping).unwrap();
    assert_eq!(r.mapping.date_order, Some(import::DateOrder::Dmy));

    match import_path(&ws.path, &shapes("dates-mixed.csv"), &Default::default()) {
        Err(e @ ImportError::MixedDateOrders { .. }) => {
            assert_eq!(e.kind(), "mixed-date-orders");
            let m = e.localized();
            assert!(
                m.en.contains("\"4/13/2026 10:00\"") && m.en.contains("line 3"),
                "{}",
                m.en
            );
            assert!(m.ja.contains("「13/4/2026 09:30」"), "{}", m.ja);
        }
        other => panic!("{other:?}"),
    }
    // Given an order, a date the order cannot read is the row's error, not a guess.
    let r = import_path(&ws.path, &shapes("dates-mixed.csv"), &given).unwrap();
    assert_eq!((r.inserted, r.error_rows), (1, 1));
    assert!(r.issues[0].message.en.contains("(M/D/Y)"), "{:?}", r.issues);

    // Past the first 64 KiB: the whole file is read for a date that tells.
    let dir = tempfile::tempdir().unwrap();
    let long = dir.path().join("long.csv");
    let mut text = String::from("Email,Activity,Date\n");
    while text.len() < 100_000 {
        text.push_str("taro.yamada@example.co.jp,Page View,2/3/2026 10:00\n");
    }
    text.push_str("taro.yamada@example.co.jp,Page View,25/3/2026 10:00\n");
    std::fs::write(&long, text).unwrap();
    let r = import_path(&ws.path, &long, &Default::default()).unwrap();
    assert_eq!(r.mapping.date_order, Some(import::DateOrder::Dmy));
    assert_eq!(r.error_rows, 0);

    let r = import_path(
        &ws.path,
        &file("activities/marketo-ui-dates.csv"),
        &Default::default(),
    )
    .unwrap();
    assert_eq!(r.mapping.preset, "marketo-activities");
    assert_eq!(
        (r.inserted, r.error_rows, r.mapping.date_order),
        (4, 0, None)
    );
}

/// Each vendor's company column feeds the company, not a custom field: Salesforce's lead report
/// (Company / Account, 会社名 / 取引先) and contact report (Account Name, 取引先名).
#[test]
fn the_vendors_company_columns_are_the_company() {
    for (header, email_header) in [
        ("Company / Account", "Email"),
        ("Account Name", "Email"),
        ("会社名 / 取引先", "メール"),
        ("取引先名", "メール"),
        ("Organization", "Email"),
        ("法人名", "メールアドレス"),
    ] {
        let ws = scratch();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("company.csv");
        std::fs::write(
            &path,
            format!("{email_header},{header}\na@globex.example,Globex\n"),
        )
        .unwrap();
        let r = import_path(&ws.path, &path, &Default::default()).unwrap();
        assert_eq!(r.inserted, 1, "{header}");
        assert_eq!(
            lead(&leads(&ws.path), "a@globex.example").company,
            "Globex",
            "{header}"
        );
    }
}

/// A Salesforce history names people by their record ids, in the 15-character form reports
/// write; the leads came from Marketo with the 18-character SFDC Id. The two are the same id.
#[test]
fn sfa_histories_join_by_the_salesforce_id_in_either_form() {
    let ws = scratch();
    let shapes = |name: &str| file(&format!("shapes/{name}"));
    let r = import_path(
        &ws.path,
        &shapes("marketo-leads-sfdc.csv"),
        &Default::default(),
    )
    .unwrap();
    assert_eq!(r.inserted, 2);
    let r = import_path(
        &ws.path,
        &shapes("salesforce-contact-stages.csv"),
        &Default::default(),
    )
    .unwrap();
    assert_eq!((r.inserted, r.error_rows), (2, 1), "{:?}", r.issues);
    assert_eq!(r.issues[0].code, "unknown-lead");
    assert!(r.issues[0].message.ja.contains("0035g00000ZzZzZ"));
    let statuses: Vec<(String, String)> = {
        let w = Workspace::open(&ws.path).unwrap();
        let mut s = w
            .conn()
            .prepare(
                "SELECT l.email, d.status FROM deal_status_history d JOIN leads l ON l.id = d.lead_id ORDER BY l.email",
            )
            .unwrap();
        s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert_eq!(
        statuses,
        [
            (
                "emma.wilson@globex.example".to_owned(),
                "opportunity".to_owned()
            ),
            ("liam.taylor@globex.example".to_owned(), "won".to_owned()),
        ]
    );
}

/// Exports shaped as fourteen vendors' files are (Salesforce reports in three locales with their
/// footers, HubSpot contacts and email events, Marketo leads and bulk activity extract, Account
/// Engagement prospects and visitor activities, BowNow leads and actions in CP932, Sansan cards,
/// a Salesforce opportunity history), written apart from the importer from the vendors'
/// documentation, all imported into one workspace without a mapping file: every lead, opt-out,
/// name, created date, event kind, unsubscribe and deal stage lands as `EXPECTED.json` says.
#[test]
fn vendors_exports_land_without_a_mapping_file() {
    vendors_exports_land("import/vendors");
}

/// A second set, written apart from the first and from the importer: SATORI, List Finder and
/// Kairos3 leads, a SATORI action log, Marketo's UI people and activity exports, HubSpot's email
/// performance export, Account Engagement's Japanese prospect export and its export API's visitor
/// activities (joined by prospect id), Eight cards, a Data Loader extract, an Excel-kept list
/// with 令和 dates, a Salesforce campaign member report and a kintone deal table.
#[test]
fn a_second_set_of_vendors_exports_lands_without_a_mapping_file() {
    vendors_exports_land("import/vendors2");
}

/// Imports the files of `dir`'s `EXPECTED.json` in its order into one workspace and checks
/// what landed (opt-outs in their final state, after every file).
fn vendors_exports_land(dir: &str) {
    let ws = scratch();
    let dir = crate::fixture(dir);
    let expected: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("EXPECTED.json")).unwrap()).unwrap();
    let strings = |v: &serde_json::Value, key: &str| -> Vec<String> {
        (v[key].as_array().into_iter().flatten())
            .map(|s| s.as_str().unwrap().to_owned())
            .collect()
    };
    let day = |ts: i64| import::values::format_jst(ts)[..10].to_owned();
    let mut problems = Vec::new();
    // Leads a lead file opts out, or a later file's unsubscribe does: checked at the end.
    let mut final_opt_outs = Vec::new();
    for file in expected.as_array().unwrap() {
        let name = file["file"].as_str().unwrap();
        let events_before = stored_events(&ws.path);
        let r = match import_path(&ws.path, &dir.join(name), &Default::default()) {
            Ok(r) => r,
            Err(e) => {
                problems.push(format!("{name}: refused: {e}"));
                continue;
            }
        };
        let holds = file["holds"].as_str().unwrap();
        let kind = serde_json::to_value(r.mapping.kind).unwrap();
        if kind != holds {
            problems.push(format!("{name}: read as {kind}"));
            continue;
        }
        let stored = leads(&ws.path);
        let find = |email: &str| (stored.iter()).find(|l| l.email.eq_ignore_ascii_case(email));
        let opted_out = |email: &str| find(email).map(|l| l.opted_out);
        match holds {
            "leads" => {
                let landed = r.inserted + r.updated + r.unchanged;
                if landed != file["leads"].as_u64().unwrap() {
                    problems.push(format!("{name}: {landed} leads, {:?}", r.issue_groups));
                }
                final_opt_outs.extend(strings(file, "opted_out").into_iter().map(|e| (name, e)));
                for email in strings(file, "mailable") {
                    if opted_out(&email) != Some(false) {
                        problems.push(format!("{name}: {email} not mailable"));
                    }
                }
                for n in file["names"].as_array().into_iter().flatten() {
                    let lead = find(n["email"].as_str().unwrap()).unwrap();
                    for (field, got) in [
                        ("last_name", &lead.last_name),
                        ("first_name", &lead.first_name),
                        ("company", &lead.company),
                    ] {
                        if let Some(want) = n[field].as_str()
                            && want != got
                        {
                            problems.push(format!("{name}: {} {field} {got:?}", lead.email));
                        }
                    }
                }
                for c in file["created"].as_array().into_iter().flatten() {
                    let lead = find(c["email"].as_str().unwrap()).unwrap();
                    let got = lead.created_at.map(day);
                    if got.as_deref() != c["date"].as_str() {
                        problems.push(format!("{name}: {} created {got:?}", lead.email));
                    }
                }
            }
            "events" => {
                let after = stored_events(&ws.path);
                let added: std::collections::BTreeMap<String, u64> = (after.iter())
                    .map(|(k, n)| (k.clone(), n - events_before.get(k).unwrap_or(&0)))
                    .filter(|(_, n)| *n > 0)
                    .collect();
                let want: std::collections::BTreeMap<String, u64> =
                    (file["behaviour"].as_object().unwrap().iter())
                        .map(|(k, n)| (k.clone(), n.as_u64().unwrap()))
                        .filter(|(_, n)| *n > 0)
                        .collect();
                if added != want {
                    problems.push(format!("{name}: events {added:?}, not {want:?}"));
                }
                let skipped: u64 = r.not_behaviour.values().sum();
                if Some(skipped) != file["not_behaviour"].as_u64() {
                    problems.push(format!("{name}: not behaviour {:?}", r.not_behaviour));
                }
                for email in strings(file, "unsubscribed_emails") {
                    if opted_out(&email) != Some(true) {
                        problems.push(format!("{name}: {email} unsubscribed, not opted out"));
                    }
                }
            }
            _ => {
                let w = Workspace::open(&ws.path).unwrap();
                for deal in file["deals"].as_array().unwrap() {
                    let person = deal["person"].as_str().unwrap();
                    let dates: Vec<String> = w
                        .conn()
                        .prepare(
                            "SELECT d.changed_at FROM deal_status_history d JOIN leads l ON l.id = d.lead_id \
                             WHERE (l.email_key = lower(?1) OR substr(l.sfa_id, 1, 15) = ?1) AND d.status = ?2",
                        )
                        .unwrap()
                        .query_map([person, deal["status"].as_str().unwrap()], |r| r.get(0))
                        .unwrap()
                        .map(|t| day(t.unwrap()))
                        .collect();
                    if !dates
                        .iter()
                        .any(|d| Some(d.as_str()) == deal["date"].as_str())
                    {
                        problems.push(format!("{name}: {person} {} on {dates:?}", deal["status"]));
                    }
                }
            }
        }
    }
    let stored = leads(&ws.path);
    for (name, email) in final_opt_outs {
        let lead = stored.iter().find(|l| l.email.eq_ignore_ascii_case(&email));
        if lead.map(|l| l.opted_out) != Some(true) {
            problems.push(format!("{name}: {email} not opted out in the end"));
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

/// A Salesforce activity history: the calls, meetings, tasks and 1:1 emails sales logged are
/// not marketing behaviour (skipped and counted); a List Email is a mail sent.
#[test]
fn an_sfa_activity_history_keeps_only_marketing_behaviour() {
    let ws = scratch();
    let shapes = |name: &str| file(&format!("shapes/{name}"));
    import_path(
        &ws.path,
        &shapes("marketo-leads-sfdc.csv"),
        &Default::default(),
    )
    .unwrap();
    let r = import_path(
        &ws.path,
        &shapes("salesforce-activity-history.csv"),
        &Default::default(),
    )
    .unwrap();
    assert_eq!(r.mapping.kind, ImportKind::Events);
    assert_eq!((r.inserted, r.error_rows), (1, 0), "{:?}", r.issues);
    assert_eq!(r.not_behaviour.values().sum::<u64>(), 4);
    assert_eq!(stored_events(&ws.path).get("email_send"), Some(&1));
}

/// A report's footer block goes, and nothing else: rows with only an address, or a one-cell
/// row followed by more records, are records, in their order.
#[test]
fn only_the_footer_block_goes() {
    let ws = scratch();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.csv");
    std::fs::write(
        &path,
        "Email,Last Name,Company\n\
         a@acme.example,Smith,Acme\n\
         山田\n\
         b@acme.example,,\n\
         c@acme.example,Jones,\n\
         \n\
         \"Leads this quarter\"\n\
         \"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved.\"\n\
         \"Confidential Information - Do Not Distribute\"\n\
         \"Example Holdings Inc.\"\n",
    )
    .unwrap();
    let r = import_path(&ws.path, &path, &Default::default()).unwrap();
    // 山田 is a row (without an address, an error), not a footer: more records follow it.
    assert_eq!(
        (r.rows, r.inserted, r.error_rows),
        (4, 3, 1),
        "{:?}",
        r.issues
    );
    assert_eq!(r.issues[0].line, 3);
    assert_eq!(r.issues[0].code, "invalid-email");
}

/// An MA tool's number is looked for only as the id its column names: lead 48113203 of an
/// activity log is not the lead whose SFA record number happens to be 48113203.
#[test]
fn ids_that_are_not_salesforces_are_not_looked_for_as_the_other_kind() {
    let ws = scratch();
    let dir = tempfile::tempdir().unwrap();
    let leads = dir.path().join("leads.csv");
    std::fs::write(&leads, "Email,SFA ID\nsfa@example.co.jp,48113203\n").unwrap();
    import_path(&ws.path, &leads, &Default::default()).unwrap();
    let events = dir.path().join("events.csv");
    std::fs::write(
        &events,
        "Lead ID,Activity,Date\n48113203,Page View,2026-04-01 10:00\n",
    )
    .unwrap();
    let r = import_path(&ws.path, &events, &Default::default()).unwrap();
    assert_eq!((r.inserted, r.error_rows), (0, 1));
    assert_eq!(r.issues[0].code, "unknown-lead");
}

/// A campaign member report with its columns in the user's order: a response is dated by its
/// First Responded Date whatever column stands first; a member sent the mail, by when it was
/// added.
#[test]
fn a_campaign_members_response_is_dated_by_the_response() {
    let ws = scratch();
    let dir = tempfile::tempdir().unwrap();
    let leads = dir.path().join("leads.csv");
    std::fs::write(&leads, "Email\na@globex.example\nb@globex.example\n").unwrap();
    import_path(&ws.path, &leads, &Default::default()).unwrap();
    let members = dir.path().join("members.csv");
    std::fs::write(
        &members,
        "Campaign Name,Type,Email,Member Status,Created Date,First Responded Date\n\
         Spring Webinar,Webinar,a@globex.example,Responded,2026-04-01,2026-04-20\n\
         Spring Newsletter,Email,b@globex.example,Sent,2026-04-02,\n",
    )
    .unwrap();
    let r = import_path(&ws.path, &members, &Default::default()).unwrap();
    assert_eq!(r.mapping.preset, "salesforce-campaign-members");
    assert_eq!((r.inserted, r.error_rows), (2, 0), "{:?}", r.issues);
    let w = Workspace::open(&ws.path).unwrap();
    let dated = |kind: &str| -> String {
        let at: i64 = w
            .conn()
            .query_row("SELECT at FROM lead_events WHERE kind = ?1", [kind], |r| {
                r.get(0)
            })
            .unwrap();
        import::values::format_jst(at)[..10].to_owned()
    };
    assert_eq!(dated("webinar_attendance"), "2026-04-20");
    assert_eq!(dated("email_send"), "2026-04-02");
}

/// A history's status-after column beats the record's current status, unless the user's
/// mapping leaves it out: then the current status is what the file says.
#[test]
fn the_users_mapping_decides_which_status_column_a_history_reads() {
    let dir = crate::fixture("import/vendors2");
    let statuses_of = |options: &ImportOptions| {
        let ws = scratch();
        import_path(
            &ws.path,
            &dir.join("01_satori_customers.csv"),
            &Default::default(),
        )
        .unwrap();
        import_path(&ws.path, &dir.join("14_kintone_shodan.csv"), options).unwrap();
        let w = Workspace::open(&ws.path).unwrap();
        let mut s = w
            .conn()
            .prepare(
                "SELECT DISTINCT d.status FROM deal_status_history d JOIN leads l ON l.id = d.lead_id \
                 WHERE l.email = 't.yamada@sakura-kogyo.example.co.jp' ORDER BY d.status",
            )
            .unwrap();
        s.query_map([], |r| r.get::<_, String>(0))
            .unwrap()
            .map(Result::unwrap)
            .collect::<Vec<_>>()
    };
    assert_eq!(statuses_of(&Default::default()), ["opportunity", "won"]);
    let current = with_mapping(r#"{"kind": "deals", "columns": {"変更後フェーズ": "ignore"}}"#);
    assert_eq!(statuses_of(&current), ["won"]);
}

/// Account Engagement's export API writes a click on a link in a mail with the link as its
/// details and the mail only as an id (the email template's, or the list email's); the file's
/// sends and opens of that id name the mail, wherever they stand in the file. A click whose id
/// no row names keeps its link.
#[test]
fn an_account_engagement_click_is_tied_to_its_mail_by_the_mail_s_id() {
    let ws = scratch();
    import(&ws.path, "hubspot.csv");
    let activities = "\
id,prospect_email,type,type_name,details,email_id,email_template_id,list_email_id,created_at
9001,taro.yamada@example.co.jp,1,Email Tracker,https://example.co.jp/guide,70001,52000,,2025-03-02 10:05:00
9002,taro.yamada@example.co.jp,6,Email,ES_入門_01,70001,52000,,2025-03-02 09:00:00
9003,taro.yamada@example.co.jp,11,Email,ES_入門_01,70001,52000,,2025-03-02 10:00:00
9004,ken.suzuki@example.com,6,Email,通信_3月号,70002,,552221,2025-03-05 09:00:00
9005,ken.suzuki@example.com,1,Email Tracker,https://example.co.jp/news,70002,,552221,2025-03-05 12:00:00
9006,ken.suzuki@example.com,1,Email Tracker,https://example.co.jp/other,70003,,552999,2025-03-06 12:00:00
";
    let report = import_text(&ws.path, "visitor_activity.csv", activities.as_bytes()).unwrap();
    assert_eq!(report.mapping.preset, "account-engagement-activities");
    assert_eq!((report.inserted, report.error_rows), (6, 0));
    let w = Workspace::open(&ws.path).unwrap();
    let clicks: Vec<String> = w
        .conn()
        .prepare("SELECT detail FROM lead_events WHERE kind = 'email_click' ORDER BY at")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        clicks,
        ["ES_入門_01", "通信_3月号", "https://example.co.jp/other"]
    );
}

/// Web-form data is anyone's: a company named `=HYPERLINK(…)`, a department `+cmd|' /C calc'!A0`,
/// a note `@SUM(1)` or `-2+3` must not run when the exported CSV is opened in a spreadsheet, and
/// must come back unchanged when that CSV is imported again.
#[test]
fn formulas_in_lead_data_never_run_in_an_export_and_survive_a_reimport() {
    let ws = scratch();
    let text = "メール,姓,会社名,部署,メモ,@cmd\n\
                a@x.jp,山田,\"=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",+cmd|' /C calc'!A0,@SUM(1),x\n\
                b@x.jp,佐藤,-2+3,\"\t=1+1\",'=quoted,y\n";
    let r = import_with_preset(&ws.path, "hostile.csv", text, "salesforce-ja");
    assert_eq!(r.inserted, 2);
    let before = leads(&ws.path);
    let out = exported_leads(&ws.path);
    let exported = String::from_utf8(out.clone()).unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(exported.trim_start_matches('\u{feff}').as_bytes());
    for record in reader.records() {
        for cell in record.unwrap().iter() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "a cell a spreadsheet would run: {cell:?}"
            );
        }
    }
    let other = scratch();
    import_text(&other.path, "export.csv", &out).unwrap();
    assert_eq!(leads(&other.path), before);
}

/// A row whose id is one stored lead's and whose email is another's would make two leads one: the
/// row is reported with its line and column and skipped, the rest imported (a dry run says the
/// same), never a raw database error that refuses the file.
#[test]
fn a_row_that_would_make_two_leads_one_is_skipped_with_its_line() {
    let ws = scratch();
    import(&ws.path, "hubspot.csv");
    let text = "Record ID,Email,First Name\n\
                1001,hanako.sato@example.jp,Taro\n\
                1003,ken.suzuki@example.com,Kenji\n\
                1001,hanako.sato@example.jp,Taro\n";
    for dry_run in [true, false] {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("conflict.csv");
        std::fs::write(&file, text).unwrap();
        let options = ImportOptions {
            dry_run,
            ..Default::default()
        };
        let r = import_path(&ws.path, &file, &options).unwrap();
        assert_eq!((r.error_rows, r.updated), (1, 1), "dry run {dry_run}");
        let issue = r.issues.iter().find(|i| i.code == "lead-conflict").unwrap();
        assert_eq!((issue.line, issue.column.as_deref()), (2, Some("Email")));
        // The repeat of the refused row does not claim that row was imported.
        let repeat = r
            .issues
            .iter()
            .find(|i| i.code == "duplicate-email")
            .unwrap();
        assert_eq!(repeat.line, 4);
        assert!(
            repeat.message.en.contains("line 2, which was not imported"),
            "{}",
            repeat.message.en
        );
    }
    let stored = leads(&ws.path);
    assert_eq!(
        lead(&stored, "taro.yamada@example.co.jp").first_name,
        "Taro"
    );
    assert_eq!(lead(&stored, "ken.suzuki@example.com").first_name, "Kenji");
}

/// An event or deal row whose email is one stored lead's and whose id another's cannot be given
/// to either without guessing: reported with its line and column and skipped. An id the
/// workspace does not know (another system's numbering) leaves the email to decide.
#[test]
fn an_event_whose_email_and_id_name_two_leads_is_skipped_with_its_line() {
    let ws = scratch();
    import(&ws.path, "hubspot.csv");
    let events = "メールアドレス,リードID,種類,日時,詳細\n\
                  taro.yamada@example.co.jp,1001,ページ閲覧,2024-06-01 10:00:00,/pricing\n\
                  hanako.sato@example.jp,1001,ページ閲覧,2024-06-01 10:00:00,/pricing\n\
                  ken.suzuki@example.com,9999,ページ閲覧,2024-06-01 10:00:00,/pricing\n";
    let r = import_text(&ws.path, "events.csv", events.as_bytes()).unwrap();
    assert_eq!((r.inserted, r.error_rows), (2, 1));
    let issue = r.issues.iter().find(|i| i.code == "lead-conflict").unwrap();
    assert_eq!(
        (issue.line, issue.column.as_deref()),
        (3, Some("メールアドレス"))
    );
    assert!(
        issue.message.en.contains("\"1001\""),
        "{}",
        issue.message.en
    );
    let deals = "メールアドレス,リードID,商談ステータス,変更日\n\
                 hanako.sato@example.jp,1003,商談化,2024-06-10\n";
    let r = import_text(&ws.path, "deals.csv", deals.as_bytes()).unwrap();
    assert_eq!((r.inserted, r.error_rows), (0, 1));
    assert_eq!(r.issues[0].code, "lead-conflict");
}

/// An event dated after the moment of the import (a mistyped year) is refused with its line and
/// cell, so it never becomes the end of the recorded history where forecasts start; a day of
/// slack allows for time zones.
#[test]
fn an_event_dated_after_the_import_is_refused_with_its_line() {
    let ws = scratch();
    import(&ws.path, "hubspot.csv");
    let events = "メールアドレス,種類,日時,詳細\n\
                  taro.yamada@example.co.jp,ページ閲覧,2026-12-06 10:00:00,/pricing\n\
                  taro.yamada@example.co.jp,ページ閲覧,2999-06-01 10:00:00,/pricing\n\
                  taro.yamada@example.co.jp,ページ閲覧,2026-12-07 08:00:00,/pricing\n";
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("events.csv");
    std::fs::write(&file, events).unwrap();
    // 2026-12-06 12:00 UTC.
    let now = Some(1_796_558_400);
    let r = import_path(
        &ws.path,
        &file,
        &ImportOptions {
            now,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!((r.inserted, r.error_rows), (2, 1));
    let issue = &r.issues[0];
    assert_eq!(issue.code, "future-date");
    assert_eq!((issue.line, issue.column.as_deref()), (3, Some("日時")));
    assert!(
        issue.message.ja.contains("2999-06-01 10:00:00"),
        "{}",
        issue.message.ja
    );
    // A lead created after the import is kept, undated, with a warning; a deal change dated
    // after it is refused like an event.
    let leads_file = dir.path().join("leads.csv");
    std::fs::write(
        &leads_file,
        "メールアドレス,作成日\nlate@x.co.jp,2999-01-01\n",
    )
    .unwrap();
    let r = import_path(
        &ws.path,
        &leads_file,
        &ImportOptions {
            now,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!((r.inserted, r.warning_rows), (1, 1));
    assert_eq!(r.issues[0].code, "future-date");
    assert_eq!(lead(&leads(&ws.path), "late@x.co.jp").created_at, None);
    let deals_file = dir.path().join("deals.csv");
    std::fs::write(
        &deals_file,
        "メールアドレス,商談ステータス,変更日\ntaro.yamada@example.co.jp,商談化,2999-01-01\n",
    )
    .unwrap();
    let r = import_path(
        &ws.path,
        &deals_file,
        &ImportOptions {
            now,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!((r.inserted, r.error_rows), (0, 1));
    assert_eq!(r.issues[0].code, "future-date");
    let models = {
        let ws = Workspace::open(&ws.path).unwrap();
        scenario_studio::simulate::setup::WorkspaceModels::load(ws.conn()).unwrap()
    };
    assert_eq!(
        models.day_after_history().map(|d| d.to_string()).as_deref(),
        Some("2026-12-08")
    );
}

/// Control characters in a cell (a damaged file, a broken tool) are taken out before anything is
/// stored, with a warning naming the row and column; messages quote values with what would not
/// show written out.
#[test]
fn control_characters_in_cells_are_taken_out_with_a_warning() {
    let ws = scratch();
    let text = "メール,姓,会社名\na@x.jp,山\u{1}田,A\u{0}社\u{200b}\nb@x.jp,佐藤,B社\n";
    let r = import_text(&ws.path, "nul.csv", text.as_bytes()).unwrap();
    assert_eq!((r.inserted, r.warning_rows), (2, 1));
    let columns: Vec<_> = r
        .issues
        .iter()
        .filter(|i| i.code == "control-character")
        .map(|i| (i.line, i.column.clone().unwrap()))
        .collect();
    assert_eq!(columns, [(2, "姓".to_owned()), (2, "会社名".to_owned())]);
    let stored = leads(&ws.path);
    let a = lead(&stored, "a@x.jp");
    assert_eq!(
        (a.last_name.as_str(), a.company.as_str()),
        ("山田", "A社\u{200b}")
    );
    assert_eq!(
        r.preview[0][2], "A社<U+200B>",
        "the preview shows what would not"
    );
}

/// A file with more columns than any export has is refused before anything is read, saying how
/// many and the limit; a wide one imports (in time linear in its columns: `leads import` of
/// 10 rows × 10,000 custom columns into leads that have them took 14 s when SQLite merged the
/// custom columns, 2 s now).
#[test]
fn a_file_with_more_columns_than_any_export_is_refused() {
    let ws = scratch();
    let wide = |columns: usize| {
        let header: Vec<String> = (0..columns).map(|i| format!("col{i}")).collect();
        let row: Vec<String> = (0..columns).map(|i| i.to_string()).collect();
        format!("email,{}\na@x.jp,{}\n", header.join(","), row.join(","))
    };
    let limit = scenario_studio::import::MAX_COLUMNS;
    let err = import_text(&ws.path, "wide.csv", wide(limit).as_bytes()).unwrap_err();
    assert_eq!(err.kind(), "too-many-columns");
    assert!(
        err.localized().en.contains(&format!("{}", limit + 1)),
        "{}",
        err.localized().en
    );
    assert!(leads(&ws.path).is_empty());
    let r = import_text(&ws.path, "wide.csv", wide(1_000).as_bytes()).unwrap();
    assert_eq!(r.inserted, 1);
    assert_eq!(leads(&ws.path)[0].custom.len(), 1_000);
    // Imported again, the stored custom columns are merged, not doubled.
    let again = import_text(&ws.path, "wide.csv", wide(1_000).as_bytes()).unwrap();
    assert_eq!((again.inserted, again.unchanged), (0, 1));
}

/// Two custom columns of one name both keep their values (the second as "name (2)"), and a score
/// beyond the range scores have is a warning, not a silently clamped number.
#[test]
fn nothing_is_dropped_or_clamped_silently() {
    let ws = scratch();
    let text = "メール,姓,メモ,メモ,スコア\na@x.jp,山田,展示会,再訪,1e30\nb@x.jp,佐藤,,電話,42\n";
    let r = import_with_preset(&ws.path, "dup.csv", text, "salesforce-ja");
    assert_eq!(r.inserted, 2);
    assert!(
        r.issues
            .iter()
            .any(|i| i.code == "score-out-of-range" && i.line == 2)
    );
    let stored = leads(&ws.path);
    let a = lead(&stored, "a@x.jp");
    assert_eq!(a.custom.get("メモ").map(String::as_str), Some("展示会"));
    assert_eq!(a.custom.get("メモ (2)").map(String::as_str), Some("再訪"));
    assert_eq!(a.score, None);
    assert_eq!(lead(&stored, "b@x.jp").score, Some(42));
}

/// A score written with full-width digits (５０, as Japanese spreadsheets often hold) or with a
/// thousands separator (1,200) is the number it says, not "not a number".
#[test]
fn a_score_in_full_width_digits_or_with_a_separator_is_read() {
    let ws = scratch();
    let text = "Email Address,Lead Score\na@x.jp,５０\nb@x.jp,\"1,200\"\n";
    let r = import_text(&ws.path, "scores.csv", text.as_bytes()).unwrap();
    assert_eq!((r.inserted, r.warning_rows), (2, 0), "{:?}", r.issues);
    let stored = leads(&ws.path);
    assert_eq!(lead(&stored, "a@x.jp").score, Some(50));
    assert_eq!(lead(&stored, "b@x.jp").score, Some(1200));
}
