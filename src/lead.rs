//! Leads as the workspace stores them: the records that importers and the sample generator produce,
//! and the attributes derived from what users write (employee band, job level, match keys).
//!
//! Stored values keep what the user wrote; derived values (`email_key`, `employee_band`,
//! `job_level`) are computed once here so that every producer derives them the same way.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use crate::model::expr::DealStatus;

/// One lead to store.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LeadRecord {
    /// The MA/CRM's own id for the lead (HubSpot Record ID, Salesforce Lead ID …).
    pub external_id: Option<String>,
    /// The lead's id in the SFA, when it differs from `external_id`.
    pub sfa_id: Option<String>,
    /// メールアドレス, as written.
    pub email: String,
    /// 姓.
    pub last_name: String,
    /// 名.
    pub first_name: String,
    /// 会社名.
    pub company: String,
    /// 部署.
    pub department: String,
    /// 役職, as written.
    pub title: String,
    /// 従業員数, as written ("1,200", "1000人以上" …).
    pub employees: String,
    /// 業種.
    pub industry: String,
    /// 都道府県.
    pub prefecture: String,
    /// リードソース.
    pub lead_source: String,
    /// The MA-side lead status.
    pub lead_status: String,
    /// When the lead was created, in Unix seconds.
    pub created_at: Option<i64>,
    /// The basis on which the lead may be mailed (特定電子メール法's opt-in).
    pub opt_in_basis: Option<ConsentBasis>,
    /// The lead refused further mail.
    pub opted_out: bool,
    /// The score the MA tool had for the lead.
    pub score: Option<i64>,
    /// Columns of the source file that have no field of their own, by header.
    pub custom: BTreeMap<String, String>,
}

/// The values the workspace derives from a lead record: its match key, size band, job level and
/// custom columns as JSON. Computed once per record, by whichever thread prepares it.
#[derive(Debug, Clone, PartialEq)]
pub struct LeadDerived {
    /// `match_key(email)`.
    pub email_key: String,
    /// From `employees`.
    pub employee_band: Option<EmployeeBand>,
    /// From `title`.
    pub job_level: Option<JobLevel>,
    /// `custom` as a JSON merge patch (a `null` member removes a stored custom column).
    pub custom_json: String,
    /// Whether `custom_json` has `null` members.
    pub custom_removes: bool,
    /// Whether 姓 and 名 were split from a full name (a guess, which stored names win over).
    pub names_split: bool,
}

impl LeadDerived {
    /// The derived values of `rec`.
    pub fn of(rec: &LeadRecord) -> LeadDerived {
        LeadDerived::with_band(rec, employee_band_of(&rec.employees))
    }

    /// The derived values of `rec`, whose employee band the caller already has.
    pub fn with_band(rec: &LeadRecord, employee_band: Option<EmployeeBand>) -> LeadDerived {
        LeadDerived {
            email_key: match_key(&rec.email),
            employee_band,
            job_level: job_level_of(&rec.title),
            custom_json: if rec.custom.is_empty() {
                "{}".to_owned()
            } else {
                serde_json::to_string(&rec.custom).expect("a string map serialises")
            },
            custom_removes: false,
            names_split: false,
        }
    }
}

impl LeadDerived {
    /// Marks custom columns that no longer exist as custom columns (`headers` now feed fields):
    /// the stored lead loses them on update, so a file first imported without a mapping and then
    /// with one does not keep both. The JSON is a merge patch: `null` removes a key.
    pub fn dropping_custom<'a>(
        mut self,
        rec: &LeadRecord,
        headers: impl IntoIterator<Item = &'a str>,
    ) -> Self {
        let mut patch: serde_json::Map<String, serde_json::Value> = rec
            .custom
            .iter()
            .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
            .collect();
        for h in headers {
            if !patch.contains_key(h) {
                patch.insert(h.to_owned(), serde_json::Value::Null);
                self.custom_removes = true;
            }
        }
        if self.custom_removes {
            self.custom_json = serde_json::Value::Object(patch).to_string();
        }
        self
    }
}

/// The opt-in basis of a lead (特定電子メール法 第3条).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ConsentBasis {
    /// Consent given in a form (opt-in).
    Form,
    /// A business card handed over (名刺交換).
    BusinessCard,
    /// An existing business relationship (取引関係).
    ExistingRelationship,
}

