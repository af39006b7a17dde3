//! How leads answer mail: the open, click and unsubscribe odds of one send (DESIGN.md §5).
//!
//! P(open) = the mail's rate × the lead's engagement × fatigue, and P(click | open) and
//! P(unsubscribe) likewise. A mail's rate is fitted hierarchically ([`ResponseModel::mail_rates`]):
//! its own recorded history (`ties` says which recorded mail it is) shrunk toward its kind's (the
//! workspace's recorded mails of that kind together), shrunk toward the workspace's rate moved by
//! the kind's factor — or, with too little history, the article's benchmarks (B2B nurture opens
//! ≈ 25 %, clicks ≈ 3 %; welcome mails ≈ 1.6× the opens and 2× the clicks). No factor is applied
//! twice: the workspace's pooled rate is divided by the kind factors of the mails it came from
//! before a kind's factor multiplies it, and every recorded rate is divided by the fatigue its
//! sends had (the mails each lead had in the 7 days before), since the forecast applies fatigue
//! itself. A lead's engagement is its own open rate shrunk toward the population's (so three sends
//! say little and three hundred say a lot). Every parameter is a field of `ResponseSettings`,
//! stored in the workspace and overridable.

use std::collections::BTreeMap;

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::lead::EventKind;
use crate::model::node::EmailKind;
use crate::simulate::history::{HistoryFacts, MailFacts};
use crate::simulate::ties::{MailIndex, MailRef};
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
    /// How many sends of its kind's rate a mail's own recorded history is blended with (ten
    /// times as many for the rarer unsubscribes).
    #[serde(default = "default_mail_shrinkage")]
    pub mail_shrinkage_sends: f64,
    /// How many sends of the workspace's rate a kind's recorded mails together are blended with
    /// (ten times as many for unsubscribes).
    #[serde(default = "default_kind_shrinkage")]
    pub kind_shrinkage_sends: f64,
    /// Recorded mails count half as much this many days before the history's end (so a drift
    /// in the rates is followed); 0 weighs every week alike.
    #[serde(default = "default_recency_half_life")]
    pub recency_half_life_days: f64,
    /// The odds are never above this (nobody opens every mail for sure).
    pub max_probability: f64,
    /// Recorded mails tied by hand to a scenario's mail: the mail as the history names it (an
    /// event's detail, such as an export's email name) → `scenario/node`. Tried before a name is
    /// matched to the scenarios' node ids, subjects and titles (`simulate::ties`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub mail_ties: BTreeMap<String, String>,
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

fn default_mail_shrinkage() -> f64 {
    100.0
}

fn default_kind_shrinkage() -> f64 {
    200.0
}

fn default_recency_half_life() -> f64 {
    60.0
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
            mail_shrinkage_sends: default_mail_shrinkage(),
            kind_shrinkage_sends: default_kind_shrinkage(),
            recency_half_life_days: default_recency_half_life(),
            max_probability: 0.95,
            mail_ties: BTreeMap::new(),
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
    /// P(unsubscribe) per send: the history's shrunk toward the setting.
    pub unsubscribe_rate: f64,
    /// Whether the rates were fitted from the workspace (else they are the settings' defaults).
    pub fitted: bool,
    /// Sends in the workspace's history.
    pub history_sends: u64,
    /// Each recorded mail's history, by the mail as recorded (the event's detail).
    #[serde(skip)]
    pub mails: BTreeMap<String, MailFacts>,
    /// The week of the history's end (weeks since the epoch), which recency is counted from.
    #[serde(skip)]
    pub last_week: i64,
    /// How much the open rates move from one four-week period to the next beyond chance (the sd
    /// of their logarithm): each Monte Carlo run shifts all open rates by a draw of it, so the
    /// bands carry what the history says of drift and seasons.
    pub period_sd: f64,
}

