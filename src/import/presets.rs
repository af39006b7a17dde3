//! Header presets: how the CSV exports of HubSpot, Salesforce and Marketo, and the columns Japanese
//! teams use in their own sheets, map onto lead fields — plus the user's own mapping file.
//!
//! Headers are matched on a folded key (NFKC, lower-case, without spaces, `_`, `-`, `/`, `・`, brackets),
//! so `Email Address`, `email_address` and `ＥメールＡｄｄｒｅｓｓ` are one header.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::lead::match_key;

use super::values::{OptOutColumn, parse_opt_out};

/// What a CSV file holds.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ImportKind {
    /// Leads (contacts).
    Leads,
    /// Behaviour events of leads.
    Events,
    /// SFA deal status changes.
    Deals,
}

impl ImportKind {
    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            ImportKind::Leads => "leads",
            ImportKind::Events => "events",
            ImportKind::Deals => "deals",
        }
    }
}

/// A field a column can feed.
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
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// The MA/CRM's lead id.
    ExternalId,
    /// The SFA's lead id.
    SfaId,
    /// メールアドレス.
    Email,
    /// 姓.
    LastName,
    /// 名.
    FirstName,
    /// 氏名 (full name; split on a space when there are no separate name columns).
    FullName,
    /// 会社名.
    Company,
    /// 部署.
    Department,
    /// 役職.
    Title,
    /// 従業員数.
    Employees,
    /// 業種.
    Industry,
    /// 都道府県.
    Prefecture,
    /// リードソース.
    LeadSource,
    /// The MA-side lead status.
    LeadStatus,
    /// 作成日.
    CreatedAt,
    /// オプトイン取得方法 / legal basis.
    OptInBasis,
    /// 配信停止 flag (yes: opted out). Several opt-out and subscription columns are read
    /// together: any one's opt-out wins.
    OptedOut,
    /// 配信可否 / subscribed flag (yes: mailable, no: opted out).
    Subscribed,
    /// The MA tool's score.
    Score,
    /// An event's kind.
    EventKind,
    /// When an event happened.
    EventAt,
    /// What an event concerned (URL, document, webinar, mail, form). Several columns may feed
    /// it (a page's URL and a mail's title): a mail event keeps the mail's name, others the URL.
    EventDetail,
    /// The kind of thing an activity was on (Account Engagement's `Type Name`: Email, File,
    /// Landing Page …), which tells what a numbered click or view was.
    ActivityObject,
    /// The tool's id of the mail an activity was on (Account Engagement's email template or list
    /// email): a click whose detail is a link takes the name the file gives that id on the
    /// mail's sends and opens.
    MailId,
    /// A deal status as the SFA writes it.
    DealStatus,
    /// When a deal status changed.
    ChangedAt,
    /// A column to leave out (not even kept as a custom field).
    Ignore,
}

/// A named header preset.
#[derive(Debug, Clone, Copy)]
pub struct Preset {
    /// The name used on the command line.
    pub key: &'static str,
    /// What the preset is for.
    pub label: &'static str,
    /// What the files it reads hold.
    pub kind: ImportKind,
    /// Header → field.
    pub columns: &'static [(&'static str, Field)],
}

use Field::*;

