#!/usr/bin/env python3
"""Synthetic "worlds" for an acceptance check of Scenario Studio's back-test.

Each variant simulates one Japanese B2B company that runs Marketo for about eleven
months, with a behaviour model written independently of the engine, and writes what
Marketo would hand over:

  people.csv                  Marketo people export (Smart List "Export", UI column labels,
                              plus the instance's custom field オプトイン取得経路)
  optin-mapping.json          mapping that reads that custom field as the opt-in basis
  activities_YYYY-MM.csv      Marketo bulk activity extract, one file per 31-day job
  download-activity.json      mapping for the instance's custom activity "Download Content"
  welcome.json, dl-follow.json  the journeys that really ran (scenario-studio/1)
  settings.json               the workspace settings that match this Marketo instance
  truth.json                  the world's own counts in the back-test window (ground truth)

Standard library only; deterministic for a given --seed.  See README.md beside this file.

    python3 worlds.py --out /tmp/accept                 # write every variant
    python3 worlds.py --out /tmp/accept --run           # ... and import + back-test them
    python3 worlds.py --out /tmp/accept --summarize     # tables from the bt.json files
"""

import argparse
import csv
import datetime as dt
import glob
import heapq
import json
import math
import os
import random
import subprocess
import sys
import zlib

# ---------------------------------------------------------------------------
# Time: integers = seconds since the epoch (UTC); calendar logic in JST.
# ---------------------------------------------------------------------------

JST = dt.timezone(dt.timedelta(hours=9))
DAY = 86400
HOUR = 3600
MIN = 60


def jst(y, m, d, hh=0, mm=0):
    return int(dt.datetime(y, m, d, hh, mm, tzinfo=JST).timestamp())


def day_index(t):
    """JST calendar day number."""
    return (t + 9 * HOUR) // DAY


def day_start(d):
    return d * DAY - 9 * HOUR


def day_date(d):
    return dt.date(1970, 1, 1) + dt.timedelta(days=d)


H0 = jst(2024, 11, 1)          # first day of the exported history
H1 = jst(2025, 10, 1)          # the export was taken at the end of 2025-09-30
CUTOFF = jst(2025, 8, 2)       # back-test cut-off: 60 days before the end
CUTOFF_DAYS = 60
W0 = H0 - 120 * DAY            # the world runs from here (warm-up, not exported)

# Japanese public holidays (incl. substitute holidays) in the simulated span.
JP_HOLIDAYS = {
    "2024-07-15", "2024-08-12", "2024-09-16", "2024-09-23", "2024-10-14",
    "2024-11-04", "2024-11-23",
    "2025-01-01", "2025-01-13", "2025-02-11", "2025-02-24", "2025-03-20",
    "2025-04-29", "2025-05-05", "2025-05-06", "2025-07-21", "2025-08-11",
    "2025-09-15", "2025-09-23", "2025-10-13",
}


def is_holiday(date):
    if date.isoformat() in JP_HOLIDAYS:
        return True
    md = (date.month, date.day)
    return md >= (12, 29) or md <= (1, 3)        # 年末年始, as the workspace calendar says


def in_break(date):
    """Periods when Japanese offices are quiet: GW, Obon, year end."""
    md = (date.month, date.day)
    return ((4, 29) <= md <= (5, 6)) or ((8, 12) <= md <= (8, 16)) or md >= (12, 27) or md <= (1, 4)


# ---------------------------------------------------------------------------
# Send windows, exactly as the scenario files say
# ---------------------------------------------------------------------------

WEEKDAY_KEYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


class Window:
    def __init__(self, weekdays, start, end, skip_holidays):
        self.weekdays = set(WEEKDAY_KEYS.index(w) for w in weekdays)
        self.start = start * MIN
        self.end = end * MIN
        self.skip = skip_holidays
        self.json = {"weekdays": list(weekdays), "start": "%02d:%02d" % divmod(start, 60),
                     "end": "%02d:%02d" % divmod(end, 60), "skip_holidays": skip_holidays}

    def day_ok(self, d):
        date = day_date(d)
        if date.weekday() not in self.weekdays:
            return False
        return not (self.skip and is_holiday(date))

    def next_open(self, t):
        """The first moment at or after t inside the window."""
        d = day_index(t)
        sec = t - day_start(d)
        if self.day_ok(d) and self.start <= sec < self.end:
            return t
        if self.day_ok(d) and sec < self.start:
            return day_start(d) + self.start
        d += 1
        while not self.day_ok(d):
            d += 1
        return day_start(d) + self.start


def send_time(win, ready, rng):
    """When Marketo really sends a step that became due at `ready`: at once inside the
    window (a few seconds of processing), else in the batch at the window's opening."""
    t = win.next_open(ready)
    if t == ready:
        return t + rng.randint(3, 90)
    return t + rng.randint(0, 900)


# ---------------------------------------------------------------------------
# Mails
# ---------------------------------------------------------------------------

class Mail:
    def __init__(self, name, kind, open_mult, click_mult, unsub_mult, dl_after_click, link,
                 email_id, campaign_id, scenario=None, node=None, subject=""):
        self.name = name
        self.kind = kind
        self.open_mult = open_mult
        self.click_mult = click_mult
        self.unsub_mult = unsub_mult
        self.dl_after_click = dl_after_click
        self.link = link
        self.email_id = email_id
        self.campaign_id = campaign_id
        self.scenario = scenario
        self.node = node
        self.subject = subject


# Kind factors of the world (not the engine's): how much a kind of mail is opened.
KIND_OPEN = {"welcome": 1.45, "follow_up": 1.35, "nurture": 1.0, "event_invite": 0.9,
             "newsletter": 0.8, "blast": 0.75}

SITE = "https://www.mirai-cloud.example.co.jp"

WELCOME = [
    Mail("Welcome.Email 1 Thanks", "welcome", 1.10, 0.9, 0.5, 0.03, SITE + "/service",
         3101, 2101, "welcome", "mail_w1", "【ミライクラウド】ご登録ありがとうございます"),
    Mail("Welcome.Email 2 Tips", "welcome", 1.0, 1.1, 0.6, 0.10, SITE + "/guide/first-30-days",
         3102, 2101, "welcome", "mail_w2", "導入企業が最初の30日で取り組んでいること"),
    Mail("Welcome.Email 3 Survey", "welcome", 0.92, 1.7, 0.7, 0.0, SITE + "/survey/welcome",
         3103, 2101, "welcome", "mail_w3", "【1分アンケート】ご関心のあるテーマを教えてください"),
    Mail("Welcome.Email 4 Survey Reminder", "welcome", 0.75, 1.0, 1.0, 0.0, SITE + "/survey/welcome",
         3104, 2101, "welcome", "mail_w4", "【再送】1分アンケートのお願い"),
]
DLF = [
    Mail("DL Follow.Email 1 Related", "follow_up", 1.05, 1.4, 0.6, 0.22, SITE + "/resources",
         3201, 2201, "dl-follow", "mail_d1", "資料ダウンロードありがとうございます：あわせて読まれている資料3選"),
    Mail("DL Follow.Email 2 Case Study", "nurture", 1.0, 1.0, 1.0, 0.08, SITE + "/cases/manufacturing",
         3202, 2201, "dl-follow", "mail_d2", "【導入事例】同業種の企業が半年で商談数を1.5倍にした方法"),
    Mail("DL Follow.Email 3 Consultation", "event_invite", 1.0, 0.8, 0.8, 0.0, SITE + "/consultation",
         3203, 2201, "dl-follow", "mail_d3", "30分のオンライン個別相談会のご案内"),
]
NEWSLETTER = Mail("Newsletter.Monthly Newsletter", "newsletter", 1.0, 0.9, 1.5, 0.07, SITE + "/blog",
                  3301, 2301)


