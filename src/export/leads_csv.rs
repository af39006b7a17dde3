//! Leads to CSV, with the Japanese headers of the `generic-ja` import preset, so an export imports
//! back unchanged. UTF-8 with a byte-order mark by default (Excel opens it correctly); CP932 on
//! request for tools that want Shift_JIS, with the characters that have a CP932 twin mapped to it
//! (`〜` → `～` …) and any other unencodable character refused with its lead and column.

use std::collections::BTreeMap;
use std::io::Write;

use serde::Serialize;

use crate::import::values::format_jst;
use crate::lead::{ConsentBasis, LeadRecord};
use crate::localized::Localized;
use crate::store::{self, StoreError, Workspace};

/// The encoding of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ExportEncoding {
    /// UTF-8 with a byte-order mark.
    #[serde(rename = "utf-8")]
    Utf8Bom,
    /// CP932 (Shift_JIS as Windows writes it).
    #[serde(rename = "cp932")]
    Cp932,
}

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// A character has no CP932 form.
    #[error(
        "lead {email}, column {column}: \"{ch}\" (U+{code:04X}) cannot be written in CP932; export as UTF-8 instead"
    )]
    Unencodable {
        /// The lead's email.
        email: String,
        /// The column.
        column: &'static str,
        /// The character.
        ch: char,
        /// Its code point.
        code: u32,
    },
    /// Writing failed.
    #[error("cannot write the export: {0}")]
    Io(#[from] std::io::Error),
    /// The workspace failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl ExportError {
    /// The message in Japanese and English.
    pub fn localized(&self) -> Localized {
        let ja = match self {
            ExportError::Unencodable {
                email,
                column,
                ch,
                code,
            } => format!(
                "リード {email} の「{column}」にある「{ch}」（U+{code:04X}）は CP932 で表せません。UTF-8 で書き出してください"
            ),
            ExportError::Io(e) => format!("書き出せません: {}", crate::format::io_reason(e).ja),
            ExportError::Store(e) => e.localized().ja,
        };
        Localized::new(ja, self.to_string())
    }
}

/// The columns, as the `generic-ja` preset reads them.
pub const HEADERS: [&str; 17] = [
    "リードID",
    "SFA ID",
    "メールアドレス",
    "姓",
    "名",
    "会社名",
    "部署",
    "役職",
    "従業員数",
    "業種",
    "都道府県",
    "リードソース",
    "リードステータス",
    "作成日",
    "オプトイン取得方法",
    "配信停止",
    "スコア",
];

fn basis_ja(b: Option<ConsentBasis>) -> &'static str {
    match b {
        Some(ConsentBasis::Form) => "フォーム",
        Some(ConsentBasis::BusinessCard) => "名刺交換",
        Some(ConsentBasis::ExistingRelationship) => "既存取引",
        None => "",
    }
}

/// A lead's cells; text a spreadsheet would run as a formula (web-form data is anyone's) is
/// written so that it does not (`format::spreadsheet_safe`).
fn cells(l: &LeadRecord) -> [String; 17] {
    let text = |t: &str| crate::format::spreadsheet_safe(t).into_owned();
    [
        text(l.external_id.as_deref().unwrap_or_default()),
        text(l.sfa_id.as_deref().unwrap_or_default()),
        text(&l.email),
        text(&l.last_name),
        text(&l.first_name),
        text(&l.company),
        text(&l.department),
        text(&l.title),
        text(&l.employees),
        text(&l.industry),
        text(&l.prefecture),
        text(&l.lead_source),
        text(&l.lead_status),
        l.created_at.map(format_jst).unwrap_or_default(),
        basis_ja(l.opt_in_basis).to_owned(),
        if l.opted_out { "はい" } else { "いいえ" }.to_owned(),
        l.score.map(|s| s.to_string()).unwrap_or_default(),
    ]
}

/// Characters that CP932 lacks but has a look-alike for (the classic Unicode ↔ Shift_JIS mismatches).
fn cp932_twin(c: char) -> char {
    match c {
        '\u{301C}' => '\u{FF5E}', // 〜 → ～
        '\u{2212}' => '\u{FF0D}', // − → －
        '\u{2016}' => '\u{2225}', // ‖ → ∥
        '\u{2014}' => '\u{2015}', // — → ―
        '\u{00A2}' => '\u{FFE0}', // ¢ → ￠
        '\u{00A3}' => '\u{FFE1}', // £ → ￡
        '\u{00AC}' => '\u{FFE2}', // ¬ → ￢
        other => other,
    }
}

