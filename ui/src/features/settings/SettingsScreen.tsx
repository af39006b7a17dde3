// The workspace's settings: the scoring model (with how many leads it makes MQLs now, re-counted
// by the engine as the points change), the frequency cap, the SFA fields and the team. Saved all
// or nothing through the engine's checks.
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  Bar,
  BarChart,
  CartesianGrid,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import * as api from "../../ipc/api";
import { failed } from "../../ipc/errors";
import {
  CalendarSection,
  CampaignSection,
  DealStatusTable,
  SalesSection,
} from "./SettingsSections";
import { useStudio } from "../../store/studio";
import { useSimulation } from "../forecast/simulation";
import { ScoringReviewPanel } from "./ScoringReview";
import { confirm } from "../../components/ConfirmDialog";

type Settings = api.EditableSettings;
type Scoring = Settings["scoring"];

/** How long after the last change the MQL preview is counted again. */
export const PREVIEW_DELAY_MS = 400;

function NumberField({
  id,
  label,
  value,
  onChange,
}: {
  id: string;
  label: string;
  value: number;
  onChange: (v: number) => void;
}) {
  return (
    <label>
      {label}
      <input
        id={id}
        type="number"
        value={value}
        onChange={(e) => onChange(Number(e.target.value))}
      />
    </label>
  );
}

