//! Scenario-level settings: who enters, what counts as success, and the sending rules.

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::expr::Expr;
use super::ids::ScenarioId;
use super::node::Delay;

/// Settings that apply to the whole scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// ターゲットセグメント: only leads matching it enter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment: Option<Expr>,
    /// KPI目標.
    #[serde(default)]
    pub kpi: KpiTargets,
    /// ゴール: a lead meeting it leaves the scenario wherever it is, counted as a success
    /// (e.g. 商談化).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goal: Option<Expr>,
    /// 終了条件: a lead meeting it leaves the scenario wherever it is, not counted as a success
    /// (e.g. became a customer through another route).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exit_when: Option<Expr>,
    /// 再登録: whether a lead can enter again.
    #[serde(default)]
    pub reenrollment: Reenrollment,
    /// 配信時間帯.
    #[serde(default)]
    pub send_window: SendWindow,
    /// 配信頻度上限 for this scenario's mails; absent means only the workspace-wide cap applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frequency_cap: Option<FrequencyCap>,
    /// 最小配信間隔: the least time between two mails of this scenario on any path.
    #[serde(default = "default_min_send_interval")]
    pub min_send_interval: Delay,
    /// Leads currently in any of these scenarios do not enter this one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suppress_while_in: Vec<ScenarioId>,
}

fn default_min_send_interval() -> Delay {
    Delay::days(2)
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            segment: None,
            kpi: KpiTargets::default(),
            goal: None,
            exit_when: None,
            reenrollment: Reenrollment::default(),
            send_window: SendWindow::default(),
            frequency_cap: None,
            min_send_interval: default_min_send_interval(),
            suppress_while_in: Vec::new(),
        }
    }
}

/// KPI targets, each a range in percent. Rates are per enrolled lead for hand-off and deal, per
/// delivered mail for open, and per delivered mail for click.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KpiTargets {
    /// 開封率.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open_rate: Option<PercentRange>,
    /// クリック率.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub click_rate: Option<PercentRange>,
    /// 営業引き渡し率 (MQL rate).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handoff_rate: Option<PercentRange>,
    /// 商談化率.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deal_rate: Option<PercentRange>,
}

/// A KPI a scenario can have a target for (記事「KPI の設定」).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Kpi {
    /// 開封率: opened among mailed.
    OpenRate,
    /// クリック率: clicked among mailed.
    ClickRate,
    /// 営業引き渡し率: handed off among enrolled.
    HandoffRate,
    /// 商談化率: deals among enrolled.
    DealRate,
}

impl Kpi {
    /// Every KPI, in the order forms and reports list them.
    pub const ALL: [Kpi; 4] = [
        Kpi::OpenRate,
        Kpi::ClickRate,
        Kpi::HandoffRate,
        Kpi::DealRate,
    ];

    /// Its name in the file and in exports (`open_rate`, …).
    pub fn code(self) -> &'static str {
        match self {
            Kpi::OpenRate => "open_rate",
            Kpi::ClickRate => "click_rate",
            Kpi::HandoffRate => "handoff_rate",
            Kpi::DealRate => "deal_rate",
        }
    }

    /// The target a new scenario starts from when the KPI is ticked, in percent: the article's
    /// B2B benchmarks (nurture mails open 20–30 % and are clicked 2–5 %; 10–20 % of a follow-up's
    /// leads go to sales, 3–8 % become opportunities), as the templates use them.
    pub fn benchmark(self) -> (f64, f64) {
        match self {
            Kpi::OpenRate => (20.0, 30.0),
            Kpi::ClickRate => (2.0, 5.0),
            Kpi::HandoffRate => (10.0, 20.0),
            Kpi::DealRate => (3.0, 8.0),
        }
    }

    /// Its name for people.
    pub fn label(self) -> crate::Localized {
        let (ja, en) = match self {
            Kpi::OpenRate => ("開封率", "open rate"),
            Kpi::ClickRate => ("クリック率", "click rate"),
            Kpi::HandoffRate => ("営業引き渡し率", "hand-off rate"),
            Kpi::DealRate => ("商談化率", "deal rate"),
        };
        crate::Localized::new(ja, en)
    }
}

impl KpiTargets {
    /// The target for `kpi`, if set.
    pub fn get(&self, kpi: Kpi) -> Option<&PercentRange> {
        match kpi {
            Kpi::OpenRate => self.open_rate.as_ref(),
            Kpi::ClickRate => self.click_rate.as_ref(),
            Kpi::HandoffRate => self.handoff_rate.as_ref(),
            Kpi::DealRate => self.deal_rate.as_ref(),
        }
    }

