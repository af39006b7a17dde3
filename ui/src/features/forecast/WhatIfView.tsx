// The what-if tab of the forecast panel: the scenario as edited against one of its saved
// versions, both forecast by the engine on the same leads with the same seeds; each figure with
// its change run by run and how that change reads.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import * as api from "../../ipc/api";
import { formatBand, useSimulation } from "./simulation";
import { useStudio } from "../../store/studio";

function signed(x: number, lang: string, percent: boolean): string {
  const text = Math.abs(x).toLocaleString(lang, { maximumFractionDigits: percent ? 1 : 0 });
  const sign = x > 0 ? "+" : x < 0 ? "−" : "±";
  return `${sign}${text}${percent ? " pt" : ""}`;
}

export default function WhatIfView() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === "en" ? "en" : "ja";
  const scenario = useStudio((s) => s.scenario)!;
  const workspace = useStudio((s) => s.workspace);
  const { whatIf, whatIfFor, comparing, compareError, compare, running } = useSimulation();
  const [versions, setVersions] = useState<api.VersionInfo[] | null>(null);
  const [base, setBase] = useState<number>(0);
  useEffect(() => {
    api.scenarioVersions(scenario.id).then(
      (v) => {
        setVersions(v);
        setBase((b) => (v.some((x) => x.number === b) ? b : (v[v.length - 1]?.number ?? 0)));
      },
      () => setVersions([]),
    );
    // The list changes when the scenario is saved (the workspace's listing changes), not with
    // each edit.
  }, [scenario.id, workspace]);
  if (versions === null) return <p className="muted">{t("settings.counting")}</p>;
  if (versions.length === 0) return <p className="muted" id="whatif-unsaved">{t("whatif.unsaved")}</p>;
  const label = (v: api.VersionInfo) =>
    `v${v.number} · ${new Date(v.saved_at * 1000).toLocaleString(lang, { dateStyle: "short", timeStyle: "short" })}${v.note ? ` · ${v.note}` : ""}`;
  const shown = whatIf && whatIfFor?.id === scenario.id ? whatIf : null;
  const stale = shown !== null && whatIfFor !== scenario;
  const title = (id: string) => scenario.nodes.find((n) => n.id === id)?.title || id;
  return (
    <div className="whatif" id="whatif">
      <div className="whatif-bar">
        <label>
          {t("whatif.base")}
          <select id="whatif-base" value={base} onChange={(e) => setBase(Number(e.target.value))}>
            {[...versions].reverse().map((v) => (
              <option key={v.number} value={v.number}>
                {label(v)}
              </option>
            ))}
          </select>
        </label>
        <span className="muted">→ {t("whatif.edited")}</span>
        <button id="whatif-run" className="primary" disabled={comparing || running || base === 0} onClick={() => compare(scenario, base)}>
          {comparing ? t("whatif.running") : t("whatif.run")}
        </button>
      </div>
      <p className="muted">{t("whatif.hint")}</p>
      {compareError && (
        <p className="sim-error" role="alert">
          {compareError[lang]}
        </p>
      )}
      {shown && (
        <>
          <p className="sim-meta">
            {t("whatif.meta", {
              base: shown.base,
              start: shown.start,
              days: shown.days,
              runs: shown.runs,
              seed: shown.seed,
              leads: shown.leads.toLocaleString(lang),
            })}
            {stale && <span className="badge">{t("sim.stale")}</span>}
          </p>
          <table className="whatif-table" id="whatif-figures">
            <thead>
              <tr>
                <th />
                <th>v{shown.base}</th>
                <th>{t("whatif.edited")}</th>
                <th>{t("whatif.difference")}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {shown.comparison.figures.map((f) => (
                <tr key={f.key} data-figure={f.key} className={`change-${f.change}`}>
                  <th>{f.label[lang]}</th>
                  <td>{formatBand(f.base, shown.runs, lang, f.percent)}</td>
                  <td>{formatBand(f.variant, shown.runs, lang, f.percent)}</td>
                  <td className="delta">
                    {signed(f.difference.mean, lang, f.percent)}
                    {shown.runs > 1 && f.change !== "same" && (
                      <small>
                        {signed(f.difference.p05, lang, f.percent)} … {signed(f.difference.p95, lang, f.percent)}
                      </small>
                    )}
                  </td>
                  <td className="change">{t(`whatif.change.${f.change}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h4>{t("whatif.nodes")}</h4>
          <table className="whatif-table" id="whatif-nodes">
            <tbody>
              {shown.comparison.nodes
                .filter((n) => n.difference.mean !== 0 || !n.base || !n.variant)
                .map((n) => (
                  <tr key={n.id} data-node={n.id}>
                    <th>{n.title || title(n.id)}</th>
                    <td>{n.base ? Math.round(n.base.mean).toLocaleString(lang) : t("whatif.none")}</td>
                    <td>{n.variant ? Math.round(n.variant.mean).toLocaleString(lang) : t("whatif.none")}</td>
                    <td className="delta">{signed(n.difference.mean, lang, false)}</td>
                  </tr>
                ))}
            </tbody>
          </table>
          {shown.comparison.nodes.every((n) => n.difference.mean === 0 && n.base && n.variant) && (
            <p className="muted">{t("whatif.noNodeChange")}</p>
          )}
        </>
      )}
    </div>
  );
}
