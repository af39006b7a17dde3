#!/usr/bin/env python3
"""Acceptance worlds, second set ("worlds B"): four companies that run HubSpot or Salesforce
Account Engagement (Pardot) for eleven months, written out as those tools export them, plus the
journeys that really ran as scenario-studio/1 files. `--run` imports them into Scenario Studio
workspaces and back-tests the forecast; `--summarize` tabulates the back-test.

The behaviour model here was written without reading the engine's model (src/simulate,
src/behaviour*, src/response*), its tests (tests/it/world.rs, tests/it/backtest.rs) or the first
generator (tests/acceptance/worlds.py). Python 3 standard library only; deterministic per --seed.
See tests/acceptance/README.md ("worlds_b.py").
"""

import argparse
import bisect
import csv
import datetime as dt
import heapq
import io
import json
import math
import os
import random
import sqlite3
import subprocess
import sys
import time

# --------------------------------------------------------------------------------------------
# Time: every instant is an int of Unix seconds; the calendar is Japan time (UTC+9, no DST).

JST = 9 * 3600
DAY = 86400


def ts(y, m, d, h=0, mi=0, s=0):
    return int(dt.datetime(y, m, d, h, mi, s, tzinfo=dt.timezone.utc).timestamp()) - JST


def local(t):
    return dt.datetime.fromtimestamp(t + JST, dt.timezone.utc).replace(tzinfo=None)


def dayno(t):
    return (t + JST) // DAY


def day_start(dn):
    return dn * DAY - JST


def weekday(dn):  # Monday = 0
    return (dn + 3) % 7


def minute_of_day(t):
    return ((t + JST) % DAY) // 60


HIST_START = ts(2024, 12, 1)           # first exported day
HIST_END = ts(2025, 11, 1)             # exports end (exclusive): eleven months
CUTOFF_DATE = "2025-09-01"
CUTOFF = ts(2025, 9, 1)
WINDOW_DAYS = 60
WINDOW_END = CUTOFF + WINDOW_DAYS * DAY
WORLD_START = HIST_START - 150 * DAY   # warm-up, never exported

HOLIDAYS = {
    (2024, 7, 15), (2024, 8, 11), (2024, 8, 12), (2024, 9, 16), (2024, 9, 22), (2024, 9, 23),
    (2024, 10, 14), (2024, 11, 3), (2024, 11, 4), (2024, 11, 23),
    (2025, 1, 1), (2025, 1, 13), (2025, 2, 11), (2025, 2, 23), (2025, 2, 24), (2025, 3, 20),
    (2025, 4, 29), (2025, 5, 3), (2025, 5, 4), (2025, 5, 5), (2025, 5, 6), (2025, 7, 21),
    (2025, 8, 11), (2025, 9, 15), (2025, 9, 23), (2025, 10, 13), (2025, 11, 3),
}
HOLIDAY_DAYS = {dayno(ts(*d)) for d in HOLIDAYS}


def _year_end(dn):
    d = local(day_start(dn))
    return (d.month == 12 and d.day >= 29) or (d.month == 1 and d.day <= 3)


YEAR_END_DAYS = {dn for dn in range(dayno(WORLD_START) - 400, dayno(HIST_END) + 400) if _year_end(dn)}
OFF_DAYS = HOLIDAY_DAYS | YEAR_END_DAYS


def is_year_end(dn):
    return dn in YEAR_END_DAYS


def is_off_day(dn):
    return dn in OFF_DAYS


_CAL = {}


def behaviour_calendar(dn, company_closed=()):
    """How busy B2B people are on a day (1 = an ordinary Tuesday)."""
    key = (dn, company_closed)
    if key not in _CAL:
        _CAL[key] = _behaviour_calendar(dn, company_closed)
    return _CAL[key]


def _behaviour_calendar(dn, company_closed):
    wd = weekday(dn)
    f = (1.0, 1.08, 1.05, 1.0, 0.86, 0.2, 0.16)[wd]
    d = local(day_start(dn))
    if is_year_end(dn):
        f *= 0.12
    elif dn in HOLIDAY_DAYS:
        f *= 0.25
    elif (d.month == 4 and d.day >= 26) or (d.month == 5 and d.day <= 6):
        f *= 0.5                                        # Golden Week bridge days
    elif d.month == 8 and 13 <= d.day <= 16:
        f *= 0.45                                       # Obon
    if (d.month, d.day) in company_closed:
        f *= 0.5
    return f


# --------------------------------------------------------------------------------------------
# Names

SURNAMES = ("佐藤 鈴木 高橋 田中 伊藤 渡辺 山本 中村 小林 加藤 吉田 山田 佐々木 山口 松本 井上 木村 林 清水 "
            "山崎 森 池田 橋本 阿部 石川 山下 中島 石井 小川 前田 岡田 長谷川 藤田 後藤 近藤 村上 遠藤 "
            "青木 坂本 斉藤 福田 太田 西村 藤井 金子 岡本 藤原 中野 三浦 原田 松田 竹内 小野 田村 中山 "
            "和田 石田 森田 上田 原 内田 柴田 酒井 宮崎 横山 髙橋 山﨑 齋藤 渡邉").split()
GIVEN = ("翔太 大輔 健太 拓也 直樹 誠 隆 浩二 和也 達也 亮 剛 裕介 慎也 陽介 修 健一 大樹 悠斗 蓮 "
         "美咲 陽子 恵 由美 真由美 愛 彩 舞 麻衣 優子 智子 裕子 明美 千尋 さくら 葵 結衣 奈々 理恵 香織").split()
ROMA_S = ("sato suzuki takahashi tanaka ito watanabe yamamoto nakamura kobayashi kato yoshida yamada "
          "sasaki yamaguchi matsumoto inoue kimura hayashi shimizu yamazaki mori ikeda hashimoto abe "
          "ishikawa yamashita nakajima ishii ogawa maeda okada hasegawa fujita goto kondo murakami endo "
          "aoki sakamoto saito fukuda ota nishimura fujii kaneko okamoto fujiwara nakano miura harada "
          "matsuda takeuchi ono tamura nakayama wada ishida morita ueda hara uchida shibata sakai "
          "miyazaki yokoyama takahashi yamazaki saito watanabe").split()
ROMA_G = ("shota daisuke kenta takuya naoki makoto takashi koji kazuya tatsuya ryo tsuyoshi yusuke "
          "shinya yosuke osamu kenichi daiki yuto ren misaki yoko megumi yumi mayumi ai aya mai "
          "mai2 yuko tomoko hiroko akemi chihiro sakura aoi yui nana rie kaori").split()
CO_STEM = [("東和", "towa"), ("大成", "taisei"), ("日進", "nisshin"), ("三協", "sankyo"), ("旭", "asahi"),
           ("富士見", "fujimi"), ("北斗", "hokuto"), ("中央", "chuo"), ("丸和", "maruwa"), ("光洋", "koyo"),
           ("昭和", "showa"), ("協和", "kyowa"), ("平和", "heiwa"), ("太陽", "taiyo"), ("明星", "myojo"),
           ("東邦", "toho"), ("西日本", "nishinihon"), ("新栄", "shinei"), ("千代田", "chiyoda"), ("双葉", "futaba"),
           ("若葉", "wakaba"), ("高砂", "takasago"), ("浪速", "naniwa"), ("青葉", "aoba"), ("白鳥", "shiratori"),
           ("常盤", "tokiwa"), ("瑞穂", "mizuho"), ("大和", "yamato"), ("八洲", "yashima"), ("三和", "sanwa"),
           ("菱光", "ryoko"), ("鶴見", "tsurumi"), ("桜井", "sakurai"), ("朝日", "asahi2"), ("北陸", "hokuriku"),
           ("豊栄", "hoei"), ("東洋", "toyo"), ("日東", "nitto"), ("明和", "meiwa"), ("山陽", "sanyo")]
CO_KIND = [("工業", "kogyo", "製造業"), ("精機", "seiki", "製造業"), ("電機", "denki", "製造業"),
           ("化学", "chem", "製造業"), ("商事", "shoji", "卸売業・小売業"), ("物産", "bussan", "卸売業・小売業"),
           ("システム", "sys", "情報通信業"), ("ソフト", "soft", "情報通信業"), ("建設", "kensetsu", "建設業"),
           ("運輸", "unyu", "運輸業・郵便業"), ("フーズ", "foods", "製造業"), ("メディカル", "medical", "医療・福祉"),
           ("ホールディングス", "hd", "サービス業"), ("サービス", "service", "サービス業"), ("不動産", "fudosan", "不動産業"),
           ("信用金庫", "shinkin", "金融業・保険業")]
PREFS = ["東京都"] * 8 + ["大阪府"] * 3 + ["愛知県"] * 2 + ["神奈川県"] * 2 + [
    "埼玉県", "千葉県", "福岡県", "兵庫県", "静岡県", "広島県", "北海道", "宮城県", "京都府", "新潟県", "長野県"]
DEPTS = ["情報システム部", "経理部", "総務部", "人事部", "営業部", "製造部", "生産技術部", "経営企画部",
         "品質保証部", "DX推進室", "管理本部"]
TITLES = [("代表取締役", 1), ("取締役", 2), ("部長", 6), ("次長", 2), ("課長", 10), ("係長", 6), ("主任", 8),
          ("マネージャー", 4), ("リーダー", 4), ("担当", 20), ("", 14)]
FREE_MAIL = ["gmail.com", "yahoo.co.jp", "icloud.com", "outlook.jp", "hotmail.co.jp"]


def wchoice(rng, pairs):
    tot = sum(w for _, w in pairs)
    x = rng.random() * tot
    for v, w in pairs:
        x -= w
        if x < 0:
            return v
    return pairs[-1][0]


# --------------------------------------------------------------------------------------------
# Scenario files: a small builder so that the same definition is both the JSON the team keeps
# and what this world's MA tool executes.

SENDERS = {}


class Flow:
    def __init__(self, sid, name, description, settings, company):
        self.sid, self.name, self.description, self.settings = sid, name, description, settings
        self.nodes, self.edges, self.company = [], [], company
        self._e = 0
        self._y = {}

    def node(self, nid, title, kind, col=0):
        y = self._y.get(col, 0)
        self._y[col] = y + 130
        self.nodes.append({"id": nid, "title": title, "position": {"x": col * 260.0, "y": float(y)},
                           "kind": kind})
        return nid

    def mail(self, nid, title, kind, subject, summary, url, col=0, topic=None, click=1.0, opens=1.0):
        c = self.company
        n = self.node(nid, title, {"type": "send_email", "email": {
            "kind": kind, "subject": subject, "summary": summary,
            "links": [{"label": "詳しく見る", "url": url}],
            "sender_name": c["sender_name"], "sender_email": c["sender_email"],
            "sender_address": c["sender_address"], "opt_out_url": "{{unsubscribe_link}}"}}, col)
        self.nodes[-1]["_world"] = {"topic": topic, "click": click, "open": opens, "url": url}
        return n

    def edge(self, a, b, handle="out"):
        self._e += 1
        self.edges.append({"id": "e%d" % self._e, "source": a, "source_handle": handle, "target": b})

    def chain(self, *ids):
        for a, b in zip(ids, ids[1:]):
            self.edge(a, b)

    def to_json(self):
        nodes = [{k: v for k, v in n.items() if k != "_world"} for n in self.nodes]
        return {"format": "scenario-studio/1", "id": self.sid, "name": self.name,
                "description": self.description, "status": "active", "language": "ja",
                "owner": self.company["owner"], "settings": self.settings, "nodes": nodes,
                "edges": self.edges}


def window(days=("mon", "tue", "wed", "thu", "fri"), start="09:00", end="18:00", skip=True):
    return {"weekdays": list(days), "start": start, "end": end, "skip_holidays": skip}


def base_settings(segment, reenroll, win, kpi, suppress=None):
    s = {"segment": segment, "kpi": kpi, "reenrollment": reenroll, "send_window": win,
         "min_send_interval": {"days": 2}}
    if suppress:
        s["suppress_while_in"] = suppress
    return s


NOT_FREE = {"type": "attribute", "attribute": "email_domain", "op": "not_one_of", "values": FREE_MAIL}
HS_MARKETING = {"type": "attribute", "attribute": {"custom": "Marketing contact status"},
                "op": "not_equals", "values": ["Non-marketing contact"]}


def clicked(node, within=None):
    e = {"type": "email_engagement", "engagement": "clicked", "email": node}
    if within is not None:
        e["within_days"] = within
    return e


# --------------------------------------------------------------------------------------------
# The four companies

