//! Every parameter of the simulation in one document, stored in the workspace section by section:
//! what `scenario settings show` prints and `scenario settings set` reads. A section never set
//! is its default (DESIGN.md §2 and §5). The document also carries the SFA/CRM mapping and the
//! team settings, which the diagnosis reads (DESIGN.md §6).

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::Localized;
use crate::model::settings::FrequencyCap;
use crate::practice::{SfaMapping, TeamSettings};
use crate::scoring::ScoringModel;
use crate::simulate::behaviour::BehaviourSettings;
use crate::simulate::calendar::CalendarSettings;
use crate::simulate::response::ResponseSettings;
use crate::simulate::sfa::SalesProcess;
use crate::simulate::webinars::CampaignCalendar;
use crate::store::{self, StoreError, Workspace};

/// The simulation's parameters.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SimulationSettings {
    /// Scores and the MQL threshold.
    pub scoring: ScoringModel,
    /// Mail responses (before fitting to the workspace's history).
    pub response: ResponseSettings,
    /// Leads' own behaviour after the recorded history.
    pub behaviour: BehaviourSettings,
    /// The sales process after a hand-off.
    pub sales: SalesProcess,
    /// The year-end break and company holidays.
    pub calendar: CalendarSettings,
    /// At most so many mails per lead across all scenarios.
    pub frequency_cap: FrequencyCap,
    /// The SFA/CRM mapping (for the diagnosis).
    pub sfa: SfaMapping,
    /// Who runs the scenarios and how they are reviewed (for the diagnosis).
    pub team: TeamSettings,
    /// What is planned after the recorded history: webinars.
    pub campaigns: CampaignCalendar,
    /// The sender fields new mails start with.
    pub sender: crate::practice::SenderDefaults,
}

/// The document's sections and the workspace keys they are stored under.
pub const SECTIONS: [(&str, &str); 10] = [
    ("scoring", store::documents::SCORING_MODEL),
    ("response", store::documents::RESPONSE),
    ("behaviour", store::documents::BEHAVIOUR),
    ("sales", store::documents::SALES),
    ("calendar", store::documents::CALENDAR),
    ("frequency_cap", store::documents::FREQUENCY_CAP),
    ("sfa", store::documents::SFA_MAPPING),
    ("team", store::documents::TEAM),
    ("campaigns", store::documents::CAMPAIGNS),
    ("sender", store::documents::SENDER),
];

/// Why a settings document was refused.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    /// Not JSON, or not an object.
    #[error("line {line}, column {column}: {message}")]
    Syntax {
        /// Where.
        line: usize,
        /// Where.
        column: usize,
        /// What.
        message: String,
    },
    /// A section the document does not have.
    #[error("unknown section {0}")]
    UnknownSection(String),
    /// A section that does not read as its type.
    #[error("{section}.{path}: {message}")]
    Section {
        /// The section.
        section: String,
        /// Where in it.
        path: String,
        /// What.
        message: String,
    },
    /// Values out of their range.
    #[error("{}", .0.iter().map(|p| p.en.as_str()).collect::<Vec<_>>().join("; "))]
    OutOfRange(Vec<Localized>),
    /// The workspace.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl SettingsError {
    /// `localized`, as the settings screen says it: each out-of-range field by its label
    /// (`worded`), not by its key.
    pub fn on_screen(&self) -> Localized {
        match self {
            SettingsError::OutOfRange(problems) => {
                SettingsError::OutOfRange(problems.iter().map(worded).collect()).localized()
            }
            other => other.localized(),
        }
    }

    /// The message in both languages.
    pub fn localized(&self) -> Localized {
        match self {
            SettingsError::Syntax {
                line,
                column,
                message,
            } => Localized::new(
                format!(
                    "{line}行{column}列: 設定の JSON として読めません（{}）",
                    crate::format::detail_ja(message)
                ),
                format!("line {line}, column {column}: not a settings document ({message})"),
            ),
            SettingsError::UnknownSection(s) => Localized::new(
                format!(
                    "「{s}」という設定はありません（使えるもの: {}）",
                    section_names()
                ),
                format!("there is no setting \"{s}\" (known: {})", section_names()),
            ),
            SettingsError::Section {
                section,
                path,
                message,
            } => {
                // The section itself is `scoring`, not `scoring..`; a field missing from it is
                // one a partial section left out, and a section is replaced whole.
                let place = if path == "." {
                    section.clone()
                } else {
                    format!("{section}.{path}")
                };
                let (hint_ja, hint_en) = if message.starts_with("missing field") {
                    (
                        "（設定は項目ごとにまとめて置き換わります。scenario settings show が出す項目をすべて書いてください）",
                        " (a section is replaced whole: give all of its fields, as scenario settings show prints them)",
                    )
                } else {
                    ("", "")
                };
                Localized::new(
                    format!("{place}: {}{hint_ja}", crate::format::detail_ja(message)),
                    format!("{place}: {message}{hint_en}"),
                )
            }
            SettingsError::OutOfRange(problems) => Localized::new(
                problems
                    .iter()
                    .map(|p| p.ja.as_str())
                    .collect::<Vec<_>>()
                    .join(" / "),
                problems
                    .iter()
                    .map(|p| p.en.as_str())
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
            SettingsError::Store(e) => e.localized(),
        }
    }
}