impl ConsentBasis {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            ConsentBasis::Form => "form",
            ConsentBasis::BusinessCard => "business_card",
            ConsentBasis::ExistingRelationship => "existing_relationship",
        }
    }

    /// The basis with this stored code.
    pub fn from_code(code: &str) -> Option<ConsentBasis> {
        [
            ConsentBasis::Form,
            ConsentBasis::BusinessCard,
            ConsentBasis::ExistingRelationship,
        ]
        .into_iter()
        .find(|b| b.code() == code)
    }
}

/// A kind of lead behaviour.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// ページ閲覧; detail: the URL.
    PageView,
    /// 資料ダウンロード; detail: the document.
    DocumentDownload,
    /// ウェビナー申込; detail: the webinar.
    WebinarRegistration,
    /// ウェビナー参加; detail: the webinar.
    WebinarAttendance,
    /// フォーム送信; detail: the form.
    FormSubmit,
    /// メール配信; detail: the mail.
    EmailSend,
    /// メール開封; detail: the mail.
    EmailOpen,
    /// メール内クリック; detail: the mail.
    EmailClick,
    /// 配信停止.
    Unsubscribe,
}

impl EventKind {
    /// Every kind, in a fixed order.
    pub const ALL: [EventKind; 9] = [
        EventKind::PageView,
        EventKind::DocumentDownload,
        EventKind::WebinarRegistration,
        EventKind::WebinarAttendance,
        EventKind::FormSubmit,
        EventKind::EmailSend,
        EventKind::EmailOpen,
        EventKind::EmailClick,
        EventKind::Unsubscribe,
    ];

    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            EventKind::PageView => "page_view",
            EventKind::DocumentDownload => "document_download",
            EventKind::WebinarRegistration => "webinar_registration",
            EventKind::WebinarAttendance => "webinar_attendance",
            EventKind::FormSubmit => "form_submit",
            EventKind::EmailSend => "email_send",
            EventKind::EmailOpen => "email_open",
            EventKind::EmailClick => "email_click",
            EventKind::Unsubscribe => "unsubscribe",
        }
    }

    /// The Japanese name, as written in exports and accepted in imports.
    pub fn name_ja(self) -> &'static str {
        match self {
            EventKind::PageView => "ページ閲覧",
            EventKind::DocumentDownload => "資料ダウンロード",
            EventKind::WebinarRegistration => "ウェビナー申込",
            EventKind::WebinarAttendance => "ウェビナー参加",
            EventKind::FormSubmit => "フォーム送信",
            EventKind::EmailSend => "メール配信",
            EventKind::EmailOpen => "メール開封",
            EventKind::EmailClick => "メールクリック",
            EventKind::Unsubscribe => "配信停止",
        }
    }

    /// The kind with this stored code.
    pub fn from_code(code: &str) -> Option<EventKind> {
        EventKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// One behaviour event of a lead, identified by the lead's email.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRecord {
    /// Which lead: its email or external id.
    pub lead: LeadRef,
    /// The lead's id, when the row gives one beside its email: it must name the same lead.
    pub also: Option<LeadRef>,
    /// What happened.
    pub kind: EventKind,
    /// When, in Unix seconds.
    pub at: i64,
    /// What it concerned (URL, document, webinar, mail, form).
    pub detail: String,
}

/// One change of a lead's SFA deal status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DealRecord {
    /// Which lead.
    pub lead: LeadRef,
    /// The lead's id, when the row gives one beside its email: it must name the same lead.
    pub also: Option<LeadRef>,
    /// The status in the product's vocabulary.
    pub status: DealStatus,
    /// The SFA's own value, as written.
    pub sfa_value: String,
    /// When the status changed, in Unix seconds.
    pub changed_at: i64,
}

/// How an event or deal row names its lead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LeadRef {
    /// By email (matched on the normalised key).
    Email(String),
    /// By the MA/CRM's id.
    ExternalId(String),
    /// By the SFA's id.
    SfaId(String),
}

/// Whether `s` looks like a mail address: one `@`, a local part, a dotted domain, no white space.
pub fn is_email_address(s: &str) -> bool {
    match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains('@')
                && !s.chars().any(char::is_whitespace)
        }
        None => false,
    }
}