def company_hs_saas():
    c = {"key": "hs-saas", "vendor": "hubspot", "name": "株式会社クラウドレシート", "site": "https://www.cloudreceipt.co.jp",
         "sender_name": "株式会社クラウドレシート マーケティング部", "sender_email": "info@cloudreceipt.co.jp",
         "sender_address": "〒105-0011 東京都港区芝公園2-4-1", "owner": "マーケティング部 西村",
         "topics": {"invoice": "インボイス制度", "dx": "経理DX", "cost": "コスト削減", "control": "内部統制"},
         "docs": {"invoice": ["インボイス制度対応チェックリスト", "電子帳簿保存法まるわかりガイド"],
                  "dx": ["経理DXの始め方ガイド", "経費精算ペーパーレス化事例集"],
                  "cost": ["経費精算コスト試算シート", "間接費削減ハンドブック"],
                  "control": ["不正経費を防ぐ内部統制の手引き"]},
         "n_old": 4600, "old_years": 6.0, "inflow": 11.0, "trend_per_year": 0.22,
         "scanner_mult": 1.0, "free_share": 0.13, "n_accounts_old": 2300}
    topic_of = {}
    seg = {"type": "all", "of": [NOT_FREE, HS_MARKETING]}
    f = Flow("nurture-5", "課題別ナーチャリング（5通・クリック分岐）",
             "フォームを初めて送信したリードに経理DXの情報を5通で届けます。1・2通目のクリックで事例編と入門編に分け、"
             "4通目のあとに何かをクリックしていれば無料相談会に案内します。",
             base_settings(seg, {"type": "never"}, window(),
                           {"open_rate": {"min": 25.0, "max": 40.0}, "click_rate": {"min": 3.0, "max": 8.0}}), c)
    f.node("trigger", "フォーム送信（初回）", {"type": "trigger", "event": {"type": "form_submitted"}})
    f.mail("ns1", "NS01_経理DXの始め方ガイド", "nurture", "【ガイド】経理DXは何から始める？3つのステップ",
           "経理DXの進め方を3ステップで解説するガイドの紹介。", c["site"] + "/download/dx-guide", topic="dx")
    f.node("w1", "3日待機", {"type": "wait", "delay": {"days": 3}})
    f.mail("ns2", "NS02_失敗しない経費精算システムの選び方", "nurture", "失敗しない経費精算システムの選び方",
           "選定で見落としがちな5つのポイント。", c["site"] + "/blog/cost-selection", topic="cost")
    f.node("w2", "4日待機", {"type": "wait", "delay": {"days": 4}})
    f.node("c1", "1・2通目をクリックした？", {"type": "condition", "condition": {
        "type": "any", "of": [clicked("ns1"), clicked("ns2")]}})
    f.mail("ns3a", "NS03A_導入事例_製造業A社", "nurture", "【導入事例】月300時間の経費精算を自動化した製造業A社",
           "製造業A社の導入事例。", c["site"] + "/case/manufacturing", col=-1, topic="dx", click=1.25)
    f.mail("ns3b", "NS03B_インボイス制度の基本", "nurture", "いまさら聞けないインボイス制度の基本",
           "インボイス制度の基本を図解。", c["site"] + "/blog/invoice-basics", col=1, topic="invoice")
    f.node("w3", "5日待機", {"type": "wait", "delay": {"days": 5}})
    f.mail("ns4", "NS04_ROI試算シートのご案内", "nurture", "導入効果がすぐわかるROI試算シートをお使いください",
           "ROI試算シートのダウンロード案内。", c["site"] + "/download/roi-sheet", topic="cost")
    f.node("w4", "7日待機", {"type": "wait", "delay": {"days": 7}})
    f.node("c2", "直近21日にクリックあり？", {"type": "condition", "condition": {
        "type": "email_engagement", "engagement": "clicked", "within_days": 21}})
    f.mail("ns5", "NS05_無料オンライン相談会のご案内", "event_invite", "30分の無料オンライン相談会のご案内",
           "個別相談会の予約案内。", c["site"] + "/consultation", col=-1, topic=None, click=0.8)
    f.node("end_yes", "終了（相談会案内済み）", {"type": "end", "outcome": "相談会案内"}, col=-1)
    f.node("end_no", "終了", {"type": "end", "outcome": "ナーチャリング完了"}, col=1)
    f.chain("trigger", "ns1", "w1", "ns2", "w2", "c1")
    f.edge("c1", "ns3a", "yes"), f.edge("c1", "ns3b", "no")
    f.edge("ns3a", "w3"), f.edge("ns3b", "w3")
    f.chain("w3", "ns4", "w4", "c2")
    f.edge("c2", "ns5", "yes"), f.edge("c2", "end_no", "no"), f.edge("ns5", "end_yes")

    seg2 = {"type": "all", "of": [HS_MARKETING, {"type": "attribute", "attribute": {"custom": "配信区分"},
                                                 "op": "not_equals", "values": ["配信抑制"]}]}
    g = Flow("reengage", "休眠リード再活性化",
             "120日間反応のないリードに2通で再接触し、反応がなければ配信区分を「配信抑制」にします。",
             base_settings(seg2, {"type": "after_days", "days": 180}, window(),
                           {"open_rate": {"min": 8.0, "max": 15.0}, "click_rate": {"min": 0.5, "max": 2.0}}), c)
    g.node("trigger", "120日間反応なし", {"type": "trigger", "event": {"type": "inactive", "days": 120}})
    g.mail("re1", "RE01_最近よく読まれている記事3選", "reactivation", "お久しぶりです。最近よく読まれている記事3選",
           "人気記事3本の紹介。", c["site"] + "/blog/popular", topic=None)
    g.node("wu1", "クリックを待つ（7日）", {"type": "wait_until", "event": {"type": "email_clicked", "email": "re1"},
                                       "timeout": {"days": 7}})
    g.node("score", "スコア +5", {"type": "adjust_score", "delta": 5, "reason": "休眠から再反応"}, col=-1)
    g.node("end_act", "終了（再活性化）", {"type": "end", "outcome": "再活性化"}, col=-1)
    g.mail("re2", "RE02_今後の配信についてのご確認", "reactivation", "今後もメールをお送りしてよろしいですか？",
           "配信継続の確認。", c["site"] + "/preferences", col=1, topic=None, click=1.3)
    g.node("wu2", "クリックを待つ（14日）", {"type": "wait_until", "event": {"type": "email_clicked", "email": "re2"},
                                        "timeout": {"days": 14}}, col=1)
    g.node("supp", "配信区分を「配信抑制」に", {"type": "update_field", "field": {"custom": "配信区分"},
                                           "value": "配信抑制"}, col=1)
    g.node("end_supp", "終了（配信抑制）", {"type": "end", "outcome": "配信抑制"}, col=1)
    g.chain("trigger", "re1", "wu1")
    g.edge("wu1", "score", "met"), g.edge("score", "end_act")
    g.edge("wu1", "re2", "timeout"), g.edge("re2", "wu2")
    g.edge("wu2", "score", "met"), g.edge("wu2", "supp", "timeout"), g.edge("supp", "end_supp")
    c["flows"] = [f, g]
    return c


def company_hs_mfg():
    c = {"key": "hs-mfg", "vendor": "hubspot", "name": "株式会社タカミ精機", "site": "https://www.takami-seiki.co.jp",
         "sender_name": "株式会社タカミ精機 営業企画部", "sender_email": "sensor@takami-seiki.co.jp",
         "sender_address": "〒448-0021 愛知県刈谷市八軒町3-15", "owner": "営業企画部 坂本",
         "topics": {"sensor": "センサー選定", "iot": "IoT・見える化", "maint": "予知保全", "quality": "品質管理"},
         "docs": {"sensor": ["センサー選定ガイド", "近接センサー技術資料"],
                  "iot": ["工場IoT入門", "稼働監視システム導入事例集"],
                  "maint": ["予知保全ハンドブック", "振動診断の基礎"],
                  "quality": ["外観検査自動化ガイド"]},
         "n_old": 3300, "old_years": 7.0, "inflow": 6.0, "trend_per_year": 0.0,
         "scanner_mult": 0.6, "free_share": 0.05, "n_accounts_old": 1100,
         "company_closed": ((8, 13), (8, 14), (8, 15), (8, 16))}
    seg = {"type": "all", "of": [HS_MARKETING]}
    f = Flow("dl-follow", "技術資料DL後フォロー（スコア分岐）",
             "技術資料をダウンロードしたリードに、お礼と技術コラムを送り、スコア60以上なら営業に引き渡して技術相談を、"
             "それ未満なら選定ガイドを案内します。",
             base_settings(seg, {"type": "after_days", "days": 45},
                           window(("mon", "tue", "wed", "thu", "fri", "sat", "sun"), "08:00", "21:00", False),
                           {"open_rate": {"min": 30.0, "max": 50.0}, "click_rate": {"min": 4.0, "max": 10.0},
                            "handoff_rate": {"min": 10.0, "max": 25.0}}), c)
    f.node("trigger", "技術資料ダウンロード", {"type": "trigger", "event": {"type": "document_downloaded"}})
    f.mail("d1", "DL01_資料ダウンロードのお礼と関連資料", "follow_up", "資料ダウンロードありがとうございます／関連資料のご案内",
           "ダウンロードのお礼と、同じテーマの関連資料。", c["site"] + "/library", topic="@doc", opens=1.0)
    f.node("w1", "2日待機", {"type": "wait", "delay": {"days": 2}})
    f.mail("d2", "DL02_現場の課題別_技術コラム", "nurture", "【技術コラム】現場でよくある3つの課題と解決策",
           "課題別の技術コラム。", c["site"] + "/column", topic="@doc")
    f.node("w2", "5日待機", {"type": "wait", "delay": {"days": 5}})
    f.node("c1", "スコア60以上？", {"type": "condition", "condition": {"type": "score", "op": "gte", "value": 60}})
    f.node("ho1", "営業へ引き渡し", {"type": "notify_sales", "score_threshold": 60, "assignee": "技術営業課",
                                  "message": "技術資料DL後にスコア60に到達。"}, col=-1)
    f.mail("d3", "DL03_技術相談（無料）のご予約", "event_invite", "エンジニアによる無料技術相談のご予約",
           "技術相談の予約案内。", c["site"] + "/consult", col=-1, click=0.9)
    f.node("end1", "終了（引き渡し）", {"type": "end", "outcome": "営業引き渡し"}, col=-1)
    f.mail("d3b", "DL03B_センサー選定ガイドのご案内", "nurture", "失敗しないセンサー選定ガイドのご案内",
           "選定ガイドの案内。", c["site"] + "/download/sensor-guide", col=1, topic="sensor")
    f.node("w3", "7日待機", {"type": "wait", "delay": {"days": 7}}, col=1)
    f.node("c2", "直近14日にクリックあり？", {"type": "condition", "condition": {
        "type": "email_engagement", "engagement": "clicked", "within_days": 14}}, col=1)
    f.node("ho2", "営業へ引き渡し（反応あり）", {"type": "notify_sales", "assignee": "技術営業課",
                                          "message": "選定ガイドに反応あり。"}, col=2)
    f.node("end2", "終了（引き渡し）", {"type": "end", "outcome": "営業引き渡し"}, col=2)
    f.node("end3", "終了", {"type": "end", "outcome": "ナーチャリング継続"}, col=1)
    f.chain("trigger", "d1", "w1", "d2", "w2", "c1")
    f.edge("c1", "ho1", "yes"), f.chain("ho1", "d3", "end1")
    f.edge("c1", "d3b", "no"), f.chain("d3b", "w3", "c2")
    f.edge("c2", "ho2", "yes"), f.edge("ho2", "end2"), f.edge("c2", "end3", "no")

    seg2 = {"type": "all", "of": [HS_MARKETING, {"type": "attribute", "attribute": {"custom": "リード獲得経路"},
                                                 "op": "equals", "values": ["展示会"]}]}
    g = Flow("tradeshow", "展示会フォロー",
             "展示会の名刺リードを取り込んだら、お礼・カタログ・デモ機貸出の順に案内します（カタログ未開封なら2通で終了）。",
             base_settings(seg2, {"type": "never"}, window(),
                           {"open_rate": {"min": 20.0, "max": 35.0}, "click_rate": {"min": 2.0, "max": 5.0}}), c)
    g.node("trigger", "リード作成（展示会）", {"type": "trigger", "event": {"type": "lead_created"}})
    g.mail("e1", "EX01_ご来場御礼", "follow_up", "先日はタカミ精機ブースにお越しいただきありがとうございました",
           "来場御礼と展示製品の紹介。", c["site"] + "/event/report", topic="sensor", click=1.1)
    g.node("w1", "3日待機", {"type": "wait", "delay": {"days": 3}})
    g.mail("e2", "EX02_製品カタログのご案内", "nurture", "【総合カタログ2025】PDF版をお届けします",
           "総合カタログの案内。", c["site"] + "/catalog", topic="iot")
    g.node("w2", "7日待機", {"type": "wait", "delay": {"days": 7}})
    g.node("c1", "カタログメールを開封した？", {"type": "condition", "condition": {
        "type": "email_engagement", "engagement": "opened", "email": "e2"}})
    g.mail("e3", "EX03_デモ機無料貸出のご案内", "event_invite", "デモ機を2週間無料でお試しいただけます",
           "デモ機貸出の案内。", c["site"] + "/demo", col=-1, topic="maint", click=1.1)
    g.node("end1", "終了（デモ案内）", {"type": "end", "outcome": "デモ案内"}, col=-1)
    g.node("end2", "終了", {"type": "end", "outcome": "未開封"}, col=1)
    g.chain("trigger", "e1", "w1", "e2", "w2", "c1")
    g.edge("c1", "e3", "yes"), g.edge("e3", "end1"), g.edge("c1", "end2", "no")
    c["flows"] = [f, g]
    return c


