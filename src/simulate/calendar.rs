//! The send calendar: when a mail may go out.
//!
//! Times are whole minutes since the Unix epoch; the calendar works in Japan time (UTC+9, no daylight
//! saving). A mail may go out at a minute that lies inside the scenario's send window, on one of its
//! weekdays, and — when the window skips holidays — not on a public holiday, in the year-end break or
//! on a company holiday. A send that falls outside waits for the next opening; the frequency cap
//! (at most N mails per lead in any D days, across all scenarios) can push it further.

use crate::time::Minute;
use std::collections::BTreeMap;
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use serde::{Deserialize, Serialize};

use crate::model::settings::{FrequencyCap, SendWindow, Weekday};

const JST_OFFSET_MINUTES: i64 = 9 * 60;
const MINUTES_PER_DAY: i64 = 24 * 60;

/// The date of day `day` (days since 1970-01-01), if chrono can hold it.
pub fn date_of_day(day: i64) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(1970, 1, 1)?.checked_add_signed(chrono::TimeDelta::days(day))
}

/// Japan's public holidays, from `assets/holidays/jp-public-holidays.csv`.
pub struct Holidays {
    /// Each holiday's names in Japanese and English.
    days: BTreeMap<NaiveDate, (&'static str, &'static str)>,
}

impl Holidays {
    /// The shipped list (2000–2050).
    pub fn japan() -> &'static Holidays {
        static HOLIDAYS: OnceLock<Holidays> = OnceLock::new();
        HOLIDAYS.get_or_init(|| {
            let text = include_str!("../../assets/holidays/jp-public-holidays.csv");
            let days = text
                .lines()
                .skip(1)
                .filter_map(|line| {
                    let mut cells = line.splitn(3, ',');
                    let date = NaiveDate::parse_from_str(cells.next()?, "%Y-%m-%d").ok()?;
                    Some((date, (cells.next()?, cells.next().unwrap_or_default())))
                })
                .collect();
            Holidays { days }
        })
    }

    /// The holiday's Japanese name, if `date` is one.
    pub fn name(&self, date: NaiveDate) -> Option<&'static str> {
        self.days.get(&date).map(|names| names.0)
    }

    /// The holidays from `from` to `to` (both included), in date order, with their Japanese and
    /// English names.
    pub fn between(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Vec<(NaiveDate, &'static str, &'static str)> {
        if from > to {
            return Vec::new();
        }
        (self.days.range(from..=to))
            .map(|(d, (ja, en))| (*d, *ja, *en))
            .collect()
    }

    /// How many holidays the list has.
    pub fn len(&self) -> usize {
        self.days.len()
    }

    /// Whether the list is empty (it never is).
    pub fn is_empty(&self) -> bool {
        self.days.is_empty()
    }
}

/// Days on which no mail goes out besides public holidays.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CalendarSettings {
    /// The year-end break (年末年始), as the first and last day written `MM-DD`; by default 12-29 to
    /// 01-03. `None` for none.
    #[serde(default = "default_year_end")]
    pub year_end: Option<(String, String)>,
    /// Further days off (創立記念日, 夏季休業 …).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub company_holidays: Vec<NaiveDate>,
}

fn default_year_end() -> Option<(String, String)> {
    Some(("12-29".to_owned(), "01-03".to_owned()))
}

impl Default for CalendarSettings {
    fn default() -> Self {
        CalendarSettings {
            year_end: default_year_end(),
            company_holidays: Vec::new(),
        }
    }
}

impl CalendarSettings {
    fn in_year_end(&self, date: NaiveDate) -> bool {
        let Some((from, to)) = &self.year_end else {
            return false;
        };
        let md = |s: &str| -> Option<(u32, u32)> {
            let (m, d) = s.split_once('-')?;
            Some((m.parse().ok()?, d.parse().ok()?))
        };
        let (Some(from), Some(to)) = (md(from), md(to)) else {
            return false;
        };
        let day = (date.month(), date.day());
        if from <= to {
            from <= day && day <= to
        } else {
            day >= from || day <= to
        }
    }

