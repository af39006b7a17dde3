//! Cell values as CRM and MA exports write them: dates in every common shape, yes/no flags, consent
//! bases, event kinds and deal statuses in Japanese and English.

use crate::lead::{ConsentBasis, EventKind, match_key, nfkc};
use crate::model::expr::DealStatus;
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use serde::{Deserialize, Serialize};

/// Japan Standard Time. Japan has no daylight saving, so a fixed offset is exact.
pub fn jst() -> FixedOffset {
    FixedOffset::east_opt(9 * 3600).expect("valid offset")
}

/// A date or date-time as exports write it, in Unix seconds. Times without a zone are Japan time.
/// Accepts `2024/4/1`, `2024-04-01 10:00:00`, `2024/04/01 10:00`, `2024年4月1日`, `2024.4.1`,
/// ISO 8601 with `Z` or an offset (`2024-04-01T01:00:00Z`, `…+09:00`, fractional seconds), and
/// Unix time in seconds (10 digits) or milliseconds (13), and English month names (`Jun 1, 2026
/// 10:00 AM`, `1 Jun 2026`, `01-Jun-2026`). A date with the year last (`4/1/2026`) is read only in
/// the file's `order`: month first or day first cannot be told from the value alone.
pub fn parse_datetime(raw: &str, order: Option<DateOrder>) -> Result<i64, String> {
    let normal = nfkc(raw);
    let s = normal.trim();
    if s.is_empty() {
        return Err("empty".to_owned());
    }
    // Only a time with a zone (`Z`, `+09:00`) is worth the ISO parsers; most exports have none.
    let zoned = s.ends_with('Z') || s.get(10..).is_some_and(|t| t.contains(['+', '-']));
    if zoned {
        if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
            return Ok(dt.timestamp());
        }
        // ISO with a space instead of T, with an offset but no seconds, or `+0000`.
        for fmt in [
            "%Y-%m-%d %H:%M:%S%.f%:z",
            "%Y-%m-%dT%H:%M%:z",
            "%Y-%m-%d %H:%M%:z",
            "%Y-%m-%dT%H:%M:%S%.f%z",
            "%Y-%m-%d %H:%M:%S%.f%z",
        ] {
            if let Ok(dt) = DateTime::parse_from_str(s, fmt) {
                return Ok(dt.timestamp());
            }
        }
    }
    let bad = || format!("unrecognised date \"{raw}\"");
    // A zone written as a word.
    let upper = s.to_ascii_uppercase();
    for (zone, utc) in [
        (" UTC", true),
        (" GMT", true),
        ("UTC", true),
        (" JST", false),
        ("JST", false),
    ] {
        if upper.ends_with(zone) {
            let naive = parse_local(&s[..s.len() - zone.len()], order).ok_or_else(bad)?;
            return Ok(if utc {
                naive.and_utc().timestamp()
            } else {
                in_japan(naive)
            });
        }
    }
    if let Some(naive) = s.strip_suffix('Z').and_then(|s| parse_local(s, order)) {
        return Ok(naive.and_utc().timestamp());
    }
    // Excel's serial day numbers (days since 1899-12-30) and compact YYYYMMDD.
    if s.chars().all(|c| c.is_ascii_digit()) {
        let n: i64 = s.parse().map_err(|_| bad())?;
        // Unix time, as APIs and their exports write it: seconds (HubSpot's, Marketo's bulk
        // extract) or milliseconds (HubSpot's email events), from 2001 on.
        match s.len() {
            10 if n >= 1_000_000_000 => return Ok(n),
            13 if n >= 1_000_000_000_000 => return Ok(n.div_euclid(1000)),
            _ => {}
        }
        let date = match s.len() {
            8 => NaiveDate::from_ymd_opt(
                (n / 10_000) as i32,
                (n / 100 % 100) as u32,
                (n % 100) as u32,
            ),
            5 if (20_000..80_000).contains(&n) => NaiveDate::from_ymd_opt(1899, 12, 30)
                .and_then(|d| d.checked_add_days(chrono::Days::new(n as u64))),
            _ => None,
        };
        return date
            .map(|d| in_japan(d.and_time(NaiveTime::MIN)))
            .ok_or_else(bad);
    }
    // An Excel serial with the time of day as its fraction (45383.5: noon of 2024-04-01).
    if let Some((days, fraction)) = s.split_once('.')
        && days.len() == 5
        && days.chars().all(|c| c.is_ascii_digit())
        && !fraction.is_empty()
        && fraction.chars().all(|c| c.is_ascii_digit())
        && let (Ok(n), Ok(part)) = (days.parse::<u64>(), format!("0.{fraction}").parse::<f64>())
        && (20_000..80_000).contains(&n)
    {
        let minutes = (part * 1440.0).round() as i64;
        let date = NaiveDate::from_ymd_opt(1899, 12, 30)
            .and_then(|d| d.checked_add_days(chrono::Days::new(n)))
            .ok_or_else(bad)?;
        return Ok(in_japan(date.and_time(NaiveTime::MIN)) + minutes * 60);
    }
    parse_local(s, order).map(in_japan).ok_or_else(bad)
}

/// `id` and, when it is a Salesforce record id, its other form: the 15-character id that reports
/// write (case-sensitive) and the 18-character one of the API, whose last three characters encode
/// the case of the first fifteen, five letters each.
pub fn salesforce_id_forms(id: &str) -> Vec<String> {
    let id = id.trim();
    let mut forms = vec![id.to_owned()];
    if let Some(short) = salesforce_id(id) {
        forms.push(if id.len() == 15 {
            format!("{short}{}", salesforce_suffix(short))
        } else {
            short.to_owned()
        });
    }
    forms
}

/// The 15-character form of `id` when it is a Salesforce record id: 15 letters and digits with
/// both in them, or 18 whose last three are the case suffix of the first fifteen.
pub fn salesforce_id(id: &str) -> Option<&str> {
    let id = id.trim();
    let short = id.get(..15)?;
    let shaped = short.bytes().all(|b| b.is_ascii_alphanumeric())
        && short.bytes().any(|b| b.is_ascii_digit())
        && short.bytes().any(|b| b.is_ascii_alphabetic());
    match id.len() {
        15 if shaped => Some(short),
        18 if shaped && id[15..] == salesforce_suffix(short) => Some(short),
        _ => None,
    }
}

/// The three characters the 18-character form adds: the case of each five, as a letter.
fn salesforce_suffix(short: &str) -> String {
    const SUFFIX: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
    (short.as_bytes().chunks(5))
        .map(|chunk| {
            let bits = (chunk.iter().enumerate())
                .filter(|(_, b)| b.is_ascii_uppercase())
                .fold(0, |acc, (i, _)| acc | 1 << i);
            SUFFIX[bits] as char
        })
        .collect()
}

