// The scoring review (スコアの見直し): the engine fits points to what came before the workspace's
// deals and checks them, beside the points in use, on later deals the fit never saw. This screen
// shows its figures as they come (AUC, lift by tenth, conversion by band, the points), applies the
// suggestion in one step as a new version of the scoring settings, and lists the kept versions.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import * as api from "../../ipc/api";
import { failed } from "../../ipc/errors";

type Outcome = api.ScoringReview["outcome"];
const OUTCOMES: Outcome[] = ["hand_off", "opportunity", "won"];

const pct = (x: number, lang: string) =>
  (x * 100).toLocaleString(lang, { maximumFractionDigits: 1 }) + "%";

/** The head of a table that sets the points in use beside the suggested ones. */
function ComparedHead() {
  const { t } = useTranslation();
  return (
    <thead>
      <tr>
        <th />
        <th>{t("review.inUse")}</th>
        <th>{t("review.suggested")}</th>
      </tr>
    </thead>
  );
}

export function ScoringReviewPanel({ onApplied }: { onApplied: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === "en" ? "en" : "ja";
  const [outcome, setOutcome] = useState<Outcome>("opportunity");
  const [review, setReview] = useState<api.ScoringReview | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<api.Localized | null>(null);
  // The outcome the shown figures or refusal answer (a test waits for the one it asked for).
  const [answered, setAnswered] = useState<Outcome | null>(null);
  const [applied, setApplied] = useState<number | null>(null);
  const [versions, setVersions] = useState<api.ScoringVersion[]>([]);
  const loadVersions = () =>
    api
      .scoringVersions()
      .then(setVersions)
      .catch((e) => setError(failed(e)));
  useEffect(() => {
    loadVersions();
  }, []);
  const run = async () => {
    setBusy(true);
    setError(null);
    setApplied(null);
    setAnswered(null);
    try {
      setReview(await api.reviewScoring(outcome, null));
    } catch (e) {
      setReview(null);
      setError(failed(e));
    } finally {
      setAnswered(outcome);
      setBusy(false);
    }
  };
  const apply = async () => {
    if (!review) return;
    try {
      const note = t("review.note", {
        outcome: t(`review.outcome.${review.outcome}`),
        auc: review.suggested_check.auc.toFixed(2),
      });
      setApplied(await api.applyScoring(review.suggested, note, t("review.replaced")));
      setError(null);
      onApplied();
      loadVersions();
    } catch (e) {
      setError(failed(e));
    }
  };
  const restore = async (number: number) => {
    try {
      await api.restoreScoring(number, t("review.restoredNote", { number }));
      setError(null);
      onApplied();
      loadVersions();
    } catch (e) {
      setError(failed(e));
    }
  };
  const r = review;
  const rows: [
    "auc" | "threshold" | "mql" | "caught" | "rates",
    (c: api.ModelCheck) => string,
  ][] = [
    ["auc", (c) => `${c.auc.toFixed(2)} (${c.auc_low.toFixed(2)}–${c.auc_high.toFixed(2)})`],
    ["threshold", (c) => String(c.threshold)],
    ["mql", (c) => c.mql.toLocaleString(lang)],
    ["caught", (c) => `${pct(c.caught_share, lang)} (${c.caught})`],
    ["rates", (c) => `${pct(c.rate_above, lang)} / ${pct(c.rate_below, lang)}`],
  ];
  return (
    <div className="scoring-review" id="scoring-review">
      <h3>{t("review.title")}</h3>
      <p className="muted">{t("review.lead")}</p>
      <div className="settings-row">
        <label>
          {t("review.outcomeLabel")}
          <select
            id="review-outcome"
            value={outcome}
            onChange={(e) => setOutcome(e.target.value as Outcome)}
          >
            {OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {t(`review.outcome.${o}`)}
              </option>
            ))}
          </select>
        </label>
        <button id="review-run" onClick={run} disabled={busy}>
          {busy ? t("review.running") : t("review.run")}
        </button>
      </div>
      {error && (
        <p className="sim-error" role="alert" id="review-error" data-outcome={answered ?? undefined}>
          {error[lang]}
        </p>
      )}
      {r && (
        <div id="review-result" data-better={String(r.better)} data-outcome={r.outcome}>
          <p>
            {t("review.period", {
              snapshots: r.training_snapshots.join(", "),
              leads: r.training_leads.toLocaleString(lang),
              deals: r.training_deals.toLocaleString(lang),
              holdoutFrom: r.holdout_from,
              holdoutTo: r.holdout_to,
              holdoutLeads: r.holdout_leads.toLocaleString(lang),
              holdoutDeals: r.holdout_deals.toLocaleString(lang),
              outcome: t(`review.outcome.${r.outcome}`),
              days: r.horizon_days,
            })}
          </p>
          <p className={r.better ? "review-verdict good" : "review-verdict"} id="review-verdict">
            {r.better ? t("review.better") : t("review.notBetter")}
          </p>
          {r.notes.length > 0 && (
            <ul className="review-notes">
              {r.notes.map((n, i) => (
                <li key={i}>{n[lang]}</li>
              ))}
            </ul>
          )}
          <div className="settings-columns review-columns">
            <table className="review-table" id="review-compare">
              <ComparedHead />
              <tbody>
                {rows.map(([key, value]) => (
                  <tr key={key}>
                    <th>{t(`review.row.${key}`)}</th>
                    <td>{value(r.current_check)}</td>
                    <td>{value(r.suggested_check)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <div className="review-chart" id="review-lift">
              <p className="chart-title">{t("review.lift")}</p>
              <ResponsiveContainer width="100%" height="100%">
                <BarChart
                  data={r.current_check.deciles.map((d, i) => ({
                    tenth: `${(i + 1) * 10}%`,
                    inUse: Math.round(d.lift * 10) / 10,
                    suggested: Math.round(r.suggested_check.deciles[i].lift * 10) / 10,
                  }))}
                >
                  <CartesianGrid stroke="#e2e8f0" />
                  <XAxis dataKey="tenth" fontSize={10} />
                  <YAxis fontSize={10} domain={[0, (max: number) => Math.ceil(max)]} allowDecimals={false} />
                  <Tooltip />
                  <Legend wrapperStyle={{ fontSize: 11 }} />
                  <ReferenceLine y={1} stroke="#64748b" strokeDasharray="3 3" />
                  <Bar dataKey="inUse" name={t("review.inUse")} fill="#94a3b8" isAnimationActive={false} />
                  <Bar
                    dataKey="suggested"
                    name={t("review.suggested")}
                    fill="#0891b2"
                    isAnimationActive={false}
                  />
                </BarChart>
              </ResponsiveContainer>
            </div>
          </div>
          <div className="settings-columns review-columns">
            <table className="review-table" id="review-bands">
              <caption>{t("review.bands")}</caption>
              <thead>
                <tr>
                  <th>{t("review.band")}</th>
                  <th>{t("sim.leads")}</th>
                  <th>{t(`review.outcome.${r.outcome}`)}</th>
                  <th>{t("review.rate")}</th>
                </tr>
              </thead>
              <tbody>
                {r.suggested_check.bands.map((b, i) => (
                  <tr key={i} className={b.from === r.suggested.mql_threshold ? "mql-row" : undefined}>
                    <th>
                      {b.from == null
                        ? t("review.below", { to: b.to ?? 0 })
                        : b.to == null
                          ? t("review.above", { from: b.from ?? 0 })
                          : `${b.from}–${b.to - 1}`}
                    </th>
                    <td>{b.leads.toLocaleString(lang)}</td>
                    <td>{b.deals.toLocaleString(lang)}</td>
                    <td>{pct(b.rate, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <table className="review-table" id="review-points">
              <caption>{t("review.points")}</caption>
              <ComparedHead />
              <tbody>
                {r.points
                  .filter((p) => p.current !== 0 || p.suggested !== 0)
                  .map((p, i) => (
                    <tr key={i} className={p.current !== p.suggested ? "changed" : undefined}>
                      <th>
                        <span className="muted">{t(`review.group.${p.group}`)}</span> {p.label[lang]}
                      </th>
                      <td>{p.current}</td>
                      <td>{p.suggested}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
          <div className="settings-row">
            <button id="review-apply" className={r.better ? "primary" : undefined} onClick={apply}>
              {r.better ? t("review.apply") : t("review.applyAnyway")}
            </button>
            {applied !== null && (
              <span className="export-done" id="review-applied">
                {t("review.applied", { number: applied })}
              </span>
            )}
          </div>
        </div>
      )}
      {versions.length > 0 && (
        <table className="review-table" id="scoring-versions">
          <caption>{t("review.versions")}</caption>
          <tbody>
            {[...versions].reverse().map((v) => (
              <tr key={v.number} data-in-use={String(v.in_use)}>
                <th>v{v.number}</th>
                <td>{new Date(v.saved_at * 1000).toLocaleString(lang)}</td>
                <td className="text">{v.note}</td>
                <td>{t("review.thresholdOf", { threshold: v.mql_threshold })}</td>
                <td>
                  {v.in_use ? (
                    <span className="muted">{t("review.inUseMark")}</span>
                  ) : (
                    <button className="link" onClick={() => restore(v.number)}>
                      {t("review.restore")}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