/// The presets, in the order detection prefers them on a tie.
pub const PRESETS: &[Preset] = &[
    Preset {
        key: "hubspot",
        label: "HubSpot contact export (English headers)",
        kind: ImportKind::Leads,
        columns: &[
            ("Record ID", ExternalId),
            ("Email", Email),
            ("First Name", FirstName),
            ("Last Name", LastName),
            ("Company Name", Company),
            ("Job Title", Title),
            ("Department", Department),
            ("Number of Employees", Employees),
            ("Industry", Industry),
            ("State/Region", Prefecture),
            ("Original Source", LeadSource),
            ("Lead Status", LeadStatus),
            ("Create Date", CreatedAt),
            ("HubSpot Score", Score),
            ("Legal basis for processing contact's data", OptInBasis),
            ("Unsubscribed from all email", OptedOut),
            ("Salesforce Lead ID", SfaId),
        ],
    },
    Preset {
        key: "hubspot-ja",
        label: "HubSpot コンタクトのエクスポート（日本語見出し）",
        kind: ImportKind::Leads,
        columns: &[
            ("レコードID", ExternalId),
            ("Eメール", Email),
            ("名", FirstName),
            ("姓", LastName),
            ("会社名", Company),
            ("職種", Title),
            ("役職", Title),
            ("部署", Department),
            ("従業員数", Employees),
            ("業種", Industry),
            ("都道府県/地域", Prefecture),
            ("元のソース", LeadSource),
            ("リードステータス", LeadStatus),
            ("作成日", CreatedAt),
            ("HubSpotスコア", Score),
            ("コンタクトのデータを処理するための法的根拠", OptInBasis),
            ("全てのEメールの配信停止", OptedOut),
            ("すべてのEメールの配信停止", OptedOut),
            ("SalesforceリードID", SfaId),
        ],
    },
    Preset {
        key: "salesforce",
        label: "Salesforce lead export (report or Data Loader)",
        kind: ImportKind::Leads,
        columns: &[
            ("Lead ID", ExternalId),
            ("Id", ExternalId),
            ("Email", Email),
            ("First Name", FirstName),
            ("FirstName", FirstName),
            ("Last Name", LastName),
            ("LastName", LastName),
            ("Company", Company),
            // A lead report's column (a lead or its converted account), and a contact report's.
            ("Company / Account", Company),
            ("Account Name", Company),
            ("Title", Title),
            ("No. of Employees", Employees),
            ("NumberOfEmployees", Employees),
            ("Industry", Industry),
            ("State/Province", Prefecture),
            ("State", Prefecture),
            ("Lead Source", LeadSource),
            ("LeadSource", LeadSource),
            ("Lead Status", LeadStatus),
            ("Status", LeadStatus),
            ("Create Date", CreatedAt),
            ("Created Date", CreatedAt),
            ("CreatedDate", CreatedAt),
            ("Email Opt Out", OptedOut),
            ("HasOptedOutOfEmail", OptedOut),
        ],
    },
    Preset {
        key: "salesforce-ja",
        label: "Salesforce リードのエクスポート（日本語見出し）",
        kind: ImportKind::Leads,
        columns: &[
            ("リード ID", ExternalId),
            ("メール", Email),
            ("名", FirstName),
            ("姓", LastName),
            ("会社名", Company),
            ("会社名 / 取引先", Company),
            ("取引先名", Company),
            ("役職", Title),
            ("従業員数", Employees),
            ("業種", Industry),
            ("都道府県", Prefecture),
            ("リードソース", LeadSource),
            ("リード状況", LeadStatus),
            ("作成日", CreatedAt),
            ("メール送信除外", OptedOut),
        ],
    },
    Preset {
        key: "marketo",
        label: "Marketo (Adobe Marketo Engage) lead export",
        kind: ImportKind::Leads,
        columns: &[
            ("Id", ExternalId),
            ("Email Address", Email),
            ("First Name", FirstName),
            ("Last Name", LastName),
            ("Company Name", Company),
            ("Job Title", Title),
            ("Department", Department),
            ("Num Employees", Employees),
            ("Industry", Industry),
            ("State", Prefecture),
            ("Lead Source", LeadSource),
            ("Lead Status", LeadStatus),
            ("Created At", CreatedAt),
            ("Lead Score", Score),
            ("Unsubscribed", OptedOut),
            ("SFDC Id", SfaId),
        ],
    },
    Preset {
        key: "generic-ja",
        label: "日本語の一般的な見出し（会社名・部署・役職・氏名・メールアドレス …）",
        kind: ImportKind::Leads,
        columns: &[
            ("リードID", ExternalId),
            ("ID", ExternalId),
            ("SFA ID", SfaId),
            ("SFAリードID", SfaId),
            ("メールアドレス", Email),
            ("メール", Email),
            ("Eメール", Email),
            ("姓", LastName),
            ("名", FirstName),
            ("苗字", LastName),
            ("名字", LastName),
            ("名前（姓）", LastName),
            ("名前（名）", FirstName),
            ("氏名（姓）", LastName),
            ("氏名（名）", FirstName),
            ("氏名", FullName),
            ("担当者名", FullName),
            ("お名前", FullName),
            ("名前", FullName),
            ("会社名", Company),
            ("企業名", Company),
            ("部署", Department),
            ("部署名", Department),
            ("役職", Title),
            ("役職名", Title),
            ("従業員数", Employees),
            ("従業員規模", Employees),
            ("業種", Industry),
            ("都道府県", Prefecture),
            ("リードソース", LeadSource),
            ("流入元", LeadSource),
            ("獲得経路", LeadSource),
            ("リードステータス", LeadStatus),
            ("ステータス", LeadStatus),
            ("作成日", CreatedAt),
            ("登録日", CreatedAt),
            ("作成日時", CreatedAt),
            ("登録日時", CreatedAt),
            ("オプトイン取得方法", OptInBasis),
            ("同意取得方法", OptInBasis),
            ("オプトイン", OptInBasis),
            ("配信停止", OptedOut),
            ("メール配信停止", OptedOut),
            ("スコア", Score),
        ],
    },
    Preset {
        key: "marketo-activities",
        label: "Marketo activity log (activity export or bulk activity extract)",
        kind: ImportKind::Events,
        columns: &[
            ("Marketo GUID", Ignore),
            ("marketoGUID", Ignore),
            ("Lead ID", ExternalId),
            ("leadId", ExternalId),
            ("Email Address", Email),
            ("Activity Type", EventKind),
            ("Activity Type ID", EventKind),
            ("activityTypeId", EventKind),
            ("Activity Date", EventAt),
            ("activityDate", EventAt),
            // The activity log tab of a lead, as its screen shows and exports it.
            ("Date/Time", EventAt),
            ("Detail", EventDetail),
            ("Primary Attribute Value", EventDetail),
            ("primaryAttributeValue", EventDetail),
            ("Primary Attribute Value ID", Ignore),
            ("primaryAttributeValueId", Ignore),
            ("Campaign ID", Ignore),
            ("campaignId", Ignore),
            ("Attributes", Ignore),
        ],
    },
    Preset {
        key: "hubspot-email-events",
        label: "HubSpot email events (SENT, OPEN, CLICK …; times in epoch milliseconds)",
        kind: ImportKind::Events,
        columns: &[
            ("recipient", Email),
            ("Recipient", Email),
            // The email's performance export (one row per recipient event).
            ("Email address", Email),
            ("Event date", EventAt),
            ("Subject", EventDetail),
            ("type", EventKind),
            ("Event type", EventKind),
            // A STATUSCHANGE's new status: UNSUBSCRIBED is an unsubscribe.
            ("portalSubscriptionStatus", Subscribed),
            ("created", EventAt),
            ("Created", EventAt),
            ("emailCampaignId", EventDetail),
            ("Email campaign ID", EventDetail),
            ("Email name", EventDetail),
            ("id", Ignore),
            ("portalId", Ignore),
            ("appId", Ignore),
            ("appName", Ignore),
            ("sentBy", Ignore),
        ],
    },
    Preset {
        key: "account-engagement-activities",
        label: "Account Engagement (Pardot) visitor activities (type name, created at, details)",
        kind: ImportKind::Events,
        columns: &[
            ("Prospect Email", Email),
            // The export API names the prospect by its id, which the prospect export's ID holds.
            ("Prospect ID", ExternalId),
            ("Visitor ID", Ignore),
            ("Type", EventKind),
            ("Type Name", ActivityObject),
            ("Created At", EventAt),
            ("Details", EventDetail),
            ("Email Template", EventDetail),
            ("Email Template ID", MailId),
            ("List Email ID", MailId),
            ("Campaign", Ignore),
        ],
    },
    Preset {
        key: "salesforce-campaign-members",
        label: "Salesforce campaign members (member status, responded date) / キャンペーンメンバー",
        kind: ImportKind::Events,
        columns: &[
            ("Campaign Name", EventDetail),
            ("キャンペーン名", EventDetail),
            ("Member Status", EventKind),
            ("状況", EventKind),
            ("メンバー状況", EventKind),
            ("Campaign Type", ActivityObject),
            ("Type", ActivityObject),
            ("種別", ActivityObject),
            ("Email", Email),
            ("メール", Email),
            ("Lead ID", ExternalId),
            ("Contact ID", SfaId),
            // A response's date, else when the member was added (a sent mail's).
            ("First Responded Date", EventAt),
            ("最初の反応日", EventAt),
            ("Created Date", EventAt),
            ("作成日", EventAt),
            ("Member First Associated Date", EventAt),
        ],
    },
    Preset {
        key: "events",
        label: "行動履歴（メールアドレス・種類・日時・詳細） / behaviour events",
        kind: ImportKind::Events,
        columns: &[
            ("メールアドレス", Email),
            ("Email", Email),
            ("リードID", ExternalId),
            ("Lead ID", ExternalId),
            ("種類", EventKind),
            ("行動", EventKind),
            ("イベント", EventKind),
            ("Event", EventKind),
            ("Activity", EventKind),
            ("アクション", EventKind),
            ("アクション種別", EventKind),
            ("Activity Type", EventKind),
            ("日時", EventAt),
            ("発生日時", EventAt),
            ("Date", EventAt),
            ("Activity Date", EventAt),
            ("Timestamp", EventAt),
            ("Occurred At", EventAt),
            ("Event At", EventAt),
            ("Event Date", EventAt),
            ("Event Time", EventAt),
            ("Datetime", EventAt),
            ("詳細", EventDetail),
            ("URL", EventDetail),
            ("タイトル", EventDetail),
            ("Subject", EventDetail),
            ("メールタイトル", EventDetail),
            ("件名", EventDetail),
            ("対象", EventDetail),
            ("Detail", EventDetail),
            ("Primary Attribute Value", EventDetail),
        ],
    },
    Preset {
        key: "deals",
        label: "商談ステータス履歴（メールアドレス／リードID・ステータス・変更日） / deal status history",
        kind: ImportKind::Deals,
        columns: &[
            ("メールアドレス", Email),
            ("Email", Email),
            ("リードID", ExternalId),
            ("Lead ID", ExternalId),
            ("SFA ID", SfaId),
            // A Salesforce history that names the person by its contact or lead record.
            ("Contact ID", SfaId),
            ("取引先責任者 ID", SfaId),
            ("リード ID", ExternalId),
            ("Salesforce Lead ID", SfaId),
            ("SFDC Id", SfaId),
            ("Contact: Email", Email),
            ("担当者メールアドレス", Email),
            ("取引先責任者: メール", Email),
            ("商談ステータス", DealStatus),
            // An opportunity history's row: the stage it moved to, when.
            ("To Stage", DealStatus),
            ("From Stage", Ignore),
            ("Edit Date", ChangedAt),
            ("変更後のフェーズ", DealStatus),
            ("変更後フェーズ", DealStatus),
            ("変更後ステータス", DealStatus),
            ("変更前のフェーズ", Ignore),
            ("ステータス", DealStatus),
            ("フェーズ", DealStatus),
            ("Stage", DealStatus),
            ("Deal Stage", DealStatus),
            ("取引ステージ", DealStatus),
            ("ステージ", DealStatus),
            ("Status", DealStatus),
            ("変更日", ChangedAt),
            ("変更日時", ChangedAt),
            ("更新日", ChangedAt),
            ("Changed At", ChangedAt),
            ("Last Modified Date", ChangedAt),
            ("Last Stage Change Date", ChangedAt),
            ("最終ステージ変更日", ChangedAt),
            // Not "Close Date": it is when a deal closed or is expected to, not when its status
            // changed (an open deal's lies in the future).
        ],
    },
];

