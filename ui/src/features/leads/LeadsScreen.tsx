// The workspace's leads: counts by industry, size, level and deal status, the score distribution
// under the scoring model, and a table of every lead that draws only the rows in view (pages are
// fetched from the workspace as they scroll in), with a text search and filters.
import { useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useVirtualizer } from "@tanstack/react-virtual";
import { Bar, BarChart, CartesianGrid, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import * as api from "../../ipc/api";
import { failed } from "../../ipc/errors";
import { useStudio } from "../../store/studio";
import { LeadDetailPanel } from "./LeadDetail";

type SortKey = NonNullable<api.LeadFilter["sort"]>;
/** The columns, each sortable; the score and the creation date sort highest first at first click. */
const COLUMNS: { key: SortKey; label: string; num?: boolean }[] = [
  { key: "id", label: "ID" },
  { key: "name", label: "field.full_name" },
  { key: "company", label: "field.company" },
  { key: "score", label: "leads.score", num: true },
  { key: "email", label: "field.email" },
  { key: "industry", label: "field.industry" },
  { key: "employee_band", label: "field.employees" },
  { key: "title", label: "field.title" },
  { key: "lead_status", label: "field.lead_status" },
];

/** Rows fetched at a time. */
export const PAGE = 200;
const ROW_HEIGHT = 30;

/** The bars of a count map, largest first, at most `top` (the rest summed as "other"). */
export function bars(counts: Record<string, number>, top: number, other: string, empty: string) {
  const sorted = Object.entries(counts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const shown = sorted.slice(0, top).map(([name, leads]) => ({ name: name || empty, leads }));
  const rest = sorted.slice(top).reduce((n, [, v]) => n + v, 0);
  return rest > 0 ? [...shown, { name: other, leads: rest }] : shown;
}

function CountChart({ title, data, id }: { title: string; data: { name: string; leads: number }[]; id: string }) {
  return (
    <div className="lead-chart" id={id}>
      <h4>{title}</h4>
      <ResponsiveContainer width="100%" height={Math.max(90, data.length * 22 + 24)}>
        <BarChart data={data} layout="vertical" margin={{ top: 0, right: 16, bottom: 0, left: 8 }}>
          <CartesianGrid stroke="#e2e8f0" />
          <XAxis type="number" fontSize={10} />
          <YAxis type="category" dataKey="name" width={104} fontSize={10} interval={0} />
          <Tooltip />
          <Bar dataKey="leads" fill="#6366f1" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

export default function LeadsScreen() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === "en" ? "en" : "ja";
  const workspace = useStudio((s) => s.workspace);
  const [stats, setStats] = useState<api.LeadStats | null>(null);
  const [scores, setScores] = useState<api.ScoreSummary | null>(null);
  const [filter, setFilter] = useState<api.LeadFilter>({
    text: "",
    industry: "",
    employee_band: "",
    job_level: "",
    opted_out: null,
    sort: "id",
    descending: false,
  });
  const [selected, setSelected] = useState<number | null>(null);
  const sortBy = (key: SortKey) =>
    setFilter((f) => ({
      ...f,
      sort: key,
      descending: f.sort === key ? !f.descending : key === "score" || key === "created",
    }));
  const [total, setTotal] = useState(0);
  const [pages, setPages] = useState<Record<number, api.LeadPage["rows"]>>({});
  const [error, setError] = useState<api.Localized | null>(null);
  const asked = useRef(new Set<number>());
  // The moment the first page of the current filter was scored at (later pages ask for it).
  const scoresAt = useRef<number | null>(null);
  const generation = useRef(0);
  useEffect(() => {
    api.leadStats().then(setStats).catch((e) => setError(failed(e)));
    api
      .loadSettings()
      .then((s) => api.previewScoring(s.scoring))
      .then(setScores)
      .catch(() => {});
  }, []);
  // A new filter starts over from the first page.
  useEffect(() => {
    const mine = ++generation.current;
    asked.current = new Set([0]);
    scoresAt.current = null;
    const timer = setTimeout(() => {
      api
        .leadPage(filter, 0, PAGE, null)
        .then((p) => {
          if (generation.current !== mine) return;
          // Later pages are scored at the first page's moment (no scan for it each time).
          scoresAt.current = p.scores_at;
          setTotal(p.total);
          setPages({ 0: p.rows });
        })
        .catch((e) => setError(failed(e)));
    }, 200);
    return () => clearTimeout(timer);
  }, [filter]);
  const scroller = useRef<HTMLDivElement>(null);
  const rows = useVirtualizer({ count: total, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 20 });
  const visible = rows.getVirtualItems();
  // Fetch the pages the visible rows fall on.
  useEffect(() => {
    const mine = generation.current;
    const wanted = new Set(visible.map((v) => Math.floor(v.index / PAGE)));
    for (const p of wanted) {
      if (asked.current.has(p)) continue;
      asked.current.add(p);
      api
        .leadPage(filter, p * PAGE, PAGE, scoresAt.current)
        .then((page) => generation.current === mine && setPages((all) => ({ ...all, [p]: page.rows })))
        .catch((e) => setError(failed(e)));
    }
  });
  const row = (i: number) => pages[Math.floor(i / PAGE)]?.[i % PAGE];
  const options = (counts: Record<string, number> | undefined) => Object.keys(counts ?? {}).filter(Boolean).sort();
  const charts = useMemo(() => {
    if (!stats) return null;
    const other = t("leads.other");
    const empty = t("leads.unknown");
    const named = (counts: Record<string, number>, key: string) =>
      Object.fromEntries(
        Object.entries(counts).map(([k, v]) => [k === "none" ? t("leads.noDeal") : k ? t(`${key}.${k}`, k) : "", v]),
      );
    return [
      ["industry", t("leads.byIndustry"), bars(stats.industry, 8, other, empty)],
      ["size", t("leads.bySize"), bars(stats.employee_band, 6, other, empty)],
      ["level", t("leads.byLevel"), bars(named(stats.job_level, "settings.level"), 6, other, empty)],
      ["deal", t("leads.byDeal"), bars(named(stats.deal_status, "deal"), 7, other, t("leads.noDeal"))],
    ] as const;
  }, [stats, t]);
  const n = (x: number) => x.toLocaleString(lang);
  return (
    <main className="leads" id="leads">
      <div className="diag-head">
        <button className="link" onClick={() => useStudio.setState({ screen: "start" })}>
          {t("editor.back")}
        </button>
        <h1>{t("leads.title")}</h1>
        <span className="muted">{workspace?.name}</span>
      </div>
      {error && <p className="sim-error">{error[lang]}</p>}
      {stats && (
        <p id="leads-summary">
          {t("leads.summary", { leads: n(stats.leads), optedOut: n(stats.opted_out), noBasis: n(stats.no_opt_in_basis) })}
        </p>
      )}
      <div className="lead-charts">
        {charts?.map(([id, title, data]) => <CountChart key={id} id={`chart-${id}`} title={title} data={data} />)}
        {scores && (
          <div className="lead-chart" id="chart-score">
            <h4>{t("leads.byScore", { mql: n(scores.mql), threshold: scores.mql_threshold })}</h4>
            <ResponsiveContainer width="100%" height={150}>
              <BarChart data={scores.distribution.map(([from, leads]) => ({ from, leads }))}>
                <CartesianGrid stroke="#e2e8f0" />
                <XAxis dataKey="from" fontSize={10} />
                <YAxis fontSize={10} />
                <Tooltip />
                <ReferenceLine
                  x={Math.floor(scores.mql_threshold / 10) * 10}
                  stroke="#dc2626"
                  label={{ value: "MQL", fontSize: 10, fill: "#dc2626" }}
                />
                <Bar dataKey="leads" fill="#0891b2" isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </div>
        )}
      </div>
      <div className="lead-filters">
        <input
          id="lead-search"
          placeholder={t("leads.search")}
          value={filter.text}
          onChange={(e) => setFilter({ ...filter, text: e.target.value })}
        />
        <select id="lead-industry" value={filter.industry} onChange={(e) => setFilter({ ...filter, industry: e.target.value })}>
          <option value="">{t("leads.allIndustries")}</option>
          {options(stats?.industry).map((o) => (
            <option key={o}>{o}</option>
          ))}
        </select>
        <select value={filter.employee_band} onChange={(e) => setFilter({ ...filter, employee_band: e.target.value })}>
          <option value="">{t("leads.allSizes")}</option>
          {options(stats?.employee_band).map((o) => (
            <option key={o}>{o}</option>
          ))}
        </select>
        <select value={filter.job_level} onChange={(e) => setFilter({ ...filter, job_level: e.target.value })}>
          <option value="">{t("leads.allLevels")}</option>
          {options(stats?.job_level).map((o) => (
            <option key={o} value={o}>
              {t(`settings.level.${o}`, o)}
            </option>
          ))}
        </select>
        <select
          value={filter.opted_out === null || filter.opted_out === undefined ? "" : String(filter.opted_out)}
          onChange={(e) => setFilter({ ...filter, opted_out: e.target.value === "" ? null : e.target.value === "true" })}
        >
          <option value="">{t("leads.anyMail")}</option>
          <option value="false">{t("leads.mailable")}</option>
          <option value="true">{t("leads.optedOut")}</option>
        </select>
        <span id="lead-matches">{t("leads.matches", { n: n(total) })}</span>
      </div>
      <div className="lead-table" ref={scroller}>
        <div className="lead-row head" id="lead-head">
          {COLUMNS.map((c) => (
            <button
              key={c.key}
              className={`sort ${c.num ? "num" : ""} ${filter.sort === c.key ? "sorted" : ""}`}
              data-sort={c.key}
              aria-sort={filter.sort === c.key ? (filter.descending ? "descending" : "ascending") : "none"}
              onClick={() => sortBy(c.key)}
            >
              {c.key === "id" ? c.label : t(c.label as "leads.score")}
              {filter.sort === c.key && <span className="sort-mark">{filter.descending ? " ▼" : " ▲"}</span>}
            </button>
          ))}
        </div>
        <div style={{ height: rows.getTotalSize(), position: "relative" }}>
          {visible.map((v) => {
            const r = row(v.index);
            return (
              <div
                key={v.key}
                className={`lead-row ${r?.opted_out ? "opted-out" : ""} ${r && r.id === selected ? "selected" : ""}`}
                data-lead={r?.id}
                onClick={() => r && setSelected(r.id)}
                style={{ position: "absolute", top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${v.start}px)` }}
              >
                {r ? (
                  <>
                    <span>{r.external_id ?? r.id}</span>
                    <span>{r.name}</span>
                    <span>{r.company}</span>
                    <span className={`num lead-score ${r.mql ? "mql" : ""}`} title={r.mql ? "MQL" : undefined}>
                      {r.score.toLocaleString(lang)}
                      {r.mql && <b className="mql-badge">MQL</b>}
                    </span>
                    <span>{r.email}</span>
                    <span>{r.industry}</span>
                    <span>{r.employee_band ?? ""}</span>
                    <span>{r.title}</span>
                    <span>{r.lead_status}</span>
                  </>
                ) : (
                  <span className="muted">…</span>
                )}
              </div>
            );
          })}
        </div>
      </div>
      {selected !== null && <LeadDetailPanel id={selected} scoresAt={scoresAt.current} onClose={() => setSelected(null)} />}
    </main>
  );
}