fn section_names() -> String {
    SECTIONS.map(|s| s.0).join(", ")
}

/// The most events of one kind a lead does on its own a day, by default (a page every quarter
/// of an hour, day and night).
pub const MAX_DAILY_RATE: f64 = 100.0;

/// The field a settings key names, as the settings screen labels it: none for a key the screen
/// does not show (the `response` and `behaviour` sections are edited as JSON, through the CLI).
fn field_label(key: &str) -> Option<Localized> {
    let l = |ja: &str, en: &str| Some(Localized::new(ja, en));
    if let Some(rest) = key.strip_prefix("campaigns.webinars[") {
        let (n, field) = rest.split_once("].")?;
        let n = n.parse::<usize>().ok()? + 1;
        let (ja, en) = match field {
            "name" => ("ウェビナー名", "name"),
            "starts_at" => ("開始日時", "start"),
            "expected_registrants" => ("申込見込み", "expected registrants"),
            "attendance_rate" => ("参加率", "attendance rate"),
            "registration_days" => ("申込受付の日数", "registration period"),
            _ => return None,
        };
        return Some(Localized::new(
            format!("予定ウェビナー {n} 件目の「{ja}」"),
            format!("the {en} of planned webinar {n}"),
        ));
    }
    if key.starts_with("scoring.engagement.") {
        return l("「行動ごとの点数」", "a behaviour's points");
    }
    if key.starts_with("scoring.fit.") {
        return l("「属性の点数」", "an attribute's points");
    }
    match key {
        "scoring.mql_threshold" => l("「MQL 閾値」", "the MQL threshold"),
        "scoring.half_life_days" => l("「行動点の半減期」", "the half-life of behaviour points"),
        "scoring.daily_cap" => l("「1 日に加算する上限」", "the daily cap on points"),
        "frequency_cap.max_sends" => l("配信頻度の上限の「通数」", "the frequency cap's mails"),
        "frequency_cap.per_days" => l("配信頻度の上限の「日数」", "the frequency cap's days"),
        "sales.accept_rate" => l(
            "営業プロセス「対応中になる」の確率",
            "the chance a hand-off is taken up",
        ),
        "sales.opportunity_rate" => l(
            "営業プロセス「商談化する」の確率",
            "the chance of an opportunity",
        ),
        "sales.win_rate" => l("営業プロセス「受注する」の確率", "the chance of a win"),
        "sales.accept_days" => l(
            "営業プロセス「対応中になる」のかかる日数",
            "the days to take a hand-off up",
        ),
        "sales.opportunity_days" => l(
            "営業プロセス「商談化する」のかかる日数",
            "the days to an opportunity",
        ),
        "sales.close_days" => l("営業プロセス「受注する」のかかる日数", "the days to close"),
        "calendar.year_end" => l("「年末年始休み」", "the year-end break"),
        _ => None,
    }
}

/// A settings problem as the settings screen says it: the key it opens with (what the CLI's
/// `settings set` and the JSON name) replaced by the field's label; as it is for a key the screen
/// does not show.
pub fn worded(problem: &Localized) -> Localized {
    let word = |text: &str, lang_ja: bool| -> Option<String> {
        // The key: the message's opening run of key characters.
        let end = (text.find(|c: char| !(c.is_ascii_alphanumeric() || "._[]".contains(c))))
            .unwrap_or(text.len());
        let (key, rest) = text.split_at(end);
        let label = field_label(key)?;
        let rest = rest.trim_start();
        Some(if lang_ja {
            format!("{}{rest}", label.ja)
        } else {
            format!("{} {rest}", label.en)
        })
    };
    Localized::new(
        word(&problem.ja, true).unwrap_or_else(|| problem.ja.clone()),
        word(&problem.en, false).unwrap_or_else(|| problem.en.clone()),
    )
}