/// Writes every lead of the workspace to `out`; returns the number of leads written.
pub fn export_leads(
    ws: &Workspace,
    out: &mut dyn Write,
    encoding: ExportEncoding,
) -> Result<u64, ExportError> {
    // Every custom column any lead has, read lead by lead: SQLite's DISTINCT over json_each
    // held every lead's every key at once (1.4 GB for 6,000 leads × 5,000 columns).
    let custom_keys: Vec<String> = {
        let mut keys = std::collections::BTreeSet::new();
        let mut stmt = ws
            .conn()
            .prepare("SELECT custom FROM leads WHERE custom IS NOT NULL AND custom != '{}'")
            .map_err(StoreError::from)?;
        let mut rows = stmt.query([]).map_err(StoreError::from)?;
        while let Some(row) = rows.next().map_err(StoreError::from)? {
            let text = row.get_ref(0).map_err(StoreError::from)?;
            let Ok(text) = text.as_str() else { continue };
            // As `store::for_each_lead` reads them (a custom field that does not read is none).
            let columns: BTreeMap<String, serde::de::IgnoredAny> =
                serde_json::from_str(text).unwrap_or_default();
            keys.extend(columns.into_keys());
        }
        keys.into_iter().collect()
    };
    let emit = |record: &[String], email: &str, out: &mut dyn Write| -> Result<(), ExportError> {
        let mut line = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(Vec::new());
        line.write_record(record)
            .map_err(|e| std::io::Error::other(e.to_string()))?;
        let bytes = line
            .into_inner()
            .map_err(|e| std::io::Error::other(e.to_string()))?;
        match encoding {
            ExportEncoding::Utf8Bom => out.write_all(&bytes)?,
            ExportEncoding::Cp932 => {
                let text = String::from_utf8(bytes).expect("csv writes the UTF-8 it is given");
                let mapped: String = text.chars().map(cp932_twin).collect();
                let (encoded, _, unmappable) = encoding_rs::SHIFT_JIS.encode(&mapped);
                if unmappable {
                    let (column, ch) = record
                        .iter()
                        .enumerate()
                        .find_map(|(i, cell)| {
                            cell.chars()
                                .map(cp932_twin)
                                .find(|c| encoding_rs::SHIFT_JIS.encode(&c.to_string()).2)
                                .map(|c| (i, c))
                        })
                        .expect("some cell holds the unmappable character");
                    let column = HEADERS.get(column).copied().unwrap_or("(custom)");
                    return Err(ExportError::Unencodable {
                        email: email.to_owned(),
                        column,
                        ch,
                        code: ch as u32,
                    });
                }
                out.write_all(&encoded)?;
            }
        }
        Ok(())
    };
    if encoding == ExportEncoding::Utf8Bom {
        out.write_all("\u{feff}".as_bytes())?;
    }
    // A custom column named like a field (`氏名`, `スコア`) would be read back as that field.
    let custom_headers: Vec<String> = custom_keys
        .iter()
        .map(|k| crate::format::spreadsheet_safe(k).into_owned())
        .map(|k| {
            let clashes = HEADERS.contains(&k.as_str())
                || crate::import::presets::is_known_header(crate::import::ImportKind::Leads, &k)
                || k.starts_with(crate::import::presets::CUSTOM_PREFIX);
            if clashes {
                format!("{}{k}", crate::import::presets::CUSTOM_PREFIX)
            } else {
                k.clone()
            }
        })
        .collect();
    let header: Vec<String> = HEADERS
        .iter()
        .map(|h| h.to_string())
        .chain(custom_headers)
        .collect();
    emit(&header, "", out)?;
    let mut n = 0;
    store::for_each_lead(ws.conn(), |lead| -> Result<(), ExportError> {
        let mut record: Vec<String> = cells(lead).into();
        record.extend(
            custom_keys
                .iter()
                .map(|k| lead.custom.get(k).map_or("", String::as_str))
                .map(|v| crate::format::spreadsheet_safe(v).into_owned()),
        );
        emit(&record, &lead.email, out)?;
        n += 1;
        Ok(())
    })?;
    Ok(n)
}