def company_pd_it():
    c = {"key": "pd-it", "vendor": "pardot", "name": "ネクサスシステムズ株式会社", "site": "https://www.nexus-systems.co.jp",
         "sender_name": "ネクサスシステムズ株式会社 マーケティング統括部", "sender_email": "marketing@nexus-systems.co.jp",
         "sender_address": "〒141-0032 東京都品川区大崎1-6-3", "owner": "マーケティング統括部 藤原",
         "topics": {"zt": "ゼロトラスト", "cloud": "クラウド運用", "backup": "バックアップ", "soc": "SOC・監視"},
         "docs": {"zt": ["ゼロトラスト導入ロードマップ", "VPN脱却ガイド"],
                  "cloud": ["クラウド運用コスト最適化ガイド", "マルチクラウド運用事例集"],
                  "backup": ["ランサムウェアに備えるバックアップ設計"],
                  "soc": ["SOCサービス比較表", "セキュリティ監視の内製と外注"]},
         "n_old": 6200, "old_years": 5.0, "inflow": 13.0, "trend_per_year": 0.05,
         "scanner_mult": 2.2, "free_share": 0.08, "n_accounts_old": 2600}
    seg = {"type": "all", "of": [NOT_FREE]}
    es_win = window(start="09:00", end="18:00", skip=False)
    f = Flow("es-nurture", "ES_セキュリティ啓発ナーチャリング",
             "Engagement Studio。新規プロスペクトにゼロトラストの基礎から導入ステップまでを送り、クリックで内容を出し分け、"
             "反応があれば営業に通知して個別相談を案内します。",
             base_settings(seg, {"type": "never"}, es_win,
                           {"open_rate": {"min": 20.0, "max": 35.0}, "click_rate": {"min": 2.0, "max": 6.0}}), c)
    f.node("trigger", "新規プロスペクト", {"type": "trigger", "event": {"type": "lead_created"}})
    f.mail("m1", "ES_ゼロトラスト入門_01", "nurture", "ゼロトラストとは？5分でわかる基本",
           "ゼロトラストの基本解説。", c["site"] + "/column/zerotrust-basic", topic="zt")
    f.node("w1", "4日待機", {"type": "wait", "delay": {"days": 4}})
    f.node("c1", "1通目をクリック？", {"type": "condition", "condition": clicked("m1")})
    f.mail("m2a", "ES_ゼロトラスト実践_02A", "nurture", "ゼロトラスト実践：最初の90日で何をするか",
           "実践編。", c["site"] + "/column/zerotrust-90days", col=-1, topic="zt", click=1.2)
    f.mail("m2b", "ES_よくある誤解_02B", "nurture", "セキュリティ対策のよくある誤解5つ",
           "誤解と実際。", c["site"] + "/column/myths", col=1, topic="soc")
    f.node("w2", "5日待機", {"type": "wait", "delay": {"days": 5}})
    f.mail("m3", "ES_導入ステップ解説_03", "nurture", "導入ステップを図解：現状診断から運用まで",
           "導入ステップの図解。", c["site"] + "/download/roadmap", topic="cloud")
    f.node("w3", "5日待機", {"type": "wait", "delay": {"days": 5}})
    f.node("c2", "直近14日にクリック？", {"type": "condition", "condition": {
        "type": "email_engagement", "engagement": "clicked", "within_days": 14}})
    f.node("ho", "営業へ通知", {"type": "notify_sales", "assignee": "インサイドセールス",
                              "message": "ナーチャリングでクリックあり。"}, col=-1)
    f.mail("m4", "ES_個別相談のご案内_04", "event_invite", "セキュリティ課題の個別相談（30分・無料）",
           "個別相談の案内。", c["site"] + "/consultation", col=-1, click=0.8)
    f.mail("m4b", "ES_ホワイトペーパー_04B", "nurture", "【無料】ランサムウェア対策ホワイトペーパー",
           "ホワイトペーパー案内。", c["site"] + "/download/ransomware", col=1, topic="backup")
    f.node("end1", "終了（相談案内）", {"type": "end", "outcome": "相談案内"}, col=-1)
    f.node("end2", "終了", {"type": "end", "outcome": "完了"}, col=1)
    f.chain("trigger", "m1", "w1", "c1")
    f.edge("c1", "m2a", "yes"), f.edge("c1", "m2b", "no"), f.edge("m2a", "w2"), f.edge("m2b", "w2")
    f.chain("w2", "m3", "w3", "c2")
    f.edge("c2", "ho", "yes"), f.chain("ho", "m4", "end1"), f.edge("c2", "m4b", "no"), f.edge("m4b", "end2")

    g = Flow("dl-content", "資料DL後フォロー（オートレスポンダー）",
             "資料をダウンロードしたら即時にお礼メール。3日後にスコア100以上なら営業へ通知、未満なら関連資料を案内します。",
             base_settings({"type": "all", "of": [NOT_FREE]}, {"type": "after_days", "days": 30},
                           window(("mon", "tue", "wed", "thu", "fri", "sat", "sun"), "00:00", "24:00", False),
                           {"open_rate": {"min": 35.0, "max": 60.0}, "click_rate": {"min": 5.0, "max": 12.0},
                            "handoff_rate": {"min": 5.0, "max": 15.0}}), c)
    g.node("trigger", "資料ダウンロード", {"type": "trigger", "event": {"type": "document_downloaded"}})
    g.mail("a1", "AR_資料ダウンロードありがとうございます", "follow_up", "資料ダウンロードありがとうございます",
           "ダウンロードのお礼と資料リンク。", c["site"] + "/library", topic="@doc", opens=1.15)
    g.node("w1", "3日待機", {"type": "wait", "delay": {"days": 3}})
    g.node("c1", "スコア100以上？", {"type": "condition", "condition": {"type": "score", "op": "gte", "value": 100}})
    g.node("ho", "営業へ通知", {"type": "notify_sales", "score_threshold": 100, "assignee": "インサイドセールス"}, col=-1)
    g.node("end1", "終了（引き渡し）", {"type": "end", "outcome": "営業引き渡し"}, col=-1)
    g.mail("a2", "FU_関連資料のご紹介", "follow_up", "あわせて読まれている資料のご紹介",
           "関連資料3点の紹介。", c["site"] + "/library/related", col=1, topic="@doc")
    g.node("end2", "終了", {"type": "end", "outcome": "フォロー完了"}, col=1)
    g.chain("trigger", "a1", "w1", "c1")
    g.edge("c1", "ho", "yes"), g.edge("ho", "end1"), g.edge("c1", "a2", "no"), g.edge("a2", "end2")
    c["flows"] = [f, g]
    return c


def company_pd_edu():
    c = {"key": "pd-edu", "vendor": "pardot", "name": "株式会社ミライ研修", "site": "https://www.mirai-kenshu.co.jp",
         "sender_name": "株式会社ミライ研修 法人営業部", "sender_email": "houjin@mirai-kenshu.co.jp",
         "sender_address": "〒530-0001 大阪府大阪市北区梅田3-2-1", "owner": "法人営業部 小野",
         "topics": {"newhire": "新入社員研修", "mgr": "管理職研修", "dx": "DX人材育成", "comp": "コンプライアンス"},
         "docs": {"newhire": ["新入社員研修プログラム集", "内定者フォロー施策ガイド"],
                  "mgr": ["管理職研修カリキュラム例"], "dx": ["DX人材育成ロードマップ"],
                  "comp": ["ハラスメント防止研修資料"]},
         "n_old": 2600, "old_years": 6.0, "inflow": 6.0, "trend_per_year": 0.0,
         "scanner_mult": 0.7, "free_share": 0.10, "n_accounts_old": 1500}
    seg = {"type": "all", "of": [{"type": "attribute", "attribute": {"custom": "配信区分"}, "op": "not_equals",
                                  "values": ["停止"]}]}
    f = Flow("reengage-90", "休眠プロスペクト掘り起こし",
             "90日間反応のないプロスペクトに再接触。クリックがなければ配信停止確認を送り、開封もなければ配信区分を「停止」にします。",
             base_settings(seg, {"type": "after_days", "days": 180}, window(start="09:00", end="18:00", skip=False),
                           {"open_rate": {"min": 8.0, "max": 15.0}, "click_rate": {"min": 0.5, "max": 2.0}}), c)
    f.node("trigger", "90日間反応なし", {"type": "trigger", "event": {"type": "inactive", "days": 90}})
    f.mail("r1", "RE_最新の研修プログラムのご紹介", "reactivation", "【2025年度版】最新の研修プログラムのご紹介",
           "新プログラムの紹介。", c["site"] + "/programs/new", topic=None)
    f.node("wu1", "クリックを待つ（10日）", {"type": "wait_until", "event": {"type": "email_clicked", "email": "r1"},
                                        "timeout": {"days": 10}})
    f.node("end1", "終了（再活性化）", {"type": "end", "outcome": "再活性化"}, col=-1)
    f.mail("r2", "RE_配信停止のご確認", "reactivation", "今後のご案内の要否を教えてください",
           "配信継続の確認。", c["site"] + "/preferences", col=1, click=1.3)
    f.node("w2", "14日待機", {"type": "wait", "delay": {"days": 14}}, col=1)
    f.node("c2", "確認メールを開封した？", {"type": "condition", "condition": {
        "type": "email_engagement", "engagement": "opened", "email": "r2"}}, col=1)
    f.node("supp", "配信区分を「停止」に", {"type": "update_field", "field": {"custom": "配信区分"}, "value": "停止"},
           col=2)
    f.node("end2", "終了（継続）", {"type": "end", "outcome": "継続"}, col=1)
    f.node("end3", "終了（停止）", {"type": "end", "outcome": "停止"}, col=2)
    f.chain("trigger", "r1", "wu1")
    f.edge("wu1", "end1", "met"), f.edge("wu1", "r2", "timeout"), f.chain("r2", "w2", "c2")
    f.edge("c2", "end2", "yes"), f.edge("c2", "supp", "no"), f.edge("supp", "end3")

    g = Flow("catalog", "研修カタログ請求フォロー",
             "研修カタログ請求フォームの送信から、カタログ送付・人気研修ランキングを送り、スコアで個別提案か無料体験会かを分けます。",
             base_settings({"type": "all", "of": [NOT_FREE]}, {"type": "after_days", "days": 60},
                           window(start="09:00", end="18:00", skip=False),
                           {"open_rate": {"min": 30.0, "max": 50.0}, "click_rate": {"min": 4.0, "max": 10.0},
                            "handoff_rate": {"min": 10.0, "max": 20.0}}), c)
    g.node("trigger", "カタログ請求", {"type": "trigger", "event": {"type": "form_submitted", "form": "研修カタログ請求フォーム"}})
    g.mail("k1", "CT_研修カタログ送付のお知らせ", "follow_up", "研修カタログ（PDF）をお送りします",
           "カタログのダウンロードリンク。", c["site"] + "/catalog/download", topic="newhire", opens=1.1)
    g.node("w1", "2日待機", {"type": "wait", "delay": {"days": 2}})
    g.mail("k2", "CT_人気研修ランキング", "nurture", "今年いちばん選ばれた研修ランキングTOP5",
           "人気研修ランキング。", c["site"] + "/ranking", topic="mgr")
    g.node("w2", "5日待機", {"type": "wait", "delay": {"days": 5}})
    g.node("c1", "スコア100以上？", {"type": "condition", "condition": {"type": "score", "op": "gte", "value": 100}})
    g.node("ho", "営業へ通知", {"type": "notify_sales", "score_threshold": 100, "assignee": "法人営業部"}, col=-1)
    g.mail("k3", "CT_個別ご提案のご案内", "event_invite", "貴社向け研修プランを無料でご提案します",
           "個別提案の案内。", c["site"] + "/proposal", col=-1, click=0.9)
    g.mail("k3b", "CT_無料体験会のご案内", "event_invite", "オンライン無料体験会（60分）のご案内",
           "体験会の案内。", c["site"] + "/trial", col=1, topic="dx")
    g.node("end1", "終了（提案）", {"type": "end", "outcome": "個別提案"}, col=-1)
    g.node("end2", "終了（体験会）", {"type": "end", "outcome": "体験会案内"}, col=1)
    g.chain("trigger", "k1", "w1", "k2", "w2", "c1")
    g.edge("c1", "ho", "yes"), g.chain("ho", "k3", "end1"), g.edge("c1", "k3b", "no"), g.edge("k3b", "end2")
    c["flows"] = [f, g]
    return c


COMPANIES = {"hs-saas": company_hs_saas, "hs-mfg": company_hs_mfg, "pd-it": company_pd_it, "pd-edu": company_pd_edu}
VARIANT_SALT = {"hs-saas": 11, "hs-mfg": 23, "pd-it": 37, "pd-edu": 41}


# --------------------------------------------------------------------------------------------
# What differs between the companies besides their journeys: inflow, campaigns, mid-history
# changes, the calendar of one-off mails, the MA tool's scoring.

def nth_weekday(y, m, wd, n):
    d = dt.date(y, m, 1)
    first = d + dt.timedelta(days=(wd - d.weekday()) % 7)
    return first + dt.timedelta(days=7 * (n - 1))


def months(start=(2024, 7), end=(2025, 10)):
    y, m = start
    while (y, m) <= end:
        yield y, m
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)


def dynamics(c):
    k = c["key"]
    site = c["site"]
    d = {"spikes": [], "batches": [], "season": {}, "click_change": None, "open_change": None,
         "form_change": None, "sendtime_power": 1.0, "fatigue_k": 0.17}
    bc = []

    def bcast(t, name, subject, kind, topic=None, url=None, audience="all", click=1.0, opens=1.0, spread=900):
        bc.append({"t": t, "name": name, "subject": subject, "kind": kind, "topic": topic,
                   "url": url or site + "/news", "audience": audience, "click": click, "open": opens,
                   "spread": spread})

    topics = list(c["topics"])
    if k == "hs-saas":
        d["sources"] = [("dl", 50), ("contact", 8), ("newsletter", 20), ("webinar", 12), ("ads", 10)]
        d["spikes"] = [(ts(2025, 1, 20), ts(2025, 1, 25), 1.8, "webinar"), (ts(2025, 6, 9), ts(2025, 6, 14), 1.6, "webinar"),
                       (ts(2025, 9, 29), ts(2025, 10, 4), 1.8, "webinar")]
        d["season"] = {3: 1.15, 8: 0.85}
        d["click_change"] = (ts(2025, 4, 15), 1.45, ("NS", "クラウドレシート通信"))   # template redesign
        t = ts(2024, 7, 3, 11)
        n = 118
        while t < HIST_END:
            bcast(t, "クラウドレシート通信 vol.%d" % n, "【クラウドレシート通信】経理の「いま」がわかる vol.%d" % n,
                  "newsletter", topic=topics[n % 4], url=site + "/blog/vol%d" % n, spread=1200)
            t += 14 * DAY
            n += 1
        bcast(ts(2025, 1, 22, 10), "2025_01_インボイス対応セミナーのご案内", "【1/29開催】インボイス対応 実務セミナー",
              "campaign", "invoice", site + "/seminar/invoice")
        bcast(ts(2025, 4, 16, 10), "2025_04_新機能リリースのお知らせ", "AI-OCRで領収書入力がさらに速く",
              "campaign", "dx", site + "/news/ai-ocr")
        bcast(ts(2025, 9, 17, 10), "2025_09_年末調整対策ウェビナーのご案内", "【10/1開催】年末調整を楽にする3つのコツ",
              "campaign", "cost", site + "/seminar/nenmatsu")
        bcast(ts(2025, 10, 15, 10), "2025_10_導入事例集プレゼント", "導入事例集2025をプレゼント",
              "campaign", "dx", site + "/download/cases-2025")
        d["scoring"] = {"page_view": 1, "pricing": 5, "download": 10, "form": 15, "open": 0, "click": 3,
                        "unsub": -20, "mql": 60}
    elif k == "hs-mfg":
        d["sources"] = [("dl", 62), ("contact", 16), ("newsletter", 12), ("webinar", 10)]
        d["spikes"] = [(ts(2025, 3, 1), ts(2025, 8, 21), 2.3, "ads")]     # paid search, ends 12 days before the cut-off
        d["batches"] = [(ts(2024, 10, 23, 16, 40), 480, "展示会"), (ts(2025, 2, 12, 15, 5), 720, "展示会"),
                        (ts(2025, 10, 16, 17, 20), 650, "展示会")]
        d["season"] = {12: 0.9, 1: 0.9}
        for y, m in months():
            day = nth_weekday(y, m, 1, 1)
            bcast(ts(y, m, day.day, 10), "タカミ技報_%d年%d月号" % (y, m), "【タカミ技報】%d年%d月号" % (y, m),
                  "newsletter", topic=topics[m % 4], url=site + "/giho/%d%02d" % (y, m))
        bcast(ts(2025, 6, 10, 10), "2025_06_新製品発表_無線振動センサー", "新製品：電池で5年動く無線振動センサー",
              "campaign", "maint", site + "/products/vw-100")
        bcast(ts(2025, 9, 24, 10), "2025_09_秋の技術セミナーのご案内", "【10/22名古屋】予知保全の技術セミナー",
              "campaign", "maint", site + "/seminar/2025autumn")
        d["scoring"] = {"page_view": 1, "pricing": 5, "download": 10, "form": 15, "open": 0, "click": 3,
                        "unsub": -20, "mql": 60}
    elif k == "pd-it":
        d["sources"] = [("dl", 55), ("contact", 10), ("newsletter", 15), ("webinar", 20)]
        d["spikes"] = [(ts(2025, 2, 17), ts(2025, 2, 22), 1.7, "webinar"), (ts(2025, 10, 6), ts(2025, 10, 11), 1.5, "webinar")]
        d["batches"] = [(ts(2025, 5, 20, 11, 30), 400, "セミナー共催")]
        d["season"] = {3: 1.2, 8: 0.8}
        d["open_change"] = (ts(2025, 5, 12), ts(2025, 6, 20), 0.55)    # new sending domain: spam folder, recovers
        for y, m in months():
            day = nth_weekday(y, m, 3, 3)
            bcast(ts(y, m, day.day, 14), "ネクサス通信_%d年%d月号" % (y, m), "【ネクサス通信】%d年%d月号：今月のセキュリティ動向" % (y, m),
                  "newsletter", topic=topics[m % 4], url=site + "/news/%d%02d" % (y, m), spread=1500)
        bcast(ts(2025, 2, 5, 11), "2025_02_SOCサービス価格改定のお知らせ", "SOCサービス価格改定のお知らせ",
              "campaign", "soc", site + "/news/price")
        bcast(ts(2025, 9, 10, 11), "2025_09_セキュリティカンファレンス招待", "【ご招待】NEXUS Security Conference 2025",
              "campaign", "zt", site + "/event/conference")
        bcast(ts(2025, 10, 22, 11), "2025_10_ランサムウェア対策セミナー", "【11/12開催】ランサムウェア対策セミナー",
              "campaign", "backup", site + "/seminar/ransomware")
        d["scoring"] = {"page_view": 1, "pricing": 3, "download": 10, "form": 25, "open": 0, "click": 3,
                        "unsub": 0, "mql": 100}
    else:  # pd-edu
        d["sources"] = [("catalog", 55), ("dl", 25), ("contact", 10), ("newsletter", 10)]
        d["season"] = {1: 1.6, 2: 1.6, 3: 1.5, 4: 0.9, 7: 0.7, 8: 0.7, 10: 1.2}
        d["sendtime_power"] = 2.4
        d["fatigue_k"] = 0.24
        d["form_change"] = (ts(2025, 6, 2), 1.5)      # catalog form shortened: more catalog requests
        for y, m in months():
            for n, wdn in ((1, 1), (2, 3)):
                day = nth_weekday(y, m, 0, wdn)
                bcast(ts(y, m, day.day, 9), "ミライ研修ニュース_%d年%d月_%d" % (y, m, n),
                      "ミライ研修ニュース %d月号（%d）" % (m, n), "newsletter", topic=topics[(m + n) % 4],
                      url=site + "/news/%d%02d%d" % (y, m, n))
        bcast(ts(2025, 2, 3, 9), "2025_02_新入社員研修_早割のご案内", "新入社員研修 早割受付中（2/28まで）",
              "campaign", "newhire", site + "/newhire")
        for i, day in enumerate((9, 12, 18)):
            bcast(ts(2025, 9, day, 9), "2025_09_秋の公開講座のご案内%s" % "①②③"[i],
                  ("【秋の公開講座】管理職向け講座のご案内", "【残席わずか】秋の公開講座", "【最終案内】秋の公開講座")[i],
                  "campaign", "mgr", site + "/open-course")
        d["scoring"] = {"page_view": 1, "pricing": 3, "download": 10, "form": 25, "open": 0, "click": 3,
                        "unsub": 0, "mql": 100}
    bc.sort(key=lambda b: b["t"])
    d["broadcasts"] = bc
    return d