def blast(name, email_id):
    return Mail(name, "blast", 1.0, 0.8, 2.0, 0.04, SITE + "/seminar", email_id, email_id - 1000)


WELCOME_WINDOW = Window(["mon", "tue", "wed", "thu", "fri"], 9 * 60, 18 * 60, True)
DL_WINDOW = Window(["mon", "tue", "wed", "thu", "fri"], 9 * 60, 18 * 60, False)
FREE_MAIL = ["gmail.com", "yahoo.co.jp", "icloud.com", "outlook.jp", "hotmail.co.jp"]

WELCOME_WAITS = [2, 4]           # days after mail 1, after mail 2
WELCOME_COND_WAIT = 5            # days after mail 3, then: clicked mail 3? no -> mail 4
DL_WAIT = 3                      # days after mail 1
DL_COND_WAIT = 4                 # days after mail 2, then: clicked 1 or 2? yes -> mail 3
DL_REENROL_DAYS = 30

ASSETS = [  # gated documents: (asset name, code, popularity)
    ("MA導入ガイド2025", "ma-guide", 5.0),
    ("スコアリング設計ホワイトペーパー", "scoring-wp", 3.0),
    ("BtoBメール配信ベンチマーク", "mail-benchmark", 3.5),
    ("製造業のデジタルマーケティング事例集", "mfg-cases", 2.5),
    ("料金表・機能比較表", "pricing-sheet", 2.0),
    ("SFA連携チェックリスト", "sfa-checklist", 1.5),
    ("ウェビナー資料：ナーチャリング入門", "webinar-deck", 1.5),
    ("休眠リード掘り起こしの手引き", "dormant-guide", 1.0),
]
ASSET_W = [a[2] for a in ASSETS]

PAGES = [("/", 5.0), ("/service", 3.0), ("/pricing", 1.5), ("/cases", 2.0), ("/cases/manufacturing", 1.0),
         ("/blog", 3.0), ("/blog/ma-basics", 2.0), ("/blog/scoring", 1.5), ("/resources", 1.5),
         ("/seminar", 1.0), ("/company", 0.8), ("/contact", 0.4)]
PAGE_W = [p[1] for p in PAGES]

HOURS_WEEKDAY = [0.2, 0.1, 0.05, 0.05, 0.05, 0.1, 0.3, 0.8, 1.6, 2.6, 3.0, 2.8, 1.7, 2.6, 2.8,
                 2.7, 2.4, 2.0, 1.4, 1.0, 0.9, 0.8, 0.6, 0.4]
HOURS_WEEKEND = [0.3, 0.2, 0.1, 0.05, 0.05, 0.1, 0.2, 0.4, 0.7, 1.0, 1.2, 1.2, 1.0, 1.1, 1.1,
                 1.1, 1.0, 1.0, 1.0, 1.1, 1.2, 1.1, 0.8, 0.5]

# Activity type ids of Marketo's standard activities, and the instance's custom one.
T_VISIT, T_FORM, T_SEND, T_DELIVERED, T_BOUNCED, T_UNSUB, T_OPEN, T_CLICK, T_NEWLEAD = \
    1, 2, 6, 7, 8, 9, 10, 11, 12
T_DOWNLOAD = 100001

# ---------------------------------------------------------------------------
# Variants
# ---------------------------------------------------------------------------

BLASTS_STD = [  # (JST date-time, mail)
    (jst(2024, 11, 20, 10, 30), blast("2024-12 Seminar.Invitation", 3401)),
    (jst(2025, 2, 19, 10, 30), blast("2025-03 Seminar.Invitation", 3402)),
    (jst(2025, 5, 21, 10, 30), blast("2025-06 Seminar.Invitation", 3403)),
    (jst(2025, 8, 27, 10, 30), blast("2025-09 Seminar.Invitation", 3404)),
]
TRADE_SHOWS = [  # (list import time, size) after exhibitions
    (jst(2024, 10, 28, 16, 20), 260), (jst(2025, 2, 3, 15, 40), 340),
    (jst(2025, 5, 26, 17, 5), 220), (jst(2025, 9, 8, 16, 45), 300),
]

MONTH_SEASON = {1: 0.85, 2: 1.0, 3: 1.1, 4: 0.95, 5: 0.9, 6: 1.05, 7: 1.0, 8: 0.8,
                9: 1.05, 10: 1.1, 11: 1.05, 12: 0.85}

VARIANTS = {
    # flat world: no trend, no seasons, no campaigns, no drift
    "steady": dict(
        seed_offset=1, n_old=3000, old_years=(0.3, 2.0), old_recent_share=0.0,
        inflow=12.0, growth=0.0, season=False, spikes=[], trade_shows=[], blasts=[],
        nov_org=(3.0, 21.0), nov_open=(0.6, 21.0), open_drift=0.0, mpp=None,
        seg_new=(0.18, 0.47, 0.35), seg_old=(0.10, 0.40, 0.50)),
    # most leads are 1-5 years old, keen new leads, opens drift down, campaigns
    "realistic": dict(
        seed_offset=2, n_old=11000, old_years=(1.0, 5.0), old_recent_share=0.15,
        inflow=13.0, growth=0.2, season=True, spikes=[], trade_shows=TRADE_SHOWS, blasts=BLASTS_STD,
        nov_org=(6.0, 14.0), nov_open=(0.9, 14.0), open_drift=-0.025, mpp=None,
        seg_new=(0.20, 0.45, 0.35), seg_old=(0.06, 0.32, 0.62)),
    # inflow doubles within the year; paid campaigns make spikes (one after the cut-off)
    "growth": dict(
        seed_offset=3, n_old=3500, old_years=(0.5, 3.0), old_recent_share=0.1,
        inflow=8.0, growth=1.0, season=True,
        spikes=[(jst(2025, 3, 3), 14, 3.0), (jst(2025, 6, 16), 10, 2.5), (jst(2025, 9, 1), 14, 3.0)],
        trade_shows=TRADE_SHOWS, blasts=BLASTS_STD,
        nov_org=(4.0, 21.0), nov_open=(0.7, 21.0), open_drift=0.0, mpp=None,
        seg_new=(0.18, 0.47, 0.35), seg_old=(0.08, 0.37, 0.55)),
    # Apple-MPP-like jump: from 2025-05-20 Apple Mail users "open" almost every mail
    "mpp": dict(
        seed_offset=4, n_old=6000, old_years=(0.5, 4.0), old_recent_share=0.1,
        inflow=12.0, growth=0.1, season=True, spikes=[], trade_shows=TRADE_SHOWS[:3], blasts=BLASTS_STD,
        nov_org=(4.0, 21.0), nov_open=(0.7, 21.0), open_drift=0.0,
        mpp=dict(at=jst(2025, 5, 20), share=0.085, p=0.93),
        seg_new=(0.18, 0.47, 0.35), seg_old=(0.08, 0.35, 0.57)),
}