/// Whether `c` is its own match key: kana, kanji and lower-case ASCII other than white space
/// (NFKC leaves them, and they have no case). `key_of` and `push_search_key` skip the Unicode
/// tables for text of only these.
fn is_own_key(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{3096}' | '\u{30A1}'..='\u{30FA}' | '\u{30FC}' | '\u{4E00}'..='\u{9FFF}')
        || c.is_ascii() && !c.is_ascii_uppercase() && !c.is_ascii_whitespace()
}

/// The key the leads screen's search matches on: `match_key` (NFKC: ㈱ → (株), ｼｽﾃﾑ → システム,
/// full-width → half-width; lower-case), with no white space and the variant kanji common in
/// Japanese names and companies folded to their usual form (髙 → 高, 﨑 → 崎 …: `KANJI_VARIANTS`),
/// so that how a name was typed does not hide the lead. Never stored.
pub fn search_key(s: &str) -> String {
    let mut key = String::with_capacity(s.len());
    push_search_key(&mut key, s);
    key
}

/// Appends `s`'s `search_key` to `key`, allocating nothing more than `key` needs: the leads
/// screen folds every lead's fields this way, a million times per search.
pub fn push_search_key(key: &mut String, s: &str) {
    use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};
    if s.is_ascii() {
        key.extend(
            (s.bytes())
                .filter(|b| !b.is_ascii_whitespace())
                .map(|b| char::from(b.to_ascii_lowercase())),
        );
        return;
    }
    let variant = |c: char| {
        (KANJI_VARIANTS.binary_search_by_key(&c, |v| v.0)).map_or(c, |i| KANJI_VARIANTS[i].1)
    };
    // Most names and companies are only characters that are their own keys, but for a variant
    // kanji.
    if s.chars().all(is_own_key) {
        key.extend(
            s.chars()
                .map(|c| if c >= '\u{4E00}' { variant(c) } else { c }),
        );
        return;
    }
    let mut push = |c: char| {
        if c.is_whitespace() {
            return;
        }
        for lower in c.to_lowercase() {
            key.push(variant(lower));
        }
    };
    match is_nfkc_quick(s.chars()) {
        IsNormalized::Yes => s.chars().for_each(&mut push),
        IsNormalized::No | IsNormalized::Maybe => s.nfkc().for_each(&mut push),
    }
}

/// Variant kanji (異体字) of names and companies that NFKC leaves as they are, with the form
/// they are searched as; sorted by the variant. 﨑 (U+FA11) is one of the compatibility-block
/// ideographs without a decomposition.
const KANJI_VARIANTS: &[(char, char)] = &[
    ('冨', '富'),
    ('國', '国'),
    ('圓', '円'),
    ('學', '学'),
    ('實', '実'),
    ('嵜', '崎'),
    ('嶋', '島'),
    ('嶌', '島'),
    ('廣', '広'),
    ('德', '徳'),
    ('惠', '恵'),
    ('曾', '曽'),
    ('會', '会'),
    ('榮', '栄'),
    ('槇', '槙'),
    ('櫻', '桜'),
    ('澤', '沢'),
    ('濱', '浜'),
    ('瀨', '瀬'),
    ('眞', '真'),
    ('舘', '館'),
    ('藪', '薮'),
    ('邉', '辺'),
    ('邊', '辺'),
    ('靜', '静'),
    ('髙', '高'),
    ('黑', '黒'),
    ('齊', '斉'),
    ('齋', '斎'),
    ('﨑', '崎'),
];

/// The key two emails, company names or ids are matched on: NFKC (full-width → half-width, ㈱ → (株)),
/// trimmed, lower-case. Never stored in place of what the user wrote.
pub fn match_key(s: &str) -> String {
    if s.is_ascii() {
        // NFKC leaves ASCII as it is; skip it on the common path (most emails and ids).
        return s.trim().to_ascii_lowercase();
    }
    nfkc(s).trim().to_lowercase()
}

/// Whether `a` and `b` have the same match key, without building either key (the simulator
/// compares segment values millions of times). Agrees with comparing `match_key`s except for a
/// Greek capital sigma at the end of a word, which `str::to_lowercase` lowers by its context.
pub fn same_key(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        return a.trim().eq_ignore_ascii_case(b.trim());
    }
    lowered(&nfkc(a)).eq(lowered(&nfkc(b)))
}