/// Further spellings of lead headers that no preset uses but people do; with the headers of every
/// preset of a kind, they map the columns the chosen preset does not know (a HubSpot export with a
/// `配信停止` column added by hand, a Marketo API export with `firstName`, `unsubscribed` …). An
/// opt-out column must never end up as a mere custom field.
const EXTRA_LEAD_ALIASES: &[(&str, Field)] = &[
    ("E-mail", Email),
    ("Eメールアドレス", Email),
    ("Mail", Email),
    ("メール アドレス", Email),
    ("会社", Company),
    ("企業", Company),
    ("法人名", Company),
    ("会社・組織名", Company),
    ("氏名[姓]", LastName),
    ("氏名[名]", FirstName),
    ("組織名", Company),
    ("取引先", Company),
    ("Organization", Company),
    ("Account", Company),
    ("社員数", Employees),
    ("Number of Employees", Employees),
    ("Employees", Employees),
    ("Name", FullName),
    ("Full Name", FullName),
    ("Created", CreatedAt),
    ("名刺交換日", CreatedAt),
    ("名刺交換日時", CreatedAt),
    ("Score", Score),
    ("配信停止フラグ", OptedOut),
    ("メルマガ不要", OptedOut),
    ("メルマガ配信停止", OptedOut),
    ("メール配信不可", OptedOut),
    ("メール配信停止", OptedOut),
    ("配信拒否", OptedOut),
    ("オプトアウト", OptedOut),
    ("Opted Out", OptedOut),
    ("Email Opt Out", OptedOut),
    ("Do Not Email", OptedOut),
    ("Unsubscribed", OptedOut),
];