/// Which of day and month a date with the year last writes first: a file-wide choice, made from
/// the file's own dates (a part above 12 tells) or by the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DateOrder {
    /// `4/13/2026`: month, day, year (US exports).
    Mdy,
    /// `13/4/2026`: day, month, year (UK and European exports).
    Dmy,
}

impl DateOrder {
    /// How the order is written, `M/D/Y` or `D/M/Y`.
    pub fn pattern(self) -> &'static str {
        match self {
            DateOrder::Mdy => "M/D/Y",
            DateOrder::Dmy => "D/M/Y",
        }
    }
}

/// What a date with the year last says about the file's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YearLast {
    /// Only month first reads it (`4/13/2026`).
    Only(DateOrder),
    /// Either order reads it, differently (`4/1/2026`).
    Either,
    /// Either order reads it the same (`4/4/2026`).
    Same,
}

/// Whether `raw` is a date with the year last, and what it says about the order.
pub fn year_last(raw: &str) -> Option<YearLast> {
    let normal = nfkc(raw);
    let mut parts = normal
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty());
    let (a, b, y) = (parts.next()?, parts.next()?, parts.next()?);
    if a.len() > 2 || b.len() > 2 || y.len() != 4 {
        return None;
    }
    let (a, b): (u32, u32) = (a.parse().ok()?, b.parse().ok()?);
    let fits = |month: u32, day: u32| (1..=12).contains(&month) && (1..=31).contains(&day);
    match (fits(a, b), fits(b, a)) {
        (true, _) if a == b => Some(YearLast::Same),
        (true, true) => Some(YearLast::Either),
        (true, false) => Some(YearLast::Only(DateOrder::Mdy)),
        (false, true) => Some(YearLast::Only(DateOrder::Dmy)),
        (false, false) => None,
    }
}

fn in_japan(naive: NaiveDateTime) -> i64 {
    jst()
        .from_local_datetime(&naive)
        .single()
        .expect("a fixed offset has one mapping")
        .timestamp()
}

/// A local date-time with the Japanese and English ways of writing it: 午前/午後, AM/PM, and
/// era years (令和7年, R7, 平成31年, H31, 昭和, S; 元年 is year 1).
fn parse_local(s: &str, order: Option<DateOrder>) -> Option<NaiveDateTime> {
    let mut text = s.trim().to_owned();
    let mut half_day = None;
    for (word, pm) in [
        ("午前", false),
        ("午後", true),
        ("AM", false),
        ("PM", true),
        ("am", false),
        ("pm", true),
    ] {
        if let Some(i) = text.find(word) {
            text.replace_range(i..i + word.len(), " ");
            half_day = Some(pm);
            break;
        }
    }
    for (era, base) in [
        ("令和", 2018),
        ("平成", 1988),
        ("昭和", 1925),
        ("R", 2018),
        ("H", 1988),
        ("S", 1925),
    ] {
        // `R7.4.1`, but not the S of `Sept 1, 2026`.
        let rest = (text.strip_prefix(era))
            .filter(|r| era.len() > 1 || r.starts_with(|c: char| c.is_ascii_digit()));
        if let Some(rest) = rest {
            let rest = rest.trim_start().replacen("元", "1", 1);
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            let year: i32 = digits.parse().ok()?;
            text = format!("{}{}", base + year, &rest[digits.len()..]);
            break;
        }
    }
    let mut dt = parse_naive(&text, order).or_else(|| {
        text.bytes()
            .any(|b| b.is_ascii_alphabetic())
            .then(|| parse_month_named(&text))
            .flatten()
    })?;
    if let Some(pm) = half_day {
        use chrono::Timelike;
        let h = dt.hour();
        if h > 12 {
            return None; // "午後 15:00" contradicts itself.
        }
        let h24 = match (pm, h) {
            (false, 12) => 0,
            (true, h) if h < 12 => h + 12,
            (_, h) => h,
        };
        dt = dt.with_hour(h24)?;
    }
    Some(dt)
}

/// A date with an optional time: year, month, day, then optional hour, minute, second and fraction,
/// separated by anything that is not a digit (`/ - .`, 年月日, `T`, space, `:`). The year has four
/// digits and comes first, or, with an `order`, last (`4/1/2026 10:00`).
fn parse_naive(s: &str, order: Option<DateOrder>) -> Option<NaiveDateTime> {
    let mut numbers = [0u32; 6];
    let mut count = 0;
    let mut year_digits = 0;
    for (i, part) in s
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .enumerate()
    {
        if i == 0 {
            year_digits = part.len();
        }
        if i == 6 {
            // A fraction of a second: ignored, but nothing may follow it.
            continue;
        }
        if i > 6 || part.len() > 4 {
            return None;
        }
        numbers[i] = part.parse().ok()?;
        count = i + 1;
    }
    if !(3..=6).contains(&count) || count == 4 {
        return None;
    }
    let [y, m, d] = match order {
        _ if year_digits == 4 => [numbers[0], numbers[1], numbers[2]],
        Some(DateOrder::Mdy) if year_digits <= 2 => [numbers[2], numbers[0], numbers[1]],
        Some(DateOrder::Dmy) if year_digits <= 2 => [numbers[2], numbers[1], numbers[0]],
        _ => return None,
    };
    if y < 1000 {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(y as i32, m, d)?;
    let time = NaiveTime::from_hms_opt(numbers[3], numbers[4], numbers[5])?;
    Some(date.and_time(time))
}

/// A date whose month is an English name, as Marketo's and Salesforce's screens and some US exports
/// write it: `Jun 1, 2026 10:00`, `June 1 2026`, `1 Jun 2026`, `01-Jun-2026`, with an optional
/// weekday (`Mon, Jun 1, 2026`). AM/PM has been taken out by the caller.
fn parse_month_named(s: &str) -> Option<NaiveDateTime> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    const WEEKDAYS: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    // A word names a month or weekday when it is the name or its first three letters or more
    // (`Sep`, `Sept`, `Thurs`).
    let names = |list: &[&str], word: &str| {
        let word = word.to_ascii_lowercase().trim_end_matches('.').to_owned();
        (word.len() >= 3)
            .then(|| list.iter().position(|name| name.starts_with(&word)))
            .flatten()
    };
    let mut month = None;
    let mut numbers: Vec<&str> = Vec::new();
    for word in s
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '.')
        .flat_map(|w| w.split('.').filter(|p| !p.is_empty()))
    {
        if word.bytes().all(|b| b.is_ascii_digit()) {
            numbers.push(word);
        } else if let Some(m) = names(&MONTHS, word) {
            if month.replace(m as u32 + 1).is_some() {
                return None;
            }
        } else if names(&WEEKDAYS, word).is_none() {
            return None;
        }
    }
    let month = month?;
    // The year is the number of four digits; the day the other one before the time.
    let (day, time) = match numbers.as_slice() {
        [y, d, time @ ..] | [d, y, time @ ..] if y.len() == 4 && d.len() <= 2 => (d, time),
        _ => return None,
    };
    let year = numbers.iter().find(|n| n.len() == 4)?.parse().ok()?;
    let time: Vec<u32> = time.iter().map(|t| t.parse().ok()).collect::<Option<_>>()?;
    let (h, mi, sec) = match time.as_slice() {
        [] => (0, 0, 0),
        [h, mi] => (*h, *mi, 0),
        [h, mi, sec] => (*h, *mi, *sec),
        _ => return None,
    };
    NaiveDate::from_ymd_opt(year, month, day.parse().ok()?)?.and_hms_opt(h, mi, sec)
}