/// A lead value's match key for comparing with keys made once per simulation (segments compare
/// each lead with them): borrowed from `raw` when `raw` is its own key already (most stored
/// values), so that one value is normalised once against many keys. Lowers char by char, as
/// `same_key` does.
pub fn key_of(raw: &str) -> std::borrow::Cow<'_, str> {
    use std::borrow::Cow;
    if raw.is_ascii() {
        let t = raw.trim();
        return if t.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(t.to_ascii_lowercase())
        } else {
            Cow::Borrowed(t)
        };
    }
    // Answered without the tables for the Japanese values most leads have.
    if raw.chars().all(is_own_key) {
        return Cow::Borrowed(raw);
    }
    let lower = |c: char| {
        let mut l = c.to_lowercase();
        l.next() == Some(c) && l.next().is_none()
    };
    match nfkc(raw) {
        Cow::Borrowed(s) if s.trim().chars().all(lower) => Cow::Borrowed(s.trim()),
        normal => Cow::Owned(lowered(&normal).collect()),
    }
}

/// `s` trimmed and lower-cased, char by char (what `match_key` does after NFKC, without building
/// a string).
fn lowered(s: &str) -> impl Iterator<Item = char> + '_ {
    s.trim().chars().flat_map(char::to_lowercase)
}

/// `s` in NFKC, computed only when the quick check says it may differ (most Japanese text written
/// with full-width kana and kanji is NFKC already).
pub fn nfkc(s: &str) -> std::borrow::Cow<'_, str> {
    use unicode_normalization::{IsNormalized, is_nfkc_quick};
    match is_nfkc_quick(s.chars()) {
        IsNormalized::Yes => std::borrow::Cow::Borrowed(s),
        IsNormalized::No | IsNormalized::Maybe => std::borrow::Cow::Owned(s.nfkc().collect()),
    }
}

/// A company-size band.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum EmployeeBand {
    /// 1–49.
    #[serde(rename = "1-49")]
    Small,
    /// 50–299.
    #[serde(rename = "50-299")]
    Medium,
    /// 300–999.
    #[serde(rename = "300-999")]
    Large,
    /// 1,000 and more.
    #[serde(rename = "1000+")]
    Enterprise,
}

impl EmployeeBand {
    /// Every band, smallest first.
    pub const ALL: [EmployeeBand; 4] = [
        EmployeeBand::Small,
        EmployeeBand::Medium,
        EmployeeBand::Large,
        EmployeeBand::Enterprise,
    ];

    /// The stored code, also what segments compare with.
    pub fn code(self) -> &'static str {
        match self {
            EmployeeBand::Small => "1-49",
            EmployeeBand::Medium => "50-299",
            EmployeeBand::Large => "300-999",
            EmployeeBand::Enterprise => "1000+",
        }
    }

    /// The band a stored code names (`1-49` …), if any.
    pub fn from_code(code: &str) -> Option<EmployeeBand> {
        EmployeeBand::ALL.into_iter().find(|b| b.code() == code)
    }

    /// Its name as a marketer reads it (`model::expr::EMPLOYEE_BANDS`).
    pub fn label(self) -> crate::localized::Localized {
        crate::model::expr::Attribute::EmployeeBand.value_label(self.code())
    }

    /// The band of a head count.
    pub fn of_count(n: u64) -> EmployeeBand {
        match n {
            0..=49 => EmployeeBand::Small,
            50..=299 => EmployeeBand::Medium,
            300..=999 => EmployeeBand::Large,
            _ => EmployeeBand::Enterprise,
        }
    }
}