/// The consent meaning of a lead header that no preset or alias names: an opt-out column (配信停止,
/// 配信除外, 配信拒否, 受信拒否, unsubscribe, opt out, do not email …) or a subscription column
/// (配信可否, 配信状況, メルマガ購読, subscribed …) — never a reason, count or comment about them.
/// `key` is the header folded (`header_key`). An opt-out column must never end up as a mere
/// custom field, however a tool spells it.
fn consent_column(key: &str) -> Option<Field> {
    const ABOUT: [&str; 14] = [
        "理由",
        "reason",
        "回数",
        "count",
        "コメント",
        "comment",
        "備考",
        "メモ",
        "url",
        "リンク",
        "link",
        "source",
        "経路",
        "方法",
    ];
    const OUT: [&str; 20] = [
        "配信停止",
        "配信除外",
        "配信拒否",
        "受信拒否",
        "送信除外",
        "配信不可",
        "メルマガ不要",
        "配信解除",
        "購読解除",
        "購読停止",
        "オプトアウト",
        "unsubscribe",
        "optout",
        "optedout",
        "donotemail",
        "donotcontact",
        "suppress",
        "blacklist",
        "blocklist",
        "emailoptout",
    ];
    const MAILABLE: [&str; 12] = [
        "配信可否",
        "配信状況",
        "配信設定",
        "配信許可",
        "メルマガ購読",
        "メール配信",
        "購読状態",
        "購読状況",
        "subscribed",
        "subscription",
        "optin",
        "optedin",
    ];
    if ABOUT.iter().any(|a| key.contains(a)) {
        return None;
    }
    if OUT.iter().any(|o| key.contains(o)) {
        return Some(OptedOut);
    }
    // A subscription column's date (メール配信日) is not a flag.
    let dated = key.ends_with('日') || key.contains("日時") || key.contains("date");
    (!dated && MAILABLE.iter().any(|m| key.contains(m))).then_some(Subscribed)
}

/// The fields' own names (as a mapping file and the import's messages write them), read as
/// headers in every preset of a kind: a file whose columns are named `event_kind`, `event_at`
/// is an events file, however the tool that wrote it names them elsewhere.
const OWN_EVENT_NAMES: &[(&str, Field)] = &[
    ("external_id", ExternalId),
    ("sfa_id", SfaId),
    ("email", Email),
    ("event_kind", EventKind),
    ("event_at", EventAt),
    ("event_detail", EventDetail),
    ("mail_id", MailId),
];
const OWN_DEAL_NAMES: &[(&str, Field)] = &[
    ("external_id", ExternalId),
    ("sfa_id", SfaId),
    ("email", Email),
    ("deal_status", DealStatus),
    ("changed_at", ChangedAt),
];

/// A header starting with this is always kept as a custom field (the prefix removed): how the lead
/// export writes custom columns whose names a preset would otherwise read as a field.
pub const CUSTOM_PREFIX: &str = "カスタム:";

/// Every known spelling of every field of `kind`, across presets and extra aliases.
fn aliases(kind: ImportKind) -> BTreeMap<String, Field> {
    let mut map = BTreeMap::new();
    let extra = match kind {
        ImportKind::Leads => EXTRA_LEAD_ALIASES,
        ImportKind::Events => OWN_EVENT_NAMES,
        ImportKind::Deals => OWN_DEAL_NAMES,
    };
    let all = PRESETS
        .iter()
        .filter(|p| p.kind == kind)
        .flat_map(|p| p.columns.iter())
        .chain(extra);
    for (h, f) in all {
        map.entry(header_key(h)).or_insert(*f);
    }
    map
}