/// The date a timestamp falls on in Japan, `YYYY-MM-DD HH:MM:SS`.
pub fn format_jst(ts: i64) -> String {
    jst()
        .timestamp_opt(ts, 0)
        .single()
        .map_or_else(String::new, |dt| dt.format("%Y-%m-%d %H:%M:%S").to_string())
}

/// A yes/no cell: true/false, yes/no, 1/0, はい/いいえ, 済/未, ○/×, 対象/対象外. Empty is `None`.
pub fn parse_flag(raw: &str) -> Result<Option<bool>, String> {
    // The common spellings first, without allocating.
    let t = raw.trim();
    for (word, value) in [
        ("true", true),
        ("false", false),
        ("1", true),
        ("0", false),
        ("", false),
    ] {
        if t.eq_ignore_ascii_case(word) {
            return Ok((!t.is_empty()).then_some(value));
        }
    }
    let k = match_key(raw);
    match k.as_str() {
        "" => Ok(None),
        "true" | "yes" | "y" | "1" | "はい" | "済" | "済み" | "○" | "◯" | "有" | "あり"
        | "対象" | "on" => Ok(Some(true)),
        "false" | "no" | "n" | "0" | "いいえ" | "未" | "×" | "無" | "なし" | "対象外" | "off"
        | "-" => Ok(Some(false)),
        _ => Err(format!("not a yes/no value: \"{raw}\"")),
    }
}

/// What a yes means in a column about mail consent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptOutColumn {
    /// A 配信停止 / unsubscribed / do-not-email column: yes is an opt-out.
    YesMeansOut,
    /// A 配信可否 / subscribed column: yes is mailable, no is an opt-out.
    YesMeansMailable,
}

/// A mail-consent column's value: `Some(true)` for an opt-out, `Some(false)` for mailable,
/// `None` for nothing recorded (empty, "-", or `null` as Marketo and APIs write it). Status words
/// (配信中 / 配信停止, subscribed / unsubscribed, opted in / out) read the same in either column; yes
/// and no (and する / しない) by what the column means; a date in an opt-out column (配信停止日)
/// is an opt-out on that day.
pub fn parse_opt_out(raw: &str, column: OptOutColumn) -> Result<Option<bool>, String> {
    // The common spellings first, without allocating (a million-row import reads one per row).
    let yes_is_out = column == OptOutColumn::YesMeansOut;
    match raw.trim() {
        "" | "-" => return Ok(None),
        "0" | "false" | "FALSE" | "False" | "いいえ" | "no" | "No" => {
            return Ok(Some(!yes_is_out));
        }
        "1" | "true" | "TRUE" | "True" | "はい" | "yes" | "Yes" => return Ok(Some(yes_is_out)),
        _ => {}
    }
    let key: String = match_key(raw)
        .chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-' | '.' | '・' | '　'))
        .collect();
    match key.as_str() {
        "" | "null" | "none" | "nil" | "n/a" | "na" | "#n/a" | "ー" | "―" | "—" | "未設定" =>
        {
            return Ok(None);
        }
        "配信停止" | "配信停止中" | "停止" | "停止中" | "配信しない" | "配信拒否" | "拒否"
        | "受信拒否" | "配信除外" | "除外" | "配信不可" | "不可" | "購読停止" | "購読解除"
        | "配信解除" | "解除" | "unsubscribed" | "unsubscribe" | "optedout" | "optout"
        | "donotemail" | "suppressed" | "bounced" => return Ok(Some(true)),
        "配信中" | "配信する" | "配信可" | "配信可能" | "購読中" | "購読" | "受信する" | "許可"
        | "承諾" | "同意" | "同意済み" | "subscribed" | "optedin" | "optin" | "active" => {
            return Ok(Some(false));
        }
        _ => {}
    }
    let yes = match key.as_str() {
        "する" => Some(true),
        "しない" => Some(false),
        _ => match parse_flag(raw) {
            Ok(Some(b)) => Some(b),
            Ok(None) => return Ok(None),
            Err(_) => None,
        },
    };
    match (yes, column) {
        (Some(yes), OptOutColumn::YesMeansOut) => Ok(Some(yes)),
        (Some(yes), OptOutColumn::YesMeansMailable) => Ok(Some(!yes)),
        (None, OptOutColumn::YesMeansOut)
            if parse_datetime(raw, None).is_ok() || year_last(raw).is_some() =>
        {
            Ok(Some(true))
        }
        (None, _) => Err(format!("not an opt-out value: \"{raw}\"")),
    }
}

/// An opt-in basis: フォーム / 名刺(交換) / 既存取引, their English names, or HubSpot's legal-basis
/// wording ("Freely given consent from contact", "Legitimate interest – existing customer" …).
pub fn parse_consent(raw: &str) -> Result<Option<ConsentBasis>, String> {
    let k = match_key(raw);
    if k.is_empty() {
        return Ok(None);
    }
    let has = |words: &[&str]| words.iter().any(|w| k.contains(w));
    if has(&["名刺", "business card", "business_card", "展示会", "card"]) {
        Ok(Some(ConsentBasis::BusinessCard))
    } else if has(&[
        "既存",
        "取引",
        "existing",
        "customer",
        "relationship",
        "契約",
    ]) {
        Ok(Some(ConsentBasis::ExistingRelationship))
    } else if has(&["prospect", "legitimate interest"]) {
        // HubSpot's "Legitimate interest – prospect/lead" is no opt-in under Japanese law.
        Ok(None)
    } else if has(&[
        "フォーム",
        "form",
        "consent",
        "同意",
        "opt-in",
        "optin",
        "オプトイン",
        "登録",
    ]) {
        Ok(Some(ConsentBasis::Form))
    } else {
        Err(format!(
            "unknown opt-in basis \"{raw}\" (expected フォーム, 名刺, 既存取引)"
        ))
    }
}

