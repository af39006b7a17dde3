//! How leads answer mail: the open, click and unsubscribe odds of one send (DESIGN.md §5).
//!
//! P(open) = the base rate of the mail's kind × the lead's engagement × fatigue, and P(click | open)
//! likewise. Base rates are fitted from the workspace's own mail history when it has enough, else the
//! article's benchmarks (B2B nurture opens ≈ 25 %, clicks ≈ 3 %; welcome mails ≈ 1.6× the opens and
//! 2× the clicks). A lead's engagement is its own open rate shrunk toward the population's (so three
//! sends say little and three hundred say a lot); fatigue falls with the mails of the last 7 days.
//! Every parameter is a field of `ResponseSettings`, stored in the workspace and overridable.

use std::collections::BTreeMap;

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::model::node::EmailKind;
use crate::simulate::history::HistoryFacts;
use crate::store::StoreError;

/// The response model's parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseSettings {
    /// P(open) of a nurture mail to an average lead, before fitting.
    pub open_rate: f64,
    /// P(click | open) of a nurture mail, before fitting.
    pub click_given_open: f64,
    /// P(unsubscribe) per delivered mail.
    pub unsubscribe_rate: f64,
    /// Multipliers of the open and click odds by kind of mail (`welcome`, `nurture`, …).
    pub kind: BTreeMap<String, KindFactor>,
    /// Each mail of the last 7 days divides the odds by (1 + this).
    pub fatigue_per_recent_send: f64,
    /// How many sends of the population's rate a lead's own history is blended with: with this many
    /// sends of its own, a lead's engagement is half its own rate, half the population's.
    pub shrinkage_sends: f64,
    /// Fit the base rates from the workspace's history when it has at least this many sends.
    pub min_sends_to_fit: u64,
    /// The odds are never above this (nobody opens every mail for sure).
    pub max_probability: f64,
}

/// How a kind of mail shifts the odds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KindFactor {
    /// Multiplier of P(open).
    pub open: f64,
    /// Multiplier of P(click | open) — together with `open`, of the click rate.
    pub click: f64,
}

impl KindFactor {
    /// No shift of the odds.
    pub const NEUTRAL: KindFactor = KindFactor {
        open: 1.0,
        click: 1.0,
    };
}

impl Default for ResponseSettings {
    fn default() -> Self {
        let kind = [
            ("welcome", 1.6, 1.25), // opens 1.6×, clicks 2× overall (1.6 × 1.25)
            ("nurture", 1.0, 1.0),
            ("follow_up", 1.3, 1.2),    // right after a download or an event
            ("reactivation", 0.6, 0.8), // to leads that stopped reading
            ("event_invite", 1.1, 1.1),
        ]
        .into_iter()
        .map(|(k, open, click)| (k.to_owned(), KindFactor { open, click }))
        .collect();
        ResponseSettings {
            open_rate: 0.25,
            click_given_open: 0.12,
            unsubscribe_rate: 0.002,
            kind,
            fatigue_per_recent_send: 0.15,
            shrinkage_sends: 20.0,
            min_sends_to_fit: 500,
            max_probability: 0.95,
        }
    }
}

/// The settings plus the base rates in force (fitted or default).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResponseModel {
    /// The parameters.
    pub settings: ResponseSettings,
    /// P(open) of a nurture mail to an average lead.
    pub open_rate: f64,
    /// P(click | open) of a nurture mail.
    pub click_given_open: f64,
    /// Whether the rates were fitted from the workspace (else they are the settings' defaults).
    pub fitted: bool,
    /// Sends in the workspace's history.
    pub history_sends: u64,
}

/// The odds of one send.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SendOdds {
    /// P(open).
    pub open: f64,
    /// P(click | open).
    pub click_given_open: f64,
    /// P(unsubscribe).
    pub unsubscribe: f64,
}

fn kind_code(kind: EmailKind) -> &'static str {
    match kind {
        EmailKind::Welcome => "welcome",
        EmailKind::Nurture => "nurture",
        EmailKind::FollowUp => "follow_up",
        EmailKind::Reactivation => "reactivation",
        EmailKind::EventInvite => "event_invite",
    }
}

impl ResponseModel {
    /// The model with the settings' default rates, unfitted.
    pub fn unfitted(settings: ResponseSettings) -> ResponseModel {
        ResponseModel {
            open_rate: settings.open_rate,
            click_given_open: settings.click_given_open,
            settings,
            fitted: false,
            history_sends: 0,
        }
    }