KIND_OPEN = {"welcome": 1.5, "follow_up": 1.55, "nurture": 1.0, "event_invite": 0.9, "reactivation": 0.5,
             "newsletter": 0.78, "campaign": 0.85}
KIND_CLICK = {"welcome": 1.1, "follow_up": 1.25, "nurture": 1.0, "event_invite": 0.75, "reactivation": 0.6,
              "newsletter": 0.7, "campaign": 0.8}
KIND_UNSUB = {"welcome": 0.5, "follow_up": 0.5, "nurture": 1.0, "event_invite": 1.1, "reactivation": 3.5,
              "newsletter": 1.4, "campaign": 1.8}
HOUR_OPEN = [0.8] * 7 + [1.12, 1.12, 1.05, 1.05, 1.0, 1.0, 0.95, 0.95, 0.95, 0.88, 0.88, 0.82, 0.82, 0.82,
                         0.78, 0.78, 0.78]
WD_OPEN = (0.93, 1.04, 1.03, 1.0, 0.92, 0.8, 0.85)


# --------------------------------------------------------------------------------------------
# The world

YEAR = 365.25 * DAY
WEB_HOURS = [0.15] * 7 + [0.6, 1.0, 2.0, 2.1, 2.0, 1.4, 1.9, 2.0, 1.9, 1.8, 1.7, 1.2, 0.8, 0.8, 0.7, 0.4, 0.3]
WEB_HOURS_CUM = []
_acc = 0.0
for _w in WEB_HOURS:
    _acc += _w
    WEB_HOURS_CUM.append(_acc)


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


def web_time(rng, dn):
    x = rng.random() * WEB_HOURS_CUM[-1]
    h = bisect.bisect_right(WEB_HOURS_CUM, x)
    return day_start(dn) + min(h, 23) * 3600 + rng.randrange(3600)


class Account:
    __slots__ = ("idx", "name", "domain", "industry", "employees", "band", "scanner", "z", "surges", "pref", "n")


class Lead:
    __slots__ = ("idx", "ext", "acct", "last", "first", "email", "domain", "free", "title", "dept", "created",
                 "source", "basis", "eng", "p_open", "p_click", "r0", "aff", "imgblock", "invalid_at", "unsub",
                 "unsub_t", "bounced", "marketing", "dne", "custom", "score", "mql_t", "last_act", "episodes",
                 "fat", "fat_t", "clicked", "opened", "last_click", "j", "watch", "handoff_t", "visitor",
                 "n_dl", "stage")