/** Points by key (job level, company size, industry), with rows to add and remove. */
function PointsTable({
  id,
  points,
  onChange,
  open,
  label,
  order = [],
}: {
  id: string;
  points: Record<string, number>;
  onChange: (p: Record<string, number>) => void;
  open: boolean;
  label: (k: string) => string;
  /** Keys shown first, in this order (the rest follow as stored). */
  order?: string[];
}) {
  const { t } = useTranslation();
  const [key, setKey] = useState("");
  return (
    <table className="points" id={id}>
      <tbody>
        {Object.entries(points)
          .sort(([a], [b]) => rank(order, a) - rank(order, b))
          .map(([k, v]) => (
            <tr key={k}>
              <th>{label(k)}</th>
              <td>
                <input
                  type="number"
                  data-point={k}
                  value={v}
                  onChange={(e) =>
                    onChange({ ...points, [k]: Number(e.target.value) })
                  }
                />
              </td>
              {open && (
                <td>
                  <button
                    className="icon"
                    onClick={() => {
                      const rest = { ...points };
                      delete rest[k];
                      onChange(rest);
                    }}
                  >
                    ×
                  </button>
                </td>
              )}
            </tr>
          ))}
        {open && (
          <tr>
            <th>
              <input
                value={key}
                placeholder={t("settings.industryName")}
                onChange={(e) => setKey(e.target.value)}
              />
            </th>
            <td>
              <button
                disabled={!key.trim() || key.trim() in points}
                onClick={() => (
                  onChange({ ...points, [key.trim()]: 0 }),
                  setKey("")
                )}
              >
                {t("settings.add")}
              </button>
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}

/** Where `key` comes in `order` (unlisted keys after the listed ones). */
function rank(order: string[], key: string): number {
  const i = order.indexOf(key);
  return i < 0 ? order.length : i;
}

const LEVELS = ["executive", "director", "manager", "chief", "staff"];
const BANDS = ["1000+", "300-999", "50-299", "1-49"];

const ENGAGEMENT = [
  "page_view",
  "pricing_page",
  "document_download",
  "webinar_registration",
  "webinar_attendance",
  "form_submit",
  "email_open",
  "email_click",
  "unsubscribe",
] as const;

export default function SettingsScreen() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === "en" ? "en" : "ja";
  const workspace = useStudio((s) => s.workspace);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [preview, setPreview] = useState<api.ScoreSummary | null>(null);
  const [error, setError] = useState<api.Localized | null>(null);
  const [saved, setSaved] = useState(false);
  // Edited since loaded or saved: leaving then asks first.
  const [dirty, setDirty] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => {
    api
      .loadSettings()
      .then(setSettings)
      .catch((e) => setError(failed(e)));
  }, []);
  // The MQL count follows the scoring model, once edits pause.
  useEffect(() => {
    if (!settings) return;
    clearTimeout(timer.current);
    const scoring = settings.scoring;
    timer.current = setTimeout(() => {
      api
        .previewScoring(scoring)
        .then(setPreview)
        .catch((e) => setError(failed(e)));
    }, PREVIEW_DELAY_MS);
    return () => clearTimeout(timer.current);
  }, [settings?.scoring]);
  if (!settings)
    return (
      <main className="settings">
        {error && <p className="sim-error">{error[lang]}</p>}
      </main>
    );
  const edit = (change: Partial<Settings>) => (
    setSettings({ ...settings, ...change }),
    setSaved(false),
    setDirty(true)
  );
  const leave = async () => {
    if (dirty && !(await confirm(t("settings.leaveAsk"), t("settings.discardLeave"), t("settings.stay")))) return;
    useStudio.setState({ screen: "start" });
  };
  const scoring = (change: Partial<Scoring>) =>
    edit({ scoring: { ...settings.scoring, ...change } });
  const s = settings.scoring;
  const save = async () => {
    try {
      await api.saveSettings(settings);
      // A workspace forecast made before is of the old settings.
      useSimulation.setState({ wholeKey: null });
      setError(null);
      setSaved(true);
      setDirty(false);
    } catch (e) {
      setError(failed(e));
    }
  };
  return (
    <main className="settings" id="settings">
      <div className="sticky-head">
        <div className="diag-head">
          <button className="link" id="settings-back" onClick={leave}>
            {t("editor.back")}
          </button>
          <h1>{t("settings.title")}</h1>
          <span className="muted">{workspace?.name}</span>
          <span className="spacer" />
          <button id="settings-save" className="primary" onClick={save}>
            {t("settings.save")}
          </button>
          {saved && <span className="export-done">{t("settings.saved")}</span>}
        </div>
        {error && (
          <p className="sim-error" role="alert">
            {error[lang]}
          </p>
        )}
      </div>
      <section className="settings-section">
        <h2>{t("settings.scoring")}</h2>
        <div className="settings-row">
          <NumberField
            id="mql-threshold"
            label={t("settings.mqlThreshold")}
            value={s.mql_threshold}
            onChange={(v) => scoring({ mql_threshold: v })}
          />
          <NumberField
            id="half-life"
            label={t("settings.halfLife")}
            value={s.half_life_days}
            onChange={(v) => scoring({ half_life_days: v })}
          />
          <NumberField
            id="daily-cap"
            label={t("settings.dailyCap")}
            value={s.daily_cap}
            onChange={(v) => scoring({ daily_cap: v })}
          />
        </div>
        <div className="mql-box" id="mql-preview">
          {preview ? (
            <>
              <p>
                {t("settings.mqlNow", {
                  mql: preview.mql.toLocaleString(lang),
                  leads: preview.leads.toLocaleString(lang),
                  threshold: preview.mql_threshold,
                })}
              </p>
              <div className="preview-chart">
                <ResponsiveContainer width="100%" height="100%">
                  <BarChart
                    data={preview.distribution.map(([from, leads]) => ({
                      from,
                      leads,
                    }))}
                  >
                    <CartesianGrid stroke="#e2e8f0" />
                    <XAxis dataKey="from" fontSize={10} />
                    <YAxis fontSize={10} />
                    <Tooltip />
                    <ReferenceLine
                      x={Math.floor(preview.mql_threshold / 10) * 10}
                      stroke="#dc2626"
                      label={{ value: "MQL", fontSize: 10, fill: "#dc2626" }}
                    />
                    <Bar
                      dataKey="leads"
                      name={t("sim.leads")}
                      fill="#0891b2"
                      isAnimationActive={false}
                    />
                  </BarChart>
                </ResponsiveContainer>
              </div>
            </>
          ) : (
            <p className="muted">{t("settings.counting")}</p>
          )}
        </div>
        <h3>{t("settings.engagement")}</h3>
        <div className="settings-grid">
          {ENGAGEMENT.map((k) => (
            <NumberField
              key={k}
              id={`points-${k}`}
              label={t(`settings.event.${k}`)}
              value={s.engagement[k]}
              onChange={(v) =>
                scoring({ engagement: { ...s.engagement, [k]: v } })
              }
            />
          ))}
          <label>
            {t("settings.pricingPattern")}
            <input
              value={s.engagement.pricing_pattern}
              onChange={(e) =>
                scoring({
                  engagement: {
                    ...s.engagement,
                    pricing_pattern: e.target.value,
                  },
                })
              }
            />
          </label>
        </div>
        <h3>{t("settings.fit")}</h3>
        <div className="settings-columns">
          <div>
            <h4>{t("settings.jobLevel")}</h4>
            <PointsTable
              id="fit-job"
              points={s.fit.job_level}
              order={LEVELS}
              open={false}
              label={(k) => t(`settings.level.${k}`, k)}
              onChange={(p) => scoring({ fit: { ...s.fit, job_level: p } })}
            />
          </div>
          <div>
            <h4>{t("settings.employeeBand")}</h4>
            <PointsTable
              id="fit-size"
              points={s.fit.employee_band}
              order={BANDS}
              open={false}
              label={(k) => k}
              onChange={(p) => scoring({ fit: { ...s.fit, employee_band: p } })}
            />
          </div>
          <div>
            <h4>{t("settings.industry")}</h4>
            <PointsTable
              id="fit-industry"
              points={s.fit.industry}
              open
              label={(k) => k}
              onChange={(p) => scoring({ fit: { ...s.fit, industry: p } })}
            />
          </div>
        </div>
        <ScoringReviewPanel
          onApplied={() =>
            api
              .loadSettings()
              .then((fresh) => {
                // The applied model is the one in use: a forecast made before is of the old one.
                setSettings((now) => (now ? { ...now, scoring: fresh.scoring } : fresh));
                useSimulation.setState({ wholeKey: null });
              })
              .catch((e) => setError(failed(e)))
          }
        />
      </section>
      <section className="settings-section">
        <h2>{t("settings.cap")}</h2>
        <div className="settings-row">
          <NumberField
            id="cap-sends"
            label={t("scenario.maxSends")}
            value={settings.frequency_cap.max_sends}
            onChange={(v) =>
              edit({
                frequency_cap: { ...settings.frequency_cap, max_sends: v },
              })
            }
          />
          <NumberField
            id="cap-days"
            label={t("scenario.perDays")}
            value={settings.frequency_cap.per_days}
            onChange={(v) =>
              edit({
                frequency_cap: { ...settings.frequency_cap, per_days: v },
              })
            }
          />
        </div>
      </section>
      <CalendarSection
        calendar={settings.calendar}
        onChange={(calendar) => edit({ calendar })}
      />
      <CampaignSection campaigns={settings.campaigns} onChange={(campaigns) => edit({ campaigns })} />
      <section className="settings-section">
        <h2>{t("settings.sfa")}</h2>
        <div className="settings-grid">
          {(
            [
              "system",
              "lead_id_field",
              "score_field",
              "deal_status_field",
            ] as const
          ).map((k) => (
            <label key={k}>
              {t(`settings.sfaField.${k}`)}
              <input
                id={`sfa-${k}`}
                value={settings.sfa[k]}
                onChange={(e) =>
                  edit({ sfa: { ...settings.sfa, [k]: e.target.value } })
                }
              />
            </label>
          ))}
        </div>
        <DealStatusTable
          values={settings.sfa.deal_status_values ?? {}}
          onChange={(deal_status_values) => edit({ sfa: { ...settings.sfa, deal_status_values } })}
        />
      </section>
      <SalesSection
        sales={settings.sales}
        onChange={(sales) => edit({ sales })}
      />
      <section className="settings-section" id="settings-sender">
        <h2>{t("settings.sender.title")}</h2>
        <p className="muted">{t("settings.sender.hint")}</p>
        <div className="settings-grid sender-grid">
          {(["sender_name", "sender_email", "sender_address", "opt_out_url"] as const).map((k) => (
            <label key={k}>
              {t(`settings.sender.${k}`)}
              <input
                id={`sender-${k}`}
                value={settings.sender[k]}
                onChange={(e) => edit({ sender: { ...settings.sender, [k]: e.target.value } })}
              />
            </label>
          ))}
        </div>
      </section>
      <section className="settings-section">
        <h2>{t("settings.team")}</h2>
        <div className="settings-grid">
          <label>
            {t("scenario.owner")}
            <input
              id="team-owner"
              value={settings.team.owner}
              onChange={(e) =>
                edit({ team: { ...settings.team, owner: e.target.value } })
              }
            />
          </label>
          <label className="inline">
            <input
              type="checkbox"
              checked={settings.team.dedicated}
              onChange={(e) =>
                edit({
                  team: { ...settings.team, dedicated: e.target.checked },
                })
              }
            />
            {t("settings.dedicated")}
          </label>
          <label>
            {t("settings.cadence")}
            <select
              value={settings.team.review_cadence}
              onChange={(e) =>
                edit({
                  team: {
                    ...settings.team,
                    review_cadence: e.target
                      .value as Settings["team"]["review_cadence"],
                  },
                })
              }
            >
              {(["none", "weekly", "monthly"] as const).map((c) => (
                <option key={c} value={c}>
                  {t(`settings.cadenceOf.${c}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("settings.reviews")}
            <textarea
              rows={3}
              value={(settings.team.reviews ?? []).join("\n")}
              placeholder="2026-11-02"
              onChange={(e) =>
                edit({
                  team: {
                    ...settings.team,
                    reviews: e.target.value.split(/\s+/).filter(Boolean),
                  },
                })
              }
            />
          </label>
        </div>
      </section>
    </main>
  );
}