impl SimulationSettings {
    /// The workspace's settings (defaults where none were set).
    pub fn load(conn: &rusqlite::Connection) -> Result<SimulationSettings, StoreError> {
        use store::documents::load;
        Ok(SimulationSettings {
            scoring: load(conn, SECTIONS[0].1)?,
            response: load(conn, SECTIONS[1].1)?,
            behaviour: load(conn, SECTIONS[2].1)?,
            sales: load(conn, SECTIONS[3].1)?,
            calendar: load(conn, SECTIONS[4].1)?,
            frequency_cap: load(conn, SECTIONS[5].1)?,
            sfa: load(conn, SECTIONS[6].1)?,
            team: load(conn, SECTIONS[7].1)?,
            campaigns: load(conn, SECTIONS[8].1)?,
            sender: load(conn, SECTIONS[9].1)?,
        })
    }

    /// Values out of their range, in both languages.
    pub fn problems(&self) -> Vec<Localized> {
        let mut out = Vec::new();
        for (detail, target) in &self.response.mail_ties {
            let shaped = target
                .split_once('/')
                .is_some_and(|(scenario, node)| !scenario.is_empty() && !node.is_empty());
            if !shaped {
                out.push(Localized::new(
                    format!(
                        "response.mail_ties の「{detail}」は「シナリオID/ノードID」で指定してください（{target}）"
                    ),
                    format!(
                        "response.mail_ties \"{detail}\" must name a scenario's mail as scenario/node (is \"{target}\")"
                    ),
                ));
            }
        }
        let mut probability = |name: &str, p: f64| {
            if !(0.0..=1.0).contains(&p) {
                out.push(Localized::new(
                    format!("{name} は 0〜1 の確率で指定してください（{p}）"),
                    format!("{name} must be a probability from 0 to 1 (is {p})"),
                ));
            }
        };
        let r = &self.response;
        probability("response.open_rate", r.open_rate);
        probability("response.click_given_open", r.click_given_open);
        probability("response.unsubscribe_rate", r.unsubscribe_rate);
        probability("response.max_probability", r.max_probability);
        let s = &self.sales;
        probability("sales.accept_rate", s.accept_rate);
        probability("sales.opportunity_rate", s.opportunity_rate);
        probability("sales.win_rate", s.win_rate);
        // Not negative, and a number a model can use (1e300 events a day is none): at most
        // `most`, a million unless said.
        let mut within = |name: String, x: f64, most: f64| {
            // A huge number as 1e300, not 301 digits.
            let shown = if x.abs() >= 1.0e9 {
                format!("{x:e}")
            } else {
                format!("{x}")
            };
            if !x.is_finite() || x < 0.0 {
                out.push(Localized::new(
                    format!("{name} は 0 以上の有限の数で指定してください（{shown}）"),
                    format!("{name} must be a finite number, not negative (is {shown})"),
                ));
            } else if x > most {
                out.push(Localized::new(
                    format!("{name} は {most} 以下で指定してください（{shown}）"),
                    format!("{name} must be at most {most} (is {shown})"),
                ));
            }
        };
        let mut non_negative = |name: String, x: f64| within(name, x, 1.0e6);
        non_negative(
            "response.fatigue_per_recent_send".into(),
            r.fatigue_per_recent_send,
        );
        non_negative("response.shrinkage_sends".into(), r.shrinkage_sends);
        non_negative(
            "response.mail_shrinkage_sends".into(),
            r.mail_shrinkage_sends,
        );
        non_negative(
            "response.kind_shrinkage_sends".into(),
            r.kind_shrinkage_sends,
        );
        for (kind, f) in &r.kind {
            non_negative(format!("response.kind.{kind}.open"), f.open);
            non_negative(format!("response.kind.{kind}.click"), f.click);
        }
        non_negative("behaviour.prior_events".into(), self.behaviour.prior_events);
        for (kind, rate) in &self.behaviour.default_daily_rate {
            within(
                format!("behaviour.default_daily_rate.{kind}"),
                *rate,
                MAX_DAILY_RATE,
            );
        }
        within(
            "behaviour.prior_days".into(),
            self.behaviour.prior_days,
            36_500.0,
        );
        if self.behaviour.prior_days.is_nan() || self.behaviour.prior_days < 1.0 {
            // A lead seen for minutes would otherwise get its count over minutes as a daily rate.
            let x = self.behaviour.prior_days;
            out.push(Localized::new(
                format!("behaviour.prior_days は 1 日以上で指定してください（{x}）"),
                format!("behaviour.prior_days must be at least 1 day (is {x})"),
            ));
        }
        let sc = &self.scoring;
        // Points within ±POINTS_LIMIT each, the threshold and the daily cap within the scores'
        // range: a score never leaves ±SCORE_LIMIT in a few steps.
        let limit = crate::scoring::POINTS_LIMIT;
        let e = &sc.engagement;
        let engagement = [
            ("page_view", e.page_view),
            ("pricing_page", e.pricing_page),
            ("document_download", e.document_download),
            ("webinar_registration", e.webinar_registration),
            ("webinar_attendance", e.webinar_attendance),
            ("form_submit", e.form_submit),
            ("email_open", e.email_open),
            ("email_click", e.email_click),
            ("unsubscribe", e.unsubscribe),
        ]
        .map(|(k, v)| (format!("scoring.engagement.{k}"), v));
        let fit = [
            ("job_level", &sc.fit.job_level),
            ("employee_band", &sc.fit.employee_band),
            ("industry", &sc.fit.industry),
        ]
        .into_iter()
        .flat_map(|(group, points)| {
            (points.iter()).map(move |(k, v)| (format!("scoring.fit.{group}.{k}"), *v))
        });
        for (name, points) in engagement.into_iter().chain(fit) {
            if points.unsigned_abs() > limit.unsigned_abs() {
                out.push(Localized::new(
                    format!("{name} は ±{limit} 点以内で指定してください（{points}）"),
                    format!("{name} must be within ±{limit} points (is {points})"),
                ));
            }
        }
        for (name, value) in [
            ("scoring.mql_threshold", sc.mql_threshold),
            ("scoring.daily_cap", sc.daily_cap),
        ] {
            let range = crate::scoring::SCORE_LIMIT;
            if value > range {
                out.push(Localized::new(
                    format!("{name} は {range} 以下で指定してください（{value}）"),
                    format!("{name} must be at most {range} (is {value})"),
                ));
            }
        }
        let mut at_least_one = |name: &str, n: i64| {
            if n < 1 {
                out.push(Localized::new(
                    format!("{name} は 1 以上で指定してください（{n}）"),
                    format!("{name} must be at least 1 (is {n})"),
                ));
            }
        };
        at_least_one("scoring.mql_threshold", i64::from(sc.mql_threshold));
        at_least_one("scoring.half_life_days", i64::from(sc.half_life_days));
        at_least_one("scoring.daily_cap", i64::from(sc.daily_cap));
        at_least_one(
            "frequency_cap.max_sends",
            i64::from(self.frequency_cap.max_sends),
        );
        at_least_one(
            "frequency_cap.per_days",
            i64::from(self.frequency_cap.per_days),
        );
        let most = crate::model::settings::MAX_CAP_DAYS;
        if self.frequency_cap.per_days > most {
            let days = self.frequency_cap.per_days;
            out.push(Localized::new(
                format!("frequency_cap.per_days は {most} 日以内で指定してください（{days}）"),
                format!("frequency_cap.per_days must be at most {most} days (is {days})"),
            ));
        }
        for (name, (lo, hi)) in [
            ("sales.accept_days", s.accept_days),
            ("sales.opportunity_days", s.opportunity_days),
            ("sales.close_days", s.close_days),
        ] {
            if lo > hi {
                out.push(Localized::new(
                    format!("{name} は [最短, 最長] の順で指定してください（[{lo}, {hi}]）"),
                    format!("{name} must be [shortest, longest] (is [{lo}, {hi}])"),
                ));
            }
        }
        if let Some((from, to)) = &self.calendar.year_end {
            for day in [from, to] {
                let ok = chrono::NaiveDate::parse_from_str(&format!("2024-{day}"), "%Y-%m-%d")
                    .is_ok()
                    && day.len() == 5;
                if !ok {
                    out.push(Localized::new(
                        format!("calendar.year_end の「{day}」は MM-DD で指定してください"),
                        format!("calendar.year_end \"{day}\" must be written MM-DD"),
                    ));
                }
            }
        }
        out.extend(self.campaigns.problems());
        out
    }