/// Whether some preset or alias of `kind` reads `header` as a field.
pub fn is_known_header(kind: ImportKind, header: &str) -> bool {
    aliases(kind).contains_key(&header_key(header))
}

/// The preset with this key.
pub fn preset(key: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.key == key)
}

/// The folded form a header is matched on.
pub fn header_key(header: &str) -> String {
    match_key(header)
        .chars()
        .filter(|c| {
            !matches!(
                c,
                ' ' | '_' | '-' | '/' | '・' | '(' | ')' | '（' | '）' | '.' | '\'' | '’'
            )
        })
        .collect()
}

/// The fields each kind needs: every group must have one of its fields mapped.
pub fn required(kind: ImportKind) -> &'static [&'static [Field]] {
    match kind {
        ImportKind::Leads => &[&[Email]],
        ImportKind::Events => &[&[Email, ExternalId], &[EventKind], &[EventAt]],
        ImportKind::Deals => &[&[Email, ExternalId, SfaId], &[DealStatus], &[ChangedAt]],
    }
}

/// A user's mapping file: which header feeds which field, for exports no preset knows, and what
/// the values of its activity-type or status column mean where no vocabulary knows them.
///
/// ```json
/// { "kind": "events", "columns": { "アクション": "event_kind" },
///   "values": { "LP閲覧": "page_view", "メルマガ到達": "not_behaviour", "見積依頼": "form_submit" } }
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MappingFile {
    /// What the file holds.
    pub kind: ImportKind,
    /// Header → field; these win over any preset. May be left out when a mapping only says
    /// what values mean.
    #[serde(default)]
    pub columns: BTreeMap<String, Field>,
    /// A value as written → what it means; these win over every vocabulary.
    #[serde(default)]
    pub values: BTreeMap<String, ValueMeaning>,
    /// Which of day and month the file's dates with the year last write first (`mdy`, `dmy`);
    /// read from the file's own dates when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_order: Option<super::values::DateOrder>,
}

/// What a value of an activity-type or deal-status column means, as the user's mapping says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum ValueMeaning {
    /// A behaviour (`page_view`, `email_open` …).
    Behaviour(crate::lead::EventKind),
    /// A deal status (`unworked`, `opportunity`, `won` …).
    Deal(crate::model::expr::DealStatus),
    /// An activity that is not behaviour: `not_behaviour` (skipped and counted).
    Other(NotBehaviour),
    /// An opt-in basis (`form`, `business_card`, `existing_relationship`), for a lead file's
    /// own words in its basis column (an MA tool's custom field: Webフォーム, 名刺交換 …).
    Consent(crate::lead::ConsentBasis),
}

/// The word a mapping gives an activity that is not behaviour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum NotBehaviour {
    /// Not a behaviour.
    NotBehaviour,
}

/// How the headers of one file map to fields.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ColumnMapping {
    /// The preset used (`custom` when only a mapping file was).
    pub preset: String,
    /// What the file holds.
    pub kind: ImportKind,
    /// For each column in file order: its header and the field it feeds (`None`: kept as a custom
    /// field for leads, ignored otherwise).
    pub columns: Vec<(String, Option<Field>)>,
    /// How many columns the preset itself (or the mapping file) recognised, as opposed to the
    /// spellings of other presets: what preset detection ranks on.
    #[serde(skip)]
    pub native: usize,
    /// The workspace's own deal status values (`deal_status_key` form), read before the usual
    /// names; set by the import from the workspace's SFA mapping.
    #[serde(skip)]
    pub deal_words: Vec<(String, crate::model::expr::DealStatus)>,
    /// Whether a lead whose opt-out cannot be read is imported opted out (with a warning)
    /// instead of the import being refused; set by the import from its options.
    #[serde(skip)]
    pub suppress_unreadable_opt_outs: bool,
    /// `consent_columns`, worked out once (every row reads them).
    #[serde(skip)]
    pub consent: Vec<(usize, OptOutColumn)>,
    /// The mapping file's `values`, by the value folded (`match_key`, trimmed).
    #[serde(skip)]
    pub values: Vec<(String, ValueMeaning)>,
    /// Whether the file is a business-card tool's export (its created date is a 名刺交換日): a
    /// lead with no recorded opt-in basis got its consent by the card exchange.
    #[serde(skip)]
    pub business_cards: bool,
    /// The columns in the order a field fed by several (an event's dates and details) tries
    /// them: as the preset lists their headers (a campaign member's First Responded Date before
    /// its Created Date; Marketo's mail name before a campaign's name), then in file order.
    #[serde(skip)]
    pub ranked: Vec<usize>,
    /// How the file's dates with the year last are read, when it has any: given by the user or
    /// told by the file's own dates (a part above 12).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_order: Option<super::values::DateOrder>,
}

impl ColumnMapping {
    /// What the user's mapping says `raw` means, if it says.
    pub fn value_meaning(&self, raw: &str) -> Option<ValueMeaning> {
        if self.values.is_empty() {
            return None;
        }
        let key = match_key(raw);
        (self.values.iter())
            .find(|(k, _)| *k == key)
            .map(|(_, meaning)| *meaning)
    }
}