    /// Fits the base rates from the workspace's recorded sends, opens and clicks (each mail counted
    /// once per lead however often it was opened), when there are at least `min_sends_to_fit` sends.
    pub fn fit(conn: &Connection, settings: ResponseSettings) -> Result<ResponseModel, StoreError> {
        Ok(ResponseModel::from_facts(
            &HistoryFacts::read(conn)?,
            settings,
        ))
    }

    /// `fit` from facts already read.
    pub fn from_facts(facts: &HistoryFacts, settings: ResponseSettings) -> ResponseModel {
        let [sends, opens, clicks] = facts.mails;
        let mut model = ResponseModel::unfitted(settings);
        model.history_sends = sends;
        if sends >= model.settings.min_sends_to_fit && opens > 0 {
            model.open_rate = (opens as f64 / sends as f64).min(1.0);
            model.click_given_open = (clicks as f64 / opens as f64).min(1.0);
            model.fitted = true;
        }
        model
    }

    /// A lead's engagement factor from its own history: its open rate shrunk toward the
    /// population's, relative to the population's (1.0 is an average lead).
    pub fn engagement(&self, sends: u64, opens: u64) -> f64 {
        let k = self.settings.shrinkage_sends;
        let p = self.open_rate.max(1e-9);
        ((opens.min(sends) as f64 + k * p) / (sends as f64 + k)) / p
    }

    /// The odds of a send of `kind` to a lead with this engagement, who received `recent_sends`
    /// mails in the 7 days before.
    pub fn odds(&self, kind: EmailKind, engagement: f64, recent_sends: u32) -> SendOdds {
        self.odds_with(self.kind_factor(kind), engagement, recent_sends)
    }

    /// How the settings shift the odds of a kind of mail (no shift for a kind they do not name).
    pub fn kind_factor(&self, kind: EmailKind) -> KindFactor {
        (self.settings.kind.get(kind_code(kind)).copied()).unwrap_or(KindFactor::NEUTRAL)
    }

    /// `odds` with the kind's factor looked up already (a simulation looks it up once per mail).
    pub fn odds_with(&self, factor: KindFactor, engagement: f64, recent_sends: u32) -> SendOdds {
        let s = &self.settings;
        let fatigue = 1.0 / (1.0 + s.fatigue_per_recent_send * f64::from(recent_sends));
        let cap = |p: f64| p.clamp(0.0, s.max_probability);
        SendOdds {
            open: cap(self.open_rate * factor.open * engagement * fatigue),
            // Engagement acts once, on the open; the click given an open moves with its square
            // root, so engaged readers click somewhat more too.
            click_given_open: cap(self.click_given_open * factor.click * engagement.sqrt()),
            unsubscribe: cap(
                s.unsubscribe_rate * (1.0 + s.fatigue_per_recent_send * f64::from(recent_sends))
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model() -> ResponseModel {
        ResponseModel::unfitted(ResponseSettings::default())
    }

    #[test]
    fn defaults_follow_the_article() {
        let m = model();
        let nurture = m.odds(EmailKind::Nurture, 1.0, 0);
        assert!((nurture.open - 0.25).abs() < 1e-12);
        assert!((nurture.open * nurture.click_given_open - 0.03).abs() < 1e-12);
        let welcome = m.odds(EmailKind::Welcome, 1.0, 0);
        assert!((welcome.open / nurture.open - 1.6).abs() < 1e-12);
        let clicks = |o: SendOdds| o.open * o.click_given_open;
        assert!((clicks(welcome) / clicks(nurture) - 2.0).abs() < 1e-12);
        assert!((nurture.unsubscribe - 0.002).abs() < 1e-12);
    }

    #[test]
    fn engagement_is_shrunk_toward_the_population() {
        let m = model();
        assert!((m.engagement(0, 0) - 1.0).abs() < 1e-12);
        // 3 of 3 opened says little; 300 of 300 says a lot.
        let few = m.engagement(3, 3);
        let many = m.engagement(300, 300);
        assert!(few > 1.0 && few < 1.5, "{few}");
        assert!(many > 3.4, "{many}");
        assert!(m.engagement(300, 0) < 0.1);
    }

    #[test]
    fn fatigue_lowers_the_odds_and_they_stay_probabilities() {
        let m = model();
        let rested = m.odds(EmailKind::Nurture, 1.0, 0).open;
        let tired = m.odds(EmailKind::Nurture, 1.0, 3).open;
        assert!(tired < rested);
        let keen = m.odds(EmailKind::Welcome, 50.0, 0);
        assert!(keen.open <= 0.95 && keen.click_given_open <= 0.95);
    }
}
