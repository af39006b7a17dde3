//! A forecast as one long CSV table: one row per figure, so a spreadsheet's pivot table or a
//! script can take any cut of it without knowing the shape of the results.
//!
//! Columns: `scenario_id, scenario_name, kind, key, figure, mean, p05, p95, target_min,
//! target_max, verdict`. `kind` is `scenario` (totals and rates), `kpi` (a target against the
//! forecast, with the last three columns filled), `node` (`entered`, `exit:<handle>`,
//! `waiting_at_end`), `email` (`sent`, `open_rate`, `click_rate`, `unsubscribed`) or `day` (`key`
//! is the date, figures `sent`, `opened`, `clicked`, `handed_off`) or `score` (`key` is the
//! bucket, `-10..-1`, `0..9` …, figure `leads`: scores at the end of the window). Rates are in
//! percent.

use std::io::Write;

use chrono::NaiveDate;

use crate::simulate::results::{Band, ScenarioSummary};

const HEADER: [&str; 11] = [
    "scenario_id",
    "scenario_name",
    "kind",
    "key",
    "figure",
    "mean",
    "p05",
    "p95",
    "target_min",
    "target_max",
    "verdict",
];

/// A text cell a spreadsheet will not run (`format::spreadsheet_safe`).
pub(crate) use crate::format::spreadsheet_safe as cell;

/// Writes `summaries` (a window starting on `start`) as CSV, UTF-8 with a BOM so spreadsheet
/// programs read Japanese names correctly.
pub fn write<W: Write>(
    out: W,
    start: NaiveDate,
    summaries: &[ScenarioSummary],
) -> Result<(), csv::Error> {
    let mut out = out;
    out.write_all("\u{feff}".as_bytes())?;
    let mut w = csv::Writer::from_writer(out);
    w.write_record(HEADER)?;
    for s in summaries {
        let name = cell(&s.name);
        let mut row = |kind: &str, key: &str, figure: &str, b: &Band| {
            w.write_record([
                s.id.as_str(),
                &name,
                kind,
                &cell(key),
                figure,
                &number(b.mean),
                &number(b.p05),
                &number(b.p95),
                "",
                "",
                "",
            ])
        };
        for (figure, b) in [
            ("enrolled", &s.enrolled),
            ("completed", &s.completed),
            ("goal_reached", &s.goal_reached),
            ("handed_off", &s.handed_off),
            ("deals_created", &s.deals_created),
            ("open_rate", &s.open_rate),
            ("click_rate", &s.click_rate),
            ("handoff_rate", &s.handoff_rate),
            ("deal_rate", &s.deal_rate),
            ("leads", &s.leads),
            ("mql_at_end", &s.mql_at_end),
        ] {
            row("scenario", "", figure, b)?;
        }
        for (id, node) in &s.nodes {
            row("node", id.as_str(), "entered", &node.entered)?;
            for (handle, b) in &node.exits {
                row("node", id.as_str(), &format!("exit:{handle}"), b)?;
            }
            row("node", id.as_str(), "waiting_at_end", &node.waiting_at_end)?;
        }
        for (id, e) in &s.emails {
            row("email", id.as_str(), "sent", &e.sent)?;
            row("email", id.as_str(), "open_rate", &e.open_rate)?;
            row("email", id.as_str(), "click_rate", &e.click_rate)?;
            row("email", id.as_str(), "unsubscribed", &e.unsubscribed)?;
        }
        for b in &s.score_distribution {
            row(
                "score",
                &format!("{}..{}", b.from, b.to - 1),
                "leads",
                &b.leads,
            )?;
        }
        for d in &s.daily {
            let date = (start + chrono::Days::new(u64::from(d.day))).to_string();
            row("day", &date, "sent", &d.sent)?;
            row("day", &date, "opened", &d.opened)?;
            row("day", &date, "clicked", &d.clicked)?;
            row("day", &date, "handed_off", &d.handed_off)?;
        }
        for k in &s.kpis {
            let verdict = serde_json::to_value(k.verdict).expect("a verdict serialises");
            w.write_record([
                s.id.as_str(),
                &name,
                "kpi",
                k.kpi.code(),
                "forecast",
                &number(k.forecast.mean),
                &number(k.forecast.p05),
                &number(k.forecast.p95),
                &number(k.target.min),
                &number(k.target.max),
                verdict.as_str().unwrap_or_default(),
            ])?;
        }
    }
    w.flush()?;
    Ok(())
}

/// A figure with at most four decimals and no trailing zeros (`12`, `3.25`), the same on every
/// machine.
fn number(x: f64) -> String {
    let s = format!("{x:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_owned()
    } else {
        s.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::number;

    #[test]
    fn numbers_are_short_and_exact_enough() {
        assert_eq!(number(12.0), "12");
        assert_eq!(number(3.25), "3.25");
        assert_eq!(number(0.123456), "0.1235");
        assert_eq!(number(-0.00001), "0");
        assert_eq!(number(100.5), "100.5");
    }
}