impl ColumnMapping {
    /// Maps `headers` with a preset and an optional mapping file.
    pub fn new(
        headers: &[String],
        preset: &Preset,
        mapping: Option<&MappingFile>,
    ) -> ColumnMapping {
        let by_key: BTreeMap<String, Field> = preset
            .columns
            .iter()
            .map(|(h, f)| (header_key(h), *f))
            .collect();
        let custom: BTreeMap<String, Field> = mapping
            .map(|m| m.columns.iter().map(|(h, f)| (header_key(h), *f)).collect())
            .unwrap_or_default();
        let fallback = aliases(preset.kind);
        // The fields the user's mapping gives a column of this file: no guess takes them first
        // (a preset's "Close Date" must not beat the user's "商談ステージ変更日").
        let in_file: std::collections::BTreeSet<String> =
            headers.iter().map(|h| header_key(h)).collect();
        let users: std::collections::BTreeSet<Field> = (custom.iter())
            .filter(|(key, _)| in_file.contains(*key))
            .map(|(_, f)| *f)
            .collect();
        let mut taken = std::collections::BTreeSet::new();
        let mut native = 0;
        let columns = headers
            .iter()
            .map(|h| {
                if h.starts_with(CUSTOM_PREFIX) {
                    return (h.clone(), None);
                }
                let key = header_key(h);
                if let Some(&field) = custom.get(&key) {
                    native += 1;
                    let kept = field == Ignore || matches!(field, OptedOut | Subscribed);
                    return (h.clone(), (kept || taken.insert(field)).then_some(field));
                }
                let own = by_key.get(&key).copied();
                native += usize::from(own.is_some());
                let field = own.or_else(|| fallback.get(&key).copied()).or_else(|| {
                    (preset.kind == ImportKind::Leads)
                        .then(|| consent_column(&key))
                        .flatten()
                });
                // The first column wins a field; a second `名` or `Email` is kept as custom.
                // Every opt-out and subscription column is read (`consent_columns`), and every
                // column of an event's time, detail or mail id, the first filled one of a row.
                let many = |f: &Field| {
                    matches!(
                        f,
                        Ignore | OptedOut | Subscribed | EventDetail | EventAt | MailId
                    )
                };
                let field = field.filter(|f| many(f) || (!users.contains(f) && taken.insert(*f)));
                (h.clone(), field)
            })
            .collect();
        let mut columns: Vec<(String, Option<Field>)> = columns;
        // Two custom columns of one name would keep only the last one's value: the second is
        // kept as "name (2)", the third "name (3)" …
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        for (header, _) in columns.iter_mut().filter(|(_, f)| f.is_none()) {
            let n = seen.entry(header.clone()).or_insert(0);
            *n += 1;
            if *n > 1 {
                *header = format!("{header} ({n})");
            }
        }
        // 苗字 / 名前: beside a 姓 column and without a 名 one, 名前 is the given name, not a full
        // name.
        let has = |columns: &[(String, Option<Field>)], field| {
            columns.iter().any(|(_, f)| *f == Some(field))
        };
        if has(&columns, LastName)
            && !has(&columns, FirstName)
            && let Some(c) =
                (columns.iter_mut()).find(|(h, f)| *f == Some(FullName) && header_key(h) == "名前")
        {
            c.1 = Some(FirstName);
        }
        // A status history's row: the status it moved to beats the record's current one
        // (kintone's フェーズ beside 変更後フェーズ), wherever it stands.
        if preset.kind == ImportKind::Deals
            && let Some(after) = (columns.iter()).position(|(h, _)| {
                matches!(
                    header_key(h).as_str(),
                    "変更後フェーズ" | "変更後のフェーズ" | "変更後ステータス" | "tostage"
                )
            })
            && !users.contains(&DealStatus)
            && !custom.contains_key(&header_key(&columns[after].0))
        {
            for (i, (_, f)) in columns.iter_mut().enumerate() {
                if i == after {
                    *f = Some(DealStatus);
                } else if *f == Some(DealStatus) {
                    *f = None;
                }
            }
        }
        // Without a type number, the type's name is the activity.
        if !has(&columns, EventKind)
            && let Some(c) = (columns.iter_mut()).find(|(_, f)| *f == Some(ActivityObject))
        {
            c.1 = Some(EventKind);
        }
        // With 姓 and 名 columns, a 氏名 column is kept as a custom field rather than read (and
        // dropped) as a name the row already has.
        let has_parts = columns
            .iter()
            .any(|(_, f)| matches!(f, Some(LastName | FirstName)));
        if has_parts {
            for (_, f) in columns.iter_mut().filter(|(_, f)| *f == Some(FullName)) {
                *f = None;
            }
        }
        let mut mapping = ColumnMapping {
            preset: preset.key.to_owned(),
            kind: preset.kind,
            columns,
            native,
            deal_words: Vec::new(),
            suppress_unreadable_opt_outs: false,
            consent: Vec::new(),
            business_cards: false,
            ranked: Vec::new(),
            date_order: mapping.and_then(|m| m.date_order),
            values: (mapping.iter())
                .flat_map(|m| m.values.iter())
                .map(|(raw, meaning)| (match_key(raw), *meaning))
                .collect(),
        };
        mapping.consent = mapping.consent_columns();
        mapping.business_cards = (mapping.columns.iter())
            .any(|(h, f)| *f == Some(CreatedAt) && header_key(h).starts_with("名刺交換日"));
        let rank = |header: &str| {
            let key = header_key(header);
            (preset.columns.iter())
                .position(|(h, _)| header_key(h) == key)
                .unwrap_or(usize::MAX)
        };
        mapping.ranked = (0..mapping.columns.len()).collect();
        mapping
            .ranked
            .sort_by_key(|&i| (rank(&mapping.columns[i].0), i));
        mapping
    }