    /// Whether `date` is a day off: a public holiday, in the year-end break or a company holiday.
    pub fn is_day_off(&self, holidays: &Holidays, date: NaiveDate) -> bool {
        holidays.name(date).is_some()
            || self.in_year_end(date)
            || self.company_holidays.contains(&date)
    }

    /// Whether business in Japan mostly rests on `date`, a weekday: a day off, or お盆 (13 to 16
    /// August), which is no public holiday but when most companies close. Fewer leads arrive and
    /// fewer visit then; mail still goes out on the days the send window allows.
    pub fn is_quiet(&self, holidays: &Holidays, date: NaiveDate) -> bool {
        let obon = date.month() == 8 && (13..=16).contains(&date.day());
        obon || self.is_day_off(holidays, date)
    }
}

/// A scenario's send window over the calendar.
pub struct SendCalendar<'a> {
    window: &'a SendWindow,
    holidays: &'a Holidays,
    settings: &'a CalendarSettings,
    /// Whether each local day of a range is open, worked out once (see `with_days`).
    table: Option<OpenDays>,
}

/// Open days of a range of local days, by day number (days since 1970-01-01 in Japan time).
struct OpenDays {
    first: i64,
    open: Vec<bool>,
}

/// The local (Japan) day number of `t` (days since 1970-01-01).
pub fn day_of(t: Minute) -> i64 {
    local_day(t).0
}

/// The local (Japan) day number of `t` and the minute within that day.
fn local_day(t: Minute) -> (i64, i64) {
    let local = t + JST_OFFSET_MINUTES;
    (
        local.div_euclid(MINUTES_PER_DAY),
        local.rem_euclid(MINUTES_PER_DAY),
    )
}

fn local(t: Minute) -> NaiveDateTime {
    chrono::DateTime::from_timestamp((t + JST_OFFSET_MINUTES) * 60, 0)
        .expect("simulated times are in range")
        .naive_utc()
}

fn from_local(dt: NaiveDateTime) -> Minute {
    dt.and_utc().timestamp() / 60 - JST_OFFSET_MINUTES
}

fn weekday(date: NaiveDate) -> Weekday {
    match date.weekday() {
        chrono::Weekday::Mon => Weekday::Mon,
        chrono::Weekday::Tue => Weekday::Tue,
        chrono::Weekday::Wed => Weekday::Wed,
        chrono::Weekday::Thu => Weekday::Thu,
        chrono::Weekday::Fri => Weekday::Fri,
        chrono::Weekday::Sat => Weekday::Sat,
        chrono::Weekday::Sun => Weekday::Sun,
    }
}

impl<'a> SendCalendar<'a> {
    /// The calendar of `window`.
    pub fn new(
        window: &'a SendWindow,
        holidays: &'a Holidays,
        settings: &'a CalendarSettings,
    ) -> Self {
        SendCalendar {
            window,
            holidays,
            settings,
            table: None,
        }
    }

    /// The same calendar with the open days from `from` to a year past `to` worked out once, so
    /// that a simulation asking millions of times answers by a table lookup (the answers are the
    /// same; times outside the range are worked out as before).
    pub fn with_days(mut self, from: Minute, to: Minute) -> Self {
        let (first, _) = local_day(from);
        let (last, _) = local_day(to);
        let open = (first..=last + 400)
            .map(|day| date_of_day(day).is_some_and(|date| self.day_open(date)))
            .collect();
        self.table = Some(OpenDays { first, open });
        self
    }

    fn day_open(&self, date: NaiveDate) -> bool {
        self.window.weekdays.contains(&weekday(date))
            && !(self.window.skip_holidays && self.settings.is_day_off(self.holidays, date))
    }

