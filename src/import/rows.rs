//! One CSV row to one record: the field values read through the column mapping, with every problem
//! of the row reported (an error drops the row, a warning keeps it with that value left empty).

use serde::Serialize;

use super::presets::{ColumnMapping, Field};
use super::values::{
    Activity, ActivityIds, parse_activity, parse_consent, parse_datetime, parse_deal_status_with,
};
use crate::lead::{
    DealRecord, EventRecord, LeadDerived, LeadRecord, LeadRef, employee_band_of, is_email_address,
    match_key,
};
use crate::localized::Localized;

/// A cell value as quoted in a message: at most 80 characters, so that a runaway cell (a broken
/// quote, a binary file) cannot flood the report.
pub fn clip(value: &str) -> String {
    const MAX: usize = 80;
    match value.char_indices().nth(MAX) {
        Some((i, _)) => format!("{}…", &value[..i]),
        None => value.to_owned(),
    }
}

/// 姓 and 名 from a full name: `山田　太郎` and `山田 太郎 様` (honorific dropped), `Smith, John`, and
/// Western order for names in Latin letters (`John Smith` → Smith / John). One word is a 姓.
pub fn split_full_name(full: &str) -> (String, String) {
    let full = full.trim();
    let full = ["様", "さん", "殿", "御中"]
        .iter()
        .find_map(|h| full.strip_suffix(h))
        .unwrap_or(full)
        .trim();
    if let Some((last, first)) = full.split_once(',') {
        return (last.trim().to_owned(), first.trim().to_owned());
    }
    let words: Vec<&str> = full
        .split([' ', '　', '\t'])
        .filter(|w| !w.is_empty())
        .collect();
    match words.as_slice() {
        [] => (String::new(), String::new()),
        [one] => ((*one).to_owned(), String::new()),
        [rest @ .., last] if full.is_ascii() => ((*last).to_owned(), rest.join(" ")),
        [last, rest @ ..] => ((*last).to_owned(), rest.join(" ")),
    }
}

#[cfg(test)]
mod tests {
    use super::split_full_name;

    #[test]
    fn full_names() {
        for (full, last, first) in [
            ("山田　太郎", "山田", "太郎"),
            ("山田 太郎 様", "山田", "太郎"),
            ("山田\t太郎", "山田", "太郎"),
            ("小林彩", "小林彩", ""),
            ("John Smith", "Smith", "John"),
            ("Mary Ann Smith", "Smith", "Mary Ann"),
            ("Smith, John", "Smith", "John"),
        ] {
            assert_eq!(
                split_full_name(full),
                (last.to_owned(), first.to_owned()),
                "{full}"
            );
        }
    }
}

/// How bad a row problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum IssueSeverity {
    /// The row is skipped.
    Error,
    /// The row is stored; the value named is left empty.
    Warning,
}

/// A problem of one row.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct RowIssue {
    /// The line of the file the row starts on (the header is line 1).
    pub line: u64,
    /// The column's header, when the problem is in one cell.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// Whether the row was skipped.
    pub severity: IssueSeverity,
    /// A stable code (`invalid-email`, `invalid-date` …).
    pub code: &'static str,
    /// The cell's value, when the problem is in it (clipped).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// What is wrong, in both languages.
    pub message: Localized,
}

/// Reads the cells of one row through a mapping, collecting problems.
pub(super) struct Row<'a> {
    pub mapping: &'a ColumnMapping,
    pub cells: &'a csv::StringRecord,
    pub line: u64,
    pub issues: Vec<RowIssue>,
}

impl<'a> Row<'a> {
    pub fn new(mapping: &'a ColumnMapping, cells: &'a csv::StringRecord, line: u64) -> Self {
        Row {
            mapping,
            cells,
            line,
            issues: Vec::new(),
        }
    }