# Per-segment propensities.  open/click: Beta(mean, concentration).
SEGMENTS = {
    "engaged": dict(open=(0.50, 6.0), click=(0.30, 6.0), sess=0.06, dl=0.0030, form=0.0010,
                    unsub=0.35, episode_per_day=1 / 300.0),
    "lukewarm": dict(open=(0.22, 8.0), click=(0.13, 6.0), sess=0.013, dl=0.0009, form=0.00025,
                     unsub=1.0, episode_per_day=1 / 600.0),
    "dormant": dict(open=(0.045, 6.0), click=(0.07, 5.0), sess=0.0016, dl=0.00010, form=0.00003,
                    unsub=3.0, episode_per_day=1 / 1500.0),
}
SEG_NAMES = ["engaged", "lukewarm", "dormant"]

LAST_NAMES = ["佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤", "吉田",
              "山田", "佐々木", "山口", "松本", "井上", "木村", "林", "斎藤", "清水", "山崎", "森", "池田"]
FIRST_NAMES = ["翔太", "大輔", "健太", "拓也", "直樹", "美咲", "陽子", "恵", "裕子", "彩", "誠", "剛",
               "奈々", "愛", "隆", "修", "真由美", "亮", "智子", "浩二"]
ROMA_LAST = ["sato", "suzuki", "takahashi", "tanaka", "ito", "watanabe", "yamamoto", "nakamura",
             "kobayashi", "kato", "yoshida", "yamada", "sasaki", "yamaguchi", "matsumoto", "inoue",
             "kimura", "hayashi", "saito", "shimizu", "yamazaki", "mori", "ikeda"]
ROMA_FIRST = ["shota", "daisuke", "kenta", "takuya", "naoki", "misaki", "yoko", "megumi", "yuko", "aya",
              "makoto", "tsuyoshi", "nana", "ai", "takashi", "osamu", "mayumi", "ryo", "tomoko", "koji"]
INDUSTRIES = [("製造業", 3.0), ("情報通信業", 2.5), ("卸売業・小売業", 1.5), ("サービス業", 1.5),
              ("金融業・保険業", 0.8), ("建設業", 0.8), ("医療・福祉", 0.5)]
TITLES = [("部長", 1.2), ("課長", 1.5), ("主任", 1.0), ("担当", 3.0), ("マネージャー", 1.0),
          ("取締役", 0.3), ("代表取締役", 0.2), ("", 1.0)]
PREFS = [("東京都", 5), ("大阪府", 2), ("神奈川県", 1.5), ("愛知県", 1.5), ("福岡県", 0.8),
         ("埼玉県", 0.7), ("兵庫県", 0.6), ("北海道", 0.5), ("京都府", 0.4)]
EMPLOYEES = [(20, 1.0), (80, 1.5), (150, 1.2), (450, 1.0), (800, 0.7), (2500, 0.8), (12000, 0.3)]
CO_PREFIX = ["日本", "東邦", "未来", "大和", "光", "第一", "中央", "新日本", "北斗", "旭", "富士", "協和"]
CO_CORE = ["精機", "電子", "システム", "商事", "工業", "ソリューションズ", "テクノロジー", "物産", "製作所",
           "情報サービス", "ロジスティクス", "化成"]
CO_ROMA_PREFIX = ["nihon", "toho", "mirai", "yamato", "hikari", "daiichi", "chuo", "shinnihon", "hokuto",
                  "asahi", "fuji", "kyowa"]
CO_ROMA_CORE = ["seiki", "denshi", "sys", "shoji", "kogyo", "solutions", "tech", "bussan", "ss", "info",
                "logi", "kasei"]


def wchoice(rng, items):
    total = sum(w for _, w in items)
    x = rng.random() * total
    for v, w in items:
        x -= w
        if x <= 0:
            return v
    return items[-1][0]


def beta_mean(rng, mean, k):
    return rng.betavariate(mean * k, (1 - mean) * k)


# ---------------------------------------------------------------------------
# The world
# ---------------------------------------------------------------------------

class Lead:
    __slots__ = ("key", "id", "created", "source", "segment", "open", "click", "sess", "dl", "form",
                 "unsub_base", "apple", "invalid", "invalid_known", "unsub_t", "email", "domain",
                 "last", "first", "company", "title", "industry", "employees", "pref",
                 "created_by", "episodes", "old")