    /// The table's answer for local day `day`, if the table covers it.
    fn table_open(&self, day: i64) -> Option<bool> {
        let table = self.table.as_ref()?;
        let i = usize::try_from(day - table.first).ok()?;
        table.open.get(i).copied()
    }

    /// Whether a mail may go out at `t`.
    pub fn is_open(&self, t: Minute) -> bool {
        let (day, minute) = local_day(t);
        if let Some(open) = self.table_open(day) {
            return open
                && i64::from(self.window.start.minutes()) <= minute
                && minute < i64::from(self.window.end.minutes());
        }
        let dt = local(t);
        let minute = (dt.hour() * 60 + dt.minute()) as u16;
        self.day_open(dt.date())
            && self.window.start.minutes() <= minute
            && minute < self.window.end.minutes()
    }

    /// The first minute at or after `t` at which a mail may go out; `None` when the window never
    /// opens within a year (no weekday, or a start not before its end).
    pub fn next_opening(&self, t: Minute) -> Option<Minute> {
        if self.is_open(t) {
            return Some(t);
        }
        let start = i64::from(self.window.start.minutes());
        let end = i64::from(self.window.end.minutes());
        if start >= end {
            return None;
        }
        let (mut day, minute_of_day) = local_day(t);
        if self.table_open(day).is_some() {
            // Today later, or the first open day after it, as far as the table reaches.
            if self.table_open(day) == Some(true) && minute_of_day < start {
                return Some(day * MINUTES_PER_DAY - JST_OFFSET_MINUTES + start);
            }
            for _ in 0..400 {
                day += 1;
                match self.table_open(day) {
                    Some(true) => return Some(day * MINUTES_PER_DAY - JST_OFFSET_MINUTES + start),
                    Some(false) => {}
                    None => break,
                }
            }
        }
        let dt = local(t);
        let minute_of_day = i64::from(dt.hour() * 60 + dt.minute());
        let mut date = dt.date();
        // Later today, if today is open and the window is still ahead.
        if self.day_open(date) && minute_of_day < start {
            return Some(from_local(date.and_hms_opt(0, 0, 0)?) + start);
        }
        for _ in 0..400 {
            date = date.succ_opt()?;
            if self.day_open(date) {
                return Some(from_local(date.and_hms_opt(0, 0, 0)?) + start);
            }
        }
        None
    }
}

/// The items at `from` … `to` of a list in time order (`at` gives an item's moment), found by
/// halving, not by looking at every item: a lead's timeline and its sends are asked this at every
/// step.
pub fn within<E>(items: &[E], at: impl Fn(&E) -> Minute, from: Minute, to: Minute) -> &[E] {
    debug_assert!(
        items.windows(2).all(|p| at(&p[0]) <= at(&p[1])),
        "the items are in time order"
    );
    let end = items.partition_point(|e| at(e) <= to);
    let start = items[..end].partition_point(|e| at(e) < from);
    &items[start..end]
}

/// The first minute at or after `t` at which one more mail keeps a lead within `cap`: at most
/// `max_sends` mails in any window of `per_days` days, counting the mails it already has on both
/// sides of `t` (a simulation of several scenarios, or a replayed history, may know of later ones).
/// Mails further than a window away on either side do not matter. `previous` is in time order, so
/// each window's mails are found by halving.
pub fn earliest_under_cap(cap: FrequencyCap, previous: &[Minute], t: Minute) -> Minute {
    if cap.max_sends == 0 {
        return Minute::MAX;
    }
    let window = i64::from(cap.per_days) * MINUTES_PER_DAY;
    let max = cap.max_sends as usize;
    // The mails at `from` … `to`.
    let mails = |from: Minute, to: Minute| within(previous, |&s| s, from, to);
    let fits = |t: Minute| {
        // Every window (x - window, x] that would contain t ends at t or at a later mail within reach.
        std::iter::once(t)
            .chain(mails(t, t + window - 1).iter().copied())
            .all(|x| mails(x - window + 1, x).len() < max)
    };
    let mut t = t;
    // Each failed try moves t to the next moment a mail leaves some window; there are finitely many.
    for _ in 0..=previous.len() {
        if fits(t) {
            return t;
        }
        // The earliest mail still in a window that reaches t leaves it first.
        match previous.get(previous.partition_point(|&s| s + window <= t)) {
            Some(&s) => t = s + window,
            None => return t,
        }
    }
    t
}