    /// The targets that are set, with their KPIs.
    pub fn set(&self) -> Vec<(Kpi, &PercentRange)> {
        (Kpi::ALL.into_iter())
            .filter_map(|kpi| self.get(kpi).map(|r| (kpi, r)))
            .collect()
    }
}

/// A target range in percent, e.g. 20–30.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PercentRange {
    /// The lower bound, in percent.
    pub min: f64,
    /// The upper bound, in percent.
    pub max: f64,
}

/// Whether a lead that has been through the scenario can enter it again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Reenrollment {
    /// Never again.
    #[default]
    Never,
    /// Again once this many days have passed since it last entered.
    AfterDays {
        /// Days since the last entry.
        days: u32,
    },
    /// Every time the trigger fires while the lead is not in the scenario.
    Always,
}

/// When mails may go out. A send outside it waits for the next opening.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SendWindow {
    /// The days of the week on which mails go out.
    pub weekdays: Vec<Weekday>,
    /// The first minute of the window.
    pub start: TimeOfDay,
    /// The end of the window (exclusive).
    pub end: TimeOfDay,
    /// Skip Japanese public holidays and the year-end holidays (年末年始).
    #[serde(default = "yes")]
    pub skip_holidays: bool,
}

fn yes() -> bool {
    true
}

impl Default for SendWindow {
    /// Weekdays 9:00–18:00, skipping holidays.
    fn default() -> Self {
        SendWindow {
            weekdays: vec![
                Weekday::Mon,
                Weekday::Tue,
                Weekday::Wed,
                Weekday::Thu,
                Weekday::Fri,
            ],
            start: TimeOfDay(9 * 60),
            end: TimeOfDay(18 * 60),
            skip_holidays: true,
        }
    }
}

/// A day of the week.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Weekday {
    /// 月.
    Mon,
    /// 火.
    Tue,
    /// 水.
    Wed,
    /// 木.
    Thu,
    /// 金.
    Fri,
    /// 土.
    Sat,
    /// 日.
    Sun,
}

/// A time of day as minutes after midnight, written `"HH:MM"` (`"24:00"` is the end of the day).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TimeOfDay(pub u16);

impl TimeOfDay {
    /// Minutes after midnight.
    pub fn minutes(self) -> u16 {
        self.0
    }
}

impl fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

impl std::str::FromStr for TimeOfDay {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || format!("invalid time of day `{s}`: expected HH:MM between 00:00 and 24:00");
        let (h, m) = s.split_once(':').ok_or_else(err)?;
        if h.len() != 2 || m.len() != 2 {
            return Err(err());
        }
        let h: u16 = h.parse().map_err(|_| err())?;
        let m: u16 = m.parse().map_err(|_| err())?;
        if m >= 60 || h > 24 || (h == 24 && m != 0) {
            return Err(err());
        }
        Ok(TimeOfDay(h * 60 + m))
    }
}

impl Serialize for TimeOfDay {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for TimeOfDay {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = Cow::<str>::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for TimeOfDay {
    fn schema_name() -> Cow<'static, str> {
        "TimeOfDay".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> schemars::Schema {
        json_schema!({
            "description": "A time of day, HH:MM (24:00 is the end of the day).",
            "type": "string",
            "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$"
        })
    }
}

/// The longest window a frequency cap may count over: a year. (A window of millions of days made
/// the send calendar reach past the times a simulation can hold.)
pub const MAX_CAP_DAYS: u32 = 366;

/// At most `max_sends` mails per lead in any `per_days` days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FrequencyCap {
    /// The most mails.
    pub max_sends: u32,
    /// In this many days.
    pub per_days: u32,
}

impl Default for FrequencyCap {
    /// The workspace-wide cap across all scenarios when none is set: 2 mails per 7 days
    /// (DESIGN.md §5).
    fn default() -> Self {
        FrequencyCap {
            max_sends: 2,
            per_days: 7,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::TimeOfDay;

    #[test]
    fn time_of_day_parses_and_prints() {
        for s in ["00:00", "09:00", "17:45", "24:00"] {
            assert_eq!(s.parse::<TimeOfDay>().unwrap().to_string(), s);
        }
        for bad in ["9:00", "24:01", "12:60", "noon", "12-00", ""] {
            assert!(bad.parse::<TimeOfDay>().is_err(), "{bad}");
        }
    }
}