class World:
    def __init__(self, c, seed):
        self.c = c
        self.key = c["key"]
        self.seed = seed
        self.salt = VARIANT_SALT[self.key]
        self.rng = random.Random(seed * 1000 + self.salt)
        self.d = dynamics(c)
        self.sc = self.d["scoring"]
        self.topics = list(c["topics"])
        self.doc_topic = {doc: tp for tp, docs in c["docs"].items() for doc in docs}
        self.mails = {}
        self.flows = []
        for f in c["flows"]:
            self._compile(f)
        for b in self.d["broadcasts"]:
            self.mails[b["name"]] = {"name": b["name"], "subject": b["subject"], "kind": b["kind"], "topic": b["topic"],
                                     "click": b["click"], "open": b["open"], "url": b["url"], "scenario": None,
                                     "node": None}
        for i, m in enumerate(self.mails.values()):
            m["campaign_id"] = 310000000 + 7919 * (i + 1) + self.salt
            m["template_id"] = 52000 + 13 * i
        self.company_closed = tuple(c.get("company_closed", ()))
        self.rec = []       # (t, lead idx, kind, a, b, c)
        self.sends = []     # [lead, mail, t, bounced, rec_open, human_open, rec_click, human_click, bot_click, unsub, filtered_only]
        self.enrol = []     # (t, scenario id, lead)
        self.handoffs = []
        self._build_people()

    # ---- journeys -----------------------------------------------------------------------
    def _compile(self, f):
        nodes = {n["id"]: n for n in f.nodes}
        out = {}
        for e in f.edges:
            out[(e["source"], e.get("source_handle", "out"))] = e["target"]
        trig = [n for n in f.nodes if n["kind"]["type"] == "trigger"][0]
        st = f.settings
        w = st["send_window"]
        days = {("mon", "tue", "wed", "thu", "fri", "sat", "sun").index(x) for x in w["weekdays"]}
        hm = lambda s: int(s[:2]) * 60 + int(s[3:])
        fl = {"id": f.sid, "nodes": nodes, "out": out, "trigger": trig, "event": trig["kind"]["event"],
              "segment": st.get("segment"), "re": st["reenrollment"], "win": (days, hm(w["start"]), hm(w["end"]),
                                                                             w.get("skip_holidays", True)),
              "suppress": st.get("suppress_while_in", [])}
        self.flows.append(fl)
        for n in f.nodes:
            if n["kind"]["type"] == "send_email":
                e = n["kind"]["email"]
                wd = n["_world"]
                self.mails[n["title"]] = {"name": n["title"], "subject": e["subject"], "kind": e["kind"],
                                          "topic": wd["topic"], "click": wd["click"], "open": wd["open"],
                                          "url": wd["url"], "scenario": f.sid, "node": n["id"]}

    # ---- people -------------------------------------------------------------------------
    def _new_account(self, rng):
        a = Account()
        a.idx = len(self.accounts)
        stem, roma = rng.choice(CO_STEM)
        kind, kroma, ind = rng.choice(CO_KIND)
        pre = rng.random() < 0.6
        a.name = ("株式会社" + stem + kind) if pre else (stem + kind + "株式会社")
        if kind == "信用金庫":
            a.name = stem + kind
        dom = "%s-%s" % (roma, kroma)
        base = dom
        n = 2
        while dom in self.domains:
            dom = "%s%d" % (base, n)
            n += 1
        self.domains.add(dom)
        a.domain = dom + rng.choice([".co.jp"] * 7 + [".jp", ".com"])
        a.industry = ind
        a.employees = int(math.exp(rng.gauss(5.0, 1.5)))
        a.employees = max(3, min(a.employees, 60000))
        e = a.employees
        a.band = "1-49" if e < 50 else "50-299" if e < 300 else "300-999" if e < 1000 else "1000+"
        ps = {"1-49": 0.01, "50-299": 0.025, "300-999": 0.08, "1000+": 0.22}[a.band] * self.c["scanner_mult"]
        a.scanner = rng.random() < ps
        a.z = rng.gauss(0.0, 0.55)
        a.pref = rng.choice(PREFS)
        a.n = 0
        a.surges = []
        t = WORLD_START - 30 * DAY
        rate = 0.75 / YEAR
        while True:
            t += rng.expovariate(rate)
            if t >= HIST_END:
                break
            a.surges.append((int(t), int(t + rng.uniform(14, 50) * DAY)))
        self.accounts.append(a)
        return a

    def _pick_account(self, rng, join_p):
        if self.accounts and rng.random() < join_p:
            # bigger companies have more contacts: pick by size among a few candidates
            cands = [rng.choice(self.accounts) for _ in range(3)]
            return max(cands, key=lambda a: a.employees * rng.random())
        return self._new_account(rng)

    def _new_lead(self, rng, created, source, old):
        c = self.c
        L = Lead()
        L.idx = len(self.leads)
        free = source in ("newsletter", "dl", "webinar", "catalog") and rng.random() < c["free_share"] * 1.6
        a = self._pick_account(rng, 0.55 if old else 0.32)
        a.n += 1
        L.acct = a
        si = rng.randrange(len(SURNAMES))
        gi = rng.randrange(len(GIVEN))
        L.last, L.first = SURNAMES[si], GIVEN[gi]
        rs, rg = ROMA_S[si % len(ROMA_S)], ROMA_G[gi % len(ROMA_G)].rstrip("2")
        if free:
            L.domain = rng.choice(FREE_MAIL)
            local_part = "%s%s%d" % (rg, rs[:3], rng.randrange(10, 9999))
        else:
            L.domain = a.domain
            local_part = rng.choice(["%s.%s" % (rg, rs), "%s-%s" % (rs, rg), "%s%s" % (rg[0], rs), "%s_%s" % (rs, rg)])
        email = "%s@%s" % (local_part, L.domain)
        k = 2
        while email in self.emails:
            email = "%s%d@%s" % (local_part, k, L.domain)
            k += 1
        self.emails.add(email)
        L.email, L.free = email, free
        L.title = wchoice(rng, TITLES)
        L.dept = rng.choice(DEPTS)
        L.created, L.source = int(created), source
        if source in ("card", "展示会", "セミナー共催"):
            L.basis = "card"
        elif source == "existing":
            L.basis = "existing"
        else:
            L.basis = "form"
        z = a.z + rng.gauss(0.0, 0.75) - 0.25
        if old:
            z -= 0.35
        L.eng = math.exp(z)
        L.p_open = min(0.85, max(0.02, 0.27 * L.eng ** 0.55))
        L.p_click = min(0.6, max(0.01, 0.12 * L.eng ** 0.45))
        L.r0 = 0.0065 * L.eng ** 1.1
        raw = [rng.gammavariate(0.5, 1.0) + 1e-6 for _ in self.topics]
        s = sum(raw)
        L.aff = [x / s for x in raw]
        L.imgblock = rng.random() < 0.07
        # addresses die: typos from the start, people change jobs later
        if rng.random() < 0.012:
            L.invalid_at = L.created
        else:
            L.invalid_at = int(L.created + rng.expovariate(0.085 / YEAR))
        L.unsub, L.unsub_t, L.bounced, L.dne = False, None, False, False
        L.marketing = True
        L.custom = {}
        if c["key"] == "hs-mfg":            # the portal's own property: where the lead came from
            L.custom["リード獲得経路"] = {"展示会": "展示会", "card": "名刺", "ads": "広告",
                                     "existing": "既存取引"}.get(source, "Webフォーム")
        L.score, L.mql_t = 0, None
        L.last_act = L.created
        L.fat, L.fat_t = 0.0, L.created
        L.clicked, L.opened, L.last_click = {}, {}, None
        L.j, L.watch, L.handoff_t = {}, {}, None
        L.visitor = None
        L.n_dl, L.stage = 0, 0.0
        L.episodes = []
        t = max(L.created, WORLD_START - 60 * DAY)
        rate = 0.45 * min(2.0, L.eng ** 0.5) / YEAR
        while True:
            t += rng.expovariate(rate)
            if t >= HIST_END:
                break
            L.episodes.append((int(t), int(t + rng.uniform(10, 40) * DAY)))
        if old:
            L.score = int(rng.expovariate(1 / 14.0))
            if L.score >= self.sc["mql"]:
                L.mql_t = L.created + int((WORLD_START - L.created) * rng.random())
            L.last_act = int(max(L.created, WORLD_START - rng.expovariate(1 / (200 * DAY))))
            age = (WORLD_START - L.created) / YEAR
            if rng.random() < 1 - math.exp(-0.05 * age):
                L.unsub, L.unsub_t = True, int(L.created + (WORLD_START - L.created) * rng.random())
            if L.invalid_at < WORLD_START and rng.random() < 0.75:
                L.bounced = True          # found by an earlier send
            if self.c["vendor"] == "hubspot" and rng.random() < 0.12 * min(1.0, age / 2):
                L.marketing = False
        if self.c["vendor"] == "pardot" and rng.random() < 0.012:
            L.dne = True
        self.leads.append(L)
        return L

    def _build_people(self):
        rng = self.rng
        c, d = self.c, self.d
        self.accounts, self.leads, self.domains, self.emails = [], [], set(), set()
        for _ in range(c["n_accounts_old"]):
            self._new_account(rng)
        old = []
        for _ in range(c["n_old"]):
            age = 0.05 + c["old_years"] * (rng.random() ** 1.35)
            t0 = WORLD_START - int(age * YEAR)
            dn = dayno(t0)
            while weekday(dn) >= 5:
                dn -= 1
            src = wchoice(rng, [("web", 45), ("card", 35), ("existing", 10), ("展示会", 10)])
            old.append((day_start(dn) + rng.randrange(8 * 3600, 20 * 3600), src))
        old.sort()
        for t0, src in old:
            self._new_lead(rng, t0, src, True)
        # inflow
        events = []
        dn0, dn1 = dayno(WORLD_START), dayno(HIST_END - 1)
        for dn in range(dn0, dn1 + 1):
            t = day_start(dn) + 12 * 3600
            m = local(t).month
            rate = c["inflow"] * (1 + c["trend_per_year"] * (t - HIST_START) / YEAR)
            rate *= d["season"].get(m, 1.0)
            cal = behaviour_calendar(dn) ** 0.8
            rate *= cal
            spike_src = None
            for s0, s1, mult, src in d["spikes"]:
                if s0 <= t < s1:
                    spike_src = (mult, src)
            base = rate
            if spike_src:
                rate *= spike_src[0]
            for _ in range(poisson(rng, rate)):
                src = wchoice(rng, d["sources"])
                if spike_src and rng.random() < 1 - base / rate:
                    src = "ads" if spike_src[1] == "ads" else spike_src[1]
                events.append((web_time(rng, dn), src))
        for t0, n, src in d["batches"]:
            for i in range(n):
                events.append((t0 + i // 20, src))
        events.sort()
        for t0, src in events:
            self._new_lead(rng, t0, src, False)
        # vendor ids in creation order, with gaps
        nid = 51200000 + self.salt * 1000 if c["vendor"] == "hubspot" else 18800000 + self.salt * 1000
        for L in sorted(self.leads, key=lambda x: x.created):
            nid += 1 + (rng.randrange(40) if rng.random() < 0.3 else 0)
            L.ext = str(nid)

    # ---- helpers ------------------------------------------------------------------------
    def in_surge(self, L, t):
        for s, e in L.acct.surges:
            if s <= t < e:
                return True
        return False

    def in_episode(self, L, t):
        for s, e in L.episodes:
            if s <= t < e:
                return True
        return False

    def mailable(self, L):
        return not (L.unsub or L.bounced or L.dne or not L.marketing)

    def add_score(self, L, pts, t):
        if not pts:
            return
        L.score += pts
        if L.mql_t is None and L.score >= self.sc["mql"]:
            L.mql_t = t

    def attr(self, L, a):
        if isinstance(a, dict):
            name = a["custom"]
            if name == "Marketing contact status":
                return "Marketing contact" if L.marketing else "Non-marketing contact"
            return L.custom.get(name, "")
        if a == "email_domain":
            return L.domain
        if a == "lead_source":
            return L.source
        if a == "company":
            return L.acct.name
        if a == "industry":
            return L.acct.industry
        return ""

    def eval(self, L, e, t, ctx=None):
        ty = e["type"]
        if ty == "all":
            return all(self.eval(L, x, t, ctx) for x in e["of"])
        if ty == "any":
            return any(self.eval(L, x, t, ctx) for x in e["of"])
        if ty == "not":
            return not self.eval(L, e["expr"], t, ctx)
        if ty == "attribute":
            v = self.attr(L, e["attribute"])
            vals = e.get("values", [])
            op = e["op"]
            if op == "equals":
                return v == vals[0]
            if op == "not_equals":
                return v != vals[0]
            if op == "one_of":
                return v in vals
            if op == "not_one_of":
                return v not in vals
            if op == "contains":
                return vals[0] in v
            if op == "is_empty":
                return v == ""
            if op == "is_not_empty":
                return v != ""
            raise ValueError(op)
        if ty == "score":
            v, op = e["value"], e["op"]
            return {"gte": L.score >= v, "gt": L.score > v, "lte": L.score <= v, "lt": L.score < v,
                    "eq": L.score == v, "ne": L.score != v}[op]
        if ty == "email_engagement":
            book = L.clicked if e["engagement"] == "clicked" else L.opened
            since = t - e["within_days"] * DAY if e.get("within_days") is not None else -1
            if e.get("email"):
                title = ctx["nodes"][e["email"]]["title"]
                return book.get(title, -2) >= since
            if e["engagement"] == "clicked":
                return L.last_click is not None and L.last_click >= since
            return any(v >= since for v in book.values())
        raise ValueError(ty)

    def next_slot(self, rng, t, win):
        days, s, e, skip = win
        dn = dayno(t)
        m = minute_of_day(t)
        for k in range(0, 30):
            dd = dn + k
            if weekday(dd) not in days or (skip and is_off_day(dd)):
                continue
            if k == 0:
                if s <= m < e:
                    return t + rng.randint(3, 150)
                if m >= e:
                    continue
            return day_start(dd) + s * 60 + rng.randint(30, 1800)     # batch at the opening
        return t

    def open_delay(self, rng, t):
        dn = dayno(t)
        m = minute_of_day(t)
        working = weekday(dn) < 5 and not is_off_day(dn)
        if working and 8 * 60 <= m < 19 * 60:
            dl = rng.lognormvariate(math.log(40 * 60), 1.15)
        elif rng.random() < 0.22:
            dl = rng.lognormvariate(math.log(70 * 60), 1.0)             # reads on the phone in the evening
        else:
            dd = dn if m < 8 * 60 else dn + 1
            while weekday(dd) >= 5 or is_off_day(dd):
                dd += 1
            slot = day_start(dd) + 8 * 3600 + rng.randrange(0, 2 * 3600)
            dl = (slot - t) + rng.lognormvariate(math.log(20 * 60), 1.0)
        if rng.random() < 0.12:
            dl += rng.expovariate(1 / (2.0 * DAY))
        return int(dl) + 5

    def sendtime_factor(self, t):
        dn = dayno(t)
        h = minute_of_day(t) // 60
        f = HOUR_OPEN[h] * WD_OPEN[weekday(dn)]
        if is_off_day(dn):
            f *= 0.85
        return f ** self.d["sendtime_power"]

    def topic_factor(self, L, topic):
        if topic is None:
            return 1.0
        return min(2.0, 0.55 + 1.8 * L.aff[self.topics.index(topic)])

    def interest(self, L, t):
        age = (t - L.created)
        ag = max(0.45, math.exp(-0.11 * age / YEAR))
        nov = 1 + 0.8 * math.exp(-age / (21 * DAY))
        hot = 1.3 if (self.in_surge(L, t) or self.in_episode(L, t)) else 1.0
        return ag * nov * hot

    def open_change(self, t):
        oc = self.d["open_change"]
        if not oc or t < oc[0] or t >= oc[1]:
            return 1.0
        x = (t - oc[0]) / (oc[1] - oc[0])
        return oc[2] + (1 - oc[2]) * x

    def click_change(self, t, mail):
        cc = self.d["click_change"]
        if not cc or t < cc[0]:
            return 1.0
        return cc[1] if mail["name"].startswith(cc[2]) else 1.0

    # ---- recording ----------------------------------------------------------------------
    def note(self, t, L, kind, a="", b="", c=""):
        if t < HIST_END:
            self.rec.append((t, L.idx, kind, a, b, c))

    def touch(self, L, t):
        if t > L.last_act:
            L.last_act = t

    # ---- one lead's life ----------------------------------------------------------------
    def simulate(self):
        inact = [f for f in self.flows if f["event"]["type"] == "inactive"]
        for L in self.leads:
            self._sim_lead(L, inact)

    def _push(self, t, kind, payload):
        self._seq += 1
        heapq.heappush(self._heap, (t, self._seq, kind, payload))

    def _sim_lead(self, L, inact):
        rng = random.Random((self.seed * 7919 + self.salt) * 1000003 + L.idx)
        self._rng = rng
        self._heap, self._seq = [], 0
        start = max(L.created, WORLD_START)
        bcs = self.d["broadcasts"]
        for b in bcs[bisect.bisect_left([x["t"] for x in bcs], start):]:
            self._push(b["t"] + rng.randint(0, b["spread"]), "bc", b)
        if L.created >= WORLD_START:
            self._push(L.created, "create", None)
        d0, d1 = dayno(start), dayno(HIST_END - 1)
        form_change = self.d["form_change"]
        min_inact = min((f["event"]["days"] for f in inact), default=0) * DAY
        h = self._heap
        for dn in range(d0, d1 + 1):
            ds = day_start(dn)
            mid = ds + 13 * 3600
            if mid >= start:
                age = mid - L.created
                lam = L.r0 * max(0.2, math.exp(-0.3 * age / YEAR)) * (1 + 4.0 * math.exp(-age / (18 * DAY)))
                if self.in_surge(L, mid):
                    lam *= 4.0
                if self.in_episode(L, mid):
                    lam *= 3.5
                lam *= behaviour_calendar(dn, self.company_closed)
                n = 1 if rng.random() < lam else 0
                if lam > 0.15:
                    n = poisson(rng, lam)
                for _ in range(n):
                    t = web_time(rng, dn)
                    if t >= start:
                        self._push(t, "sess", None)
            if inact and ds + 10 * 3600 >= start:
                tc = ds + 10 * 3600 + rng.randint(0, 900)
                while h and h[0][0] < tc:
                    t, _, kind, p = heapq.heappop(h)
                    getattr(self, "_on_" + kind)(L, t, p)
                if tc - L.last_act >= min_inact and self.mailable(L):
                    self._on_inact(L, tc, None)
            end = ds + DAY
            while h and h[0][0] < end:
                t, _, kind, p = heapq.heappop(h)
                getattr(self, "_on_" + kind)(L, t, p)

    # organic behaviour
    def _on_create(self, L, t, p):
        rng = self._rng
        src = L.source
        if src in ("dl", "ads"):
            for i in range(rng.randint(1, 3)):
                self._pageview(L, t - 60 * (4 - i) + rng.randint(0, 50), self._page(L, t))
            self._download(L, t, self._pick_doc(L), gated=True, creation=True)
        elif src == "contact":
            self._pageview(L, t - 90, self.c["site"] + "/contact")
            self._form(L, t, "お問い合わせフォーム", handler=True)
        elif src == "newsletter":
            self._form(L, t, "メルマガ登録フォーム")
        elif src == "webinar":
            self._pageview(L, t - 120, self.c["site"] + "/seminar")
            self._form(L, t, "ウェビナー申込フォーム", handler=True)
        elif src == "catalog":
            self._pageview(L, t - 100, self.c["site"] + "/catalog")
            self._form(L, t, "研修カタログ請求フォーム")
        self._trigger(L, t, "lead_created", None)

    def _page(self, L, t):
        rng = self._rng
        site = self.c["site"]
        x = rng.random()
        hot = self.in_surge(L, t) or L.stage > 0.5
        if x < (0.12 if hot else 0.05):
            return site + "/pricing"
        if x < 0.22:
            return site + "/"
        if x < 0.34:
            return site + "/product"
        tp = self.topics[self._pick_topic(L)]
        if x < 0.45:
            return site + "/case/" + tp
        return site + "/blog/%s-%d" % (tp, rng.randint(1, 40))

    def _pick_topic(self, L):
        x = self._rng.random()
        for i, a in enumerate(L.aff):
            x -= a
            if x < 0:
                return i
        return len(L.aff) - 1

    def _pick_doc(self, L, topic=None):
        tp = topic if topic is not None else self.topics[self._pick_topic(L)]
        return self._rng.choice(self.c["docs"][tp])

    def _on_sess(self, L, t, p):
        rng = self._rng
        hot = self.in_surge(L, t)
        n = 1
        while n < 9 and rng.random() < 0.5:
            n += 1
        for i in range(n):
            self._pageview(L, t + i * rng.randint(20, 200), self._page(L, t))
        t2 = t + n * 120
        p_dl = 0.07 * (1.8 if hot else 1.0) * (1.3 if L.n_dl == 0 else 1.0)
        fc = self.d["form_change"]
        if rng.random() < p_dl:
            self._download(L, t2, self._pick_doc(L), gated=True)
        elif rng.random() < 0.004 * (5 if hot else 1) * (1 + L.stage):
            self._pageview(L, t2, self.c["site"] + "/contact")
            self._form(L, t2 + 60, "お問い合わせフォーム", handler=True)
        if self.key == "pd-edu" and rng.random() < 0.035 * (fc[1] if t >= fc[0] else 1.0) * (1.6 if hot else 1.0):
            self._pageview(L, t2 + 200, self.c["site"] + "/catalog")
            self._form(L, t2 + 260, "研修カタログ請求フォーム")

    def _pageview(self, L, t, url):
        self.note(t, L, "pv", url)
        self.touch(L, t)
        self.add_score(L, self.sc["pricing"] if url.endswith("/pricing") else self.sc["page_view"], t)

    def _form(self, L, t, name, handler=False):
        self.note(t, L, "form", name, "handler" if handler else "form")
        self.touch(L, t)
        self.add_score(L, self.sc["form"], t)
        self._trigger(L, t, "form_submitted", name)

    def _download(self, L, t, doc, gated=True, creation=False):
        rng = self._rng
        if gated and not creation:
            self._pageview(L, t - 40, self.c["site"] + "/download/" + self.doc_topic[doc])
        if creation:
            self._form(L, t, "資料請求フォーム")
            t += 8
        elif gated:
            self._form(L, t - 10, "資料請求フォーム")
        self.note(t, L, "dl", doc)
        self.touch(L, t)
        self.add_score(L, self.sc["download"], t)
        L.n_dl += 1
        L.stage = min(3.0, L.stage + 0.5)
        k = self.topics.index(self.doc_topic[doc])
        L.aff = [a * 0.8 for a in L.aff]
        L.aff[k] += 0.2
        self._trigger(L, t, "document_downloaded", doc)

    # journeys
    def _trigger(self, L, t, ev, arg):
        for f in self.flows:
            e = f["event"]
            if e["type"] != ev:
                continue
            if ev == "form_submitted" and e.get("form") and e["form"] != arg:
                continue
            if ev == "document_downloaded" and e.get("document") and e["document"] != arg:
                continue
            topic = self.doc_topic.get(arg) if ev == "document_downloaded" else None
            self._enrol(L, t, f, topic)

    def _on_inact(self, L, t, p):
        for f in self.flows:
            if f["event"]["type"] == "inactive" and t - L.last_act >= f["event"]["days"] * DAY:
                self._enrol(L, t, f, None)

    def _enrol(self, L, t, f, topic):
        st = L.j.get(f["id"])
        if st and st[0]:
            return
        for other in f["suppress"]:
            o = L.j.get(other)
            if o and o[0]:
                return
        re = f["re"]
        if st:
            if re["type"] == "never":
                return
            if re["type"] == "after_days" and t - st[2] < re["days"] * DAY:
                return
        if not self.mailable(L):
            return
        if f["segment"] and not self.eval(L, f["segment"], t, f):
            return
        tok = (st[1] + 1) if st else 1
        L.j[f["id"]] = [True, tok, t, (st[3] + 1) if st else 1, topic]
        if t < HIST_END:
            self.enrol.append((t, f["id"], L.idx))
        self._run(L, f, f["out"][(f["trigger"]["id"], "out")], t, tok)

    def _run(self, L, f, nid, t, tok):
        rng = self._rng
        for _ in range(50):
            if nid is None:
                L.j[f["id"]][0] = False
                return
            n = f["nodes"][nid]
            k = n["kind"]
            ty = k["type"]
            if ty == "send_email":
                self._push(self.next_slot(rng, t, f["win"]), "jsend", (f, tok, nid))
                return
            if ty == "wait":
                dl = k["delay"]
                self._push(t + dl.get("days", 0) * DAY + dl.get("hours", 0) * 3600, "step",
                           (f, tok, f["out"].get((nid, "out"))))
                return
            if ty == "wait_until":
                ev = k["event"]
                title = f["nodes"][ev["email"]]["title"] if ev.get("email") else None
                L.watch[f["id"]] = (tok, title, nid)
                to = k["timeout"]
                self._push(t + to.get("days", 0) * DAY + to.get("hours", 0) * 3600, "timeout", (f, tok, nid))
                return
            if ty == "condition":
                nid = f["out"].get((nid, "yes" if self.eval(L, k["condition"], t, f) else "no"))
                continue
            if ty == "adjust_score":
                self.add_score(L, k["delta"], t)
            elif ty == "notify_sales":
                if k.get("score_threshold") is None or L.score >= k["score_threshold"]:
                    if t < HIST_END:
                        self.handoffs.append((t, f["id"], L.idx))
                    L.handoff_t = L.handoff_t or t
            elif ty == "update_field":
                L.custom[k["field"]["custom"]] = k["value"]
            elif ty == "end":
                L.j[f["id"]][0] = False
                return
            nid = f["out"].get((nid, "out"))
        raise RuntimeError("journey loop")

    def _live(self, L, f, tok):
        st = L.j.get(f["id"])
        return st and st[0] and st[1] == tok

    def _on_step(self, L, t, p):
        f, tok, nid = p
        if self._live(L, f, tok):
            self._run(L, f, nid, t, tok)

    def _on_jsend(self, L, t, p):
        f, tok, nid = p
        if not self._live(L, f, tok):
            return
        if self.mailable(L):
            mail = self.mails[f["nodes"][nid]["title"]]
            topic = mail["topic"]
            if topic == "@doc":
                topic = L.j[f["id"]][4] or self.topics[self._pick_topic(L)]
            self._deliver(L, t, mail, topic)
        self._run(L, f, f["out"].get((nid, "out")), t, tok)

    def _on_timeout(self, L, t, p):
        f, tok, nid = p
        w = L.watch.get(f["id"])
        if w and w[0] == tok and w[2] == nid and self._live(L, f, tok):
            del L.watch[f["id"]]
            self._run(L, f, f["out"].get((nid, "timeout")), t, tok)

    def _clicked_mail(self, L, t, title):
        for sid, (tok, want, nid) in list(L.watch.items()):
            if want is None or want == title:
                f = [x for x in self.flows if x["id"] == sid][0]
                if self._live(L, f, tok):
                    del L.watch[sid]
                    self._run(L, f, f["out"].get((nid, "met")), t, tok)

    # mail
    def _on_bc(self, L, t, b):
        if not self.mailable(L):
            return
        if L.custom.get("配信区分") in ("配信抑制", "停止"):
            return
        if t < L.created:
            return
        self._deliver(L, t, self.mails[b["name"]], b["topic"])

    def _deliver(self, L, t, mail, topic):
        rng = self._rng
        s = [L.idx, mail["name"], t, False, False, False, False, False, False, False, False]
        if t < HIST_END:
            self.sends.append(s)
        self.note(t, L, "send", mail["name"])
        if L.invalid_at <= t or (L.bounced):
            tb = t + rng.randint(4, 90)
            self.note(tb, L, "bounce", mail["name"], "HARD")
            L.bounced = True
            s[3] = True
            return
        self.note(t + rng.randint(1, 25), L, "deliver", mail["name"])
        F = L.fat * math.exp(-(t - L.fat_t) / (10 * DAY))
        L.fat, L.fat_t = F + 1.0, t
        if L.acct.scanner and not L.free:
            tb = t + rng.randint(2, 40)
            if rng.random() < 0.85:
                self._rec_open(L, tb, mail, s, bot=True)
            if rng.random() < 0.7:
                filt = self.key == "hs-saas" and rng.random() < 0.55
                self.note(tb + rng.randint(1, 30), L, "click", mail["name"], mail["url"], "bot-filtered" if filt else "bot")
                if tb + 30 < HIST_END:
                    s[6] = s[8] = True
                    if not filt:
                        s[10] = True
                self._mark_click(L, tb + 20, mail)
        tf = self.topic_factor(L, topic)
        p = (L.p_open * KIND_OPEN[mail["kind"]] * mail["open"] * tf * self.sendtime_factor(t)
             * math.exp(-self.d["fatigue_k"] * F) * self.interest(L, t) * self.open_change(t))
        if rng.random() < min(0.92, p):
            self._push(t + self.open_delay(rng, t), "open", (mail, s, F, tf))

    def _rec_open(self, L, t, mail, s, bot=False):
        self.note(t, L, "open", mail["name"], "bot" if bot else "")
        if t < HIST_END:
            s[4] = True
        L.opened[mail["name"]] = t
        self.touch(L, t)
        self.add_score(L, self.sc["open"], t)

    def _mark_click(self, L, t, mail):
        L.clicked[mail["name"]] = t
        L.last_click = t
        self.touch(L, t)
        self.add_score(L, self.sc["click"], t)
        self._clicked_mail(L, t, mail["name"])

    def _on_open(self, L, t, p):
        mail, s, F, tf = p
        rng = self._rng
        if t < HIST_END:
            s[5] = True
        if not L.imgblock:
            self._rec_open(L, t, mail, s)
            if rng.random() < 0.33:
                for _ in range(rng.randint(1, 3)):
                    self.note(t + int(rng.expovariate(1 / (1.5 * DAY))) + 60, L, "open", mail["name"], "")
        hot = self.in_surge(L, t) or self.in_episode(L, t)
        q = (L.p_click * KIND_CLICK[mail["kind"]] * mail["click"] * tf ** 1.3 * self.click_change(t, mail)
             * (1.6 if hot else 1.0) * math.exp(-0.08 * F) * self.open_change(t) ** 0.5)
        if rng.random() < min(0.8, q):
            self._push(t + rng.randint(8, 400), "click", (mail, s))
        dis = min(3.0, max(0.5, 0.3 / L.p_open)) ** 0.7
        age = (t - L.created) / YEAR
        u = 0.0035 * KIND_UNSUB[mail["kind"]] * (1 + 0.5 * F) * dis * (1.6 if age > 2 else 1.0)
        if rng.random() < u:
            self._push(t + rng.randint(20, 900), "unsub", (mail, s))

    def _on_click(self, L, t, p):
        mail, s = p
        rng = self._rng
        self.note(t, L, "click", mail["name"], mail["url"], "")
        if t < HIST_END:
            s[6] = s[7] = s[10] = True
        self._mark_click(L, t, mail)
        if rng.random() < 0.9:
            self._pageview(L, t + rng.randint(3, 25), mail["url"])
            for i in range(rng.choice((0, 0, 1, 1, 2))):
                self._pageview(L, t + 60 * (i + 1) + rng.randint(0, 50), self._page(L, t))
        u = mail["url"]
        if "/download/" in u or "/library" in u or "/catalog" in u:
            if rng.random() < 0.3 * (1.5 if self.in_surge(L, t) else 1.0):
                tp = mail["topic"] if mail["topic"] not in (None, "@doc") else None
                self._download(L, t + rng.randint(60, 400), self._pick_doc(L, tp), gated=True)

    def _on_unsub(self, L, t, p):
        mail, s = p
        if L.unsub:
            return
        L.unsub, L.unsub_t = True, t
        if t < HIST_END:
            s[9] = True
        self.note(t, L, "unsub", mail["name"])
        self.add_score(L, self.sc["unsub"], t)


# --------------------------------------------------------------------------------------------
# Exports, as the vendors write them

def fmt(t, style="iso"):
    d = local(t)
    if style == "iso":
        return d.strftime("%Y-%m-%d %H:%M:%S")
    if style == "hm":
        return d.strftime("%Y-%m-%d %H:%M")
    if style == "excel":                     # what Excel writes back after opening a CSV
        return "%d/%d/%d %d:%02d" % (d.year, d.month, d.day, d.hour, d.minute)
    if style == "slash":
        return d.strftime("%Y/%m/%d %H:%M:%S")
    raise ValueError(style)


def write_csv(path, header, rows, encoding):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n" if encoding in ("cp932", "utf-8-sig") else "\n")
    w.writerow(header)
    w.writerows(rows)
    data = buf.getvalue()
    if encoding == "cp932":
        raw = data.encode("cp932", errors="replace")
    else:
        raw = data.encode(encoding)
    with open(path, "wb") as fh:
        fh.write(raw)
    return len(rows)


def phone(rng):
    return "0%d-%04d-%04d" % (rng.choice((3, 6, 52, 45, 92, 11)), rng.randrange(10000), rng.randrange(10000))


HS_SOURCE = {"dl": "Organic Search", "contact": "Direct Traffic", "newsletter": "Organic Search", "webinar": "Referrals",
             "ads": "Paid Search", "catalog": "Organic Search", "web": "Organic Search", "card": "Offline Sources",
             "existing": "Offline Sources", "展示会": "Offline Sources", "セミナー共催": "Offline Sources"}
PD_SOURCE = {"dl": "Website", "contact": "Website", "newsletter": "Website", "webinar": "Webinar", "ads": "Paid Search",
             "catalog": "Website", "web": "Website", "card": "Business Card", "existing": "Salesforce",
             "展示会": "Trade Show", "セミナー共催": "Seminar (co-host)"}


def export_world(W, out):
    c = W.c
    rng = random.Random(W.seed * 31 + W.salt)
    os.makedirs(out, exist_ok=True)
    files = {"leads": [], "events": [], "fallback_mapping": {}}
    leads = sorted(W.leads, key=lambda L: L.created)
    recs = sorted(r for r in W.rec if r[0] >= HIST_START)
    written = {"leads": len(leads), "rows_by_kind": {}}

    def cnt(kind, n=1):
        written["rows_by_kind"][kind] = written["rows_by_kind"].get(kind, 0) + n

    if c["vendor"] == "hubspot":
        custom = "配信区分" if c["key"] == "hs-saas" else "リード獲得経路"
        head = ["Record ID", "First Name", "Last Name", "Email", "Phone Number", "Company Name", "Job Title",
                "Industry", "Number of Employees", "State/Region", "Lifecycle Stage", "Lead Status", "Create Date",
                "Last Activity Date", "Original Source", "HubSpot Score", "Became a Marketing Qualified Lead Date",
                "Marketing contact status", "Unsubscribed from all email", "Legal basis for processing contact's data",
                "Email hard bounce reason", "Contact owner", custom]
        rows = []
        for L in leads:
            if L.source == "existing":
                stage = "Customer"
            elif L.handoff_t:
                stage = "Sales Qualified Lead"
            elif L.mql_t:
                stage = "Marketing Qualified Lead"
            elif L.source == "newsletter":
                stage = "Subscriber"
            else:
                stage = "Lead"
            if L.created < ts(2021, 6, 1):
                basis = ""                       # before the portal switched on data-privacy settings
            else:
                basis = {"form": "Freely given consent from contact", "card": "Legitimate interest – prospect/lead",
                         "existing": "Legitimate interest – existing customer"}[L.basis]
            cv = L.custom.get(custom, "")
            rows.append([L.ext, L.first, L.last, L.email, phone(rng), L.acct.name, L.title, L.acct.industry,
                         str(L.acct.employees), L.acct.pref, stage,
                         "" if stage in ("Customer", "Subscriber") else rng.choice(["NEW", "OPEN", "IN_PROGRESS", "", ""]),
                         fmt(L.created, "hm"), fmt(L.last_act, "hm"), HS_SOURCE[L.source], str(L.score),
                         fmt(L.mql_t, "hm") if L.mql_t else "", "Marketing contact" if L.marketing else "Non-marketing contact",
                         "true" if L.unsub else "", basis, "UNKNOWN_USER" if L.bounced else "",
                         rng.choice(["西村 亜紀", "坂本 拓也", "", ""]), cv])
        fn = "hubspot-crm-exports-all-contacts-2025-11-01.csv"
        write_csv(os.path.join(out, fn), head, rows, "utf-8-sig")
        files["leads"].append(fn)
        # email events
        mixed = c["key"] == "hs-mfg"        # the UI's own words instead of the API's
        names = {"send": "SENT", "deliver": "DELIVERED", "open": "OPEN", "click": "CLICK", "bounce": "BOUNCE",
                 "unsub": "STATUSCHANGE" if c["key"] == "hs-saas" else "UNSUBSCRIBED"}
        if mixed:
            names = {"send": "Sent", "deliver": "Delivered", "open": "Open", "click": "Click", "bounce": "Bounce",
                     "unsub": "Unsubscribed"}
        head = ["Event ID", "Event type", "Recipient", "Created", "Email campaign ID", "Email campaign name", "Subject",
                "URL", "Bounce category"]
        if c["key"] == "hs-saas":
            head += ["Filtered event", "Portal subscription status"]
        rows, web = [], []
        eid = 0
        for t, li, kind, a, b, cc in recs:
            L = W.leads[li]
            if kind in names:
                m = W.mails[a]
                eid += 1
                row = ["%x-%04x" % (rng.getrandbits(48), eid % 65536), names[kind], L.email, fmt(t),
                       str(m["campaign_id"]), m["name"], m["subject"], b if kind == "click" else "",
                       "UNKNOWN_USER" if kind == "bounce" else ""]
                if c["key"] == "hs-saas":
                    row += ["true" if cc == "bot-filtered" else "false", "UNSUBSCRIBED" if kind == "unsub" else ""]
                rows.append(row)
                cnt(kind)
            elif kind in ("pv", "form", "dl"):
                ev = {"pv": "page_view", "form": "form_submission", "dl": "document_download"}[kind]
                web.append([L.email, ev, fmt(t, "slash"), a])
                cnt(kind)
        fn = "hubspot-email-events-2024-12-01_2025-10-31.csv"
        write_csv(os.path.join(out, fn), head, rows, "utf-8")
        files["events"].append(fn)
        fn = "web_activity.csv"
        write_csv(os.path.join(out, fn), ["email", "event", "occurred_at", "detail"], web, "cp932")
        files["events"].append(fn)
        files["fallback_mapping"][fn] = "web-mapping.json"
        with open(os.path.join(out, "web-mapping.json"), "w", encoding="utf-8") as fh:
            json.dump({"kind": "events", "columns": {"email": "email", "event": "event_kind",
                                                     "occurred_at": "event_at", "detail": "event_detail"}},
                      fh, ensure_ascii=False, indent=2)
    else:
        excel = c["key"] == "pd-edu"
        style = "excel" if excel else "iso"
        yes, no = ("TRUE", "FALSE") if excel else ("1", "0")
        head = ["Id", "Salutation", "First Name", "Last Name", "Email", "Company", "Job Title", "Department", "Phone",
                "State", "Industry", "Employees", "Source", "Score", "Grade", "Created Date", "Updated Date",
                "Last Activity", "Opted Out", "Do Not Email", "Campaign", "オプトイン区分"]
        if excel:
            head.append("配信区分")
        rows = []
        for L in leads:
            basis = {"form": "Webフォーム", "card": "名刺交換", "existing": "既存取引"}[L.basis]
            if L.created < ts(2020, 4, 1) and rng.random() < 0.5:
                basis = ""
            grade = rng.choice(["A", "A-", "B+", "B", "B-", "C+", "C", "D"])
            row = [L.ext, "", L.first, L.last, L.email, L.acct.name, L.title, L.dept, phone(rng), L.acct.pref,
                   L.acct.industry, str(L.acct.employees), PD_SOURCE[L.source], str(L.score), grade,
                   fmt(L.created, style), fmt(max(L.last_act, L.created), style), fmt(L.last_act, style),
                   yes if L.unsub else no, yes if L.dne else no, "Website Tracking" if L.source != "existing" else "Salesforce",
                   basis]
            if excel:
                row.append(L.custom.get("配信区分", ""))
            rows.append(row)
        fn = "prospect_export_2025-11-01.csv"
        write_csv(os.path.join(out, fn), head, rows, "utf-8-sig" if excel else "cp932")
        files["leads"].append(fn)
        with open(os.path.join(out, "optin-mapping.json"), "w", encoding="utf-8") as fh:
            json.dump({"kind": "leads", "columns": {"オプトイン区分": "opt_in_basis"}}, fh, ensure_ascii=False, indent=2)
        files["lead_mapping"] = "optin-mapping.json"
        head = ["id", "prospect_id", "visitor_id", "type", "type_name", "details", "email_id", "email_template_id",
                "list_email_id", "form_id", "form_handler_id", "site_search_query_id", "landing_page_id",
                "paid_search_ad_id", "multivariate_test_variation_id", "visitor_page_view_id", "file_id",
                "custom_redirect_id", "campaign_id", "created_at", "updated_at"]
        form_ids, file_ids = {}, {}
        rows = []
        aid = 880000000 + W.salt * 100000
        send_id = {}
        for t, li, kind, a, b, cc in recs:
            L = W.leads[li]
            if L.visitor is None:
                L.visitor = str(3300000 + L.idx * 7)
            r = [""] * 21
            aid += 1 + (rng.randrange(5) if rng.random() < 0.2 else 0)
            r[0], r[1], r[19], r[20] = str(aid), L.ext, fmt(t, style), fmt(t, style)
            r[18] = str(4400 + W.salt)
            if kind in ("send", "open", "click", "bounce", "unsub"):
                m = W.mails[a]
                key = (li, a)
                if kind == "send":
                    send_id[key] = str(90000000 + len(send_id) * 3 + W.salt)
                r[6] = send_id.get(key, "")
                if m["scenario"]:
                    r[7] = str(m["template_id"])
                else:
                    r[8] = str(m["template_id"] + 500000)
                if kind == "send":
                    r[3], r[4], r[5] = "6", "Email", m["name"]
                elif kind == "open":
                    r[3], r[4], r[5] = "11", "Email", m["name"]
                elif kind == "click":
                    r[2] = L.visitor if cc == "" else ""
                    r[3], r[4], r[5] = "1", "Email Tracker", b
                elif kind == "bounce":
                    r[3], r[4], r[5] = "13", "Email", m["name"]
                else:
                    r[3], r[4], r[5] = "12", "Email", m["name"]
            elif kind == "pv":
                r[2] = L.visitor
                r[3], r[4], r[5] = "2", "Page View", a
                r[15] = str(700000000 + aid % 100000000)
            elif kind == "form":
                r[2] = L.visitor
                r[3], r[4], r[5] = "4", "Form Handler" if b == "handler" else "Form", a
                fid = form_ids.setdefault(a, str(2100 + len(form_ids)))
                if b == "handler":
                    r[10] = fid
                else:
                    r[9] = fid
            elif kind == "dl":
                r[2] = L.visitor
                r[3], r[4], r[5] = "1", "File", a + ".pdf"
                r[16] = file_ids.setdefault(a, str(61000 + len(file_ids)))
            else:
                continue
            cnt(kind)
            rows.append(r)
        if excel:
            rows.reverse()                       # the prospect-activity table, newest first
            fn = "prospect_activities_2024-12_2025-10.csv"
            write_csv(os.path.join(out, fn), head, rows, "cp932")
            files["events"].append(fn)
        else:
            # Export API: one job per quarter, rows in no particular order
            parts = {}
            for r in rows:
                d = r[19]
                q = (int(d[:4]), (int(d[5:7]) - 1) // 3)
                parts.setdefault(q, []).append(r)
            for i, q in enumerate(sorted(parts)):
                chunk = parts[q]
                rng.shuffle(chunk)
                fn = "visitor_activity_export_%d_Q%d.csv" % (q[0], q[1] + 1)
                write_csv(os.path.join(out, fn), head, chunk, "utf-8")
                files["events"].append(fn)
    files["written"] = written
    return files


def world_settings(W):
    sc = W.sc
    return {
        "scoring": {
            "fit": {"job_level": {"chief": 0, "director": 0, "executive": 0, "manager": 0, "staff": 0},
                    "employee_band": {"1-49": 0, "1000+": 0, "300-999": 0, "50-299": 0}, "industry": {}},
            "engagement": {"page_view": sc["page_view"], "pricing_page": sc["pricing"], "pricing_pattern": "*/pricing",
                           "document_download": sc["download"], "webinar_registration": 0, "webinar_attendance": 0,
                           "form_submit": sc["form"], "email_open": sc["open"], "email_click": sc["click"],
                           "unsubscribe": sc["unsub"]},
            "daily_cap": 1000, "half_life_days": 36500, "mql_threshold": sc["mql"]},
        "frequency_cap": {"max_sends": 50, "per_days": 7},
    }


# --------------------------------------------------------------------------------------------
# Truth: the world's own counts in the back-test window

def truth(W):
    lo, hi = CUTOFF, WINDOW_END
    per_mail = {}
    for s in W.sends:
        if not (lo <= s[2] < hi):
            continue
        m = per_mail.setdefault(s[1], {"sends": 0, "delivered": 0, "bounced": 0, "unique_opens": 0,
                                       "unique_opens_human": 0, "unique_clicks": 0, "unique_clicks_unfiltered": 0,
                                       "unique_clicks_human": 0, "sends_with_bot_click": 0, "unsubscribes": 0})
        m["sends"] += 1
        m["bounced"] += s[3]
        m["delivered"] += not s[3]
        m["unique_opens"] += s[4]
        m["unique_opens_human"] += s[5]
        m["unique_clicks"] += s[6]
        m["unique_clicks_unfiltered"] += s[10]
        m["unique_clicks_human"] += s[7]
        m["sends_with_bot_click"] += s[8]
        m["unsubscribes"] += s[9]
    ev = {}
    for t, li, kind, a, b, c in W.rec:
        if lo <= t < hi:
            bot = (kind == "open" and b == "bot") or (kind == "click" and c.startswith("bot"))
            k = kind + ("_bot" if bot else "")
            ev[k] = ev.get(k, 0) + 1
    scen = {}
    for fl in W.flows:
        titles = [n["title"] for n in fl["nodes"].values() if n["kind"]["type"] == "send_email"]
        tot = {}
        for ti in titles:
            for k, v in per_mail.get(ti, {}).items():
                tot[k] = tot.get(k, 0) + v
        d = max(1, tot.get("sends", 0))
        tot["open_rate"] = round(tot.get("unique_opens", 0) / d, 4)
        tot["click_rate"] = round(tot.get("unique_clicks", 0) / d, 4)
        tot["enrolments"] = sum(1 for e in W.enrol if e[1] == fl["id"] and lo <= e[0] < hi)
        tot["handoffs"] = sum(1 for e in W.handoffs if e[1] == fl["id"] and lo <= e[0] < hi)
        tot["mails"] = titles
        scen[fl["id"]] = tot
    return {
        "variant": W.key, "vendor": W.c["vendor"], "window": {"cutoff": CUTOFF_DATE, "days": WINDOW_DAYS},
        "note": "per-mail counts are for sends made in the window; their opens, clicks and unsubscribes are counted "
                "whenever they happened before the end of the history. unique_opens/unique_clicks are what the "
                "export records (bots included); *_human are people only; unique_clicks_unfiltered leaves out clicks "
                "HubSpot flagged as filtered. Rates are per send (as the back-test computes them).",
        "scenarios": scen,
        "mails": {k: per_mail[k] for k in sorted(per_mail)},
        "workspace": {
            "new_leads": sum(1 for L in W.leads if lo <= L.created < hi),
            "enrolments": sum(1 for e in W.enrol if lo <= e[0] < hi),
            "downloads": ev.get("dl", 0), "page_views": ev.get("pv", 0), "form_submissions": ev.get("form", 0),
            "open_events": ev.get("open", 0), "bot_open_events": ev.get("open_bot", 0),
            "click_events": ev.get("click", 0), "bot_click_events": ev.get("click_bot", 0),
            "unsubscribes": ev.get("unsub", 0), "bounces": ev.get("bounce", 0), "sends": ev.get("send", 0),
            "mql_crossings": sum(1 for L in W.leads if L.mql_t and lo <= L.mql_t < hi),
            "mql_threshold": W.sc["mql"],
            "handoffs": sum(1 for e in W.handoffs if lo <= e[0] < hi),
        },
        "leads_total": len(W.leads),
        "leads_created_before_history": sum(1 for L in W.leads if L.created < HIST_START),
        "scanner_leads": sum(1 for L in W.leads if L.acct.scanner and not L.free),
    }


def generate(key, seed, out):
    t0 = time.time()
    c = COMPANIES[key]()
    W = World(c, seed)
    W.simulate()
    files = export_world(W, out)
    names = []
    for f in c["flows"]:
        fn = f.sid + ".json"
        with open(os.path.join(out, fn), "w", encoding="utf-8") as fh:
            json.dump(f.to_json(), fh, ensure_ascii=False, indent=2)
        names.append(fn)
    files["scenarios"] = names
    with open(os.path.join(out, "settings.json"), "w", encoding="utf-8") as fh:
        json.dump(world_settings(W), fh, ensure_ascii=False, indent=2)
    tr = truth(W)
    with open(os.path.join(out, "truth.json"), "w", encoding="utf-8") as fh:
        json.dump(tr, fh, ensure_ascii=False, indent=2)
    opted = sum(1 for L in W.leads if L.unsub)
    files["world"] = {"leads": len(W.leads), "unsubscribed_at_export": opted,
                      "bounced_at_export": sum(1 for L in W.leads if L.bounced),
                      "non_marketing": sum(1 for L in W.leads if not L.marketing),
                      "basis": {b: sum(1 for L in W.leads if L.basis == b) for b in ("form", "card", "existing")}}
    with open(os.path.join(out, "files.json"), "w", encoding="utf-8") as fh:
        json.dump(files, fh, ensure_ascii=False, indent=2)
    files["seconds"] = round(time.time() - t0, 1)
    return files


# --------------------------------------------------------------------------------------------
# --run: import into a workspace and back-test

EXPECTED_PRESET = {"hubspot": {"leads": "hubspot", "events": "hubspot-email-events"},
                   "pardot": {"leads": "salesforce / account-engagement", "events": "account-engagement-activities"}}
KIND_OF_ROW = {"send": "email_send", "open": "email_open", "click": "email_click", "unsub": "unsubscribe",
               "pv": "page_view", "form": "form_submit", "dl": "document_download"}


class Runner:
    def __init__(self, cli, vdir, log):
        self.cli, self.vdir, self.log = cli, vdir, log

    def __call__(self, args, stdout_file=None):
        cmd = [self.cli, "--lang", "en"] + args
        t0 = time.time()
        p = subprocess.run(cmd, cwd=self.vdir, capture_output=True)
        dt_ = time.time() - t0
        out = p.stdout.decode("utf-8", "replace")
        err = p.stderr.decode("utf-8", "replace")
        self.log.write("$ %s\n# rc=%d %.1fs\n" % (" ".join(args), p.returncode, dt_))
        if stdout_file:
            with open(os.path.join(self.vdir, stdout_file), "w", encoding="utf-8") as fh:
                fh.write(out)
            self.log.write("# stdout -> %s (%d bytes)\n" % (stdout_file, len(out)))
        else:
            self.log.write(out[:6000] + ("\n…(cut)\n" if len(out) > 6000 else ""))
        if err.strip():
            self.log.write("# stderr: " + err[:3000] + "\n")
        self.log.write("\n")
        self.log.flush()
        return p.returncode, out, err


def import_report(rc, out, err, fn, mapping):
    r = {"file": fn, "rc": rc, "mapping_file": mapping}
    try:
        d = json.loads(out)
    except ValueError:
        r["refused"] = (err or out).strip()[:600]
        return r
    if "refused" in d:
        rf = d["refused"]
        r["refused"] = rf.get("message", {}).get("en", json.dumps(rf, ensure_ascii=False))[:600]
        return r
    for k in ("encoding", "detection", "rows", "inserted", "updated", "unchanged", "skipped", "error_rows",
              "warning_rows", "duplicates", "opted_out", "no_consent", "not_behaviour", "issues_not_listed"):
        r[k] = d.get(k)
    m = d.get("mapping", {})
    r["preset"], r["kind"] = m.get("preset"), m.get("kind")
    r["unmapped_columns"] = [c for c, f in m.get("columns", []) if f is None]
    r["issue_groups"] = [{"code": g["first"].get("code"), "severity": g["first"].get("severity"),
                          "rows": g.get("rows"), "column": g["first"].get("column"),
                          "example": g["first"].get("message", {}).get("en")} for g in d.get("issue_groups", [])]
    return r


def run_variant(key, vdir, cli):
    files = json.load(open(os.path.join(vdir, "files.json"), encoding="utf-8"))
    vendor = "hubspot" if key.startswith("hs") else "pardot"
    ws = "ws.scenario-ws"
    for ext in ("", "-wal", "-shm"):
        if os.path.exists(os.path.join(vdir, ws + ext)):
            os.remove(os.path.join(vdir, ws + ext))
    findings = {"variant": key, "imports": [], "notes": []}
    with open(os.path.join(vdir, "run.log"), "w", encoding="utf-8") as log:
        run = Runner(cli, vdir, log)
        run(["init", ws])
        for fn in files["leads"]:
            args = ["leads", "import", "-w", ws, "--json"]
            mp = files.get("lead_mapping")
            if mp:
                args += ["--mapping", mp]
            rc, out, err = run(args + [fn])
            findings["imports"].append(import_report(rc, out, err, fn, mp))
        for fn in files["events"]:
            fb = files["fallback_mapping"].get(fn)
            if fb:
                # a generic file: see first what the CLI makes of it on its own (a dry run, so that a
                # wrong guess cannot touch the workspace), then import it with the mapping if needed
                rc, out, err = run(["leads", "import", "-w", ws, "--json", "--dry-run", fn])
                rep = import_report(rc, out, err, fn, None)
                rep["dry_run"] = True
                findings["imports"].append(rep)
                if rc == 2 or rep.get("kind") != "events":
                    findings["notes"].append(
                        "%s: without a mapping the CLI does not read it as events (dry run: rc=%d, preset=%s, "
                        "kind=%s, would update %s leads); imported with %s instead"
                        % (fn, rc, rep.get("preset"), rep.get("kind"), rep.get("updated"), fb))
                    rc, out, err = run(["leads", "import", "-w", ws, "--json", "--kind", "events", "--mapping", fb, fn])
                    findings["imports"].append(import_report(rc, out, err, fn, fb))
                    continue
            rc, out, err = run(["leads", "import", "-w", ws, "--json", fn])
            findings["imports"].append(import_report(rc, out, err, fn, None))
        run(["settings", "set", "-w", ws, "settings.json"])
        rc, out, err = run(["validate"] + files["scenarios"])
        findings["validate_rc"] = rc
        run(["scenarios", "add", "-w", ws, "--note", "acceptance world B"] + files["scenarios"])
        bt = ["backtest", "-w", ws, "--cutoff", CUTOFF_DATE, "--days", str(WINDOW_DAYS), "--runs", "20"]
        t0 = time.time()
        rc, _, _ = run(bt + ["--format", "json"] + files["scenarios"], stdout_file="bt.json")
        findings["backtest_rc"] = rc
        findings["backtest_seconds"] = round(time.time() - t0, 1)
        run(bt + ["--format", "table"] + files["scenarios"], stdout_file="bt.txt")
    # what the workspace holds against what was written
    db = sqlite3.connect("file:%s?mode=ro" % os.path.join(vdir, ws), uri=True)
    got = dict(db.execute("select kind, count(*) from lead_events group by kind").fetchall())
    wrote = files["written"]["rows_by_kind"]
    cmp_ = {}
    for k, kind in KIND_OF_ROW.items():
        cmp_[kind] = {"written": wrote.get(k, 0), "in_workspace": got.get(kind, 0)}
    for kind, n in got.items():
        cmp_.setdefault(kind, {"written": 0, "in_workspace": n})
    findings["events_written_vs_workspace"] = cmp_
    findings["leads_written_vs_workspace"] = {
        "written": files["written"]["leads"],
        "in_workspace": db.execute("select count(*) from leads").fetchone()[0],
        "opted_out_written": files["world"]["unsubscribed_at_export"],
        "opted_out_in_workspace": db.execute("select count(*) from leads where opted_out=1").fetchone()[0],
        "no_opt_in_basis_in_workspace": db.execute("select count(*) from leads where opt_in_basis is null").fetchone()[0],
        "opt_in_basis_in_workspace": dict(db.execute(
            "select coalesce(opt_in_basis,'(none)'), count(*) from leads group by 1").fetchall()),
        "created_at_missing": db.execute("select count(*) from leads where created_at is null").fetchone()[0],
    }
    findings["email_detail_samples"] = [list(r) for r in db.execute(
        "select kind, detail, count(*) from lead_events where kind like 'email_%' or kind='unsubscribe' "
        "group by kind, detail order by count(*) desc limit 12").fetchall()]
    db.close()
    with open(os.path.join(vdir, "findings.json"), "w", encoding="utf-8") as fh:
        json.dump(findings, fh, ensure_ascii=False, indent=2)
    return findings


# --------------------------------------------------------------------------------------------
# --summarize

MEASURE_JA = {"sent": "sends", "opened": "opens (unique)", "clicked": "clicks (unique)", "unsubscribed": "unsubscribes",
              "open_rate": "open rate", "click_rate": "click rate"}


def _num(x, rate):
    if x is None:
        return "—"
    return "%.1f %%" % (100 * x) if rate else ("%.0f" % x if abs(x) >= 10 else "%.1f" % x)


def summarize(out, variants):
    lines = ["# Acceptance worlds B — back-test summary", "",
             "Cut-off %s, %d days, 20 runs. \"in band\": the actual lies in the 5–95 %% band. \"closer\": the forecast "
             "mean is closer to the actual than the naive baseline (the previous period). Rates are per send." %
             (CUTOFF_DATE, WINDOW_DAYS), ""]
    grand = {"compared": 0, "in_band": 0, "against": 0, "beats": 0}
    for key in variants:
        vdir = os.path.join(out, key)
        p = os.path.join(vdir, "bt.json")
        if not os.path.exists(p):
            lines += ["## %s" % key, "", "no bt.json (run with --run first)", ""]
            continue
        try:
            bt = json.load(open(p, encoding="utf-8"))
        except ValueError:
            lines += ["## %s" % key, "", "bt.json is not JSON (see run.log)", ""]
            continue
        tr = json.load(open(os.path.join(vdir, "truth.json"), encoding="utf-8"))
        fi = json.load(open(os.path.join(vdir, "findings.json"), encoding="utf-8")) \
            if os.path.exists(os.path.join(vdir, "findings.json")) else {}
        lines += ["## %s (%s, %d leads, %d at the cut-off)" % (key, tr["vendor"], tr["leads_total"],
                                                            bt.get("leads_at_cutoff", 0)), "",
                  "| scope | figure | forecast mean | band (5–95 %) | actual | error % | in band | closer than baseline |",
                  "|---|---|---|---|---|---|---|---|"]
        for f in bt["figures"]:
            if f["scope"] not in ("scenario", "total"):
                continue
            rate = f["measure"].endswith("_rate")
            fc = f["forecast"]
            scope = f.get("scenario") if f["scope"] == "scenario" else "workspace"
            err = "—" if f.get("error_pct") is None else "%+.0f" % f["error_pct"]
            bb = f.get("beats_baseline")
            lines.append("| %s | %s | %s | %s – %s | %s | %s | %s | %s |" % (
                scope, MEASURE_JA.get(f["measure"], f["measure"].replace("_", " ")), _num(fc["mean"], rate),
                _num(fc["p05"], rate), _num(fc["p95"], rate), _num(f["actual"], rate), err,
                # No actual (a workspace that records no deals): not compared, not a miss.
                "—" if f["in_band"] is None else ("yes" if f["in_band"] else "**no**"),
                "—" if bb is None else ("yes" if bb else "no")))
        sm = bt.get("summary", {})
        n, ib, ag, be = sm.get("compared", 0), sm.get("in_band", 0), sm.get("against_baseline", 0), sm.get("beats_baseline", 0)
        grand["compared"] += n
        grand["in_band"] += ib
        grand["against"] += ag
        grand["beats"] += be
        lines += ["", "All %d figures in bt.json (mails, scenarios, weeks, workspace): in band %d (%.0f %%), closer than "
                  "baseline %d of %d (%.0f %%)." % (n, ib, 100.0 * ib / max(1, n), be, ag, 100.0 * be / max(1, ag)), ""]
        unt = bt.get("untied", [])
        if unt:
            in_w = [u for u in unt if u.get("sent")]
            lines.append("Untied mails (recorded, in no scenario): %d, of which %d sent in the window: %s" % (
                len(unt), len(in_w), "; ".join("%s (%d)" % (u["detail"], u["sent"]) for u in in_w) or "—"))
            lines.append("")
        acts = {(f.get("scenario"), f["measure"]): f["actual"] for f in bt["figures"] if f["scope"] == "scenario"}
        lines += ["World's own counts against the back-test's \"actual\" (what the workspace recorded):", "",
                  "| scenario | sends world / actual | unique opens world / actual | unique clicks world (people only) / actual "
                  "| unsubscribes world / actual | enrolments | hand-offs |", "|---|---|---|---|---|---|---|"]
        for sid, sc in tr["scenarios"].items():
            g = lambda m: acts.get((sid, m))
            fmt_ = lambda x: "—" if x is None else "%.0f" % x
            lines.append("| %s | %d / %s | %d / %s | %d (%d) / %s | %d / %s | %d | %d |" % (
                sid, sc.get("sends", 0), fmt_(g("sent")), sc.get("unique_opens", 0), fmt_(g("opened")),
                sc.get("unique_clicks", 0), sc.get("unique_clicks_human", 0), fmt_(g("clicked")),
                sc.get("unsubscribes", 0), fmt_(g("unsubscribed")), sc.get("enrolments", 0), sc.get("handoffs", 0)))
        lines.append("")
        w = tr["workspace"]
        lines.append("World's own count in the window (truth.json): MQL crossings %d (threshold %d, the world's "
                     "scores carry points from before the export), bot click events %d of %d click events, "
                     "hand-offs %d." % (w["mql_crossings"], w["mql_threshold"], w["bot_click_events"],
                                        w["click_events"] + w["bot_click_events"], w["handoffs"]))
        notes = fi.get("notes", [])
        for r in fi.get("imports", []):
            if r.get("refused"):
                notes.append("%s refused: %s" % (r["file"], r["refused"]))
            elif r.get("skipped") or r.get("error_rows") or r.get("no_consent"):
                nb = ", ".join("%s %d" % kv for kv in (r.get("not_behaviour") or {}).items())
                notes.append("%s%s: preset %s, %s rows, %s skipped%s%s%s" % (
                    r["file"], " (dry run)" if r.get("dry_run") else "", r.get("preset"), r.get("rows"),
                    r.get("skipped"), " (not behaviour: %s)" % nb if nb else "",
                    ", %d without opt-in basis" % r["no_consent"] if r.get("no_consent") else "",
                    ", issues: " + "; ".join("%s×%s" % (g["code"], g["rows"]) for g in r.get("issue_groups", [])[:3])
                    if r.get("issue_groups") else ""))
        if notes:
            lines += ["", "Import notes:"] + ["- " + x for x in notes]
        lines.append("")
    lines += ["## Overall", "",
              "In band: %d of %d figures (%.0f %%). Closer than baseline: %d of %d (%.0f %%)." % (
                  grand["in_band"], grand["compared"], 100.0 * grand["in_band"] / max(1, grand["compared"]),
                  grand["beats"], grand["against"], 100.0 * grand["beats"] / max(1, grand["against"])), ""]
    with open(os.path.join(out, "summary.md"), "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines))
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------

def main(argv=None):
    ap = argparse.ArgumentParser(description="Acceptance worlds B (HubSpot and Account Engagement companies)")
    ap.add_argument("--out", default="/tmp/accept2/out", help="output directory (default /tmp/accept2/out)")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--cli", default=None, help="the scenario CLI (default OUT/../bin/scenario, then PATH)")
    ap.add_argument("--run", action="store_true", help="import into workspaces and back-test")
    ap.add_argument("--no-generate", action="store_true", help="reuse the files already in OUT")
    ap.add_argument("--summarize", action="store_true", help="write OUT/summary.md from the bt.json files")
    ap.add_argument("--variants", default=",".join(COMPANIES), help="comma-separated: " + ", ".join(COMPANIES))
    a = ap.parse_args(argv)
    variants = [v.strip() for v in a.variants.split(",") if v.strip()]
    for v in variants:
        if v not in COMPANIES:
            ap.error("unknown variant %r" % v)
    cli = a.cli
    if cli is None:
        cand = os.path.join(os.path.dirname(os.path.abspath(a.out)), "bin", "scenario")
        cli = cand if os.path.exists(cand) else "scenario"
    os.makedirs(a.out, exist_ok=True)
    t_all = time.time()
    for v in variants:
        vdir = os.path.join(a.out, v)
        if not a.no_generate:
            f = generate(v, a.seed, vdir)
            print("%-8s generated %d leads in %.0f s -> %s" % (v, f["world"]["leads"], f["seconds"], vdir))
        if a.run:
            t0 = time.time()
            fi = run_variant(v, vdir, os.path.abspath(cli) if os.path.exists(cli) else cli)
            print("%-8s imported and back-tested in %.0f s (backtest rc %s)" % (v, time.time() - t0, fi.get("backtest_rc")))
    if a.summarize:
        summarize(a.out, variants)
        print("summary -> %s" % os.path.join(a.out, "summary.md"))
    print("done in %.0f s" % (time.time() - t_all))


if __name__ == "__main__":
    main()