/// A mail's rates for an average lead rested from mail (no other mail in the 7 days before).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MailRates {
    /// P(open).
    pub open: f64,
    /// P(click | open).
    pub click_given_open: f64,
    /// P(unsubscribe).
    pub unsubscribe: f64,
    /// How uncertain the fitted P(open) is: the sd of its logarithm given the evidence behind
    /// it (the sends it was fitted from, and the prior's weight as so many sends). Each Monte
    /// Carlo run draws the mail's rate from it, so the bands carry what the history cannot tell.
    pub open_sd: f64,
    /// The same for P(click | open).
    pub click_sd: f64,
}

/// Opens, clicks and unsubscribes out of sends: a pooled history, with its sends weighted by the
/// fatigue they had (`rested`: the sends an unfatigued lead would have opened as many of).
#[derive(Debug, Clone, Copy, Default)]
struct Pool {
    sends: f64,
    rested: f64,
    /// The sends as so many to a lead with no recent mail, by the unsubscribe odds they had
    /// (each recent mail raises them: `odds_with`): what unsubscribes are counted out of.
    exposed: f64,
    opens: f64,
    clicks: f64,
    unsubscribes: f64,
}

impl Pool {
    /// Adds a mail's history, each week's counts × `weight(week)`.
    fn add(
        &mut self,
        m: &MailFacts,
        fatigue: impl Fn(usize) -> Fatigue,
        weight: impl Fn(i64) -> f64,
    ) {
        for (&week, f) in &m.weeks {
            let w = weight(week);
            let [sends, opens, clicks, unsubscribes] = f.counts.map(|n| n as f64 * w);
            self.sends += sends;
            self.opens += opens;
            self.clicks += clicks;
            self.unsubscribes += unsubscribes;
            for (r, &n) in f.recent.iter().enumerate() {
                let Fatigue { open, unsubscribe } = fatigue(r);
                self.rested += n as f64 * w * open;
                self.exposed += n as f64 * w * unsubscribe;
            }
        }
    }

    /// The pool's rates blended with `prior` as `strength` sends of it (ten times as many for
    /// unsubscribes).
    fn shrunk(&self, prior: MailRates, strength: f64) -> MailRates {
        // `hits` out of `trials` blended with `prior` as `k` trials of it (the prior alone when
        // there is nothing to blend).
        let blend = |hits: f64, trials: f64, prior: f64, k: f64| {
            if trials + k > 0.0 {
                (hits + k * prior) / (trials + k)
            } else {
                prior
            }
        };
        // The sd of a rate's logarithm given `n` sends of evidence (a Beta posterior's, by the
        // delta method), capped where evidence is all but absent.
        let sd = |p: f64, n: f64| ((1.0 - p) / (p * n).max(1.0)).sqrt().min(1.0);
        let open = blend(self.opens, self.rested, prior.open, strength);
        // `strength` sends of the prior bring `strength × open` opens: the click given an open is
        // blended with that many (a mail few open has few opens of its own, and as many sends of
        // prior would otherwise outweigh them many times over).
        let prior_opens = strength * prior.open;
        let click = blend(self.clicks, self.opens, prior.click_given_open, prior_opens);
        MailRates {
            open_sd: sd(open, self.rested + strength),
            click_sd: sd(click, self.opens + prior_opens),
            open,
            click_given_open: click,
            unsubscribe: blend(
                self.unsubscribes,
                self.exposed,
                prior.unsubscribe,
                10.0 * strength,
            ),
        }
    }
}