/// What an activity log's row is: a behaviour the workspace records, or an activity that is not
/// one (a delivery, a bounce, a data or score change, a list added …), which an import skips and
/// counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Activity {
    /// A behaviour, of this kind.
    Behaviour(EventKind),
    /// Not a behaviour.
    NotBehaviour,
}

/// How an activity log writes its activity types besides their names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActivityIds<'a> {
    /// Names only: a number is not a known type.
    None,
    /// Marketo's activity type ids (its activity export and bulk activity extract).
    Marketo,
    /// Account Engagement's visitor activity type numbers, with the row's object type (its
    /// `Type Name`: Email, File, Landing Page …), which tells what a click or a view was of.
    AccountEngagement(&'a str),
    /// A Salesforce campaign member's status, with the campaign's type, which tells what a
    /// response was (to a webinar: attending; to content: a download; to a mail: a click).
    CampaignMember(&'a str),
}

/// The behaviour each name stands for: the workspace's codes and Japanese names, and the activity
/// types of Marketo (its names), HubSpot's email events, Account Engagement's visitor activities
/// and the Japanese MA tools' words; compared folded (`activity_key`).
const BEHAVIOUR_NAMES: [(EventKind, &[&str]); 9] = [
    (
        EventKind::PageView,
        &[
            "ページ閲覧",
            "閲覧",
            "ページビュー",
            "サイトアクセス",
            "メールから流入",
            "pv",
            "サイト訪問",
            "訪問",
            "webアクセス",
            "アクセス",
            "pageview",
            "pagevisit",
            "webvisit",
            "visit",
            "sitevisit",
            "visitwebpage",
            "clicklink",
            "view",
            "webpageview",
        ],
    ),
    (
        EventKind::DocumentDownload,
        &[
            "資料ダウンロード",
            "資料dl",
            "ダウンロード",
            "資料請求",
            "ファイルダウンロード",
            "download",
            "documentdownload",
            "documentdownloaded",
            "filedownload",
            "filedownloaded",
        ],
    ),
    (
        EventKind::WebinarRegistration,
        &[
            "ウェビナー申込",
            "ウェビナー申し込み",
            "セミナー申込",
            "セミナー申し込み",
            "イベント申込",
            "webinarregistration",
            "webinarregistered",
            "registration",
            "registeredforwebinar",
            "eventregistered",
        ],
    ),
    (
        EventKind::WebinarAttendance,
        &[
            "ウェビナー参加",
            "セミナー参加",
            "ウェビナー視聴",
            "イベント参加",
            "webinarattendance",
            "webinarattended",
            "attendance",
            "attendedwebinar",
            "eventcheckedin",
        ],
    ),
    (
        EventKind::FormSubmit,
        &[
            "フォーム送信",
            "フォーム登録",
            "会員登録",
            "フォーム入力",
            "問い合わせ",
            "お問い合わせ",
            "formsubmit",
            "formsubmitted",
            "formsubmission",
            "formfill",
            "filloutform",
            "formsuccess",
            "formhandlersuccess",
            "success",
        ],
    ),
    (
        EventKind::EmailSend,
        &[
            "メール配信",
            "メール送信",
            "送信済み",
            "配信",
            "emailsend",
            "emailsent",
            "send",
            "sent",
            "sendemail",
            "listemail",
        ],
    ),
    (
        EventKind::EmailOpen,
        &[
            "メール開封",
            "開封",
            "emailopen",
            "emailopened",
            "open",
            "opened",
            "openemail",
        ],
    ),
    (
        EventKind::EmailClick,
        &[
            "メールクリック",
            "メール内urlクリック",
            "メールリンククリック",
            "リンククリック",
            "メール内クリック",
            "クリック",
            "urlクリック",
            "emailclick",
            "emailclicked",
            "click",
            "clicked",
            "clickemail",
            "emailclicklink",
        ],
    ),
    (
        EventKind::Unsubscribe,
        &[
            "配信停止",
            "メール配信停止",
            "配信解除",
            "購読解除",
            "unsubscribe",
            "unsubscribed",
            "optout",
            "unsubscribeemail",
            "unsubscribepage",
            "spamreport",
            "spamcomplaint",
        ],
    ),
];

/// Activity types that are not behaviour, folded: deliveries and bounces, data, score, list and
/// status changes, Marketo's interesting moments and new leads, sessions and searches.
const NOT_BEHAVIOUR: &[&str] = &[
    "delivered",
    "emaildelivered",
    "processed",
    "deferred",
    "dropped",
    "bounce",
    "bounced",
    "emailbounced",
    "emailbouncedsoft",
    "softbounce",
    "hardbounce",
    "changedatavalue",
    "changescore",
    "scorechanged",
    "addtolist",
    "removefromlist",
    "interestingmoment",
    "newlead",
    "changestatusinprogression",
    "statuschange",
    "forward",
    "print",
    "session",
    "search",
    "error",
    "resubscribed",
    "syncleadtosfdc",
    "mergeleads",
    "配信成功",
    "メール到達",
    "メール不達",
    "メールエラー",
    "ログイン",
    "タグ付与",
    // Sales activities an SFA's activity history logs (calls, meetings, tasks): not marketing
    // behaviour.
    "call",
    "email",
    "meeting",
    "task",
    "todo",
    "電話",
    "打ち合わせ",
    "打合せ",
    "ミーティング",
    "タグ削除",
    "newperson",
    "到達",
    "不達",
    "エラー",
    "バウンス",
    "スコア変更",
    "リスト追加",
    "属性変更",
];

/// Marketo's standard activity type ids and what they are.
const MARKETO_IDS: [(u32, &str, Activity); 16] = [
    (1, "Visit Webpage", Activity::Behaviour(EventKind::PageView)),
    (
        2,
        "Fill Out Form",
        Activity::Behaviour(EventKind::FormSubmit),
    ),
    (3, "Click Link", Activity::Behaviour(EventKind::PageView)),
    (6, "Send Email", Activity::Behaviour(EventKind::EmailSend)),
    (7, "Email Delivered", Activity::NotBehaviour),
    (8, "Email Bounced", Activity::NotBehaviour),
    (
        9,
        "Unsubscribe Email",
        Activity::Behaviour(EventKind::Unsubscribe),
    ),
    (10, "Open Email", Activity::Behaviour(EventKind::EmailOpen)),
    (
        11,
        "Click Email",
        Activity::Behaviour(EventKind::EmailClick),
    ),
    (12, "New Lead", Activity::NotBehaviour),
    (13, "Change Data Value", Activity::NotBehaviour),
    (22, "Change Score", Activity::NotBehaviour),
    (24, "Add to List", Activity::NotBehaviour),
    (27, "Email Bounced Soft", Activity::NotBehaviour),
    (46, "Interesting Moment", Activity::NotBehaviour),
    (104, "Change Status in Progression", Activity::NotBehaviour),
];

/// Account Engagement's visitor activity type numbers (its API's field reference) and what they
/// are; a click (1) and a view (2) depend on the object (`account_engagement_object`).
const ACCOUNT_ENGAGEMENT_IDS: [(u32, &str, Activity); 30] = [
    (1, "Click", Activity::Behaviour(EventKind::EmailClick)),
    (2, "View", Activity::Behaviour(EventKind::PageView)),
    (3, "Error", Activity::NotBehaviour), // a form error
    (4, "Success", Activity::Behaviour(EventKind::FormSubmit)),
    (5, "Session", Activity::NotBehaviour), // a session
    (6, "Sent", Activity::Behaviour(EventKind::EmailSend)),
    (7, "Search", Activity::NotBehaviour), // a site search
    (8, "New Opportunity", Activity::NotBehaviour), // opportunities (8–10, 18, 19, 38) are the SFA's
    (9, "Opportunity Won", Activity::NotBehaviour),
    (10, "Opportunity Lost", Activity::NotBehaviour),
    (11, "Open", Activity::Behaviour(EventKind::EmailOpen)),
    (
        12,
        "Unsubscribe Page",
        Activity::Behaviour(EventKind::Unsubscribe),
    ),
    (13, "Bounced", Activity::NotBehaviour), // bounced
    (
        14,
        "Spam Complaint",
        Activity::Behaviour(EventKind::Unsubscribe),
    ), // a spam complaint opts out
    (15, "Email Preference Page", Activity::NotBehaviour), // the email preference page
    (16, "Resubscribed", Activity::NotBehaviour), // resubscribed
    (
        17,
        "Click (Third Party)",
        Activity::Behaviour(EventKind::EmailClick),
    ), // a click tracked by a third party
    (18, "Opportunity Reopened", Activity::NotBehaviour),
    (19, "Opportunity Linked", Activity::NotBehaviour),
    (20, "Visit", Activity::Behaviour(EventKind::PageView)), // a visit
    (
        21,
        "Custom URL Click",
        Activity::Behaviour(EventKind::PageView),
    ), // a custom URL click
    (22, "Olark Chat", Activity::NotBehaviour),              // a chat
    (23, "Invited to Webinar", Activity::NotBehaviour),      // invited to a webinar
    (
        24,
        "Attended Webinar",
        Activity::Behaviour(EventKind::WebinarAttendance),
    ),
    (
        25,
        "Registered for Webinar",
        Activity::Behaviour(EventKind::WebinarRegistration),
    ),
    (
        26,
        "Social Post Click",
        Activity::Behaviour(EventKind::PageView),
    ), // a social post click
    (
        28,
        "Event Registered",
        Activity::Behaviour(EventKind::WebinarRegistration),
    ), // an event registered
    (
        29,
        "Event Checked In",
        Activity::Behaviour(EventKind::WebinarAttendance),
    ), // an event checked in
    (36, "Indirect Bounce Notification", Activity::NotBehaviour), // an indirect bounce notification
    (38, "Opportunity Unlinked", Activity::NotBehaviour),
];

/// What an Account Engagement click or view was, by its object: a file's is a download, a
/// landing page's or a custom redirect's a page view; anything else stays as the number says.
fn account_engagement_object(number: u32, object: &str) -> Option<Activity> {
    let object = activity_key(object);
    match number {
        1 | 2 if object == "file" => Some(Activity::Behaviour(EventKind::DocumentDownload)),
        1 if matches!(object.as_str(), "landingpage" | "customredirect" | "page") => {
            Some(Activity::Behaviour(EventKind::PageView))
        }
        _ => None,
    }
}

/// A numbered activity type's name and what it is, in `ids`' table.
fn numbered(ids: ActivityIds, number: u32) -> Option<(&'static str, Activity)> {
    let table: &[(u32, &'static str, Activity)] = match ids {
        ActivityIds::Marketo => &MARKETO_IDS,
        ActivityIds::AccountEngagement(_) => &ACCOUNT_ENGAGEMENT_IDS,
        ActivityIds::None | ActivityIds::CampaignMember(_) => &[],
    };
    (table.iter())
        .find(|(id, ..)| *id == number)
        .map(|&(_, name, activity)| (name, activity))
}

/// An activity type as a person reads it: a number with its name (`7 Email Delivered`), a name
/// as written.
pub fn activity_label(raw: &str, ids: ActivityIds) -> String {
    let number = activity_key(raw).parse::<u32>().ok();
    match number.and_then(|n| numbered(ids, n)) {
        Some((name, _)) => format!("{} {name}", raw.trim()),
        None => raw.trim().to_owned(),
    }
}

/// What a campaign member's status says it did, by the campaign's type (Salesforce's default
/// statuses Sent / Responded, and the usual Registered / Attended, in English and Japanese).
fn campaign_member(status: &str, campaign: &str) -> Option<Activity> {
    let campaign = activity_key(campaign);
    let of = |words: &[&str]| words.iter().any(|w| campaign.contains(w));
    // A postal mailing is no mail of ours.
    let postal = of(&["directmail", "ダイレクトメール", "dm"]);
    let email = of(&["email", "メール"]) && !postal;
    // Campaigns whose Sent (every campaign's first status) is no mail: a mailing by post, an
    // invitation to a fair handed out in person.
    let offline = postal || of(&["tradeshow", "展示会", "conference", "カンファレンス"]);
    let kind = match status {
        "sent" | "送信済み" | "送信済" | "送信" if offline => {
            return Some(Activity::NotBehaviour);
        }
        "sent" | "送信済み" | "送信済" | "送信" => EventKind::EmailSend,
        "registered" | "登録済み" | "登録済" | "申込" | "申込済み" => {
            EventKind::WebinarRegistration
        }
        "attended" | "出席" | "参加" | "参加済み" | "来場" => {
            EventKind::WebinarAttendance
        }
        "responded" | "反応あり" | "反応済み" | "応答済み" => {
            let event = [
                "webinar",
                "ウェビナー",
                "セミナー",
                "seminar",
                "event",
                "イベント",
                "展示会",
                "tradeshow",
                "conference",
                "カンファレンス",
            ];
            let content = [
                "content",
                "コンテンツ",
                "whitepaper",
                "ホワイトペーパー",
                "資料",
                "download",
                "ebook",
            ];
            if of(&event) {
                EventKind::WebinarAttendance
            } else if email {
                EventKind::EmailClick
            } else if of(&content) {
                EventKind::DocumentDownload
            } else {
                EventKind::FormSubmit
            }
        }
        "planned" | "invited" | "招待済み" | "予定" | "欠席" | "noshow" | "notattended" => {
            return Some(Activity::NotBehaviour);
        }
        _ => return None,
    };
    Some(Activity::Behaviour(kind))
}

/// Whether an activity is a change of subscription status (HubSpot's STATUSCHANGE), which the
/// row's status column says the direction of.
pub fn is_status_change(raw: &str) -> bool {
    matches!(
        activity_key(raw).as_str(),
        "statuschange" | "subscriptionchange" | "配信ステータス変更" | "購読状況変更"
    )
}

/// An activity type folded for matching: normalised, lower-case, without spaces, `_`, `-`, `.`
/// or `・`.
fn activity_key(raw: &str) -> String {
    match_key(raw)
        .chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-' | '.' | '・' | '　' | '(' | ')'))
        .collect()
}

/// An activity log's activity type: by the workspace's code or any name in `BEHAVIOUR_NAMES` or
/// `NOT_BEHAVIOUR`, or by a number as `ids` reads it.
pub fn parse_activity(raw: &str, ids: ActivityIds) -> Result<Activity, String> {
    let key = activity_key(raw);
    let unknown = || format!("unknown event kind \"{raw}\"");
    if let Ok(number) = key.parse::<u32>() {
        return match ids {
            ActivityIds::AccountEngagement(object) => account_engagement_object(number, object)
                .or_else(|| numbered(ids, number).map(|(_, a)| a))
                .ok_or_else(unknown),
            _ => numbered(ids, number).map(|(_, a)| a).ok_or_else(unknown),
        };
    }
    if let ActivityIds::CampaignMember(campaign) = ids
        && let Some(activity) = campaign_member(&key, campaign)
    {
        return Ok(activity);
    }
    let code = match_key(raw).replace([' ', '-'], "_");
    if let Some(kind) = EventKind::from_code(&code) {
        return Ok(Activity::Behaviour(kind));
    }
    if let Some((kind, _)) =
        (BEHAVIOUR_NAMES.iter()).find(|(_, names)| names.contains(&key.as_str()))
    {
        return Ok(Activity::Behaviour(*kind));
    }
    if NOT_BEHAVIOUR.contains(&key.as_str()) {
        return Ok(Activity::NotBehaviour);
    }
    Err(unknown())
}

/// The SFA/CRM words read as each deal status (compared after `match_key` normalisation, with `_`
/// and `-` read as spaces): the Japanese stage names and the usual English ones.
pub const DEAL_STATUS_WORDS: [(DealStatus, &[&str]); 6] = [
    (
        DealStatus::Unworked,
        &[
            "open not contacted",
            "オープン 未コンタクト",
            "未コンタクト",
            "未対応",
            "新規",
            "未着手",
            "未接触",
            "open",
            "new",
            "unworked",
            "open not contacted",
        ],
    ),
    (
        DealStatus::Working,
        &[
            "working contacted",
            "作業中 コンタクト済み",
            "コンタクト済み",
            "対応中",
            "アプローチ中",
            "接触中",
            "ヒアリング",
            "ヒアリング中",
            "working",
            "contacted",
            "working contacted",
            "in progress",
        ],
    ),
    (
        DealStatus::Opportunity,
        &[
            "closed converted",
            "クローズ 取引開始済み",
            "取引開始済み",
            "prospecting",
            "qualification",
            "needs analysis",
            "value proposition",
            "id. decision makers",
            "perception analysis",
            "proposal/price quote",
            "negotiation/review",
            "見込み客",
            "選定",
            "ニーズ分析",
            "価値提案",
            "意思決定者の特定",
            "認識分析",
            "提案/見積",
            "交渉/レビュー",
            // kintone's sales-deal template and common hand-made phases.
            "見込み",
            "提案",
            "提案中",
            "交渉",
            "交渉中",
            "見積",
            "見積提出",
            "appointmentscheduled",
            "appointment scheduled",
            "qualifiedtobuy",
            "qualified to buy",
            "presentationscheduled",
            "presentation scheduled",
            "decisionmakerboughtin",
            "decision maker bought in",
            "contractsent",
            "contract sent",
            "アポイント設定済み",
            "購入見込みあり",
            "プレゼン予定済み",
            "意思決定者の賛同",
            "契約書送付済み",
            "商談化",
            "商談中",
            "商談",
            "提案",
            "提案中",
            "見積",
            "見積提出",
            "交渉",
            "交渉中",
            "opportunity",
            "qualified",
            "sql",
            "proposal",
            "negotiation",
        ],
    ),
    (
        DealStatus::Won,
        &[
            "成立",
            "受注",
            "成約",
            "契約",
            "契約締結",
            "won",
            "closed won",
            "closedwon",
        ],
    ),
    (
        DealStatus::Lost,
        &[
            "成約に至らず",
            "失注",
            "不成立",
            "見送り",
            "lost",
            "closed lost",
            "closedlost",
            "unqualified",
            "disqualified",
        ],
    ),
    (
        DealStatus::Recycled,
        &[
            "closed not converted",
            "クローズ 未取引開始",
            "未取引開始",
            "ナーチャリング戻し",
            "ナーチャリング",
            "育成",
            "再育成",
            "recycled",
            "nurture",
            "nurturing",
        ],
    ),
];

/// A deal status in the user's SFA words ([`DEAL_STATUS_WORDS`]).
pub fn parse_deal_status(raw: &str) -> Result<DealStatus, String> {
    parse_deal_status_with(&[], raw)
}

/// How a deal status value is compared: `match_key`, with `_` and `-` read as spaces and runs of
/// spaces as one ("Open - Not Contacted" is "open not contacted").
pub fn deal_status_key(raw: &str) -> String {
    (match_key(raw).replace(['_', '-'], " "))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A deal status in the workspace's own values (`own`, keys as `deal_status_key` gives them)
/// first, then in the usual names.
pub fn parse_deal_status_with(
    own: &[(String, DealStatus)],
    raw: &str,
) -> Result<DealStatus, String> {
    let k = deal_status_key(raw);
    (own.iter()
        .find(|(word, _)| *word == k)
        .map(|(_, status)| *status))
    .or_else(|| {
        DEAL_STATUS_WORDS
            .iter()
            .find(|(_, words)| words.contains(&k.as_str()))
            .map(|(status, _)| *status)
    })
    .ok_or_else(|| format!("unknown deal status \"{raw}\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jst_ts(y: i32, m: u32, d: u32, h: u32, mi: u32) -> i64 {
        jst()
            .with_ymd_and_hms(y, m, d, h, mi, 0)
            .unwrap()
            .timestamp()
    }

    #[test]
    fn deal_statuses_in_the_sfa_words_of_the_table() {
        for (status, words) in DEAL_STATUS_WORDS {
            for word in words {
                assert_eq!(parse_deal_status(word), Ok(status), "{word}");
            }
        }
        assert_eq!(parse_deal_status("Closed-Won"), Ok(DealStatus::Won));
        // Salesforce's stage names, with their " - ".
        assert_eq!(
            parse_deal_status("Open - Not Contacted"),
            Ok(DealStatus::Unworked)
        );
        assert_eq!(
            parse_deal_status("Working - Contacted"),
            Ok(DealStatus::Working)
        );
        assert_eq!(parse_deal_status(" 商談化 "), Ok(DealStatus::Opportunity));
        assert!(parse_deal_status("保留").unwrap_err().contains("保留"));
        // A workspace's own value, compared the same way, before the usual names.
        let own = [(deal_status_key("見込み薄"), DealStatus::Lost)];
        assert_eq!(
            parse_deal_status_with(&own, " 見込み薄"),
            Ok(DealStatus::Lost)
        );
        assert_eq!(parse_deal_status_with(&own, "受注"), Ok(DealStatus::Won));
    }

    #[test]
    fn dates_in_every_common_shape() {
        let morning = jst_ts(2024, 4, 1, 10, 0);
        for s in [
            "2024-04-01 10:00:00",
            "2024/04/01 10:00",
            "2024/4/1 10:00",
            "2024-04-01T01:00:00Z",
            "2024-04-01T01:00:00.000Z",
            "2024-04-01T10:00:00+09:00",
            "2024-04-01 10:00:00+09:00",
            "２０２４／４／１　１０：００",
        ] {
            assert_eq!(parse_datetime(s, None), Ok(morning), "{s}");
        }
        let midnight = jst_ts(2024, 4, 1, 0, 0);
        for s in ["2024/4/1", "2024-04-01", "2024年4月1日", "2024.4.1"] {
            assert_eq!(parse_datetime(s, None), Ok(midnight), "{s}");
        }
        let afternoon = jst_ts(2025, 4, 1, 15, 0);
        for s in [
            "2025/04/01 午後 3:00",
            "2025/04/01 PM 3:00",
            "2025-04-01 06:00:00 UTC",
            "2025-04-01 15:00 JST",
            "2025-04-01T06:00:00.000+0000",
        ] {
            assert_eq!(parse_datetime(s, None), Ok(afternoon), "{s}");
        }
        // An Excel serial with the time of day as its fraction, as a spreadsheet's date-time
        // cell is written out: 45748.625 is 15:00 of 2025-04-01.
        assert_eq!(parse_datetime("45748.625", None), Ok(afternoon));
        assert!(parse_datetime("45748.", None).is_err());
        let april = jst_ts(2025, 4, 1, 0, 0);
        for s in [
            "令和7年4月1日",
            "R7.4.1",
            "20250401",
            "45748",
            "令和元年5月1日",
        ] {
            let want = if s == "令和元年5月1日" {
                jst_ts(2019, 5, 1, 0, 0)
            } else {
                april
            };
            assert_eq!(parse_datetime(s, None), Ok(want), "{s}");
        }
        for bad in [
            "",
            "4/1/2024",
            "2024/13/01",
            "yesterday",
            "2024/02/30",
            "午後 15:00 2025/4/1",
            "123",
        ] {
            assert!(parse_datetime(bad, None).is_err(), "{bad}");
        }
        assert_eq!(format_jst(morning), "2024-04-01 10:00:00");
    }

    #[test]
    fn dates_with_the_year_last_in_the_files_order() {
        use super::{DateOrder::*, YearLast, year_last};
        let april_first = jst_ts(2026, 4, 1, 0, 0);
        let january_fourth = jst_ts(2026, 1, 4, 0, 0);
        assert_eq!(parse_datetime("4/1/2026", Some(Mdy)), Ok(april_first));
        assert_eq!(parse_datetime("4/1/2026", Some(Dmy)), Ok(january_fourth));
        assert_eq!(parse_datetime("04-01-2026", Some(Mdy)), Ok(april_first));
        assert_eq!(parse_datetime("1.4.2026", Some(Dmy)), Ok(april_first));
        assert_eq!(
            parse_datetime("4/13/2026 3:05 PM", Some(Mdy)),
            Ok(jst_ts(2026, 4, 13, 15, 5))
        );
        assert!(parse_datetime("4/13/2026", Some(Dmy)).is_err());
        assert!(
            parse_datetime("4/1/2026", None).is_err(),
            "no order, no guess"
        );
        assert!(
            parse_datetime("4/1/26", Some(Mdy)).is_err(),
            "two-digit years"
        );
        // The year first reads the same whatever the order.
        assert_eq!(parse_datetime("2026/4/1", Some(Dmy)), Ok(april_first));
        for (raw, says) in [
            ("4/13/2026", Some(YearLast::Only(Mdy))),
            ("13/4/2026 10:00", Some(YearLast::Only(Dmy))),
            ("4/1/2026", Some(YearLast::Either)),
            ("４/４/２０２６", Some(YearLast::Same)),
            ("2026/4/1", None),
            ("13/13/2026", None),
            ("4/1/26", None),
            ("配信停止", None),
        ] {
            assert_eq!(year_last(raw), says, "{raw}");
        }
    }

    #[test]
    fn salesforce_ids_in_both_forms() {
        use super::salesforce_id_forms;
        // The pair Salesforce's own help gives: the 18-character form adds the case of the 15.
        assert_eq!(
            salesforce_id_forms("001A0000006Vm9r"),
            ["001A0000006Vm9r", "001A0000006Vm9rIAC"]
        );
        assert_eq!(
            salesforce_id_forms("00Q5g000001AbCd"),
            ["00Q5g000001AbCd", "00Q5g000001AbCdEAK"]
        );
        assert_eq!(
            salesforce_id_forms("001A0000006Vm9rIAC"),
            ["001A0000006Vm9rIAC", "001A0000006Vm9r"]
        );
        assert_eq!(salesforce_id_forms("1001"), ["1001"]);
        // Only ids shaped like Salesforce's: an MA tool's numbers, a wrong suffix are not.
        assert_eq!(salesforce_id_forms("481132034811320"), ["481132034811320"]);
        assert_eq!(
            salesforce_id_forms("001A0000006Vm9rIAD"),
            ["001A0000006Vm9rIAD"]
        );
        assert_eq!(salesforce_id_forms("a-b-c-d-e-f-g-h"), ["a-b-c-d-e-f-g-h"]);
    }

    #[test]
    fn campaign_members_by_status_and_campaign_type() {
        use super::{ActivityIds::CampaignMember as Of, EventKind::*};
        let read = |status: &str, campaign: &str| parse_activity(status, Of(campaign));
        let did = |kind| Ok(Activity::Behaviour(kind));
        assert_eq!(read("Sent", "Email"), did(EmailSend));
        assert_eq!(
            read("Sent", "Webinar"),
            did(EmailSend),
            "an invitation mailed"
        );
        assert_eq!(read("Sent", "Trade Show"), Ok(Activity::NotBehaviour));
        assert_eq!(
            read("送信済み", "ダイレクトメール"),
            Ok(Activity::NotBehaviour)
        );
        assert_eq!(read("Responded", "Webinar"), did(WebinarAttendance));
        assert_eq!(read("Responded", "Conference"), did(WebinarAttendance));
        assert_eq!(read("反応あり", "コンテンツ"), did(DocumentDownload));
        assert_eq!(read("Responded", "Email"), did(EmailClick));
        assert_eq!(read("Responded", "Direct Mail"), did(FormSubmit));
        assert_eq!(read("登録済み", "ウェビナー"), did(WebinarRegistration));
        assert_eq!(read("出席", "ウェビナー"), did(WebinarAttendance));
    }

    #[test]
    fn dates_with_the_month_named() {
        let at = jst_ts(2026, 6, 1, 10, 0);
        for s in [
            "Jun 1, 2026 10:00 AM",
            "June 1, 2026 10:00",
            "1 Jun 2026 10:00",
            "01-Jun-2026 10:00:00",
            "Mon, Jun 1, 2026 10:00 am",
            "jun. 1 2026 10:00",
        ] {
            assert_eq!(parse_datetime(s, None), Ok(at), "{s}");
        }
        assert_eq!(
            parse_datetime("Sept 30, 2026 12:30 PM", None),
            Ok(jst_ts(2026, 9, 30, 12, 30))
        );
        assert_eq!(
            parse_datetime("Dec 1, 2026 12:00 AM", None),
            Ok(jst_ts(2026, 12, 1, 0, 0))
        );
        for bad in [
            "Jun 31, 2026",
            "Ju 1, 2026",
            "Jun May 1 2026",
            "Jun 1",
            "Tomorrow 1 2026",
        ] {
            assert!(parse_datetime(bad, None).is_err(), "{bad}");
        }
    }

    #[test]
    fn flags_consent_kinds_and_statuses() {
        assert_eq!(parse_flag("TRUE"), Ok(Some(true)));
        assert_eq!(parse_flag("いいえ"), Ok(Some(false)));
        assert_eq!(parse_flag(""), Ok(None));
        assert!(parse_flag("maybe").is_err());
        assert_eq!(
            parse_consent("名刺交換"),
            Ok(Some(ConsentBasis::BusinessCard))
        );
        assert_eq!(
            parse_consent("Freely given consent from contact"),
            Ok(Some(ConsentBasis::Form))
        );
        assert_eq!(
            parse_consent("Legitimate interest – existing customer"),
            Ok(Some(ConsentBasis::ExistingRelationship))
        );
        assert_eq!(
            parse_activity("資料ダウンロード", ActivityIds::None),
            Ok(Activity::Behaviour(EventKind::DocumentDownload))
        );
        assert_eq!(
            parse_activity("email_open", ActivityIds::None),
            Ok(Activity::Behaviour(EventKind::EmailOpen))
        );
        assert_eq!(parse_deal_status("Closed Won"), Ok(DealStatus::Won));
        assert_eq!(
            parse_deal_status("ナーチャリング戻し"),
            Ok(DealStatus::Recycled)
        );
        assert!(parse_deal_status("謎").is_err());
    }
}

#[cfg(test)]
mod opt_out_tests {
    use super::{OptOutColumn, parse_opt_out};

    #[test]
    fn opt_out_values_read_by_what_the_column_means() {
        use OptOutColumn::{YesMeansMailable as Mailable, YesMeansOut as Out};
        for (raw, column, expected) in [
            ("null", Out, Ok(None)),
            ("NULL", Mailable, Ok(None)),
            ("-", Out, Ok(None)),
            ("", Mailable, Ok(None)),
            ("配信停止", Mailable, Ok(Some(true))),
            ("配信中", Out, Ok(Some(false))),
            ("Unsubscribed", Mailable, Ok(Some(true))),
            ("opted in", Out, Ok(Some(false))),
            ("true", Out, Ok(Some(true))),
            ("true", Mailable, Ok(Some(false))),
            ("はい", Mailable, Ok(Some(false))),
            ("しない", Mailable, Ok(Some(true))),
            ("する", Out, Ok(Some(true))),
            ("2026/05/20 12:00", Out, Ok(Some(true))),
        ] {
            assert_eq!(parse_opt_out(raw, column), expected, "{raw} in {column:?}");
        }
        assert!(parse_opt_out("たぶん", Out).is_err());
        assert!(parse_opt_out("2026/05/20", Mailable).is_err());
    }
}

#[cfg(test)]
mod deal_status_tests {
    use super::parse_deal_status_with;
    use crate::model::expr::DealStatus;

    #[test]
    fn the_crms_standard_stages_read_as_deal_statuses() {
        for (raw, status) in [
            ("Open - Not Contacted", DealStatus::Unworked),
            ("Working - Contacted", DealStatus::Working),
            ("Closed - Converted", DealStatus::Opportunity),
            ("Closed - Not Converted", DealStatus::Recycled),
            ("クローズ - 取引開始済み", DealStatus::Opportunity),
            ("Proposal/Price Quote", DealStatus::Opportunity),
            ("Id. Decision Makers", DealStatus::Opportunity),
            ("提案/見積", DealStatus::Opportunity),
            ("成立", DealStatus::Won),
            ("不成立", DealStatus::Lost),
            ("Closed Won", DealStatus::Won),
            ("appointmentscheduled", DealStatus::Opportunity),
            ("Decision Maker Bought-In", DealStatus::Opportunity),
            ("closedlost", DealStatus::Lost),
            ("成約に至らず", DealStatus::Lost),
        ] {
            assert_eq!(parse_deal_status_with(&[], raw), Ok(status), "{raw}");
        }
    }
}
