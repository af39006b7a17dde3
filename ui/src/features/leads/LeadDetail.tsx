// One lead in full, beside the leads table: its attributes and consent, its score over time
// against the MQL threshold, the scenarios whose segment it is in (and what would enrol it), and
// its timeline of events and deal changes, newest first. Everything is the engine's reading of
// the workspace (lead_detail, lead_scenarios); nothing is worked out here.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import * as api from "../../ipc/api";
import { failed } from "../../ipc/errors";
import { formatDate } from "../../components/DateField";

const day = (seconds: number) => new Date((seconds + 9 * 3600) * 1000).toISOString().slice(0, 10);
const minute = (seconds: number) => new Date((seconds + 9 * 3600) * 1000).toISOString().slice(0, 16).replace("T", " ");

export function LeadDetailPanel({ id, scoresAt, onClose }: { id: number; scoresAt: number | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === "en" ? "en" : "ja";
  const [detail, setDetail] = useState<api.LeadDetail | null>(null);
  const [scenarios, setScenarios] = useState<api.ScenarioFit[] | null>(null);
  const [error, setError] = useState<api.Localized | null>(null);
  useEffect(() => {
    let live = true;
    setDetail(null);
    setScenarios(null);
    setError(null);
    api
      .leadDetail(id, scoresAt)
      .then((d) => live && setDetail(d))
      .catch((e) => live && setError(failed(e)));
    api
      .leadScenarios(id)
      .then((s) => live && setScenarios(s))
      .catch((e) => live && setError(failed(e)));
    return () => {
      live = false;
    };
  }, [id, scoresAt]);
  const r = detail?.row;
  const attributes: [string, string][] = detail && r
    ? [
        [t("field.email"), r.email],
        [t("field.external_id"), r.external_id ?? ""],
        [t("field.sfa_id"), detail.sfa_id ?? ""],
        [t("field.company"), r.company],
        [t("field.department"), detail.department],
        [t("field.title"), r.title],
        [t("leadDetail.jobLevel"), r.job_level ? t(`settings.level.${r.job_level}`, r.job_level) : ""],
        [t("field.employees"), [detail.employees, r.employee_band ? `（${r.employee_band}）` : ""].join("")],
        [t("field.industry"), r.industry],
        [t("field.prefecture"), detail.prefecture],
        [t("field.lead_source"), detail.lead_source],
        [t("field.lead_status"), r.lead_status],
        [t("field.created_at"), r.created_at == null ? "" : day(r.created_at)],
        ...Object.entries(detail.custom ?? {}),
      ]
    : [];
  return (
    <aside className="lead-detail" id="lead-detail" data-lead={id}>
      <div className="lead-detail-head">
        <div>
          <h2>{r ? r.name || r.email : "…"}</h2>
          {r && <p className="muted">{r.company}</p>}
        </div>
        <button className="link" id="lead-detail-close" onClick={onClose} aria-label={t("leadDetail.close")}>
          ×
        </button>
      </div>
      {error && (
        <p className="sim-error" role="alert">
          {error[lang]}
        </p>
      )}
      {detail && r && (
        <>
          <p className="lead-detail-score" id="lead-detail-score">
            {t("leadDetail.score", { score: r.score.toLocaleString(lang), threshold: detail.mql_threshold })}
            {r.mql && <b className="mql-badge">MQL</b>}
          </p>
          <p id="lead-detail-consent" className={r.opted_out ? "opted-out" : undefined}>
            {r.opted_out ? t("leadDetail.optedOut") : t("leadDetail.mailable")}
            {" · "}
            {detail.opt_in_basis ? t(`leadDetail.basis.${detail.opt_in_basis}`, detail.opt_in_basis) : t("leadDetail.noBasis")}
          </p>
          <h3>{t("leadDetail.scoreOverTime")}</h3>
          <div className="lead-detail-chart" id="lead-detail-scores">
            <ResponsiveContainer width="100%" height="100%">
              <LineChart data={detail.scores.map(([at, score]) => ({ day: day(at), score }))}>
                <CartesianGrid stroke="#e2e8f0" />
                <XAxis dataKey="day" fontSize={10} minTickGap={24} tickFormatter={(d: string) => formatDate(d, lang)} />
                <YAxis fontSize={10} domain={[0, (max: number) => Math.max(max, detail.mql_threshold) + 10]} />
                <Tooltip />
                <ReferenceLine y={detail.mql_threshold} stroke="#dc2626" strokeDasharray="4 3" label={{ value: "MQL", fontSize: 10, fill: "#dc2626" }} />
                <Line dataKey="score" name={t("leads.score")} stroke="#0891b2" dot={false} isAnimationActive={false} />
              </LineChart>
            </ResponsiveContainer>
          </div>
          <h3>{t("leadDetail.scenarios")}</h3>
          {scenarios == null ? (
            <p className="muted">…</p>
          ) : scenarios.length === 0 ? (
            <p className="muted">{t("leadDetail.noScenarios")}</p>
          ) : (
            <ul className="lead-scenarios" id="lead-detail-scenarios">
              {scenarios.map((s) => (
                <li key={s.id} data-scenario={s.id} data-in-segment={String(s.in_segment)}>
                  <span className={s.in_segment ? "fit yes" : "fit no"}>{s.in_segment ? "✓" : "—"}</span>
                  <b>{s.name}</b>
                  {!s.active && <span className="muted"> {t("leadDetail.notActive")}</span>}
                  <span className="muted">
                    {" "}
                    {s.in_segment ? t("leadDetail.enrolsOn") : t("leadDetail.outOfSegment")}{" "}
                    {s.in_segment && s.triggers.map((x) => x[lang]).join("・")}
                  </span>
                </li>
              ))}
            </ul>
          )}
          <h3>{t("leadDetail.attributes")}</h3>
          <table className="review-table lead-attributes" id="lead-detail-attributes">
            <tbody>
              {attributes
                .filter(([, v]) => v)
                .map(([k, v]) => (
                  <tr key={k}>
                    <th>{k}</th>
                    <td className="text">{v}</td>
                  </tr>
                ))}
            </tbody>
          </table>
          <h3>{t("leadDetail.timeline", { n: detail.timeline_total.toLocaleString(lang) })}</h3>
          <ol className="lead-timeline" id="lead-detail-timeline">
            {detail.timeline.map((e, i) => (
              <li key={i} className={e.status ? "deal" : undefined}>
                <span className="tabular muted">{formatDate(minute(e.at).replace(" ", "T"), lang)}</span>{" "}
                <b>{e.status ? `${t("leadDetail.deal")}: ${t(`deal.${e.status}`)}` : t(`leadDetail.kind.${e.kind ?? "unknown"}`)}</b>{" "}
                {/* A mail of a workspace scenario by its title; what the record says beside it, on hover. */}
                <span title={e.mail ? e.detail : undefined}>{e.mail ? e.mail[lang] : e.detail}</span>
              </li>
            ))}
          </ol>
          {detail.timeline_total > detail.timeline.length && (
            <p className="muted">{t("leadDetail.more", { n: detail.timeline.length.toLocaleString(lang) })}</p>
          )}
        </>
      )}
    </aside>
  );
}