    /// The trimmed cell of `field`, empty when the column is absent or the row is short.
    fn get(&self, field: Field) -> &'a str {
        self.mapping
            .column_of(field)
            .and_then(|i| self.cells.get(i))
            .map_or("", str::trim)
    }

    fn header(&self, field: Field) -> Option<String> {
        self.mapping
            .column_of(field)
            .map(|i| self.mapping.columns[i].0.clone())
    }

    fn issue(
        &mut self,
        field: Option<Field>,
        severity: IssueSeverity,
        code: &'static str,
        ja: String,
        en: String,
    ) {
        let column = field.and_then(|f| self.header(f));
        self.issue_in(column, severity, code, ja, en);
    }

    /// A problem of the column with this header (`None`: of the row).
    fn issue_in(
        &mut self,
        column: Option<String>,
        severity: IssueSeverity,
        code: &'static str,
        ja: String,
        en: String,
    ) {
        self.issues.push(RowIssue {
            line: self.line,
            column,
            severity,
            code,
            value: None,
            message: Localized::new(ja, en),
        });
    }

    fn has_errors(&self) -> bool {
        self.issues
            .iter()
            .any(|i| i.severity == IssueSeverity::Error)
    }

    fn optional(&self, field: Field) -> Option<String> {
        Some(self.get(field))
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    }

    /// A date cell; an unreadable one is reported with `severity`.
    fn date(&mut self, field: Field, severity: IssueSeverity) -> Option<i64> {
        let raw = self.get(field);
        if raw.is_empty() {
            return None;
        }
        match parse_datetime(raw) {
            Ok(ts) => Some(ts),
            Err(_) => {
                self.issue(
                    Some(field),
                    severity,
                    "invalid-date",
                    format!("日付「{raw}」を読み取れません（例: 2024/4/1、2024-04-01 10:00:00、2024-04-01T01:00:00Z）"),
                    format!("cannot read the date \"{raw}\" (e.g. 2024/4/1, 2024-04-01 10:00:00, 2024-04-01T01:00:00Z)"),
                );
                None
            }
        }
    }

    /// The lead an event or deal row names.
    fn lead_ref(&mut self) -> Option<LeadRef> {
        if let Some(email) = self.optional(Field::Email) {
            return Some(LeadRef::Email(email));
        }
        if let Some(ext) = self.optional(Field::ExternalId) {
            return Some(LeadRef::ExternalId(ext));
        }
        if let Some(sfa) = self.optional(Field::SfaId) {
            return Some(LeadRef::SfaId(sfa));
        }
        self.issue(
            None,
            IssueSeverity::Error,
            "missing-lead",
            "どのリードの行か分かりません（メールアドレスかリードIDが空です）".to_owned(),
            "the row names no lead (its email and lead id are empty)".to_owned(),
        );
        None
    }

    /// The row as a lead, or `None` when it cannot be one (no usable email).
    pub fn lead(&mut self) -> Option<(LeadRecord, LeadDerived)> {
        let mut email = self.get(Field::Email).to_owned();
        if let Some(address) = email.strip_prefix("mailto:") {
            email = address.trim().to_owned();
        }
        if email.is_empty() {
            self.issue(
                Some(Field::Email),
                IssueSeverity::Error,
                "missing-email",
                "メールアドレスが空です。この行は取り込みません".to_owned(),
                "the email is empty; the row is not imported".to_owned(),
            );
        } else if !is_email_address(&match_key(&email)) {
            self.issue(
                Some(Field::Email),
                IssueSeverity::Error,
                "invalid-email",
                format!(
                    "メールアドレス「{email}」の形式が正しくありません。この行は取り込みません"
                ),
                format!("\"{email}\" is not an email address; the row is not imported"),
            );
        }
        if !email.is_ascii() && is_email_address(&match_key(&email)) {
            self.issue(
                Some(Field::Email),
                IssueSeverity::Warning,
                "fullwidth-email",
                format!("メールアドレス「{}」に全角文字が含まれています。書かれたとおりに保存し、照合は半角に直して行います（送信前に修正してください）", clip(&email)),
                format!("\"{}\" contains full-width characters; it is stored as written and matched in half-width (correct it before sending)", clip(&email)),
            );
        }
        let (mut last_name, mut first_name) = (
            self.get(Field::LastName).to_owned(),
            self.get(Field::FirstName).to_owned(),
        );
        if last_name.is_empty() && first_name.is_empty() {
            (last_name, first_name) = split_full_name(self.get(Field::FullName));
        }
        let employees = self.get(Field::Employees).to_owned();
        let employee_band = employee_band_of(&employees);
        if !employees.is_empty() && employee_band.is_none() {
            self.issue(
                Some(Field::Employees),
                IssueSeverity::Warning,
                "invalid-employees",
                format!(
                    "従業員数「{employees}」から企業規模を判定できません（値はそのまま保存します）"
                ),
                format!(
                    "cannot tell a company size from \"{employees}\" (the value is kept as written)"
                ),
            );
        }
        let created_at = self.date(Field::CreatedAt, IssueSeverity::Warning);
        let consent = self.mapping.consent_columns();
        let cells = self.cells;
        let cell = |i: usize| cells.get(i).map_or("", str::trim);
        let opted_out = match ColumnMapping::opt_out(&consent, cell) {
            Ok(out) => out,
            Err((i, raw)) => {
                let header = self.mapping.columns[i].0.clone();
                let raw = clip(raw);
                if self.mapping.suppress_unreadable_opt_outs {
                    self.issue_in(
                        Some(header.clone()),
                        IssueSeverity::Warning,
                        "invalid-flag",
                        format!("「{header}」の値「{raw}」を配信停止かどうか読み取れません。指定により配信停止として扱います"),
                        format!("cannot tell whether \"{raw}\" in \"{header}\" is an opt-out; the lead is treated as opted out, as asked"),
                    );
                } else {
                    self.issue_in(
                        Some(header.clone()),
                        IssueSeverity::Error,
                        "unreadable-opt-out",
                        format!("「{header}」の値「{raw}」を配信停止かどうか読み取れません（例: 配信停止／配信中、true／false、はい／いいえ、空欄）"),
                        format!("cannot tell whether \"{raw}\" in \"{header}\" is an opt-out (e.g. unsubscribed / subscribed, true / false, yes / no, empty)"),
                    );
                }
                if let Some(issue) = self.issues.last_mut() {
                    issue.value = Some(raw);
                }
                true
            }
        };
        let opt_in_basis = match parse_consent(self.get(Field::OptInBasis)) {
            Ok(v) => v,
            Err(_) => {
                let raw = self.get(Field::OptInBasis);
                self.issue(
                    Some(Field::OptInBasis),
                    IssueSeverity::Warning,
                    "invalid-consent",
                    format!("オプトイン取得方法「{raw}」を読み取れません（フォーム・名刺・既存取引のいずれか）。未記録として保存します"),
                    format!("cannot read the opt-in basis \"{raw}\" (form, business card or existing relationship); stored as unrecorded"),
                );
                None
            }
        };
        let score_raw = self.get(Field::Score);
        let score = if score_raw.is_empty() {
            None
        } else {
            match score_raw.parse::<f64>() {
                Ok(v) if v.is_finite() => Some(v.round() as i64),
                _ => {
                    self.issue(
                        Some(Field::Score),
                        IssueSeverity::Warning,
                        "invalid-score",
                        format!("スコア「{score_raw}」が数値ではありません"),
                        format!("the score \"{score_raw}\" is not a number"),
                    );
                    None
                }
            }
        };
        if self.has_errors() {
            return None;
        }
        let custom = self
            .mapping
            .columns
            .iter()
            .enumerate()
            .filter(|(_, (_, f))| f.is_none())
            .filter_map(|(i, (h, _))| {
                let v = self.cells.get(i)?.trim();
                let key = h.strip_prefix(super::presets::CUSTOM_PREFIX).unwrap_or(h);
                (!v.is_empty()).then(|| (key.to_owned(), v.to_owned()))
            })
            .collect();
        let lead = LeadRecord {
            external_id: self.optional(Field::ExternalId),
            sfa_id: self.optional(Field::SfaId),
            email,
            last_name,
            first_name,
            company: self.get(Field::Company).to_owned(),
            department: self.get(Field::Department).to_owned(),
            title: self.get(Field::Title).to_owned(),
            employees,
            industry: self.get(Field::Industry).to_owned(),
            prefecture: self.get(Field::Prefecture).to_owned(),
            lead_source: self.get(Field::LeadSource).to_owned(),
            lead_status: self.get(Field::LeadStatus).to_owned(),
            created_at,
            opt_in_basis,
            opted_out,
            score,
            custom,
        };
        let derived = LeadDerived::with_band(&lead, employee_band);
        Some((lead, derived))
    }

    /// The row as an event, or `Err` with the activity type as written when the row records an
    /// activity that is not a behaviour (skipped and counted, not an error).
    pub fn event(&mut self) -> Option<Result<EventRecord, String>> {
        let raw_kind = self.get(Field::EventKind);
        let ids = match self.mapping.preset.as_str() {
            "marketo-activities" => ActivityIds::Marketo,
            _ => ActivityIds::None,
        };
        let activity = parse_activity(raw_kind, ids);
        if activity == Ok(Activity::NotBehaviour) {
            return Some(Err(raw_kind.to_owned()));
        }
        let lead = self.lead_ref();
        let kind = match activity {
            Ok(Activity::Behaviour(k)) => Some(k),
            _ => {
                self.issue(
                    Some(Field::EventKind),
                    IssueSeverity::Error,
                    "invalid-event-kind",
                    format!("行動の種類「{raw_kind}」が分かりません（ページ閲覧・資料ダウンロード・ウェビナー申込・ウェビナー参加・フォーム送信・メール配信・メール開封・メールクリック・配信停止）"),
                    format!("unknown event kind \"{raw_kind}\" (page_view, document_download, webinar_registration, webinar_attendance, form_submit, email_send, email_open, email_click, unsubscribe)"),
                );
                if let Some(issue) = self.issues.last_mut() {
                    issue.value = Some(clip(raw_kind));
                }
                None
            }
        };
        let at = self.date(Field::EventAt, IssueSeverity::Error);
        if at.is_none() && !self.issues.iter().any(|i| i.code == "invalid-date") {
            self.issue(
                Some(Field::EventAt),
                IssueSeverity::Error,
                "missing-date",
                "日時が空です".to_owned(),
                "the date is empty".to_owned(),
            );
        }
        Some(Ok(EventRecord {
            lead: lead?,
            kind: kind?,
            at: at?,
            detail: self.get(Field::EventDetail).to_owned(),
        }))
    }

    /// The row as a deal status change.
    pub fn deal(&mut self) -> Option<DealRecord> {
        let lead = self.lead_ref();
        let raw = self.get(Field::DealStatus).to_owned();
        let status = match parse_deal_status_with(&self.mapping.deal_words, &raw) {
            Ok(s) => Some(s),
            Err(_) => {
                self.issue(
                    Some(Field::DealStatus),
                    IssueSeverity::Error,
                    "invalid-deal-status",
                    format!("商談ステータス「{raw}」が分かりません（未対応・対応中・商談化・受注・失注・ナーチャリング戻し。独自の値は設定の「SFA/CRM 連携」で対応づけられます）"),
                    format!("unknown deal status \"{raw}\" (unworked, working, opportunity, won, lost, recycled; the workspace's own values can be mapped in the SFA/CRM settings)"),
                );
                None
            }
        };
        let changed_at = self.date(Field::ChangedAt, IssueSeverity::Error);
        if changed_at.is_none() && !self.issues.iter().any(|i| i.code == "invalid-date") {
            self.issue(
                Some(Field::ChangedAt),
                IssueSeverity::Error,
                "missing-date",
                "変更日が空です".to_owned(),
                "the change date is empty".to_owned(),
            );
        }
        Some(DealRecord {
            lead: lead?,
            status: status?,
            sfa_value: raw,
            changed_at: changed_at?,
        })
    }
}
