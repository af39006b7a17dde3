// The forecast panel under the canvas: parameters, a run with progress and cancel, and the
// engine's results for the open scenario — figures with their 5–95 % band, KPIs against their
// targets, the daily series, the funnel and the score distribution.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { resources } from "../../i18n/index";
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import * as api from "../../ipc/api";
import { failed } from "../../ipc/errors";
import { DateField, formatDate } from "../../components/DateField";
import { useStudio } from "../../store/studio";
import { LIVE_DELAY_MS, formatBand, summaryOf, useSimulation } from "./simulation";
import WhatIfView from "./WhatIfView";

/** The figures the overview names (`sim.figure.*`). */
type Figure = keyof (typeof resources)["ja"]["translation"]["sim"]["figure"];
/** The series the chart draws (`sim.series.*`). */
type Series = keyof (typeof resources)["ja"]["translation"]["sim"]["series"];

type Band = api.ScenarioSummary["enrolled"];

/** A KPI's target range and forecast band on a 0–100 % scale. */
function KpiBar({ kpi }: { kpi: api.ScenarioSummary["kpis"][number] }) {
  const max = Math.max(10, Math.ceil(Math.max(kpi.target.max ?? 0, kpi.target.min ?? 0, kpi.forecast.p95) / 10) * 10);
  const x = (v: number) => (200 * v) / max;
  const lo = kpi.target.min ?? 0;
  const hi = kpi.target.max ?? max;
  const bad = kpi.verdict === "below" || kpi.verdict === "above";
  return (
    <svg width="210" height="22" role="img" aria-label={`${kpi.kpi} ${kpi.verdict}`}>
      <rect x="0" y="8" width="200" height="6" fill="#e2e8f0" rx="3" />
      <rect x={x(lo)} y="5" width={Math.max(2, x(hi) - x(lo))} height="12" fill="#bbf7d0" rx="2" />
      <line x1={x(kpi.forecast.p05)} x2={x(kpi.forecast.p95)} y1="11" y2="11" stroke={bad ? "#b91c1c" : "#166534"} strokeWidth="3" />
      <circle cx={x(kpi.forecast.mean)} cy="11" r="4.5" fill={bad ? "#dc2626" : "#16a34a"} stroke="white" />
      <text x="202" y="21" fontSize="8" fill="#64748b" textAnchor="end">
        {max}%
      </text>
    </svg>
  );
}