/// When a mail meant for `t` actually goes out: the first minute, at or after `t`, that is inside the
/// send window and within the frequency cap. `None` if the window never opens.
pub fn next_send_time(
    calendar: &SendCalendar,
    cap: Option<FrequencyCap>,
    previous: &[Minute],
    t: Minute,
) -> Option<Minute> {
    let mut t = t;
    // Each round moves t forward; the window and the cap settle within a few rounds.
    for _ in 0..64 {
        t = calendar.next_opening(t)?;
        let allowed = cap.map_or(t, |cap| earliest_under_cap(cap, previous, t));
        if allowed == t {
            return Some(t);
        }
        t = allowed;
    }
    None
}

/// A local Japan time as a `Minute`, for tests and callers that start from dates.
pub fn jst_minute(date: NaiveDate, hour: u32, minute: u32) -> Minute {
    from_local(date.and_hms_opt(hour, minute, 0).expect("valid time"))
}

/// What a count per day (leads created, leads' own doing) shows of the week: each weekday's
/// multiplier (`weekday_shape`) and how a quiet weekday compares with a usual one
/// (`quiet_factor`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WeekShape {
    /// Per weekday, Monday first, mean 1.
    pub weekday: [f64; 7],
    /// On a quiet weekday, against a usual one (at most 1).
    pub quiet_factor: f64,
}

/// The week `per_day` (counts from local day `first_day` on) shows, with which of its days are
/// quiet weekdays in `calendar` (each day looked up once): no shape when it is flat (fewer than
/// four weeks, too few events).
pub fn week_shape(
    per_day: &[u64],
    first_day: i64,
    calendar: &CalendarSettings,
) -> (Vec<bool>, Option<WeekShape>) {
    let quiet: Vec<bool> = (0..per_day.len())
        .map(|i| is_quiet_workday(calendar, first_day + i as i64))
        .collect();
    let weekday = weekday_shape(per_day, first_day, &quiet);
    let shape = (weekday != [1.0; 7]).then(|| WeekShape {
        weekday,
        quiet_factor: quiet_factor(per_day, first_day, &weekday, &quiet),
    });
    (quiet, shape)
}

/// Whether local day `day` is a weekday (Monday to Friday) on which business rests.
pub fn is_quiet_workday(calendar: &CalendarSettings, day: i64) -> bool {
    weekday_of(day) < 5
        && date_of_day(day).is_some_and(|date| calendar.is_quiet(Holidays::japan(), date))
}

/// The weekday of local day `day`, Monday 0.
pub fn weekday_of(day: i64) -> usize {
    (day + 3).rem_euclid(7) as usize
}

/// Each weekday's multiplier (Monday first, mean 1) of what happens per day (the inflow's
/// creations, leads' own doing)
/// from local day `first_day` on, quiet weekdays (`quiet`, by index) left out: flat with fewer
/// than four weeks or fifty leads.
fn weekday_shape(per_day: &[u64], first_day: i64, quiet: &[bool]) -> [f64; 7] {
    let total: u64 = per_day.iter().sum();
    if per_day.len() < 28 || total < 50 {
        return [1.0; 7];
    }
    let (mut sums, mut days) = ([0.0f64; 7], [0.0f64; 7]);
    for (i, &n) in per_day.iter().enumerate() {
        if quiet[i] {
            continue;
        }
        let weekday = weekday_of(first_day + i as i64);
        sums[weekday] += n as f64;
        days[weekday] += 1.0;
    }
    let mean = (0..7).map(|k| sums[k] / days[k].max(1.0)).sum::<f64>() / 7.0;
    if mean <= 0.0 {
        return [1.0; 7];
    }
    std::array::from_fn(|k| {
        if days[k] > 0.0 {
            sums[k] / days[k] / mean
        } else {
            1.0
        }
    })
}