/// The band of an employee count as people write it: `1200`, `1,200`, `１，２００`, `約300名`,
/// `1000人以上`, `10,001+`, `300人未満`, `1万人以上`, `5千名`, `50〜99名`, `100-499` (a range counts by
/// its middle). `None` when it says no positive number.
pub fn employee_band_of(raw: &str) -> Option<EmployeeBand> {
    let s = nfkc(raw).replace([',', ' ', '　'], "");
    if s.starts_with('-') {
        return None;
    }
    // Numbers with their 万/千 multipliers.
    let mut numbers: Vec<u64> = Vec::new();
    let mut chars = s.chars().peekable();
    while let Some(&c) = chars.peek() {
        if !c.is_ascii_digit() {
            chars.next();
            continue;
        }
        let mut n: u64 = 0;
        while let Some(d) = chars.peek().and_then(|c| c.to_digit(10)) {
            n = n.saturating_mul(10).saturating_add(u64::from(d));
            chars.next();
        }
        match chars.peek() {
            Some('万') => n = n.saturating_mul(10_000),
            Some('千') => n = n.saturating_mul(1_000),
            _ => {}
        }
        numbers.push(n);
    }
    let is_range = numbers.len() == 2 && s.contains(['-', '〜', '~', '～', '–']);
    let count = match numbers.as_slice() {
        // "300人未満" is below 300; "以下", "以上", "+" and "超" keep the number in its band.
        [n] if s.contains("未満") => n.checked_sub(1)?,
        [n] => *n,
        [a, b] if is_range => (a + b) / 2,
        _ => return None,
    };
    (count > 0).then(|| EmployeeBand::of_count(count))
}

/// A seniority level (役職区分), derived from the title.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum JobLevel {
    /// 経営層: 代表, 取締役, 執行役員, CxO.
    Executive,
    /// 部長 class: 部長, 本部長, 事業部長, Director, VP.
    Director,
    /// 課長 class: 課長, マネージャー, Manager.
    Manager,
    /// 主任 class: 主任, 係長, リーダー, Lead.
    Chief,
    /// 担当: everyone else.
    Staff,
}

impl JobLevel {
    /// Every level, most senior first.
    pub const ALL: [JobLevel; 5] = [
        JobLevel::Executive,
        JobLevel::Director,
        JobLevel::Manager,
        JobLevel::Chief,
        JobLevel::Staff,
    ];

    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            JobLevel::Executive => "executive",
            JobLevel::Director => "director",
            JobLevel::Manager => "manager",
            JobLevel::Chief => "chief",
            JobLevel::Staff => "staff",
        }
    }

    /// The level a stored code names (`director` …), if any.
    pub fn from_code(code: &str) -> Option<JobLevel> {
        JobLevel::ALL.into_iter().find(|l| l.code() == code)
    }

    /// Its name as a marketer reads it (`model::expr::JOB_LEVELS`).
    pub fn label(self) -> crate::localized::Localized {
        crate::model::expr::Attribute::JobLevel.value_label(self.code())
    }

    /// The Japanese name.
    pub fn name_ja(self) -> &'static str {
        match self {
            JobLevel::Executive => "経営層",
            JobLevel::Director => "部長",
            JobLevel::Manager => "課長",
            JobLevel::Chief => "主任",
            JobLevel::Staff => "担当",
        }
    }
}

/// The level of a title such as 営業部長, 代表取締役社長, Marketing Manager. `None` for an empty title.
pub fn job_level_of(title: &str) -> Option<JobLevel> {
    let t = match_key(title);
    if t.is_empty() {
        return None;
    }
    // ASCII keywords match whole words ("director" must not match "cto"); Japanese ones anywhere.
    let words: Vec<&str> = t
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let has = |keys: &[&str]| {
        keys.iter().any(|k| {
            if k.is_ascii() {
                if k.contains(' ') {
                    t.contains(k)
                } else {
                    words.contains(k)
                }
            } else {
                t.contains(k)
            }
        })
    };
    Some(
        if has(&[
            "代表",
            "社長",
            "取締役",
            "執行役",
            "役員",
            "会長",
            "ceo",
            "cto",
            "cfo",
            "cmo",
            "coo",
            "president",
            "founder",
            "chief ",
        ]) {
            JobLevel::Executive
        } else if has(&[
            "部長",
            "本部長",
            "director",
            "vp",
            "vice president",
            "head of",
            "室長",
            "所長",
            "工場長",
        ]) {
            JobLevel::Director
        } else if has(&[
            "課長",
            "マネージャー",
            "マネジャー",
            "manager",
            "グループ長",
            "gm",
        ]) {
            JobLevel::Manager
        } else if has(&[
            "主任",
            "係長",
            "リーダー",
            "主査",
            "lead",
            "supervisor",
            "チーフ",
        ]) {
            JobLevel::Chief
        } else {
            JobLevel::Staff
        },
    )
}