/// How the mails a lead had in the 7 days before a send move its odds: P(open) × `open`,
/// P(unsubscribe) × `unsubscribe`.
#[derive(Debug, Clone, Copy)]
struct Fatigue {
    open: f64,
    unsubscribe: f64,
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
            unsubscribe_rate: settings.unsubscribe_rate,
            settings,
            fitted: false,
            history_sends: 0,
            mails: BTreeMap::new(),
            last_week: 0,
            period_sd: 0.0,
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
        // Unsubscribes are rare and not every export records them: the history's rate is
        // blended with the setting's over ten times the kind's shrinkage. Each unsubscribe ends
        // a lead's mail, so it is counted out of every send recorded: a newsletter sent monthly
        // under one name is one mail per lead in `facts.mails`, and its unsubscribes out of those
        // made the workspace's rate several times too high (acceptance worlds: follow-up mails'
        // unsubscribes forecast 5–10× what happened).
        let prior_sends = 10.0 * model.settings.kind_shrinkage_sends;
        let every_send = facts.count(EventKind::EmailSend).max(sends);
        model.unsubscribe_rate = (facts.count(EventKind::Unsubscribe) as f64
            + prior_sends * model.settings.unsubscribe_rate)
            / (every_send as f64 + prior_sends);
        model.mails = facts.per_mail.clone();
        model.last_week = facts.last_at.map_or(0, crate::simulate::history::week_of);
        model.period_sd = model.between_periods();
        model
    }

    /// How much a week's recorded mails count: half as much per `recency_half_life_days` before
    /// the history's last week.
    fn recency(&self, week: i64) -> f64 {
        let half_life = self.settings.recency_half_life_days;
        if half_life <= 0.0 {
            return 1.0;
        }
        0.5f64.powf((self.last_week - week).max(0) as f64 * 7.0 / half_life)
    }

    /// The sd of the log open rate between four-week periods of the history beyond what chance
    /// explains: each period's opens against what its mails' own overall rates expected of its
    /// sends (so a period that sent more welcome mails is not taken for a better one), the
    /// binomial variance (about 1 / the expected opens) taken off. 0 with fewer than three
    /// periods expecting at least 100 opens.
    fn between_periods(&self) -> f64 {
        let rested = |f: &crate::simulate::history::WeekFacts| {
            (f.recent.iter().enumerate())
                .map(|(r, &n)| n as f64 * self.fatigue(r).open)
                .sum::<f64>()
        };
        // Per period: opens, and the opens each mail's overall rate expects.
        let mut periods: BTreeMap<i64, (f64, f64)> = BTreeMap::new();
        for m in self.mails.values() {
            let total = rested(&m.total);
            if total <= 0.0 {
                continue;
            }
            let rate = m.total.counts[1] as f64 / total;
            for (&week, f) in &m.weeks {
                let p = periods
                    .entry((self.last_week - week).div_euclid(4))
                    .or_default();
                p.0 += f.counts[1] as f64;
                p.1 += rested(f) * rate;
            }
        }
        crate::simulate::periods::excess_log_variance(periods.into_values())
            .map_or(0.0, |(variance, _)| variance.max(0.0).sqrt())
    }

    /// The fatigue multiplier of a send to a lead that had `recent` other mails in the 7 days
    /// before.
    fn fatigue(&self, recent: usize) -> Fatigue {
        let more = 1.0 + self.settings.fatigue_per_recent_send * recent as f64;
        Fatigue {
            open: 1.0 / more,
            unsubscribe: more,
        }
    }

    /// The rates of every send-email node of the scenarios `index` was built from, each from
    /// its own recorded history (the recorded mails tied to it), shrunk toward its kind's, shrunk
    /// toward the workspace's moved by the kind's factor (or the benchmarks, unfitted).
    pub fn mail_rates(&self, index: &MailIndex) -> BTreeMap<MailRef, MailRates> {
        let fatigue = |r: usize| self.fatigue(r);
        let weight = |week: i64| self.recency(week);
        // The recorded mails, each with the kind of the scenario mail it is tied to (untied
        // mails, newsletters and the like, count as nurture mails).
        let mut all = Pool::default();
        let mut open_mix = 0.0;
        let mut click_mix = 0.0;
        let mut by_kind: BTreeMap<&'static str, Pool> = BTreeMap::new();
        let mut by_mail: BTreeMap<&MailRef, Pool> = BTreeMap::new();
        for (key, m) in &self.mails {
            let mut own = Pool::default();
            own.add(m, fatigue, weight);
            all.add(m, fatigue, weight);
            let tied = index.tie(key);
            let kind = tied.and_then(|mail| index.kind(mail));
            let factor = kind.map_or(KindFactor::NEUTRAL, |k| self.kind_factor(k));
            open_mix += own.rested * factor.open;
            click_mix += own.opens * factor.click;
            if let (Some(mail), Some(kind)) = (tied, kind) {
                by_kind
                    .entry(kind_code(kind))
                    .or_default()
                    .add(m, fatigue, weight);
                by_mail.entry(mail).or_default().add(m, fatigue, weight);
            }
        }
        // The workspace's rates for a neutral (nurture) mail to a rested lead (its unsubscribes
        // per send made per send to a lead with no recent mail, as the pools count them).
        let neutral = if self.fitted && all.rested > 0.0 && all.opens > 0.0 {
            MailRates {
                open: all.opens / open_mix.max(f64::MIN_POSITIVE),
                click_given_open: all.clicks / click_mix.max(f64::MIN_POSITIVE),
                unsubscribe: self.unsubscribe_rate * all.sends / all.exposed.max(all.sends),
                open_sd: 0.0,
                click_sd: 0.0,
            }
        } else {
            MailRates {
                open: self.settings.open_rate,
                click_given_open: self.settings.click_given_open,
                unsubscribe: self.unsubscribe_rate,
                open_sd: 0.0,
                click_sd: 0.0,
            }
        };
        index
            .mails()
            .map(|(mail, kind)| {
                let factor = self.kind_factor(kind);
                let prior = MailRates {
                    open: neutral.open * factor.open,
                    click_given_open: neutral.click_given_open * factor.click,
                    unsubscribe: neutral.unsubscribe,
                    open_sd: 0.0,
                    click_sd: 0.0,
                };
                let of_kind = (by_kind.get(kind_code(kind)).copied().unwrap_or_default())
                    .shrunk(prior, self.settings.kind_shrinkage_sends);
                let own = (by_mail.get(mail).copied().unwrap_or_default())
                    .shrunk(of_kind, self.settings.mail_shrinkage_sends);
                (mail.clone(), own)
            })
            .collect()
    }

    /// A lead's engagement factor from its own history: its open rate shrunk toward the
    /// population's, relative to the population's (1.0 is an average lead).
    pub fn engagement(&self, sends: u64, opens: u64) -> f64 {
        let k = self.settings.shrinkage_sends;
        let p = self.open_rate.max(1e-9);
        ((opens.min(sends) as f64 + k * p) / (sends as f64 + k)) / p
    }

    /// The odds of a send of `kind`, a mail with no recorded history of its own, to a lead with
    /// this engagement who received `recent_sends` mails in the 7 days before.
    pub fn odds(&self, kind: EmailKind, engagement: f64, recent_sends: u32) -> SendOdds {
        let factor = self.kind_factor(kind);
        let mut all = Pool::default();
        for m in self.mails.values() {
            all.add(m, |r| self.fatigue(r), |w| self.recency(w));
        }
        let rested = if self.fitted && all.rested > 0.0 {
            all.opens / all.rested
        } else {
            self.open_rate
        };
        let rates = MailRates {
            open: rested * factor.open,
            click_given_open: self.click_given_open * factor.click,
            unsubscribe: self.unsubscribe_rate,
            open_sd: 0.0,
            click_sd: 0.0,
        };
        self.odds_with(rates, engagement, recent_sends)
    }

    /// How the settings shift the odds of a kind of mail (no shift for a kind they do not name).
    pub fn kind_factor(&self, kind: EmailKind) -> KindFactor {
        (self.settings.kind.get(kind_code(kind)).copied()).unwrap_or(KindFactor::NEUTRAL)
    }

    /// `rates` as one Monte Carlo run draws them: the open rate moved by `shift` (the run's
    /// draw of the between-period change) and by its own uncertainty × `z.0`, the click rate by
    /// its uncertainty × `z.1`, all on the log scale (`z`: the run's standard normals for the
    /// mail). The uncertainty's draws keep the rates' means (a log-normal's mean is
    /// exp(sd² / 2) × its median).
    pub fn drawn(rates: MailRates, shift: f64, z: (f64, f64)) -> MailRates {
        let draw = |sd: f64, z: f64| (sd * z - sd * sd / 2.0).exp();
        MailRates {
            open: rates.open * shift.exp() * draw(rates.open_sd, z.0),
            click_given_open: rates.click_given_open * draw(rates.click_sd, z.1),
            ..rates
        }
    }

    /// The odds of a send of a mail with these rates (a simulation works them out once per mail).
    pub fn odds_with(&self, rates: MailRates, engagement: f64, recent_sends: u32) -> SendOdds {
        let s = &self.settings;
        let fatigue = self.fatigue(recent_sends as usize);
        let cap = |p: f64| p.clamp(0.0, s.max_probability);
        SendOdds {
            open: cap(rates.open * engagement * fatigue.open),
            // Engagement acts once, on the open; the click given an open moves with its square
            // root, so engaged readers click somewhat more too.
            click_given_open: cap(rates.click_given_open * engagement.sqrt()),
            unsubscribe: cap(rates.unsubscribe * fatigue.unsubscribe),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulate::history::WeekFacts;

    fn model() -> ResponseModel {
        ResponseModel::unfitted(ResponseSettings::default())
    }

    /// A mail few open has few opens of its own: its click rate given an open is blended with the
    /// opens its prior's sends would bring, not with as many opens as it has sends of prior.
    #[test]
    fn a_mail_few_open_keeps_its_own_click_rate_given_an_open() {
        let pool = Pool {
            sends: 2_000.0,
            rested: 2_000.0,
            exposed: 2_000.0,
            opens: 100.0,
            clicks: 9.0,
            unsubscribes: 0.0,
        };
        let prior = MailRates {
            open: 0.05,
            click_given_open: 0.30,
            unsubscribe: 0.002,
            open_sd: 0.0,
            click_sd: 0.0,
        };
        // 100 sends of prior bring 5 opens; the mail's own 100 weigh twenty times as much.
        let r = pool.shrunk(prior, 100.0);
        assert!((r.click_given_open - (9.0 + 5.0 * 0.30) / 105.0).abs() < 1e-12);
        assert!(r.click_given_open < 0.11, "{r:?}");
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

    /// A mail history: `sends` leads sent it, `opens` and `clicks` of them, each with `recent`
    /// other mails in the 7 days before.
    fn mail(sends: u64, opens: u64, clicks: u64, recent: usize) -> MailFacts {
        let mut week = WeekFacts {
            counts: [sends, opens, clicks, 0],
            ..WeekFacts::default()
        };
        week.recent[recent] = sends;
        MailFacts {
            total: week,
            weeks: [(0, week)].into(),
        }
    }

    /// The welcome template's three mails and the model fitted from `history` (by detail).
    fn fitted(history: &[(&str, MailFacts)]) -> (ResponseModel, BTreeMap<MailRef, MailRates>) {
        let mut facts = HistoryFacts::default();
        for (detail, m) in history {
            facts.per_mail.insert((*detail).to_owned(), m.clone());
            for (total, n) in facts.mails.iter_mut().zip(m.total.counts) {
                *total += n;
            }
        }
        let model = ResponseModel::from_facts(&facts, ResponseSettings::default());
        let file = crate::templates::TEMPLATES[0].scenario().unwrap();
        let welcome = crate::Scenario::from_file(file, &Default::default())
            .0
            .unwrap();
        let rates = model.mail_rates(&MailIndex::new(
            std::slice::from_ref(&welcome),
            &BTreeMap::new(),
        ));
        (model, rates)
    }

    fn of<'a>(rates: &'a BTreeMap<MailRef, MailRates>, node: &str) -> &'a MailRates {
        &rates[&("welcome".into(), node.into())]
    }

    #[test]
    fn a_mail_with_its_own_history_keeps_its_rate_and_the_kind_factor_is_not_applied_again() {
        // The welcome mail opened at 40 % over 5,000 sends; the newsletter at 20 % over 20,000.
        // Pooled, the workspace opens 24 %; × 1.6 for a welcome mail it would be 38 % for every
        // welcome mail, and 64 % if the welcome mail's own 40 % were taken × 1.6.
        let (_, rates) = fitted(&[
            ("mail_intro", mail(5_000, 2_000, 400, 0)),
            ("nl-2026-05", mail(20_000, 4_000, 400, 0)),
        ]);
        let intro = of(&rates, "mail_intro");
        assert!((intro.open - 0.40).abs() < 0.005, "{intro:?}");
        assert!((intro.click_given_open - 0.20).abs() < 0.005, "{intro:?}");
        // A welcome mail with no history of its own takes the welcome mails' rate.
        let tips = of(&rates, "mail_tips");
        assert!((tips.open - 0.40).abs() < 0.01, "{tips:?}");
    }

    #[test]
    fn a_kind_without_history_is_the_workspace_rate_moved_by_the_kind_factor_once() {
        // Only newsletters (untied, taken as nurture mails) at 20 %: a welcome mail is 1.6 × 20 %.
        let (_, rates) = fitted(&[("nl-2026-05", mail(20_000, 4_000, 400, 0))]);
        let intro = of(&rates, "mail_intro");
        assert!((intro.open - 0.32).abs() < 0.001, "{intro:?}");
    }

    #[test]
    fn recorded_rates_are_rested_so_that_fatigue_applies_once() {
        // The survey mail always went out the day after another mail and opened at 30 %: rested,
        // it opens 30 % × (1 + 0.15); sent again the day after another mail, 30 %.
        let (model, rates) = fitted(&[("mail_survey", mail(10_000, 3_000, 300, 1))]);
        let survey = *of(&rates, "mail_survey");
        assert!((survey.open - 0.30 * 1.15).abs() < 0.005, "{survey:?}");
        let odds = model.odds_with(survey, 1.0, 1);
        assert!((odds.open - 0.30).abs() < 0.005, "{odds:?}");
    }

    #[test]
    fn unsubscribes_are_fitted_from_the_history_and_shrunk_toward_the_setting() {
        let facts = HistoryFacts {
            mails: [100_000, 20_000, 2_000],
            counts: [("unsubscribe".to_owned(), 800)].into(),
            ..HistoryFacts::default()
        };
        let model = ResponseModel::from_facts(&facts, ResponseSettings::default());
        // 800 in 100,000 sends (0.8 %), blended with 0.2 % over 2,000 sends.
        let expected = (800.0 + 2_000.0 * 0.002) / 102_000.0;
        assert!((model.unsubscribe_rate - expected).abs() < 1e-12);
        // The same mails sent four times each under their names (a monthly newsletter): the
        // unsubscribes are out of every send recorded.
        let facts = HistoryFacts {
            counts: [
                ("unsubscribe".to_owned(), 800),
                ("email_send".to_owned(), 400_000),
            ]
            .into(),
            ..facts
        };
        let model = ResponseModel::from_facts(&facts, ResponseSettings::default());
        let expected = (800.0 + 2_000.0 * 0.002) / 402_000.0;
        assert!((model.unsubscribe_rate - expected).abs() < 1e-12);
    }

    /// A mail sent 1,000 leads a week for 24 weeks, opened at `rate(week)`.
    fn weekly(rate: impl Fn(i64) -> f64) -> ResponseModel {
        let mut m = MailFacts::default();
        for week in 0..24 {
            let opens = (1_000.0 * rate(week)).round() as u64;
            let f = WeekFacts {
                counts: [1_000, opens, 0, 0],
                recent: [1_000, 0, 0, 0, 0, 0, 0, 0],
            };
            m.weeks.insert(week, f);
            m.total.counts[0] += 1_000;
            m.total.counts[1] += opens;
            m.total.recent[0] += 1_000;
        }
        let facts = HistoryFacts {
            per_mail: [("nl".to_owned(), m)].into(),
            mails: [24_000, 6_000, 0],
            last_at: Some(23 * 7 * 86_400),
            ..HistoryFacts::default()
        };
        ResponseModel::from_facts(&facts, ResponseSettings::default())
    }

    #[test]
    fn periods_that_differ_beyond_chance_widen_the_runs_and_steady_ones_do_not() {
        assert_eq!(weekly(|_| 0.25).period_sd, 0.0);
        // Four-week periods alternating between 20 % and 30 %: log(30 / 20) apart, an sd of
        // about 0.22 on the log scale.
        let swinging = weekly(|week| if (week / 4) % 2 == 0 { 0.20 } else { 0.30 });
        assert!(
            (swinging.period_sd - 0.22).abs() < 0.02,
            "{}",
            swinging.period_sd
        );
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