class World:
    def __init__(self, name, seed):
        self.name = name
        self.cfg = VARIANTS[name]
        self.seed = seed * 1000 + self.cfg["seed_offset"]
        self.rng = random.Random(self.seed)
        self.d0 = day_index(W0)
        self.d1 = day_index(H1)
        self.build_calendar()
        self.truth = {}
        self.used_emails = set()

    # -- global day factors ---------------------------------------------------
    def build_calendar(self):
        cfg = self.cfg
        self.g_org = {}       # organic behaviour, per day
        self.g_in = {}        # inflow of new leads, per day
        wd_org = [1.1, 1.1, 1.05, 1.0, 0.9, 0.25, 0.2]
        wd_in = [1.25, 1.2, 1.15, 1.1, 0.95, 0.3, 0.25]
        for d in range(self.d0 - 1, self.d1 + 2):
            date = day_date(d)
            wd = date.weekday()
            season = MONTH_SEASON[date.month] if cfg["season"] else 1.0
            quiet = 1.0
            if is_holiday(date) or in_break(date):
                quiet = 0.35 if wd < 5 else 0.8
            self.g_org[d] = wd_org[wd] * season * quiet
            years = (day_start(d) - H0) / (365.0 * DAY)
            trend = 2.0 ** (years * cfg["growth"]) if cfg["growth"] else 1.0
            spike = 1.0
            for (start, days, mult) in cfg["spikes"]:
                if day_index(start) <= d < day_index(start) + days:
                    spike = mult
            self.g_in[d] = cfg["inflow"] * trend * wd_in[wd] * season * quiet * spike

    # -- leads -------------------------------------------------------------------
    def new_lead(self, rng, created, source, seg_mix, old=False):
        L = Lead()
        L.created = created
        L.source = source
        L.old = old
        r = rng.random()
        L.segment = "engaged" if r < seg_mix[0] else ("lukewarm" if r < seg_mix[0] + seg_mix[1] else "dormant")
        S = SEGMENTS[L.segment]
        L.open = beta_mean(rng, *S["open"])
        L.click = beta_mean(rng, *S["click"])
        common = rng.lognormvariate(0, 0.6)
        L.sess = S["sess"] * common * rng.lognormvariate(-0.125, 0.5)
        L.dl = S["dl"] * common * rng.lognormvariate(-0.125, 0.5)
        L.form = S["form"] * common * rng.lognormvariate(0, 0.5)
        L.unsub_base = S["unsub"] * rng.lognormvariate(-0.08, 0.4)
        L.apple = bool(self.cfg["mpp"]) and rng.random() < self.cfg["mpp"]["share"]
        L.invalid = rng.random() < 0.02
        L.invalid_known = False
        L.unsub_t = None
        i = rng.randrange(len(LAST_NAMES))
        j = rng.randrange(len(FIRST_NAMES))
        L.last, L.first = LAST_NAMES[i], FIRST_NAMES[j]
        k = rng.randrange(len(CO_PREFIX))
        m = rng.randrange(len(CO_CORE))
        L.company = "株式会社" + CO_PREFIX[k] + CO_CORE[m]
        if rng.random() < 0.09:
            L.domain = wchoice(rng, [(d, w) for d, w in zip(FREE_MAIL, [4, 4, 1, 1, 1])])
        else:
            L.domain = "%s-%s.co.jp" % (CO_ROMA_PREFIX[k], CO_ROMA_CORE[m])
        while True:      # Marketo's people are unique by email address
            L.email = "%s.%s%d@%s" % (ROMA_FIRST[j], ROMA_LAST[i], rng.randrange(1, 9999), L.domain)
            if L.email not in self.used_emails:
                self.used_emails.add(L.email)
                break
        L.title = wchoice(rng, TITLES)
        L.industry = wchoice(rng, INDUSTRIES)
        L.employees = wchoice(rng, EMPLOYEES)
        L.pref = wchoice(rng, PREFS)
        # in-market episodes (bursts of interest), over the lead's simulated life
        L.episodes = []
        t = max(created, W0) - int(rng.uniform(0, 40) * DAY)
        rate = S["episode_per_day"]
        while True:
            t += int(rng.expovariate(rate) * DAY)
            if t >= H1:
                break
            L.episodes.append((t, t + int(rng.uniform(12, 45) * DAY)))
        return L

    def make_leads(self):
        cfg, rng = self.cfg, self.rng
        leads = []
        # leads that existed before the world starts, mostly years before the export
        for _ in range(cfg["n_old"]):
            if rng.random() < cfg["old_recent_share"]:
                created = int(rng.uniform(H0 - 365 * DAY, W0))
            else:
                y0, y1 = cfg["old_years"]
                created = int(H0 - rng.uniform(y0, y1) * 365 * DAY)
                created = min(created, W0 - DAY)
            d = day_index(created)
            while day_date(d).weekday() >= 5 and rng.random() < 0.8:
                d -= 1
            created = day_start(d) + self.hour_of_day(rng, d)
            src = wchoice(rng, [("Website", 4), ("Trade Show", 3), ("Webinar", 1.5), ("Paid Search", 1.0),
                                ("Referral", 0.5)])
            L = self.new_lead(rng, created, src, cfg["seg_old"], old=True)
            L.created_by = None
            # some were opted out or bounced long ago
            if rng.random() < {"engaged": 0.03, "lukewarm": 0.08, "dormant": 0.2}[L.segment]:
                L.unsub_t = created + int(rng.uniform(0.1, 0.95) * (W0 - created))
            if L.invalid:
                L.invalid_known = True
            leads.append(L)
        # inflow during the world's span
        for d in range(self.d0, self.d1):
            n = self.poisson(rng, self.g_in[d])
            for _ in range(n):
                created = day_start(d) + self.hour_of_day(rng, d)
                src = wchoice(rng, [("Website", 5), ("Paid Search", 2.5), ("Webinar", 1.2), ("Referral", 0.6)])
                L = self.new_lead(rng, created, src, cfg["seg_new"])
                r = rng.random()
                if src == "Webinar":
                    L.created_by = ("form", "Webinar.Registration Form")
                elif r < 0.5:
                    L.created_by = ("download", None)
                elif r < 0.85:
                    L.created_by = ("form", "Website.Newsletter Signup Form")
                else:
                    L.created_by = ("form", "Website.Contact Us Form")
                leads.append(L)
        for (t, size) in cfg["trade_shows"]:
            if not (W0 <= t < H1):
                continue
            for i in range(size):
                L = self.new_lead(rng, t + i // 4, "Trade Show", (0.08, 0.42, 0.50))
                L.created_by = ("import", "Trade Show %s.List Import" % day_date(day_index(t)).isoformat())
                leads.append(L)
        leads.sort(key=lambda L: L.created)
        for i, L in enumerate(leads):
            L.id = 1001 + i
        self.leads = leads

    @staticmethod
    def poisson(rng, lam):
        if lam <= 0:
            return 0
        if lam > 30:
            return max(0, int(round(rng.gauss(lam, math.sqrt(lam)))))
        L, k, p = math.exp(-lam), 0, 1.0
        while True:
            p *= rng.random()
            if p <= L:
                return k
            k += 1

    @staticmethod
    def hour_of_day(rng, d):
        weights = HOURS_WEEKDAY if day_date(d).weekday() < 5 else HOURS_WEEKEND
        h = 0
        x = rng.random() * sum(weights)
        for h, w in enumerate(weights):
            x -= w
            if x <= 0:
                break
        return h * HOUR + rng.randrange(HOUR)

    # -- per-lead factors ----------------------------------------------------------
    def novelty(self, L, t, which):
        if L.old:
            return 1.0
        a, tau = self.cfg["nov_org"] if which == "org" else self.cfg["nov_open"]
        age = (t - L.created) / DAY
        return 1.0 + a * math.exp(-max(age, 0.0) / tau)

    @staticmethod
    def aging(L, t, strength):
        years = max(0.0, (t - L.created) / (365.0 * DAY))
        return math.exp(-strength * years)

    @staticmethod
    def in_episode(L, t):
        for (a, b) in L.episodes:
            if a <= t < b:
                return True
        return False

    def open_drift(self, t):
        months = (t - H0) / (30.4 * DAY)
        return max(0.5, 1.0 + self.cfg["open_drift"] * months)

    # -- simulation of one lead -------------------------------------------------------
    def simulate(self, L):
        rng = random.Random(self.seed * 7919 + L.id)
        recs = []
        heap = []
        seq = [0]

        def push(t, kind, payload=None):
            seq[0] += 1
            heapq.heappush(heap, (t, seq[0], kind, payload))

        start = max(L.created, W0)
        if L.created >= W0:
            push(L.created, "create")
        # organic behaviour, day by day (thinned Poisson)
        d = day_index(start)
        while d < self.d1:
            t_mid = day_start(d) + 12 * HOUR
            base = self.g_org[d] * self.novelty(L, t_mid, "org") * self.aging(L, t_mid, 0.3)
            if self.in_episode(L, t_mid):
                base *= 4.0
            lam_s, lam_d, lam_f = L.sess * base, L.dl * base, L.form * base
            tot = lam_s + lam_d + lam_f
            if rng.random() < 1.0 - math.exp(-tot):
                n = 1 + self.poisson(rng, tot * 0.5) if tot > 0.2 else 1
                for _ in range(n):
                    t = day_start(d) + self.hour_of_day(rng, d)
                    if t < start or t >= H1:
                        continue
                    x = rng.random() * tot
                    if x < lam_s:
                        push(t, "session")
                    elif x < lam_s + lam_d:
                        push(t, "download", "organic")
                    else:
                        push(t, "form")
            d += 1
        # newsletters and blasts
        for t in self.newsletter_times:
            if t >= start:
                push(t, "bulk", NEWSLETTER)
        for (t, mail) in self.cfg["blasts"]:
            if t >= start and L.industry in ("製造業", "情報通信業", "サービス業"):
                push(t, "bulk", mail)

        sends = []             # times of this lead's deliveries (fatigue)
        clicks = {}            # mail name -> first click time
        dl_last_entry = None
        dl_in = False
        while heap:
            t, _, kind, payload = heapq.heappop(heap)
            if t >= H1:
                break
            if kind == "create":
                cb = L.created_by
                if cb[0] == "import":
                    recs.append((t, T_NEWLEAD, None, None, cb[1], {"Source Type": "List import",
                                                                  "List Name": cb[1]}))
                elif cb[0] == "form":
                    recs.append((t, T_NEWLEAD, None, None, cb[1], {"Source Type": "Web form fillout",
                                                                  "Form Name": cb[1]}))
                    recs.append((t + 1, T_FORM, None, 1500 + zlib.crc32(cb[1].encode()) % 50, cb[1],
                                 {"Webpage ID": 88, "Client IP Address": "203.0.113.%d" % (L.id % 250)}))
                else:
                    recs.append((t, T_NEWLEAD, None, None, "Website.Content Download Form",
                                 {"Source Type": "Web form fillout"}))
                    push(t + 1, "download", "creation")
                if L.domain not in FREE_MAIL:
                    push(send_time(WELCOME_WINDOW, t, rng), "welcome", 0)
            elif kind == "session":
                n = 1 + int(rng.expovariate(1 / (2.2 if L.segment == "engaged" else 1.2)))
                tt = t
                for _ in range(n):
                    page = wchoice(rng, PAGES)
                    recs.append((tt, T_VISIT, None, 50 + [p for p, _ in PAGES].index(page),
                                 "www.mirai-cloud.example.co.jp" + page, {"Webpage URL": page}))
                    tt += rng.randint(20, 240)
            elif kind == "form":
                name = wchoice(rng, [("Website.Contact Us Form", 1.0), ("Seminar.Registration Form", 2.0)])
                recs.append((t, T_VISIT, None, None, "www.mirai-cloud.example.co.jp/contact",
                             {"Webpage URL": "/contact"}))
                recs.append((t + rng.randint(40, 300), T_FORM, None, 1550, name, {"Webpage ID": 91}))
            elif kind == "download":
                asset, code, _ = ASSETS[self.pick_asset(rng)]
                form = "WP-%s.Download Form" % code
                if payload != "creation":
                    recs.append((t, T_VISIT, None, None, "www.mirai-cloud.example.co.jp/lp/" + code,
                                 {"Webpage URL": "/lp/" + code}))
                    t += rng.randint(30, 200)
                    recs.append((t, T_FORM, None, 1600 + ASSETS.index((asset, code, _)), form,
                                 {"Webpage ID": 120}))
                else:
                    recs.append((t, T_FORM, None, 1600 + ASSETS.index((asset, code, _)), form,
                                 {"Webpage ID": 120}))
                t_dl = t + rng.randint(2, 20)
                recs.append((t_dl, T_DOWNLOAD, None, None, asset, {"Asset Type": "Whitepaper"}))
                self.count("downloads", t_dl)
                self.count("downloads_" + payload, t_dl)
                if t_dl < H1 and (L.unsub_t is None or t_dl < L.unsub_t) and not dl_in and \
                        (dl_last_entry is None or t_dl - dl_last_entry >= DL_REENROL_DAYS * DAY):
                    dl_in = True
                    dl_last_entry = t_dl
                    self.count("enrol:dl-follow", t_dl)
                    push(send_time(DL_WINDOW, t_dl, rng), "dl", 0)
            elif kind == "welcome":
                step = payload
                if step == 0:
                    self.count("enrol:welcome", t)
                if step in (0, 1, 2, 4):
                    mi = 3 if step == 4 else step
                    self.send(L, rng, t, WELCOME[mi], recs, sends, clicks, push)
                    if step == 0:
                        push(send_time(WELCOME_WINDOW, t + WELCOME_WAITS[0] * DAY, rng), "welcome", 1)
                    elif step == 1:
                        push(send_time(WELCOME_WINDOW, t + WELCOME_WAITS[1] * DAY, rng), "welcome", 2)
                    elif step == 2:
                        push(t + WELCOME_COND_WAIT * DAY, "welcome", 3)
                elif step == 3:      # condition: clicked mail 3?
                    c = clicks.get(WELCOME[2].name)
                    if not (c is not None and c <= t):
                        push(send_time(WELCOME_WINDOW, t, rng), "welcome", 4)
            elif kind == "dl":
                step = payload
                if step in (0, 1, 3):
                    mi = {0: 0, 1: 1, 3: 2}[step]
                    self.send(L, rng, t, DLF[mi], recs, sends, clicks, push)
                    if step == 0:
                        push(send_time(DL_WINDOW, t + DL_WAIT * DAY, rng), "dl", 1)
                    elif step == 1:
                        push(t + DL_COND_WAIT * DAY, "dl", 2)
                    else:
                        dl_in = False
                elif step == 2:      # condition: clicked mail 1 or 2?
                    ok = any(clicks.get(m.name) is not None and clicks[m.name] <= t for m in DLF[:2])
                    if ok:
                        push(send_time(DL_WINDOW, t, rng), "dl", 3)
                    else:
                        dl_in = False
            elif kind == "bulk":
                self.send(L, rng, t + rng.randint(0, 2400), payload, recs, sends, clicks, push)
        return recs

    def pick_asset(self, rng):
        x = rng.random() * sum(ASSET_W)
        for i, w in enumerate(ASSET_W):
            x -= w
            if x <= 0:
                return i
        return len(ASSETS) - 1

    def count(self, key, t, n=1):
        if CUTOFF <= t < CUTOFF + CUTOFF_DAYS * DAY:
            self.truth[key] = self.truth.get(key, 0) + n

    def send(self, L, rng, t, mail, recs, sends, clicks, push):
        """Marketo sends `mail` to L at t (unless opted out or known invalid) and L answers."""
        if (L.unsub_t is not None and t >= L.unsub_t) or L.invalid_known:
            return
        cref = {"Campaign Run ID": str(mail.campaign_id * 10 + 1), "Choice Number": "0",
                "Step ID": str(mail.email_id + 7)}
        recs.append((t, T_SEND, mail.campaign_id, mail.email_id, mail.name, cref))
        self.count("send:" + mail.name, t)
        if L.invalid:
            L.invalid_known = True
            recs.append((t + rng.randint(5, 60), T_BOUNCED, mail.campaign_id, mail.email_id, mail.name,
                         {"Category": "1", "Subcategory": "1003", "Details": "550 5.1.1 User unknown",
                          "Email": L.email}))
            return
        recs.append((t + rng.randint(2, 30), T_DELIVERED, mail.campaign_id, mail.email_id, mail.name, cref))
        n7 = sum(1 for s in sends if t - s < 7 * DAY)
        n30 = sum(1 for s in sends if t - s < 30 * DAY)
        n60 = sum(1 for s in sends if t - s < 60 * DAY)
        sends.append(t)
        if len(sends) > 40:
            del sends[:-40]
        ep = self.in_episode(L, t)
        wd = day_date(day_index(t)).weekday()
        sendday = {0: 1.05, 4: 0.9, 5: 0.8, 6: 0.8}.get(wd, 1.0)
        p_open = (L.open * KIND_OPEN[mail.kind] * mail.open_mult * self.novelty(L, t, "open") *
                  self.aging(L, t, 0.12) * math.exp(-0.12 * n7 - 0.012 * n60) * self.open_drift(t) *
                  (1.4 if ep else 1.0) * sendday)
        p_open = min(p_open, 0.97)
        opened = []
        real_open = rng.random() < p_open
        if real_open:
            to = t + self.open_delay(rng)
            opened.append(to)
            if rng.random() < 0.3:
                opened.append(to + int(rng.uniform(60, 2 * DAY)))
        mpp = self.cfg["mpp"]
        if mpp and L.apple and t >= mpp["at"] and rng.random() < mpp["p"]:
            opened.append(t + rng.randint(60, 900))
        for to in opened:
            if to < H1:
                recs.append((to, T_OPEN, mail.campaign_id, mail.email_id, mail.name,
                             {"Device": "Desktop", "Is Mobile Device": False, "Is Bot Activity": False}))
                self.count("opens_total:" + mail.name, to)
        if opened:
            self.count("open:" + mail.name, t)       # unique opens, by send time
        # clicks only from real opens
        if real_open:
            q = (L.click * mail.click_mult * (1.5 if ep else 1.0) * math.exp(-0.06 * n7) *
                 (1 + 0.5 * (self.novelty(L, t, "open") - 1)))
            if rng.random() < min(q, 0.9):
                tc = opened[0] + int(rng.expovariate(1 / 180.0)) + 5
                if tc < H1:
                    recs.append((tc, T_CLICK, mail.campaign_id, mail.email_id, mail.name,
                                 {"Link": mail.link, "Is Bot Activity": False}))
                    self.count("clicks_total:" + mail.name, tc)
                    if rng.random() < 0.15:
                        recs.append((tc + rng.randint(30, 600), T_CLICK, mail.campaign_id, mail.email_id,
                                     mail.name, {"Link": SITE + "/", "Is Bot Activity": False}))
                        self.count("clicks_total:" + mail.name, tc)
                    self.count("click:" + mail.name, t)
                    if mail.name not in clicks:
                        clicks[mail.name] = tc
                    if rng.random() < 0.85:
                        path = mail.link[len(SITE):] or "/"
                        recs.append((tc + rng.randint(2, 20), T_VISIT, None, None,
                                     "www.mirai-cloud.example.co.jp" + path, {"Webpage URL": path}))
                    if rng.random() < mail.dl_after_click:
                        push(tc + rng.randint(60, 1800), "download", "after_click")
        # unsubscribes: dormant leads, many recent mails, newsletters and blasts
        age_y = (t - L.created) / (365.0 * DAY)
        p_u = (0.0012 * L.unsub_base * mail.unsub_mult * (1 + 0.10 * n30) * (1.4 if age_y > 2 else 1.0))
        if rng.random() < min(p_u, 0.2):
            tu = t + self.open_delay(rng)
            if not opened and tu < H1:
                recs.append((tu - 20, T_OPEN, mail.campaign_id, mail.email_id, mail.name,
                             {"Device": "Desktop", "Is Mobile Device": False, "Is Bot Activity": False}))
                self.count("opens_total:" + mail.name, tu)
            if tu < H1:
                recs.append((tu, T_UNSUB, mail.campaign_id, mail.email_id, mail.name,
                             {"Client IP Address": "198.51.100.%d" % (L.id % 250)}))
                self.count("unsub:" + mail.name, tu)
            L.unsub_t = tu

    @staticmethod
    def open_delay(rng):
        r = rng.random()
        if r < 0.4:
            dly = rng.expovariate(1 / 1200.0)
        elif r < 0.85:
            dly = rng.lognormvariate(math.log(5 * HOUR), 0.8)
        else:
            dly = rng.uniform(1 * DAY, 7 * DAY)
        return int(dly) + 10

    # -- run ---------------------------------------------------------------------------
    def run(self, outdir):
        os.makedirs(outdir, exist_ok=True)
        self.newsletter_times = []
        d = day_index(W0)
        while d < self.d1:
            date = day_date(d)
            if date.weekday() == 1 and 8 <= date.day <= 14:     # 2nd Tuesday, 10:00
                self.newsletter_times.append(day_start(d) + 10 * HOUR)
            d += 1
        self.make_leads()
        rows = []
        for L in self.leads:
            for r in self.simulate(L):
                if H0 <= r[0] < H1:
                    rows.append((r[0], L.id) + r[1:])
        new_in_window = sum(1 for L in self.leads if CUTOFF <= L.created < CUTOFF + CUTOFF_DAYS * DAY)
        self.truth["new_leads"] = new_in_window
        self.write_people(outdir)
        self.write_activities(outdir, rows)
        self.write_scenarios(outdir)
        with open(os.path.join(outdir, "truth.json"), "w") as f:
            meta = {"variant": self.name, "seed": self.seed,
                    "history": [iso_day(H0), iso_day(H1 - 1)], "cutoff": iso_day(CUTOFF),
                    "days": CUTOFF_DAYS, "leads_exported": len(self.leads),
                    "activities_exported": len(rows),
                    "opted_out_at_export": sum(1 for L in self.leads if L.unsub_t is not None and L.unsub_t < H1),
                    "window_counts": dict(sorted(self.truth.items()))}
            json.dump(meta, f, ensure_ascii=False, indent=1)
        return len(self.leads), len(rows)

    def write_people(self, outdir):
        cols = ["Id", "First Name", "Last Name", "Email Address", "Company Name", "Job Title",
                "Industry", "Number of Employees", "State", "Lead Source", "Lead Status", "Created At",
                "Updated At", "Unsubscribed", "Email Invalid", OPTIN_FIELD]
        with open(os.path.join(outdir, "people.csv"), "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(cols)
            for L in self.leads:
                unsub = L.unsub_t is not None and L.unsub_t < H1
                status = "Nurture" if L.created < H0 - 180 * DAY else "New"
                w.writerow([L.id, L.first, L.last, L.email, L.company, L.title, L.industry, L.employees,
                            L.pref, L.source, status, fmt_local(L.created),
                            fmt_local(max(L.created, H1 - 3 * DAY - L.id % 40000)),
                            "true" if unsub else "false", "true" if L.invalid_known else "false",
                            OPTIN_VALUE[L.source]])
        with open(os.path.join(outdir, "optin-mapping.json"), "w", encoding="utf-8") as f:
            json.dump({"kind": "leads", "columns": {OPTIN_FIELD: "opt_in_basis"}}, f, ensure_ascii=False, indent=1)

    def write_activities(self, outdir, rows):
        rows.sort(key=lambda r: (r[0], r[1]))
        for old in glob.glob(os.path.join(outdir, "activities_*.csv")):
            os.remove(old)
        # bulk extract jobs cover at most 31 days: one file per calendar month (UTC)
        files = {}
        guid = 600000000
        for (t, lid, typ, camp, pav_id, pav, attrs) in rows:
            u = dt.datetime.fromtimestamp(t, dt.timezone.utc)
            key = u.strftime("%Y-%m")
            if key not in files:
                f = open(os.path.join(outdir, "activities_%s.csv" % key), "w", newline="", encoding="utf-8")
                w = csv.writer(f)
                w.writerow(["marketoGUID", "leadId", "activityDate", "activityTypeId", "campaignId",
                            "primaryAttributeValueId", "primaryAttributeValue", "attributes"])
                files[key] = (f, w)
            guid += 1
            files[key][1].writerow([guid, lid, u.strftime("%Y-%m-%dT%H:%M:%SZ"), typ,
                                    "" if camp is None else camp, "" if pav_id is None else pav_id, pav,
                                    json.dumps(attrs, ensure_ascii=False, separators=(",", ":"))])
        for f, _ in files.values():
            f.close()
        with open(os.path.join(outdir, "download-activity.json"), "w") as f:
            json.dump({"kind": "events", "columns": {},
                       "values": {str(T_DOWNLOAD): "document_download"}}, f, indent=1)

    def write_scenarios(self, outdir):
        for sc in (welcome_scenario(), dl_scenario()):
            with open(os.path.join(outdir, sc["id"] + ".json"), "w", encoding="utf-8") as f:
                json.dump(sc, f, ensure_ascii=False, indent=2)
        with open(os.path.join(outdir, "settings.json"), "w") as f:
            # This Marketo instance has no communication limit: make the workspace-wide cap non-binding.
            json.dump({"frequency_cap": {"max_sends": 50, "per_days": 7}}, f, indent=1)


# A custom field many Japanese Marketo instances keep for the 特定電子メール法 (how the address
# was obtained).  It is not a standard Marketo field, so the preset cannot know it.
OPTIN_FIELD = "オプトイン取得経路"
OPTIN_VALUE = {"Website": "Webフォーム", "Paid Search": "Webフォーム", "Webinar": "Webフォーム",
               "Trade Show": "名刺交換", "Referral": "既存取引"}


def fmt_local(t):
    return dt.datetime.fromtimestamp(t, JST).strftime("%Y-%m-%d %H:%M:%S")


def iso_day(t):
    return dt.datetime.fromtimestamp(t, JST).date().isoformat()


# ---------------------------------------------------------------------------
# Scenario files (scenario-studio/1): what really ran in the world
# ---------------------------------------------------------------------------

SENDER = dict(sender_name="株式会社ミライクラウド マーケティング部", sender_email="marketing@mirai-cloud.example.co.jp",
              sender_address="〒100-0005 東京都千代田区丸の内1-1-1", opt_out_url="{{unsubscribe_link}}")


def node(i, title, kind, y, x=0.0):
    return {"id": i, "title": title, "position": {"x": x, "y": y}, "kind": kind}


def mail_node(m, y, x=0.0):
    email = {"kind": "event_invite" if m.kind == "event_invite" else m.kind, "subject": m.subject,
             "summary": m.name, "links": [{"label": "詳しく見る", "url": m.link}]}
    email.update(SENDER)
    # The title is the Marketo email asset's name, which the activity log records.
    return node(m.node, m.name, {"type": "send_email", "email": email}, y, x)


def edge(i, s, t, h="out"):
    return {"id": i, "source": s, "source_handle": h, "target": t}


def welcome_scenario():
    w = WELCOME
    nodes = [
        node("trigger", "Person is Created", {"type": "trigger", "event": {"type": "lead_created"}}, 0),
        mail_node(w[0], 130),
        node("wait_1", "%d日待機" % WELCOME_WAITS[0], {"type": "wait", "delay": {"days": WELCOME_WAITS[0]}}, 260),
        mail_node(w[1], 390),
        node("wait_2", "%d日待機" % WELCOME_WAITS[1], {"type": "wait", "delay": {"days": WELCOME_WAITS[1]}}, 520),
        mail_node(w[2], 650),
        node("wait_3", "%d日待機" % WELCOME_COND_WAIT, {"type": "wait", "delay": {"days": WELCOME_COND_WAIT}}, 780),
        node("clicked_survey", "アンケートメールでクリックあり？",
             {"type": "condition", "condition": {"type": "email_engagement", "engagement": "clicked",
                                                 "email": "mail_w3"}}, 910),
        node("end_answered", "終了（回答あり）", {"type": "end", "outcome": "回答あり"}, 1040, -220),
        mail_node(w[3], 1040, 220),
        node("end_reminded", "終了（リマインド済み）", {"type": "end", "outcome": "リマインド済み"}, 1170, 220),
    ]
    edges = [edge("e1", "trigger", "mail_w1"), edge("e2", "mail_w1", "wait_1"), edge("e3", "wait_1", "mail_w2"),
             edge("e4", "mail_w2", "wait_2"), edge("e5", "wait_2", "mail_w3"), edge("e6", "mail_w3", "wait_3"),
             edge("e7", "wait_3", "clicked_survey"), edge("e8", "clicked_survey", "end_answered", "yes"),
             edge("e9", "clicked_survey", "mail_w4", "no"), edge("e10", "mail_w4", "end_reminded")]
    return {
        "format": "scenario-studio/1", "id": "welcome", "name": "ウェルカム（Marketo: Welcome）",
        "description": "リード作成時に開始。2日・4日・5日の待機を挟んで最大4通。アンケート未クリックにはリマインドを送る。",
        "status": "active", "language": "ja",
        "settings": {
            "segment": {"type": "attribute", "attribute": "email_domain", "op": "not_one_of",
                        "values": FREE_MAIL},
            "kpi": {"open_rate": {"min": 30.0, "max": 50.0}, "click_rate": {"min": 4.0, "max": 10.0}},
            "reenrollment": {"type": "never"},
            "send_window": WELCOME_WINDOW.json,
            "min_send_interval": {"days": 2},
        },
        "nodes": nodes, "edges": edges,
    }


def dl_scenario():
    m = DLF
    nodes = [
        node("trigger", "Download Content (any)", {"type": "trigger", "event": {"type": "document_downloaded"}}, 0),
        mail_node(m[0], 130),
        node("wait_1", "%d日待機" % DL_WAIT, {"type": "wait", "delay": {"days": DL_WAIT}}, 260),
        mail_node(m[1], 390),
        node("wait_2", "%d日待機" % DL_COND_WAIT, {"type": "wait", "delay": {"days": DL_COND_WAIT}}, 520),
        node("clicked", "フォローメールでクリックあり？",
             {"type": "condition", "condition": {"type": "any", "of": [
                 {"type": "email_engagement", "engagement": "clicked", "email": "mail_d1"},
                 {"type": "email_engagement", "engagement": "clicked", "email": "mail_d2"}]}}, 650),
        mail_node(m[2], 780, -220),
        node("end_invited", "終了（相談会案内済み）", {"type": "end", "outcome": "相談会案内"}, 910, -220),
        node("end_quiet", "終了（反応なし）", {"type": "end", "outcome": "反応なし"}, 780, 220),
    ]
    edges = [edge("e1", "trigger", "mail_d1"), edge("e2", "mail_d1", "wait_1"), edge("e3", "wait_1", "mail_d2"),
             edge("e4", "mail_d2", "wait_2"), edge("e5", "wait_2", "clicked"),
             edge("e6", "clicked", "mail_d3", "yes"), edge("e7", "mail_d3", "end_invited"),
             edge("e8", "clicked", "end_quiet", "no")]
    return {
        "format": "scenario-studio/1", "id": "dl-follow", "name": "資料DL後フォロー（Marketo: DL Follow）",
        "description": "資料ダウンロード（カスタムアクティビティ Download Content）で開始。3日後に事例、さらに4日後クリックした人に相談会案内。30日経てば再登録。",
        "status": "active", "language": "ja",
        "settings": {
            "kpi": {"open_rate": {"min": 20.0, "max": 30.0}, "click_rate": {"min": 2.0, "max": 5.0}},
            "reenrollment": {"type": "after_days", "days": DL_REENROL_DAYS},
            "send_window": DL_WINDOW.json,
            "min_send_interval": {"days": 2},
        },
        "nodes": nodes, "edges": edges,
    }


# ---------------------------------------------------------------------------
# Driving the CLI, and summarising its back-test output
# ---------------------------------------------------------------------------

def sh(cmd, log, check=True, stdout_path=None):
    line = " ".join(_q(c) for c in cmd)
    print("$ " + line, flush=True)
    log.write("$ " + line + "\n")
    out = open(stdout_path, "w") if stdout_path else subprocess.PIPE
    p = subprocess.run(cmd, stdout=out, stderr=subprocess.PIPE, text=True)
    if stdout_path:
        out.close()
    else:
        log.write(p.stdout)
    log.write(p.stderr)
    log.write("[exit %d]\n" % p.returncode)
    log.flush()
    if p.returncode != 0:
        print("  -> exit %d: %s" % (p.returncode, (p.stderr or "").strip()[:2000]), flush=True)
    return p


def _q(s):
    s = str(s)
    return s if all(c.isalnum() or c in "/._-=:," for c in s) else "'" + s.replace("'", "'\\''") + "'"


def run_cli(outdir, variant, cli):
    """Two arms.  "asis": the people export imported with the preset alone (the custom opt-in
    field is not read).  main: the same file with optin-mapping.json, so that each lead's
    opt-in basis is known.  Everything else is identical."""
    vd = os.path.join(outdir, variant)
    scen = [os.path.join(vd, "welcome.json"), os.path.join(vd, "dl-follow.json")]
    for arm, ws_name, suffix in (("main", "ws.scenario-ws", ""), ("asis", "ws-asis.scenario-ws", "-asis")):
        ws = os.path.join(vd, ws_name)
        for extra in ("", "-wal", "-shm"):
            if os.path.exists(ws + extra):
                os.remove(ws + extra)
        with open(os.path.join(vd, "run%s.log" % suffix), "w") as log:
            E = [cli, "--lang", "en"]
            sh(E + ["init", ws], log)
            people = E + ["leads", "import", "-w", ws]
            if arm == "main":
                people += ["--mapping", os.path.join(vd, "optin-mapping.json")]
            sh(people + [os.path.join(vd, "people.csv")], log)
            for f in sorted(glob.glob(os.path.join(vd, "activities_*.csv"))):
                sh(E + ["leads", "import", "-w", ws, "--kind", "events", "--mapping",
                        os.path.join(vd, "download-activity.json"), f], log)
            sh(E + ["settings", "set", "-w", ws, os.path.join(vd, "settings.json")], log)
            sh(E + ["validate"] + scen, log)
            sh(E + ["scenarios", "add", "-w", ws, "--note", "acceptance world " + variant] + scen, log)
            sh(E + ["settings", "fitted", "-w", ws], log, stdout_path=os.path.join(vd, "fitted%s.json" % suffix))
            base = E + ["backtest", "-w", ws, "--cutoff", iso_day(CUTOFF), "--days", str(CUTOFF_DAYS),
                        "--runs", "20"]
            sh(base + ["--format", "json"] + scen, log, stdout_path=os.path.join(vd, "bt%s.json" % suffix))
            sh(base + ["--format", "table"] + scen, log, stdout_path=os.path.join(vd, "bt%s.txt" % suffix))


MEASURES = [("sent", "sends"), ("opened", "opens"), ("clicked", "clicks"), ("unsubscribed", "unsubscribes"),
            ("open_rate", "open rate"), ("click_rate", "click rate")]
TOTALS = [("new_leads", "new leads"), ("downloads", "downloads"), ("page_views", "page views"),
          ("form_submits", "form submissions")]


def fmt_num(x, rate):
    if x is None:
        return "—"
    return ("%.1f %%" % (100 * x)) if rate else ("%.0f" % x)


def summarize(outdir, variants, suffix=""):
    """Markdown tables of the per-scenario and workspace figures of each bt<suffix>.json."""
    out = []
    for v in variants:
        path = os.path.join(outdir, v, "bt%s.json" % suffix)
        if not os.path.exists(path):
            continue
        bt = json.load(open(path))
        truth = json.load(open(os.path.join(outdir, v, "truth.json")))
        s = bt["summary"]
        out.append("### %s%s  (cut-off %s, %d days, %d runs; %d leads at the cut-off)\n" % (
            v, suffix, bt["cutoff"], bt["days"], bt["runs"], bt["leads_at_cutoff"]))
        out.append("| scope | figure | forecast mean | 5–95 % band | actual | error % | in band | closer than baseline |")
        out.append("|---|---|---|---|---|---|---|---|")
        rows = []
        for f in bt["figures"]:
            if f["scope"] == "scenario":
                lab = dict(MEASURES).get(f["measure"])
                if lab:
                    rows.append((f["scenario"], lab, f))
        for f in bt["figures"]:
            if f["scope"] == "total" and f["measure"] in dict(TOTALS):
                rows.append(("workspace", dict(TOTALS)[f["measure"]], f))
        n_band = n_beat = n_base = 0
        for scope, lab, f in rows:
            rate = f["measure"].endswith("_rate")
            fc = f["forecast"]
            err = "—" if f["error_pct"] is None else "%+.0f" % f["error_pct"]
            ib = "yes" if f["in_band"] else "no"
            bb = "—" if f["beats_baseline"] is None else ("yes" if f["beats_baseline"] else "no")
            n_band += bool(f["in_band"])
            if f["beats_baseline"] is not None:
                n_base += 1
                n_beat += bool(f["beats_baseline"])
            out.append("| %s | %s | %s | %s–%s | %s | %s | %s | %s |" % (
                scope, lab, fmt_num(fc["mean"], rate), fmt_num(fc["p05"], rate), fmt_num(fc["p95"], rate),
                fmt_num(f["actual"], rate), err, ib, bb))
        out.append("")
        out.append("Figures above: %d/%d in band, %d/%d closer than the baseline.  "
                   "All figures of the back-test (per mail, week, scenario, total): %d/%d in band (%.0f %%), "
                   "%d/%d closer than the baseline (%.0f %%)." % (
                       n_band, len(rows), n_beat, n_base, s["in_band"], s["compared"],
                       100.0 * s["in_band"] / max(1, s["compared"]), s["beats_baseline"], s["against_baseline"],
                       100.0 * s["beats_baseline"] / max(1, s["against_baseline"])))
        untied = ", ".join("%s (%d)" % (u["detail"], u["sent"]) for u in bt["untied"])
        out.append("Untied recorded mails: %s.  Mails without history: %s." % (
            untied or "none", ", ".join(map(str, bt["mails_without_history"])) or "none"))
        w = truth["window_counts"]
        ws = sum(v_ for k, v_ in w.items() if k.startswith("send:Welcome"))
        ds = sum(v_ for k, v_ in w.items() if k.startswith("send:DL Follow"))
        out.append("World's own counts in the window: welcome sends %d, dl-follow sends %d, enrolments "
                   "welcome %d / dl-follow %d, downloads %d (at creation %d, organic %d, after a click %d), "
                   "new leads %d.\n" % (ws, ds, w.get("enrol:welcome", 0), w.get("enrol:dl-follow", 0),
                                        w.get("downloads", 0), w.get("downloads_creation", 0),
                                        w.get("downloads_organic", 0), w.get("downloads_after_click", 0),
                                        w.get("new_leads", 0)))
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default="/tmp/accept")
    ap.add_argument("--seed", type=int, default=2025)
    ap.add_argument("--variants", default=",".join(VARIANTS))
    ap.add_argument("--run", action="store_true", help="also import and back-test with --cli")
    ap.add_argument("--no-generate", action="store_true")
    ap.add_argument("--cli", default="/tmp/accept/bin/scenario")
    ap.add_argument("--summarize", action="store_true", help="print Markdown tables from the bt*.json files")
    args = ap.parse_args()
    if args.summarize:
        vs = args.variants.split(",")
        text = summarize(args.out, vs) + "\n\n## Without the opt-in mapping (people.csv as the preset reads it)\n\n" + \
            summarize(args.out, vs, "-asis")
        with open(os.path.join(args.out, "summary.md"), "w") as f:
            f.write(text + "\n")
        print(text)
        return
    for v in args.variants.split(","):
        if not args.no_generate:
            w = World(v, args.seed)
            n, m = w.run(os.path.join(args.out, v))
            print("%s: %d leads, %d activities" % (v, n, m), flush=True)
        if args.run:
            run_cli(args.out, v, args.cli)


if __name__ == "__main__":
    main()