    /// Replaces the sections `json` has (the others stay as they are), all or nothing: a document
    /// with an unknown section, a section that does not read or a value out of range changes
    /// nothing. Returns the sections replaced.
    pub fn apply(ws: &mut Workspace, json: &str) -> Result<Vec<&'static str>, SettingsError> {
        let document: serde_json::Map<String, serde_json::Value> =
            (crate::format::no_duplicate_keys(json).and_then(|()| serde_json::from_str(json)))
                .map_err(|e| SettingsError::Syntax {
                    line: e.line(),
                    column: e.column(),
                    message: e.to_string(),
                })?;
        if let Some(unknown) = document
            .keys()
            .find(|k| !SECTIONS.iter().any(|s| s.0 == k.as_str()))
        {
            return Err(SettingsError::UnknownSection(unknown.clone()));
        }
        // The sections the document has replace the stored ones unread (so a stored section that
        // no longer reads can be repaired); the others are neither read nor judged nor written.
        fn pick<T: DeserializeOwned + Default>(
            document: &serde_json::Map<String, serde_json::Value>,
            name: &str,
        ) -> Result<T, SettingsError> {
            document
                .get(name)
                .map_or_else(|| Ok(T::default()), |value| section(name, value))
        }
        let settings = SimulationSettings {
            scoring: pick(&document, "scoring")?,
            response: pick(&document, "response")?,
            behaviour: pick(&document, "behaviour")?,
            sales: pick(&document, "sales")?,
            calendar: pick(&document, "calendar")?,
            frequency_cap: pick(&document, "frequency_cap")?,
            sfa: pick(&document, "sfa")?,
            team: pick(&document, "team")?,
            campaigns: pick(&document, "campaigns")?,
            sender: pick(&document, "sender")?,
        };
        let replaced: Vec<&'static str> = SECTIONS
            .iter()
            .map(|s| s.0)
            .filter(|name| document.contains_key(*name))
            .collect();
        let problems: Vec<Localized> = (settings.problems().into_iter())
            .filter(|p| replaced.iter().any(|r| p.en.starts_with(&format!("{r}."))))
            .collect();
        if !problems.is_empty() {
            return Err(SettingsError::OutOfRange(problems));
        }
        // Each section as it read (the document's fields are the sections).
        let whole = serde_json::to_value(&settings).expect("settings serialise");
        let tx = ws.transaction()?;
        for &(name, key) in &SECTIONS {
            if replaced.contains(&name) {
                store::documents::save(&tx, key, &whole[name])?;
            }
        }
        tx.commit().map_err(StoreError::from)?;
        Ok(replaced)
    }
}