function Overview({ summary, runs }: { summary: api.ScenarioSummary; runs: number }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === "en" ? "en" : "ja";
  const select = useStudio((s) => s.select);
  const figures: [Figure, Band, boolean][] = [
    ["enrolled", summary.enrolled, false],
    ["completed", summary.completed, false],
    ["goal", summary.goal_reached, false],
    ["handedOff", summary.handed_off, false],
    ["deals", summary.deals_created, false],
    ["openRate", summary.open_rate, true],
    ["clickRate", summary.click_rate, true],
    ["mqlAtEnd", summary.mql_at_end, false],
  ];
  return (
    <div className="sim-overview">
      <div className="sim-kpis" id="sim-kpis">
        <h4>{t("sim.kpiTitle")}</h4>
        {summary.kpis.length === 0 && <p className="muted">{t("sim.noKpis")}</p>}
        <table>
          <tbody>
            {summary.kpis.map((k) => [
              <tr key={k.kpi} className={`verdict-${k.verdict}`} data-kpi={k.kpi}>
                <th>{t(`kpi.${k.kpi}`)}</th>
                <td className="target">
                  {t("sim.target", { min: k.target.min ?? "–", max: k.target.max ?? "–" })}
                </td>
                <td>{formatBand(k.forecast, runs, lang, true)}</td>
                <td>
                  <KpiBar kpi={k} />
                </td>
                <td className="verdict">{t(`sim.verdict.${k.verdict}`)}</td>
              </tr>,
              // Below target: the engine's word on which node loses the leads, a click away.
              k.why && (
                <tr key={`${k.kpi}-why`} className="kpi-why" data-kpi-why={k.kpi}>
                  <td colSpan={5}>
                    <button className="link" data-node={k.why.node} onClick={() => k.why && select(k.why.node)}>
                      → {k.why.message[lang]}
                    </button>
                  </td>
                </tr>
              ),
            ])}
          </tbody>
        </table>
      </div>
      <table className="sim-figures">
        <tbody>
          {figures.map(([key, band, percent]) => (
            <tr key={key} data-figure={key}>
              <th>{t(`sim.figure.${key}`)}</th>
              <td>{formatBand(band, runs, lang, percent)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Mails summary={summary} runs={runs} />
    </div>
  );
}

function Daily({ summary }: { summary: api.ScenarioSummary }) {
  const { t } = useTranslation();
  const data = summary.daily.map((d) => ({
    day: d.day + 1,
    sent: d.sent.mean,
    opened: d.opened.mean,
    clicked: d.clicked.mean,
    handed_off: d.handed_off.mean,
  }));
  const colours: Record<Series, string> = { sent: "#2563eb", opened: "#0891b2", clicked: "#d97706", handed_off: "#059669" };
  return (
    <ResponsiveContainer width="100%" height={210}>
      <LineChart data={data} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
        <CartesianGrid stroke="#e2e8f0" />
        <XAxis dataKey="day" fontSize={11} label={{ value: t("sim.day"), position: "insideBottomRight", offset: -2, fontSize: 11 }} />
        <YAxis fontSize={11} />
        <Tooltip formatter={(v) => Math.round(Number(v)).toLocaleString()} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {(Object.keys(colours) as Series[]).map((k) => (
          <Line key={k} type="linear" dataKey={k} name={t(`sim.series.${k}`)} stroke={colours[k]} dot={false} isAnimationActive={false} />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}

/** The scenario's funnel: its mails sent → opened → clicked, then its leads entered → MQL →
 * handed to sales → 商談化, each with its band and its share of the step before. */
function Funnel({ summary, runs }: { summary: api.ScenarioSummary; runs: number }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === "en" ? "en" : "ja";
  const steps: [string, Band, "mails" | "leads"][] = [
    [t("sim.funnel.sent"), summary.sent, "mails"],
    [t("sim.funnel.opened"), summary.opened, "mails"],
    [t("sim.funnel.clicked"), summary.clicked, "mails"],
    [t("sim.funnel.enrolled"), summary.enrolled, "leads"],
    [t("sim.funnel.mql"), summary.mql_at_end, "leads"],
    [t("sim.funnel.handedOff"), summary.handed_off, "leads"],
    [t("sim.funnel.deals"), summary.deals_created, "leads"],
  ];
  return (
    <div className="funnel" id="sim-funnel">
      {(["mails", "leads"] as const).map((unit) => {
        const mine = steps.filter((s) => s[2] === unit);
        const top = Math.max(1, ...mine.map((s) => s[1].mean));
        return (
          <section key={unit} className="funnel-group" data-unit={unit}>
            <h4>{t(`sim.funnel.${unit}`)}</h4>
            {mine.map(([name, band], i) => {
              const before = i > 0 ? mine[i - 1][1].mean : null;
              const share = before ? (100 * band.mean) / before : null;
              return (
                <div key={name} className="funnel-step" data-step={name}>
                  <span className="funnel-name">{name}</span>
                  <span className="funnel-bar">
                    <span style={{ width: `${(100 * band.mean) / top}%` }} />
                  </span>
                  <span className="funnel-value">{formatBand(band, runs, lang)}</span>
                  <span className="funnel-share muted">
                    {share !== null ? `${share.toLocaleString(lang, { maximumFractionDigits: 1 })}%` : ""}
                  </span>
                </div>
              );
            })}
          </section>
        );
      })}
      <p className="muted">{t("sim.funnel.note")}</p>
    </div>
  );
}

/** Each mail of the scenario: sends, open and click rates with their bands, unsubscribes. */
function Mails({ summary, runs }: { summary: api.ScenarioSummary; runs: number }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === "en" ? "en" : "ja";
  const scenario = useStudio((s) => s.scenario)!;
  const select = useStudio((s) => s.select);
  if (summary.emails.length === 0) return null;
  const name = (id: string) => {
    const node = scenario.nodes.find((n) => n.id === id);
    const subject = node?.kind.type === "send_email" ? node.kind.email.subject : "";
    return node?.title || subject || t("kind.send_email");
  };
  return (
    <table className="sim-mails" id="sim-mails">
      <thead>
        <tr>
          <th>{t("sim.mails.mail")}</th>
          <th>{t("sim.mails.sent")}</th>
          <th>{t("sim.mails.openRate")}</th>
          <th>{t("sim.mails.clickRate")}</th>
          <th>{t("sim.mails.unsubscribed")}</th>
        </tr>
      </thead>
      <tbody>
        {summary.emails.map(([id, m]) => (
          <tr key={id} data-mail={id}>
            <th>
              <button className="link" onClick={() => select(id)}>
                {name(id)}
              </button>
            </th>
            <td>{formatBand(m.sent, runs, lang)}</td>
            <td>{formatBand(m.open_rate, runs, lang, true)}</td>
            <td>{formatBand(m.click_rate, runs, lang, true)}</td>
            <td>{formatBand(m.unsubscribed, runs, lang)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Scores({ summary }: { summary: api.ScenarioSummary }) {
  const { t } = useTranslation();
  const data = summary.score_distribution.map((b) => ({ range: `${b.from}–${b.to}`, leads: b.leads.mean }));
  // The workspace's MQL threshold, marked on the band it falls in.
  const [threshold, setThreshold] = useState<number | null>(null);
  useEffect(() => {
    api.loadSettings().then((s) => setThreshold(s.scoring.mql_threshold), () => setThreshold(null));
  }, []);
  // A threshold above every band shown: the axis runs on (empty bands) to it, so the line shows
  // how far the leads are from it.
  const bands = summary.score_distribution.map((b) => ({ from: b.from, to: b.to }));
  const last = bands[bands.length - 1];
  if (threshold != null && last && threshold >= last.to) {
    const width = Math.max(1, last.to - last.from);
    for (let from = last.to, n = 0; from <= threshold && n < 50; from += width, n++) {
      bands.push({ from, to: from + width });
      data.push({ range: `${from}–${from + width}`, leads: 0 });
    }
  }
  const band = threshold == null ? undefined : bands.find((b) => b.from <= threshold && threshold < b.to);
  return (
    <ResponsiveContainer width="100%" height={210}>
      <BarChart data={data} margin={{ top: 20, right: 16, bottom: 4, left: 0 }}>
        <CartesianGrid stroke="#e2e8f0" />
        <XAxis dataKey="range" fontSize={10} />
        <YAxis fontSize={11} />
        <Tooltip formatter={(v) => Math.round(Number(v)).toLocaleString()} />
        {band && (
          <ReferenceLine
            x={`${band.from}–${band.to}`}
            stroke="#dc2626"
            label={{ value: `MQL ${threshold}`, fontSize: 10, fill: "#dc2626", position: "top" }}
          />
        )}
        <Bar dataKey="leads" name={t("sim.leads")} fill="#0891b2" isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}

const TABS = ["overview", "daily", "funnel", "scores", "trace", "whatif"] as const;

/** One lead's path: found by id or email, listed step by step; the selected step is shown on the canvas. */
function Trace() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === "en" ? "en" : "ja";
  const scenario = useStudio((s) => s.scenario)!;
  const { trace, step, traceError, traceLead, setStep } = useSimulation();
  const views = useStudio((s) => s.views);
  const [key, setKey] = useState("");
  const [busy, setBusy] = useState(false);
  // Why a lead took the exit it took: the branch's condition as the engine summarises it (shown
  // beside the score the lead had then).
  const reason = (s: api.LeadTrace["steps"][number]) => {
    if (s.scenario !== scenario.id || s.step.type !== "left") return null;
    const kind = scenario.nodes.find((n) => n.id === s.node)?.kind.type;
    return kind === "condition" || kind === "wait_until" ? (views[s.node]?.summary[lang] ?? null) : null;
  };
  return (
    <div className="sim-trace">
      <form
        className="trace-form"
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          await traceLead(scenario, key);
          setBusy(false);
        }}
      >
        <label>
          {t("sim.traceLead")}
          <input id="trace-lead" value={key} placeholder={t("sim.traceHint")} onChange={(e) => setKey(e.target.value)} />
        </label>
        <button id="trace-run" type="submit" disabled={busy || !key.trim()}>
          {t("sim.trace")}
        </button>
        {trace && trace.steps.length > 0 && (
          <span className="trace-nav">
            <button type="button" id="trace-prev" onClick={() => setStep(step - 1)} disabled={step === 0}>
              ◀
            </button>
            <span id="trace-position">{t("sim.traceStep", { n: step + 1, of: trace.steps.length })}</span>
            <button type="button" id="trace-next" onClick={() => setStep(step + 1)} disabled={step >= trace.steps.length - 1}>
              ▶
            </button>
          </span>
        )}
      </form>
      <LeadPicker
        onPick={async (id) => {
          setKey(String(id));
          setBusy(true);
          await traceLead(scenario, String(id));
          setBusy(false);
        }}
      />
      {traceError && <p className="sim-error">{traceError[lang]}</p>}
      {trace && (
        <>
          <p className="muted" id="trace-label">
            #{trace.lead} {trace.label}
          </p>
          {trace.steps.length === 0 ? (
            <p className="muted" id="trace-empty">
              {t("sim.traceNothing")}
            </p>
          ) : (
            <ol className="trace-steps" id="trace-steps">
              {trace.steps.map((s, i) => (
                <li key={i} className={i === step ? "current" : i < step ? "past" : ""}>
                  <button className="link" onClick={() => setStep(i)}>
                    <span className="when">{formatDate(s.at.replace(" ", "T"), lang)}</span>
                    <span className="where" title={s.node}>
                      {s.scenario === scenario.id ? s.place[lang] : `「${s.scenario_name}」 › ${s.place[lang]}`}
                    </span>
                    <span className="what">
                      {s.text[lang]}
                      {reason(s) && <span className="why muted">（{reason(s)}）</span>}
                    </span>
                    <span className="score tabular" title={t("sim.traceScore")}>
                      {t("sim.traceScoreShort", { score: s.score.toLocaleString(lang) })}
                    </span>
                  </button>
                </li>
              ))}
            </ol>
          )}
        </>
      )}
    </div>
  );
}


/** What happened to the leads a pick list offers (`api.PickedLeads`'s lists). */
const PICKS = ["entered", "handed_off", "goal", "stuck"] as const;

/** Leads to trace, chosen from those the forecast's first run took somewhere: entered, handed to
 * sales, met the goal, or still inside at the end — so nobody has to guess a lead's number. */
function LeadPicker({ onPick }: { onPick: (id: number) => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === "en" ? "en" : "ja";
  const scenario = useStudio((s) => s.scenario)!;
  const params = useSimulation((s) => s.params);
  const [which, setWhich] = useState<(typeof PICKS)[number]>("entered");
  const [picks, setPicks] = useState<api.PickedLeads | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<api.Localized | null>(null);
  const find = async () => {
    setBusy(true);
    setError(null);
    try {
      const { start, days, runs, seed } = params;
      setPicks(await api.pickLeads({ scenario, start: start || null, days, runs, seed }, scenario.id));
    } catch (e) {
      setError(failed(e));
    }
    setBusy(false);
  };
  // The list folds away once a lead is picked, so its trace shows; the select opens it again.
  const [shown, setShown] = useState(true);
  const list = shown ? (picks?.[which] ?? []) : [];
  return (
    <div className="lead-picker" id="lead-picker">
      <label>
        {t("sim.pick.label")}
        <select
          id="pick-which"
          value={which}
          onChange={(e) => {
            setWhich(e.target.value as (typeof PICKS)[number]);
            setShown(true);
          }}
        >
          {PICKS.map((p) => (
            <option key={p} value={p}>
              {t(`sim.pick.${p}`)}
              {picks ? `（${picks[p].length}）` : ""}
            </option>
          ))}
        </select>
      </label>
      <button
        id="pick-find"
        type="button"
        onClick={() => {
          setShown(true);
          find();
        }}
        disabled={busy}
      >
        {busy ? t("sim.pick.finding") : t("sim.pick.find")}
      </button>
      {error && <p className="sim-error">{error[lang]}</p>}
      {picks && shown && list.length === 0 && <p className="muted">{t("sim.pick.none")}</p>}
      {list.length > 0 && (
        <ul className="pick-list" id="pick-list">
          {list.map((l) => (
            <li key={l.id}>
              <button
                className="link"
                data-pick={l.id}
                onClick={() => {
                  setShown(false);
                  onPick(l.id);
                }}
              >
                #{l.id} {l.label}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The running job's progress bar, from the forecast store. */
export function Progress({ id }: { id: string }) {
  const progress = useSimulation((s) => s.progress);
  return <ProgressBar id={id} progress={progress} />;
}

/** A long job's progress: leads done of the total (preparing until the first report). */
export function ProgressBar({ id, progress }: { id: string; progress: api.Progress | null }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === "en" ? "en" : "ja";
  const pct = progress && progress.total > 0 ? Math.min(100, (100 * progress.done) / progress.total) : 0;
  return (
    <div className="sim-progress" id={id}>
      <progress max={100} value={pct} />
      <span>
        {progress ? t("sim.progress", { done: progress.done.toLocaleString(lang), total: progress.total.toLocaleString(lang) }) : t("sim.preparing")}
      </span>
    </div>
  );
}

/** The forecast's window and runs: start, days, runs, seed (kept in the forecast store). */
export function ParamFields() {
  const { t } = useTranslation();
  const { params, setParams } = useSimulation();
  return (
    <>
          <label>
            {t("sim.start")}
            <DateField id="sim-start" title={t("sim.startHint")} value={params.start} onChange={(start) => setParams({ start })} />
          </label>
          <label>
            {t("sim.days")}
            <input id="sim-days" type="number" min={1} max={3650} value={params.days} onChange={(e) => setParams({ days: Number(e.target.value) })} />
          </label>
          <label>
            {t("sim.runs")}
            <input id="sim-runs" type="number" min={1} max={1000} value={params.runs} onChange={(e) => setParams({ runs: Number(e.target.value) })} />
          </label>
          <label title={t("sim.seedHint")}>
            {t("sim.seed")}
            <input id="sim-seed" type="number" min={0} value={params.seed} onChange={(e) => setParams({ seed: Number(e.target.value) })} />
          </label>
    </>
  );
}

export default function SimulationPanel({ onClose }: { onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === "en" ? "en" : "ja";
  const scenario = useStudio((s) => s.scenario)!;
  const workspace = useStudio((s) => s.workspace);
  // Cancel waits for the job's first progress (see ForecastScreen).
  const { params, running, finished, progress, outcome, computedFor, error, run, cancel } = useSimulation();
  const { live, setLive, liveBusy, liveError, runLive, comparing } = useSimulation();
  const busy = running || comparing;
  const canRun = !!workspace && workspace.leads > 0;
  // Live estimates follow each edit and each change of the window, once edits pause; a full
  // forecast of this very version is not replaced.
  useEffect(() => {
    if (!live || !canRun) return;
    const { outcome: shown, computedFor: shownFor } = useSimulation.getState();
    if (shown && !shown.sample && shownFor === scenario) return;
    const timer = setTimeout(() => runLive(scenario), LIVE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [live, canRun, scenario, params.start, params.days, params.seed, runLive]);
  const [tab, setTab] = useState<(typeof TABS)[number]>("overview");
  const summary = summaryOf(outcome, scenario.id);
  const stale = outcome !== null && computedFor !== scenario;
  return (
    <section className="sim-panel" id="sim-panel" aria-label={t("sim.title")}>
      <div className="sim-bar">
        <ParamFields />
        <label className="inline live-toggle" title={t("sim.liveHint")}>
          <input id="sim-live" type="checkbox" checked={live} disabled={!canRun} onChange={(e) => setLive(e.target.checked)} />
          {t("sim.live")}
          {liveBusy && <span className="live-dot" aria-label={t("sim.liveBusy")} />}
        </label>
        {busy ? (
          <button id="sim-cancel" className="danger" onClick={cancel} disabled={!progress}>
            {t("sim.cancel")}
          </button>
        ) : (
          <button id="sim-run" className="primary" disabled={!canRun} onClick={() => run(scenario)}>
            {t("sim.run")}
          </button>
        )}
        <button className="sim-close" onClick={onClose} title={t("sim.close")} aria-label={t("sim.close")}>
          ×
        </button>
      </div>
      {!workspace && <p className="muted">{t("sim.needWorkspace")}</p>}
      {workspace && workspace.leads === 0 && <p className="muted">{t("sim.needLeads")}</p>}
      {busy && <Progress id="sim-progress" />}
      {error && (
        <p className="sim-error" role="alert">
          {error[lang]}
        </p>
      )}
      {live && liveError && (
        <p className="sim-error" id="sim-live-error">
          {t("sim.liveFailed")}: {liveError[lang]}
        </p>
      )}
      {outcome && (
        <div className="sim-results" id="sim-results" data-finished={finished}>
          {outcome.sample && (
            <p className="sim-estimate" id="sim-estimate">
              {t("sim.estimate", {
                leads: outcome.sample.leads.toLocaleString(lang),
                of: outcome.sample.of.toLocaleString(lang),
              })}
            </p>
          )}
          <p className="sim-meta">
            {t("sim.meta", {
              start: formatDate(outcome.start, lang),
              days: outcome.days,
              runs: outcome.runs,
              seed: outcome.seed,
              leads: outcome.leads.toLocaleString(lang),
            })}
            {stale && <span className="badge">{t("sim.stale")}</span>}
          </p>
          {outcome.notes.map((n, i) => (
            <p key={i} className="muted">
              {n[lang]}
            </p>
          ))}
        </div>
      )}
      <div className="sim-tabs" role="tablist">
        {TABS.map((k) => (
          <button key={k} role="tab" aria-selected={tab === k} data-tab={k} className={tab === k ? "active" : ""} onClick={() => setTab(k)}>
            {t(`sim.tab.${k}`)}
          </button>
        ))}
      </div>
      {tab === "trace" ? (
        <Trace />
      ) : tab === "whatif" ? (
        <WhatIfView />
      ) : !outcome ? (
        <p className="muted">{t("sim.runFirst")}</p>
      ) : !summary ? (
        <p className="muted">{t("sim.notInRun")}</p>
      ) : (
        <>
          {tab === "overview" && <Overview summary={summary} runs={outcome.runs} />}
          {tab === "daily" && <Daily summary={summary} />}
          {tab === "funnel" && <Funnel summary={summary} runs={outcome.runs} />}
          {tab === "scores" && <Scores summary={summary} />}
        </>
      )}
    </section>
  );
}