    /// The columns about mail consent, each with what its yes means (kept in `consent`).
    fn consent_columns(&self) -> Vec<(usize, OptOutColumn)> {
        (self.columns.iter().enumerate())
            .filter_map(|(i, (_, f))| match f {
                Some(OptedOut) => Some((i, OptOutColumn::YesMeansOut)),
                Some(Subscribed) => Some((i, OptOutColumn::YesMeansMailable)),
                _ => None,
            })
            .collect()
    }

    /// Whether a row's consent columns say it opted out (any one's opt-out wins), or the first
    /// unreadable cell (its column and value). `cell` gives a row's trimmed cell by column.
    pub fn opt_out<'c>(
        consent: &[(usize, OptOutColumn)],
        cell: impl Fn(usize) -> &'c str,
    ) -> Result<bool, (usize, &'c str)> {
        let mut out = false;
        for &(i, meaning) in consent {
            let raw = cell(i);
            match parse_opt_out(raw, meaning) {
                Ok(v) => out |= v.unwrap_or(false),
                Err(_) => return Err((i, raw)),
            }
        }
        Ok(out)
    }

    /// How many columns the mapping recognises.
    pub fn recognised(&self) -> usize {
        self.columns.iter().filter(|(_, f)| f.is_some()).count()
    }

    /// The columns feeding `field`, in `ranked` order.
    pub fn columns_of(&self, field: Field) -> impl Iterator<Item = usize> + Clone + '_ {
        (self.ranked.iter().copied()).filter(move |&i| self.columns[i].1 == Some(field))
    }

    /// The position of the column feeding `field`.
    pub fn column_of(&self, field: Field) -> Option<usize> {
        self.columns.iter().position(|(_, f)| *f == Some(field))
    }

    /// The required field groups that no column feeds.
    pub fn missing(&self) -> Vec<&'static [Field]> {
        required(self.kind)
            .iter()
            .filter(|group| group.iter().all(|f| self.column_of(*f).is_none()))
            .copied()
            .collect()
    }
}