impl SimulationSettings {
    /// Makes `scoring` the scoring model in use, kept as a new version with `note` (the first
    /// time, the model it replaces is kept first, with `replaced`): refused, changing nothing,
    /// when a value is out of its range. `saved_at` (Unix seconds) comes from the caller.
    /// Returns the version's number.
    pub fn keep_scoring(
        ws: &mut Workspace,
        scoring: &ScoringModel,
        note: &str,
        replaced: &str,
        saved_at: i64,
    ) -> Result<i64, SettingsError> {
        let mut settings = SimulationSettings::load(ws.conn())?;
        settings.scoring = scoring.clone();
        let problems: Vec<Localized> = (settings.problems().into_iter())
            .filter(|p| p.en.starts_with("scoring."))
            .collect();
        if !problems.is_empty() {
            return Err(SettingsError::OutOfRange(problems));
        }
        Ok(store::scores::keep_version(
            ws, scoring, note, replaced, saved_at,
        )?)
    }
}

/// One section of the document as its type, with the path of what does not read.
fn section<T: DeserializeOwned>(name: &str, value: &serde_json::Value) -> Result<T, SettingsError> {
    serde_path_to_error::deserialize(value).map_err(|e| SettingsError::Section {
        section: name.to_owned(),
        path: e.path().to_string(),
        message: e.inner().to_string(),
    })
}

#[cfg(test)]
mod worded_tests {
    use super::*;

    /// The settings screen names a refused field by its label; the CLI keeps the key.
    #[test]
    fn a_refused_field_is_named_by_its_label() {
        let p = Localized::new(
            "sales.accept_days は [最短, 最長] の順で指定してください（[9, 5]）",
            "sales.accept_days must be [shortest, longest] (is [9, 5])",
        );
        let w = worded(&p);
        assert_eq!(
            w.ja,
            "営業プロセス「対応中になる」のかかる日数は [最短, 最長] の順で指定してください（[9, 5]）"
        );
        assert_eq!(
            w.en,
            "the days to take a hand-off up must be [shortest, longest] (is [9, 5])"
        );
        let webinar = Localized::new(
            "campaigns.webinars[1].registration_days は 1〜365 日で指定してください",
            "campaigns.webinars[1].registration_days must be 1 to 365 days",
        );
        assert!(
            worded(&webinar)
                .ja
                .starts_with("予定ウェビナー 2 件目の「申込受付の日数」は")
        );
        // A key the screen does not show stays as it is.
        let other = Localized::new("response.open_rate は …", "response.open_rate must …");
        assert_eq!(worded(&other), other);
    }
}
