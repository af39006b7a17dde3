// The forecast of the whole workspace: every active scenario as stored, run together over the
// leads (caps, switches and deal changes interact), with each scenario's headline figures and KPI
// verdicts side by side. A row opens the scenario in the editor with the forecast on its canvas.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import * as api from "../../ipc/api";
import { failed } from "../../ipc/errors";
import { target } from "../editor/ExportDialog";
import { ParamFields, Progress } from "./SimulationPanel";
import { formatBand } from "./simulation";
import { useSimulation, workspaceKey } from "./simulation";
import { useStudio } from "../../store/studio";
import { openCheck } from "../backtest/backtest";

const FIGURES = ["enrolled", "completed", "goal_reached", "handed_off", "deals_created"] as const;
const RATES = ["open_rate", "click_rate"] as const;

export default function ForecastScreen() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === "en" ? "en" : "ja";
  const workspace = useStudio((s) => s.workspace);
  // Cancel waits for the job's first progress: a cancel that reached the shell before the job
  // began would be undone by its start.
  const { running, progress, outcome, whole, wholeKey, error, run, cancel } = useSimulation();
  const [saved, setSaved] = useState<string | null>(null);
  const [saveError, setSaveError] = useState<api.Localized | null>(null);
  // Only a forecast of the stored scenarios belongs here (not one made in the editor).
  const shown = outcome && whole ? outcome : null;
  // Saved scenarios, imported leads or saved settings since: the figures are of an earlier state.
  const stale = shown !== null && wholeKey !== workspaceKey(workspace);
  // The editor takes this forecast as the opened scenario's (it is its stored version).
  const open = (id: string) => useStudio.getState().openStored(id);
  const saveReport = async () => {
    try {
      const path = await target(`forecast-${shown!.start}.html`, "html");
      if (!path) return;
      await api.exportForecastReport(path, lang);
      setSaved(path);
      setSaveError(null);
    } catch (e) {
      setSaveError(failed(e));
    }
  };
  return (
    <main className="forecast" id="forecast">
      <div className="diag-head">
        <button className="link" id="forecast-back" onClick={() => useStudio.setState({ screen: "start" })}>
          {t("editor.back")}
        </button>
        <h1>{t("forecast.title")}</h1>
        <span className="muted">{workspace?.name}</span>
        <span className="spacer" />
        <button id="forecast-check" onClick={() => openCheck("forecast")} title={t("check.openHint")}>
          {t("check.open")}
        </button>
      </div>
      <p className="muted">{t("forecast.hint")}</p>
      <div className="sim-bar">
        <ParamFields />
        {running ? (
          <button id="forecast-cancel" className="danger" onClick={cancel} disabled={!progress}>
            {t("sim.cancel")}
          </button>
        ) : (
          <button id="forecast-run" className="primary" disabled={!workspace || workspace.leads === 0} onClick={() => run(null, workspaceKey(workspace))}>
            {t("sim.run")}
          </button>
        )}
      </div>
      {workspace && workspace.leads === 0 && <p className="muted">{t("sim.needLeads")}</p>}
      {running && <Progress id="forecast-progress" />}
      {error && (
        <p className="sim-error" role="alert">
          {error[lang]}
        </p>
      )}
      {shown && (
        <section className="forecast-results" id="forecast-results">
          <p className="sim-meta">
            {t("sim.meta", {
              start: shown.start,
              days: shown.days,
              runs: shown.runs,
              seed: shown.seed,
              leads: shown.leads.toLocaleString(lang),
            })}
            {stale && (
              <span className="badge" id="forecast-stale">
                {t("forecast.stale")}
              </span>
            )}
            <span className="spacer" />
            <button id="forecast-report" onClick={saveReport}>
              {t("forecast.report")}
            </button>
          </p>
          {saved && <p className="export-done">{t("export.done", { path: saved })}</p>}
          {saveError && <p className="sim-error">{saveError[lang]}</p>}
          {shown.notes.map((n, i) => (
            <p key={i} className="muted">
              {n[lang]}
            </p>
          ))}
          <table className="forecast-table" id="forecast-table">
            <thead>
              <tr>
                <th>{t("forecast.scenario")}</th>
                {FIGURES.map((f) => (
                  <th key={f}>{t(`forecast.figure.${f}`)}</th>
                ))}
                {RATES.map((f) => (
                  <th key={f}>{t(`forecast.figure.${f}`)}</th>
                ))}
                <th>{t("forecast.kpis")}</th>
              </tr>
            </thead>
            <tbody>
              {shown.scenarios.map((s) => {
                const missed = s.kpis.filter((k) => k.verdict === "below" || k.verdict === "above").length;
                return (
                  <tr key={s.id} data-scenario-row={s.id}>
                    <th>
                      <button className="link" onClick={() => open(s.id)} title={t("forecast.openHint")}>
                        {s.name}
                      </button>
                    </th>
                    {FIGURES.map((f) => (
                      <td key={f}>{formatBand(s[f], shown.runs, lang)}</td>
                    ))}
                    {RATES.map((f) => (
                      <td key={f}>{formatBand(s[f], shown.runs, lang, true)}</td>
                    ))}
                    <td className={missed > 0 ? "kpi-missed-cell" : ""}>
                      {s.kpis.length === 0 ? "—" : t("forecast.kpiCount", { missed, total: s.kpis.length })}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <div className="forecast-chart">
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={shown.scenarios.map((s) => ({ name: s.name, enrolled: s.enrolled.mean, handed: s.handed_off.mean, deals: s.deals_created.mean }))}>
                <CartesianGrid stroke="#e2e8f0" />
                <XAxis dataKey="name" fontSize={11} />
                <YAxis fontSize={11} />
                <Tooltip />
                <Legend />
                <Bar dataKey="enrolled" name={t("forecast.figure.enrolled")} fill="#6366f1" isAnimationActive={false} />
                <Bar dataKey="handed" name={t("forecast.figure.handed_off")} fill="#0891b2" isAnimationActive={false} />
                <Bar dataKey="deals" name={t("forecast.figure.deals_created")} fill="#16a34a" isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </div>
        </section>
      )}
    </main>
  );
}