/// The code a value written for `attribute` stands for, when the attribute has a known vocabulary
/// and the value is one of its codes or labels in either language (部長クラス, Director, 部長 and
/// director all give `director`; １，０００名以上 gives `1000+`), compared by match key.
pub fn code_of(attribute: &crate::model::expr::Attribute, value: &str) -> Option<&'static str> {
    let key = match_key(value);
    let same = |s: &str| match_key(s) == key;
    let short = |code: &str| {
        // The short Japanese names titles are sorted by (部長 for 部長クラス).
        (JobLevel::ALL.into_iter())
            .find(|l| l.code() == code)
            .map(JobLevel::name_ja)
    };
    (attribute.vocabulary().into_iter().flatten())
        .find(|(code, ja, en)| same(code) || same(ja) || same(en) || short(code).is_some_and(&same))
        .map(|(code, _, _)| *code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_key_and_key_of_agree_with_comparing_match_keys() {
        let words = [
            "製造業",
            "製造業 ",
            "　製造業",
            "ｾｲｿﾞｳ",
            "セイゾウ",
            "IT",
            "ｉｔ",
            "It",
            "it ",
            "㈱サンプル",
            "(株)サンプル",
            "（株）サンプル",
            "",
            " ",
            "部長",
            "ＡＢＣ商事",
            "abc商事",
            "Straße",
            "STRASSE",
            "İstanbul",
            "istanbul",
            "ﾃﾞｰﾀ",
            "データ",
            "ナーチャリング",
            "ナーチャリング ",
            "顧客",
            "顧客A",
            "顧客ａ",
            "ゝゞヽヾ",
            "゛ガ",
            "ヿ",
            "㈱",
        ];
        for a in words {
            for b in words {
                assert_eq!(
                    same_key(a, b),
                    match_key(a) == match_key(b),
                    "{a:?} vs {b:?}"
                );
                assert_eq!(
                    key_of(a) == match_key(b),
                    match_key(a) == match_key(b),
                    "{a:?} as a key vs key of {b:?}"
                );
            }
        }
    }

    #[test]
    fn employee_counts_as_people_write_them() {
        use EmployeeBand::*;
        for (raw, band) in [
            ("1200", Some(Enterprise)),
            ("1,200", Some(Enterprise)),
            ("１，２００", Some(Enterprise)),
            ("1000人以上", Some(Enterprise)),
            ("約300名", Some(Large)),
            ("50〜99名", Some(Medium)),
            ("100-499", Some(Medium)), // the middle, 299
            ("300-999", Some(Large)),
            ("10,001+", Some(Enterprise)),
            ("12", Some(Small)),
            ("300人未満", Some(Medium)),
            ("50名未満", Some(Small)),
            ("1000名未満", Some(Large)),
            ("1万人以上", Some(Enterprise)),
            ("5千名", Some(Enterprise)),
            ("0", None),
            ("0名", None),
            ("-5", None),
            ("", None),
            ("不明", None),
        ] {
            assert_eq!(employee_band_of(raw), band, "{raw}");
        }
    }

    #[test]
    fn job_levels_from_titles() {
        use JobLevel::*;
        for (title, level) in [
            ("代表取締役社長", Some(Executive)),
            ("営業部長", Some(Director)),
            ("マーケティング部 課長", Some(Manager)),
            ("Marketing Manager", Some(Manager)),
            ("主任", Some(Chief)),
            ("担当", Some(Staff)),
            ("ＣＴＯ", Some(Executive)),
            ("Director", Some(Director)),
            ("Sales Director", Some(Director)),
            ("Chief Marketing Officer", Some(Executive)),
            ("", None),
        ] {
            assert_eq!(job_level_of(title), level, "{title}");
        }
    }

    #[test]
    fn match_keys_fold_width_and_case() {
        assert_eq!(
            match_key(" Taro.Yamada@Example.CO.JP "),
            "taro.yamada@example.co.jp"
        );
        assert_eq!(
            match_key("ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ"),
            "taro@example.jp"
        );
        assert_eq!(match_key("㈱山田製作所"), "(株)山田製作所");
    }
}
