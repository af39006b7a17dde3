// The forecast check (予測の検証): the workspace's active scenarios forecast from a cut-off day with
// only what was recorded before it, set against what was recorded after it. Per scenario, the
// weekly band against the recorded line for the chosen measure, then every figure of the scenario
// and of each of its mails: recorded value, forecast band, error, and whether the band held it.
// Every figure comes from the engine's back-test; this screen only lays them out.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Area, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type * as api from "../../ipc/api";
import { type Measure, figureOf, useCheck, weeksOf } from "./backtest";
import { ProgressBar } from "../forecast/SimulationPanel";
import { useStudio } from "../../store/studio";
import { DateField, formatDate } from "../../components/DateField";

type Outcome = api.BacktestOutcome;
type Figure = Outcome["backtest"]["figures"][number];
type Lang = "ja" | "en";

/** A measure's value for people: a count, or a share in percent. */
export function formatValue(value: number, rate: boolean, lang: Lang): string {
  return rate
    ? `${(value * 100).toLocaleString(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 })}%`
    : Math.round(value).toLocaleString(lang);
}

/** "+12.3%" / "−4.0%" for an error in percent. */
export function formatError(pct: number, lang: Lang): string {
  const text = Math.abs(pct).toLocaleString(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  return `${pct < 0 ? "−" : "+"}${text}%`;
}

/** The day `days` after `day` (YYYY-MM-DD), as M/D. */
function dayAfter(day: string, days: number): string {
  const d = new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000);
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}`;
}

function Params() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === "en" ? "en" : "ja";
  const { params, setParams, outcome } = useCheck();
  // Left empty, the cut-off is the latest whose window ends on the last recorded day: once a
  // check has run, say which day that was (an empty date field shows no date of its own).
  const chosen = !params.cutoff && outcome ? outcome.backtest.cutoff : null;
  return (
    <>
      <label>
        {t("check.cutoff")}
        <DateField id="check-cutoff" title={t("check.cutoffHint")} value={params.cutoff} onChange={(cutoff) => setParams({ cutoff })} />
        <span className="muted check-default" id="check-default-cutoff">
          {chosen ? t("check.defaultCutoff", { day: formatDate(chosen, lang) }) : t("check.cutoffHint")}
        </span>
      </label>
      <label>
        {t("sim.days")}
        <input id="check-days" type="number" min={7} max={365} value={params.days} onChange={(e) => setParams({ days: Number(e.target.value) })} />
      </label>
      <label>
        {t("sim.runs")}
        <input id="check-runs" type="number" min={1} max={200} value={params.runs} onChange={(e) => setParams({ runs: Number(e.target.value) })} />
      </label>
      <label title={t("sim.seedHint")}>
        {t("sim.seed")}
        <input id="check-seed" type="number" min={0} value={params.seed} onChange={(e) => setParams({ seed: Number(e.target.value) })} />
      </label>
    </>
  );
}

/** One figure as a cell: the recorded value, the forecast band under it, coloured by whether the
 * band held it; the error and the baseline in its tooltip. */
function FigureCell({ figure, rate, lang }: { figure: Figure | undefined; rate: boolean; lang: Lang }) {
  const { t } = useTranslation();
  if (!figure) return <td className="muted">—</td>;
  const v = (x: number) => formatValue(x, rate, lang);
  const f = figure.forecast;
  const held = figure.in_band;
  const tip = [
    t("check.forecastBand", { mean: v(f.mean), low: v(f.p05), high: v(f.p95) }),
    figure.error_pct != null ? t("check.error", { error: formatError(figure.error_pct, lang) }) : null,
    figure.baseline != null ? t("check.baselineWas", { value: v(figure.baseline) }) : null,
    figure.beats_baseline === true ? t("check.closer") : figure.beats_baseline === false ? t("check.notCloser") : null,
  ]
    .filter(Boolean)
    .join("\n");
  return (
    <td className={held === true ? "check-held" : held === false ? "check-missed" : ""} title={tip} data-in-band={held === null || held === undefined ? "" : String(held)}>
      <span className="check-actual">{figure.actual == null ? t("check.noData") : v(figure.actual)}</span>
      <span className="check-band">
        {v(f.p05)}〜{v(f.p95)}
      </span>
      {figure.error_pct != null && <span className="check-error">{formatError(figure.error_pct, lang)}</span>}
    </td>
  );
}

function WeekChart({ outcome, scenario, measure, lang }: { outcome: Outcome; scenario: string; measure: Measure; lang: Lang }) {
  const { t } = useTranslation();
  const rate = outcome.measures.find((m) => m.measure === measure)?.rate ?? false;
  const scale = rate ? 100 : 1;
  const weeks = weeksOf(outcome, scenario, measure, scale).map((w) => ({
    ...w,
    label: dayAfter(outcome.backtest.cutoff, w.week * 7),
  }));
  if (weeks.length === 0) return <p className="muted check-noweeks">{t("check.noWeeks")}</p>;
  const tick = (x: number) => (rate ? `${x.toFixed(0)}%` : x.toLocaleString(lang));
  return (
    <div className="check-chart" data-chart-measure={measure}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={weeks} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#e2e8f0" />
          <XAxis dataKey="label" fontSize={11} />
          <YAxis fontSize={11} tickFormatter={tick} width={52} />
          <Tooltip formatter={(value) => (Array.isArray(value) ? value.map((x) => tick(Number(x))).join("〜") : tick(Number(value)))} />
          <Legend />
          <Area dataKey="band" name={t("check.band")} fill="#c7d2fe" stroke="#a5b4fc" isAnimationActive={false} />
          <Line dataKey="mean" name={t("check.forecastMean")} stroke="#4f46e5" strokeDasharray="5 4" dot={false} isAnimationActive={false} />
          <Line dataKey="actual" name={t("check.actual")} stroke="#c2410c" strokeWidth={2} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}

function ScenarioCheck({ outcome, scenario, lang }: { outcome: Outcome; scenario: Outcome["scenarios"][number]; lang: Lang }) {
  const { t } = useTranslation();
  const mailMeasures = outcome.measures.filter((m) => m.per_mail);
  const [measure, setMeasure] = useState<Measure>("sent");
  const scopes = [
    { key: "scenario", label: t("check.wholeScenario"), scope: { scope: "scenario" as const, scenario: scenario.id } },
    ...scenario.mails.map((m) => ({ key: m.node, label: m.label, scope: { scope: "mail" as const, scenario: scenario.id, node: m.node } })),
  ];
  return (
    <section className="check-scenario" data-check-scenario={scenario.id}>
      <h2>{scenario.name}</h2>
      <div className="check-measures" role="tablist">
        {mailMeasures.map((m) => (
          <button
            key={m.measure}
            role="tab"
            aria-selected={m.measure === measure}
            className={m.measure === measure ? "active" : ""}
            data-measure={m.measure}
            onClick={() => setMeasure(m.measure)}
          >
            {m.label[lang]}
          </button>
        ))}
      </div>
      <WeekChart outcome={outcome} scenario={scenario.id} measure={measure} lang={lang} />
      <table className="check-table">
        <thead>
          <tr>
            <th />
            {mailMeasures.map((m) => (
              <th key={m.measure}>{m.label[lang]}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {scopes.map((s) => (
            <tr key={s.key} data-scope={s.key}>
              <th>{s.label}</th>
              {mailMeasures.map((m) => (
                <FigureCell key={m.measure} figure={figureOf(outcome, m.measure, s.scope)} rate={m.rate} lang={lang} />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Ties an untied recorded mail to one of the checked scenarios' mails, then checks again. */
function TieSelect({ detail, outcome }: { detail: string; outcome: Outcome }) {
  const { t } = useTranslation();
  const { tie, running } = useCheck();
  return (
    <select
      className="check-tie"
      aria-label={t("check.tieTo", { detail })}
      value=""
      disabled={running}
      onChange={(e) => e.target.value && tie(detail, e.target.value)}
    >
      <option value="">{t("check.tieTo", { detail })}</option>
      {outcome.scenarios.flatMap((s) =>
        s.mails.map((m) => (
          <option key={`${s.id}/${m.node}`} value={`${s.id}/${m.node}`}>
            {s.name} · {m.label}
          </option>
        )),
      )}
    </select>
  );
}

function Results({ outcome, lang }: { outcome: Outcome; lang: Lang }) {
  const { t } = useTranslation();
  const b = outcome.backtest;
  const share = (n: number, of: number) => (of === 0 ? "—" : `${Math.round((100 * n) / of)}%`);
  const mail = outcome.measures.filter((m) => m.per_mail);
  const workspaceWide = outcome.measures.filter((m) => !m.per_mail);
  return (
    <section className="check-results" id="check-results">
      <p className="sim-meta">
        {t("check.meta", {
          cutoff: formatDate(b.cutoff, lang),
          days: b.days,
          runs: b.runs,
          seed: b.seed,
          leads: b.leads_at_cutoff.toLocaleString(lang),
          first: formatDate(b.recorded.first, lang),
          last: formatDate(b.recorded.last, lang),
        })}
      </p>
      {outcome.notes.map((n, i) => (
        <p key={i} className="muted">
          {n[lang]}
        </p>
      ))}
      <div className="check-summary" id="check-summary">
        <div id="check-in-band">
          <strong>{share(b.summary.in_band, b.summary.compared)}</strong>
          <span>
            {b.summary.in_band} / {b.summary.compared} · {t("check.inBand")}
          </span>
        </div>
        <div id="check-beats-baseline">
          <strong>{share(b.summary.beats_baseline, b.summary.against_baseline)}</strong>
          <span>
            {b.summary.beats_baseline} / {b.summary.against_baseline} · {t("check.beatsBaseline")}
          </span>
        </div>
      </div>
      {b.runs < 10 && (
        <p className="muted" id="check-few-runs">
          {t("check.fewRuns", { runs: b.runs })}
        </p>
      )}
      <p className="muted">{t("check.howToRead")}</p>
      {[
        { id: "check-total", label: t("check.allScenarios"), measures: mail },
        { id: "check-workspace", label: t("check.wholeWorkspace"), measures: workspaceWide },
      ].map((table) => (
        <table className="check-table" id={table.id} key={table.id}>
          <thead>
            <tr>
              <th />
              {table.measures.map((m) => (
                <th key={m.measure}>{m.label[lang]}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr data-scope="total">
              <th>{table.label}</th>
              {table.measures.map((m) => (
                <FigureCell key={m.measure} figure={figureOf(outcome, m.measure, { scope: "total" })} rate={m.rate} lang={lang} />
              ))}
            </tr>
          </tbody>
        </table>
      ))}
      {outcome.scenarios.map((s) => (
        <ScenarioCheck key={s.id} outcome={outcome} scenario={s} lang={lang} />
      ))}
      {b.mails_without_history.length > 0 && (
        <div className="check-list" id="check-without-history">
          <h3>{t("check.withoutHistory")}</h3>
          <ul>
            {b.mails_without_history.map((m) => {
              const scenario = outcome.scenarios.find((s) => s.id === m.scenario);
              const mail = scenario?.mails.find((x) => x.node === m.node);
              return (
                <li key={`${m.scenario}/${m.node}`}>
                  {scenario?.name ?? m.scenario} · {mail?.label ?? m.node}
                </li>
              );
            })}
          </ul>
        </div>
      )}
      {b.taken_back.length > 0 && (
        <div className="check-list" id="check-taken-back">
          <h3>{t("check.takenBack")}</h3>
          <p className="muted">{t("check.takenBackHint")}</p>
          <ul>
            {b.taken_back.map((w) => {
              const scenario = outcome.scenarios.find((s) => s.id === w.scenario);
              return (
                <li key={`${w.scenario}/${w.node}`}>
                  {t("check.takenBackItem", {
                    scenario: scenario?.name ?? w.scenario,
                    value: w.value,
                    leads: w.leads.toLocaleString(lang),
                  })}
                </li>
              );
            })}
          </ul>
        </div>
      )}
      {b.untied.length > 0 && (
        <div className="check-list" id="check-untied">
          <h3>{t("check.untied")}</h3>
          <p className="muted">{t("check.tieHint")}</p>
          <ul>
            {b.untied.map((m) => (
              <li key={m.detail} data-detail={m.detail}>
                {t("check.untiedMail", { detail: m.detail, sent: m.sent.toLocaleString(lang) })}
                <TieSelect detail={m.detail} outcome={outcome} />
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

export default function BacktestScreen() {
  const { t, i18n } = useTranslation();
  const lang: Lang = i18n.language === "en" ? "en" : "ja";
  const workspace = useStudio((s) => s.workspace);
  // Cancel waits for the job's first progress (see ForecastScreen).
  const { running, progress, outcome, error, run, cancel, from } = useCheck();
  return (
    <main className="forecast check-screen" id="check">
      <div className="diag-head">
        <button className="link" id="check-back" onClick={() => useStudio.setState({ screen: from })}>
          {t(`check.backTo.${from}`)}
        </button>
        <h1>{t("check.title")}</h1>
        <span className="muted">{workspace?.name}</span>
      </div>
      <p className="muted">{t("check.hint")}</p>
      <div className="sim-bar">
        <Params />
        {running ? (
          <button id="check-cancel" className="danger" onClick={cancel} disabled={!progress}>
            {t("sim.cancel")}
          </button>
        ) : (
          <button id="check-run" className="primary" disabled={!workspace || workspace.leads === 0} onClick={run}>
            {t("check.run")}
          </button>
        )}
      </div>
      {running && <ProgressBar id="check-progress" progress={progress} />}
      {error && (
        <p className="sim-error" role="alert">
          {error[lang]}
        </p>
      )}
      {outcome && <Results outcome={outcome} lang={lang} />}
    </main>
  );
}