/// How many leads arrive on a quiet weekday (`quiet`, by index) against a usual day of that
/// weekday around it (the usual weekdays within two weeks, by `weekday`), at most 1. Few quiet
/// days in the history say little: the factor is shrunk toward the weekend's (a day off is
/// much like a Sunday) by twenty leads' worth.
fn quiet_factor(per_day: &[u64], first_day: i64, weekday: &[f64; 7], quiet: &[bool]) -> f64 {
    let workdays = weekday[..5].iter().sum::<f64>() / 5.0;
    let weekend = (weekday[5] + weekday[6]) / 2.0;
    let prior = if workdays > 0.0 {
        (weekend / workdays).min(1.0)
    } else {
        1.0
    };
    let usual = |i: usize| !quiet[i] && weekday_of(first_day + i as i64) < 5;
    let (mut seen, mut expected) = (0.0, 0.0);
    for i in (0..per_day.len()).filter(|&i| quiet[i]) {
        let around = i.saturating_sub(14)..(i + 15).min(per_day.len());
        let (count, shape): (f64, f64) = (around.filter(|&j| usual(j)))
            .map(|j| (per_day[j] as f64, weekday[weekday_of(first_day + j as i64)]))
            .fold((0.0, 0.0), |(c, m), (n, w)| (c + n, m + w));
        if shape > 0.0 {
            seen += per_day[i] as f64;
            expected += weekday[weekday_of(first_day + i as i64)] * count / shape;
        }
    }
    const PRIOR_LEADS: f64 = 20.0;
    ((seen + PRIOR_LEADS * prior) / (expected + PRIOR_LEADS)).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::settings::TimeOfDay;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_shipped_list_is_the_cabinet_office_list() {
        let h = Holidays::japan();
        assert!(h.len() > 800);
        assert_eq!(h.name(d(2026, 1, 1)), Some("元日"));
        assert_eq!(h.name(d(2026, 5, 6)), Some("こどもの日 振替休日"));
        assert_eq!(h.name(d(2026, 9, 22)), Some("休日"));
        assert_eq!(h.name(d(2026, 11, 23)), Some("勤労感謝の日"));
        assert_eq!(h.name(d(2026, 11, 24)), None);
    }

    #[test]
    fn sends_outside_the_window_wait_for_the_next_opening() {
        let window = SendWindow::default(); // weekdays 9:00–18:00, holidays skipped
        let settings = CalendarSettings::default();
        let cal = SendCalendar::new(&window, Holidays::japan(), &settings);
        // Friday 2026-11-20 18:30 → Monday 11-23 is 勤労感謝の日 → Tuesday 11-24 9:00.
        assert_eq!(
            cal.next_opening(jst_minute(d(2026, 11, 20), 18, 30)),
            Some(jst_minute(d(2026, 11, 24), 9, 0))
        );
        // Inside the window: as is.
        let t = jst_minute(d(2026, 11, 25), 10, 15);
        assert_eq!(cal.next_opening(t), Some(t));
        // Early morning: 9:00 the same day.
        assert_eq!(
            cal.next_opening(jst_minute(d(2026, 11, 25), 7, 0)),
            Some(jst_minute(d(2026, 11, 25), 9, 0))
        );
        // The year-end break: 12-28 at 18:00 → 2027-01-04 (Monday) 9:00.
        assert_eq!(
            cal.next_opening(jst_minute(d(2026, 12, 28), 18, 0)),
            Some(jst_minute(d(2027, 1, 4), 9, 0))
        );
        // Golden Week 2026: 4-29 (Wed) is 昭和の日; 4-30 is open.
        assert_eq!(
            cal.next_opening(jst_minute(d(2026, 4, 29), 10, 0)),
            Some(jst_minute(d(2026, 4, 30), 9, 0))
        );
    }

    #[test]
    fn holidays_between_two_days_in_order() {
        let golden_week = Holidays::japan().between(d(2026, 4, 29), d(2026, 5, 6));
        let days: Vec<NaiveDate> = golden_week.iter().map(|h| h.0).collect();
        assert_eq!(
            days,
            [
                d(2026, 4, 29),
                d(2026, 5, 3),
                d(2026, 5, 4),
                d(2026, 5, 5),
                d(2026, 5, 6)
            ]
        );
        assert_eq!(
            (golden_week[0].1, golden_week[0].2),
            ("昭和の日", "Showa Day")
        );
        assert!(
            Holidays::japan()
                .between(d(2026, 5, 6), d(2026, 4, 29))
                .is_empty()
        );
    }

    #[test]
    fn company_holidays_and_windows_without_holiday_skipping() {
        let window = SendWindow {
            skip_holidays: false,
            ..SendWindow::default()
        };
        let settings = CalendarSettings {
            year_end: None,
            company_holidays: vec![d(2026, 11, 24)],
        };
        let cal = SendCalendar::new(&window, Holidays::japan(), &settings);
        // Holidays not skipped: 11-23 (a Monday holiday) is open.
        assert_eq!(
            cal.next_opening(jst_minute(d(2026, 11, 21), 12, 0)),
            Some(jst_minute(d(2026, 11, 23), 9, 0))
        );
        let strict = SendWindow::default();
        let cal = SendCalendar::new(&strict, Holidays::japan(), &settings);
        // Skipped: 11-23 holiday, 11-24 company holiday → 11-25.
        assert_eq!(
            cal.next_opening(jst_minute(d(2026, 11, 21), 12, 0)),
            Some(jst_minute(d(2026, 11, 25), 9, 0))
        );
        // A window that never opens.
        let never = SendWindow {
            start: TimeOfDay(18 * 60),
            end: TimeOfDay(9 * 60),
            ..SendWindow::default()
        };
        assert_eq!(
            SendCalendar::new(&never, Holidays::japan(), &settings).next_opening(0),
            None
        );
    }

    #[test]
    fn every_opening_is_open_and_nothing_before_it_is() {
        // A sweep over 2026 and 2027 in steps of 37 minutes, through every holiday and weekend.
        let window = SendWindow::default();
        let settings = CalendarSettings::default();
        let cal = SendCalendar::new(&window, Holidays::japan(), &settings);
        let (from, to) = (
            jst_minute(d(2026, 1, 1), 0, 0),
            jst_minute(d(2028, 1, 1), 0, 0),
        );
        let mut t = from;
        while t < to {
            let open = cal.next_opening(t).unwrap();
            assert!(open >= t && cal.is_open(open), "{t}");
            assert!(
                open == t || !cal.is_open(open - 1),
                "{t}: {open} is not the first opening"
            );
            let date = local(open).date();
            assert!(Holidays::japan().name(date).is_none() && !settings.in_year_end(date));
            assert!(!matches!(
                date.weekday(),
                chrono::Weekday::Sat | chrono::Weekday::Sun
            ));
            t += 37;
        }
    }

    #[test]
    fn the_day_table_answers_as_the_calendar_does() {
        // Across and beyond the table's range (it covers 2026-03 to a year after 2026-06), with
        // a window that skips holidays and one that does not, Saturday included.
        let settings = CalendarSettings {
            company_holidays: vec![d(2026, 8, 13), d(2026, 8, 14)],
            ..CalendarSettings::default()
        };
        for window in [
            SendWindow::default(),
            SendWindow {
                skip_holidays: false,
                weekdays: vec![Weekday::Tue, Weekday::Sat],
                ..SendWindow::default()
            },
        ] {
            let plain = SendCalendar::new(&window, Holidays::japan(), &settings);
            let table = SendCalendar::new(&window, Holidays::japan(), &settings).with_days(
                jst_minute(d(2026, 3, 1), 0, 0),
                jst_minute(d(2026, 6, 30), 0, 0),
            );
            let mut t = jst_minute(d(2025, 12, 1), 0, 0);
            while t < jst_minute(d(2027, 9, 1), 0, 0) {
                assert_eq!(table.is_open(t), plain.is_open(t), "{t}");
                assert_eq!(table.next_opening(t), plain.next_opening(t), "{t}");
                t += 53;
            }
        }
    }

    #[test]
    fn the_frequency_cap_delays_the_third_mail_of_a_week() {
        let window = SendWindow::default();
        let settings = CalendarSettings::default();
        let cal = SendCalendar::new(&window, Holidays::japan(), &settings);
        let cap = FrequencyCap {
            max_sends: 2,
            per_days: 7,
        };
        let mon = jst_minute(d(2026, 11, 9), 10, 0);
        let wed = jst_minute(d(2026, 11, 11), 10, 0);
        let thu = jst_minute(d(2026, 11, 12), 10, 0);
        // Two mails this week: the third waits until Monday's has left the window, then for the window.
        assert_eq!(
            earliest_under_cap(cap, &[mon, wed], thu),
            mon + 7 * MINUTES_PER_DAY
        );
        assert_eq!(
            next_send_time(&cal, Some(cap), &[mon, wed], thu),
            Some(mon + 7 * MINUTES_PER_DAY)
        );
        // Two mails on Saturday 11-14 evening: room again on Saturday 11-21 19:00, which is outside
        // the window; Monday 11-23 is a holiday, so Tuesday 9:00.
        let sat = jst_minute(d(2026, 11, 14), 20, 0);
        assert_eq!(
            next_send_time(&cal, Some(cap), &[sat - 60, sat], sat + 60),
            Some(jst_minute(d(2026, 11, 24), 9, 0))
        );
        assert_eq!(earliest_under_cap(cap, &[], thu), thu);
        // Mails a month later do not hold it back; two mails in the hours after it do.
        let month = 30 * MINUTES_PER_DAY;
        assert_eq!(
            earliest_under_cap(cap, &[thu + month, thu + month + 60], thu),
            thu
        );
        let later = earliest_under_cap(cap, &[thu + 60, thu + 120], thu);
        assert_eq!(later, thu + 60 + 7 * MINUTES_PER_DAY);
    }

    proptest::proptest! {
        /// The halving search agrees with the cap's definition, tried minute by minute: the first
        /// minute from `t` on at which no window of `per_days` days, ending at the new mail or at
        /// a later one within reach, would already hold `max_sends` mails.
        #[test]
        fn the_cap_search_finds_the_first_minute_the_definition_allows(
            max_sends in 1u32..4,
            per_days in 1u32..3,
            mut previous in proptest::collection::vec(0i64..4 * MINUTES_PER_DAY, 0..7),
            t in 0i64..4 * MINUTES_PER_DAY,
        ) {
            previous.sort_unstable();
            let cap = FrequencyCap { max_sends, per_days };
            let window = i64::from(per_days) * MINUTES_PER_DAY;
            let in_window = |x: Minute| previous.iter().filter(|&&s| s > x - window && s <= x).count();
            let allowed = |u: Minute| {
                std::iter::once(u)
                    .chain(previous.iter().copied().filter(|&s| s >= u && s < u + window))
                    .all(|x| in_window(x) < max_sends as usize)
            };
            let expected = (t..).find(|&u| allowed(u)).unwrap();
            proptest::prop_assert_eq!(earliest_under_cap(cap, &previous, t), expected);
        }
    }
}