/// The best preset for `headers`: among those of `kind` (or of every kind), the one that maps its
/// required fields and recognises the most columns; ties go to the earlier preset.
pub fn detect_preset(
    headers: &[String],
    kind: Option<ImportKind>,
    mapping: Option<&MappingFile>,
) -> Option<(&'static Preset, ColumnMapping)> {
    let kind = kind.or(mapping.map(|m| m.kind));
    let mut best: Option<(&'static Preset, ColumnMapping)> = None;
    for p in PRESETS.iter().filter(|p| kind.is_none_or(|k| k == p.kind)) {
        let m = ColumnMapping::new(headers, p, mapping);
        if !m.missing().is_empty() {
            continue;
        }
        if best
            .as_ref()
            .is_none_or(|(_, b)| (m.native, m.recognised()) > (b.native, b.recognised()))
        {
            best = Some((p, m));
        }
    }
    // A file with a column naming each row's kind of event (Event, Activity Type, 種類,
    // event_kind) is a behaviour file, even when its time column is one no preset knows: read as leads, its events
    // would land in the leads' custom fields. Then it is read as events, or, lacking a column for
    // them, None, so that the import names what it lacks.
    // A deal status history (a status column and its change date, all a deals file needs) is
    // read as one too: as leads, each row would make or update a lead. A leads file with a
    // status column of its own but no change date stays a leads file.
    match best {
        Some((p, _)) if kind.is_none() && p.kind == ImportKind::Leads => {
            let other = |key| {
                let preset = PRESETS.iter().find(|p| p.key == key)?;
                Some((preset, ColumnMapping::new(headers, preset, mapping)))
            };
            let has = |m: &ColumnMapping, field| m.columns.iter().any(|(_, f)| *f == Some(field));
            let (events, in_events) = other("events")?;
            if has(&in_events, Field::EventKind) {
                return in_events
                    .missing()
                    .is_empty()
                    .then_some((events, in_events));
            }
            match other("deals")? {
                (deals, m) if has(&m, Field::DealStatus) && m.missing().is_empty() => {
                    Some((deals, m))
                }
                _ => best,
            }
        }
        best => best,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(hs: &[&str]) -> Vec<String> {
        hs.iter().map(|h| h.to_string()).collect()
    }

    #[test]
    fn a_behaviour_file_is_never_read_as_leads() {
        // Its time column named as a developer would: read as events.
        let generic = headers(&["email", "event", "occurred_at", "detail"]);
        let (preset, m) = detect_preset(&generic, None, None).unwrap();
        assert_eq!((preset.key, m.kind), ("events", ImportKind::Events));
        // A time column no preset knows: no preset, so the import says the time is missing.
        let unknown = headers(&["Email", "Event", "When it happened", "Detail"]);
        assert!(detect_preset(&unknown, None, None).is_none());
        // Columns named as the import's own fields (as its messages write them): events and
        // deals, never leads whose custom fields hold them (or a lead made of a deal's row).
        let own = headers(&["external_id", "email", "event_kind", "event_at"]);
        let (preset, m) = detect_preset(&own, None, None).unwrap();
        assert_eq!((preset.key, m.kind), ("events", ImportKind::Events));
        let own = headers(&["email", "deal_status", "changed_at"]);
        let (preset, m) = detect_preset(&own, None, None).unwrap();
        assert_eq!((preset.key, m.kind), ("deals", ImportKind::Deals));
        // A leads file with a status column of its own stays a leads file.
        let leads = headers(&["メールアドレス", "会社名", "ステータス"]);
        assert_eq!(
            detect_preset(&leads, None, None).unwrap().1.kind,
            ImportKind::Leads
        );
        // A contacts export with a last-activity date stays a contacts export.
        let contacts = headers(&["Record ID", "Email", "Last Activity Date", "Create Date"]);
        assert_eq!(
            detect_preset(&contacts, None, None).unwrap().0.key,
            "hubspot"
        );
    }

    #[test]
    fn presets_are_told_apart() {
        let hubspot = headers(&[
            "Record ID",
            "First Name",
            "Last Name",
            "Email",
            "Company Name",
            "Create Date",
        ]);
        assert_eq!(
            detect_preset(&hubspot, None, None).unwrap().0.key,
            "hubspot"
        );
        let sf = headers(&[
            "Lead ID",
            "First Name",
            "Last Name",
            "Company",
            "Email",
            "Lead Status",
            "Email Opt Out",
        ]);
        assert_eq!(detect_preset(&sf, None, None).unwrap().0.key, "salesforce");
        let marketo = headers(&[
            "Id",
            "First Name",
            "Last Name",
            "Email Address",
            "Company Name",
            "Unsubscribed",
        ]);
        assert_eq!(
            detect_preset(&marketo, None, None).unwrap().0.key,
            "marketo"
        );
        let jp = headers(&[
            "会社名",
            "部署",
            "役職",
            "氏名",
            "メールアドレス",
            "従業員数",
            "業種",
            "都道府県",
            "作成日",
        ]);
        assert_eq!(detect_preset(&jp, None, None).unwrap().0.key, "generic-ja");
        let events = headers(&["メールアドレス", "種類", "日時", "詳細"]);
        assert_eq!(detect_preset(&events, None, None).unwrap().0.key, "events");
        assert!(detect_preset(&headers(&["foo", "bar"]), None, None).is_none());
    }

    #[test]
    fn headers_fold_width_case_and_punctuation() {
        assert_eq!(
            header_key("Ｅメール　Address"),
            header_key("eメールaddress")
        );
        assert_eq!(header_key("State/Region"), "stateregion");
        assert_eq!(header_key("都道府県（地域）"), "都道府県地域");
    }

    #[test]
    fn consent_columns_are_found_under_any_name() {
        for (header, field) in [
            ("メール受信拒否", Some(OptedOut)),
            ("配信除外フラグ", Some(OptedOut)),
            ("Email Opt Out", Some(OptedOut)),
            ("unsubscribed_flag", Some(OptedOut)),
            ("Do Not Contact", Some(OptedOut)),
            ("配信停止日", Some(OptedOut)),
            ("メール配信", Some(Subscribed)),
            ("配信状況", Some(Subscribed)),
            ("Email Subscription", Some(Subscribed)),
            ("メール配信日", None),
            ("Unsubscribed Reason", None),
            ("配信停止理由", None),
            ("配信停止URL", None),
            ("会社名", None),
        ] {
            assert_eq!(consent_column(&header_key(header)), field, "{header}");
        }
    }

    #[test]
    fn the_users_mapping_wins_a_field_the_preset_would_give_an_earlier_column() {
        let hs = headers(&["Email", "Stage", "Last Modified Date", "商談ステージ変更日"]);
        let mapping = MappingFile {
            kind: ImportKind::Deals,
            columns: [("商談ステージ変更日".to_owned(), ChangedAt)]
                .into_iter()
                .collect(),
            values: Default::default(),
            date_order: None,
        };
        let (_, m) = detect_preset(&hs, None, Some(&mapping)).unwrap();
        assert_eq!(m.column_of(ChangedAt), Some(3));
        assert_eq!(m.columns[2].1, None, "the preset's guess gives way");
    }

    #[test]
    fn a_mapping_file_wins_over_the_preset() {
        let hs = headers(&["E-mail", "会社", "社員数"]);
        let mapping = MappingFile {
            kind: ImportKind::Leads,
            columns: [("E-mail", Email), ("会社", Company), ("社員数", Employees)]
                .into_iter()
                .map(|(h, f)| (h.to_owned(), f))
                .collect(),
            values: Default::default(),
            date_order: None,
        };
        let (_, m) = detect_preset(&hs, None, Some(&mapping)).unwrap();
        assert_eq!(m.column_of(Employees), Some(2));
        assert!(m.missing().is_empty());
    }
}
