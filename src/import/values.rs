//! Cell values as CRM and MA exports write them: dates in every common shape, yes/no flags, consent
//! bases, event kinds and deal statuses in Japanese and English.

use crate::lead::{ConsentBasis, EventKind, match_key, nfkc};
use crate::model::expr::DealStatus;
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};

/// Japan Standard Time. Japan has no daylight saving, so a fixed offset is exact.
pub fn jst() -> FixedOffset {
    FixedOffset::east_opt(9 * 3600).expect("valid offset")
}

/// A date or date-time as exports write it, in Unix seconds. Times without a zone are Japan time.
/// Accepts `2024/4/1`, `2024-04-01 10:00:00`, `2024/04/01 10:00`, `2024年4月1日`, `2024.4.1`,
/// ISO 8601 with `Z` or an offset (`2024-04-01T01:00:00Z`, `…+09:00`, fractional seconds).
pub fn parse_datetime(raw: &str) -> Result<i64, String> {
    let s = nfkc(raw);
    let s = s.trim();
    if s.is_empty() {
        return Err("empty".to_owned());
    }
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return Ok(dt.timestamp());
    }
    // ISO with a space instead of T, or with an offset but no seconds.
    for fmt in [
        "%Y-%m-%d %H:%M:%S%.f%:z",
        "%Y-%m-%dT%H:%M%:z",
        "%Y-%m-%d %H:%M%:z",
    ] {
        if let Ok(dt) = DateTime::parse_from_str(s, fmt) {
            return Ok(dt.timestamp());
        }
    }
    if let Some(naive) = s.strip_suffix('Z').and_then(parse_naive) {
        return Ok(naive.and_utc().timestamp());
    }
    match parse_naive(s) {
        Some(naive) => Ok(jst()
            .from_local_datetime(&naive)
            .single()
            .expect("a fixed offset has one mapping")
            .timestamp()),
        None => Err(format!("unrecognised date \"{raw}\"")),
    }
}

/// A date with an optional time: year, month, day, then optional hour, minute, second and fraction,
/// separated by anything that is not a digit (`/ - .`, 年月日, `T`, space, `:`). The year comes first
/// and has four digits.
fn parse_naive(s: &str) -> Option<NaiveDateTime> {
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
    if year_digits != 4 || !(3..=6).contains(&count) || count == 4 {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(numbers[0] as i32, numbers[1], numbers[2])?;
    let time = NaiveTime::from_hms_opt(numbers[3], numbers[4], numbers[5])?;
    Some(date.and_time(time))
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

/// An event kind, by its code or its Japanese or English name.
pub fn parse_event_kind(raw: &str) -> Result<EventKind, String> {
    let k = match_key(raw).replace([' ', '-'], "_");
    if let Some(kind) = EventKind::from_code(&k) {
        return Ok(kind);
    }
    let kind = match k.as_str() {
        "ページ閲覧" | "閲覧" | "pageview" | "page_visit" | "web_visit" | "visit" => {
            EventKind::PageView
        }
        "資料ダウンロード" | "資料dl" | "ダウンロード" | "download" | "document_downloaded" => {
            EventKind::DocumentDownload
        }
        "ウェビナー申込"
        | "ウェビナー申し込み"
        | "セミナー申込"
        | "webinar_registered"
        | "registration" => EventKind::WebinarRegistration,
        "ウェビナー参加"
        | "セミナー参加"
        | "ウェビナー視聴"
        | "webinar_attended"
        | "attendance" => EventKind::WebinarAttendance,
        "フォーム送信" | "問い合わせ" | "お問い合わせ" | "form_submitted" | "form_fill" => {
            EventKind::FormSubmit
        }
        "メール配信" | "メール送信" | "email_sent" | "send" | "sent" => {
            EventKind::EmailSend
        }
        "メール開封" | "開封" | "email_opened" | "open" | "opened" => EventKind::EmailOpen,
        "メールクリック" | "クリック" | "email_clicked" | "click" | "clicked" => {
            EventKind::EmailClick
        }
        "配信停止" | "unsubscribed" | "opt_out" | "optout" => EventKind::Unsubscribe,
        _ => return Err(format!("unknown event kind \"{raw}\"")),
    };
    Ok(kind)
}

/// A deal status in the user's SFA words: 未対応, 対応中, 商談化, 受注, 失注, ナーチャリング戻し, and the
/// usual English stage names.
pub fn parse_deal_status(raw: &str) -> Result<DealStatus, String> {
    let k = match_key(raw).replace(['_', '-'], " ");
    let status = match k.as_str() {
        "未対応" | "新規" | "open" | "new" | "unworked" | "open not contacted" => {
            DealStatus::Unworked
        }
        "対応中" | "アプローチ中" | "working" | "contacted" | "working contacted"
        | "in progress" => DealStatus::Working,
        "商談化" | "商談中" | "商談" | "opportunity" | "qualified" | "sql" | "proposal"
        | "negotiation" => DealStatus::Opportunity,
        "受注" | "成約" | "won" | "closed won" | "closedwon" => DealStatus::Won,
        "失注" | "lost" | "closed lost" | "closedlost" | "unqualified" | "disqualified" => {
            DealStatus::Lost
        }
        "ナーチャリング戻し" | "ナーチャリング" | "育成" | "recycled" | "nurture" | "nurturing" => {
            DealStatus::Recycled
        }
        _ => return Err(format!("unknown deal status \"{raw}\"")),
    };
    Ok(status)
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
            assert_eq!(parse_datetime(s), Ok(morning), "{s}");
        }
        let midnight = jst_ts(2024, 4, 1, 0, 0);
        for s in ["2024/4/1", "2024-04-01", "2024年4月1日", "2024.4.1"] {
            assert_eq!(parse_datetime(s), Ok(midnight), "{s}");
        }
        for bad in ["", "4/1/2024", "2024/13/01", "yesterday", "2024/02/30"] {
            assert!(parse_datetime(bad).is_err(), "{bad}");
        }
        assert_eq!(format_jst(morning), "2024-04-01 10:00:00");
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
            parse_event_kind("資料ダウンロード"),
            Ok(EventKind::DocumentDownload)
        );
        assert_eq!(parse_event_kind("email_open"), Ok(EventKind::EmailOpen));
        assert_eq!(parse_deal_status("Closed Won"), Ok(DealStatus::Won));
        assert_eq!(
            parse_deal_status("ナーチャリング戻し"),
            Ok(DealStatus::Recycled)
        );
        assert!(parse_deal_status("謎").is_err());
    }
}
