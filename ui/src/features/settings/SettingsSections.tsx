// Parts of the settings screen: what sales does with a hand-off (the SFA loop's probabilities and
// delays), the send calendar (year-end break, company holidays, and the public holidays the engine
// skips, read from its shipped list), and the deal statuses with the SFA values read as each.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import * as api from "../../ipc/api";
import { DateField, formatDate } from "../../components/DateField";

type Sales = api.EditableSettings["sales"];
type Calendar = api.EditableSettings["calendar"];

/** A probability shown and typed as a percentage (0.35 ↔ 35). */
export function toPercent(p: number): number {
  return Math.round(p * 1000) / 10;
}
export function fromPercent(v: number): number {
  return Math.round(v * 10) / 1000;
}

/** One stage of the sales process: its probability and the delay before it, shortest–longest. */
const STAGES = [
  { rate: "accept_rate", days: "accept_days", key: "accept" },
  { rate: "opportunity_rate", days: "opportunity_days", key: "opportunity" },
  { rate: "win_rate", days: "close_days", key: "win" },
] as const;

export function SalesSection({ sales, onChange }: { sales: Sales; onChange: (s: Sales) => void }) {
  const { t } = useTranslation();
  return (
    <section className="settings-section" id="settings-sales">
      <h2>{t("settings.sales")}</h2>
      <p className="muted">{t("settings.salesHint")}</p>
      <ol className="sales-stages">
        {STAGES.map(({ rate, days, key }) => (
          <li key={key}>
            <strong>{t(`settings.stage.${key}`)}</strong>
            <span className="muted">{t(`settings.stageHint.${key}`)}</span>
            <label>
              {t("settings.probability")}
              <input
                id={`sales-${rate}`}
                type="number"
                min={0}
                max={100}
                step={1}
                value={toPercent(sales[rate])}
                onChange={(e) => onChange({ ...sales, [rate]: fromPercent(Number(e.target.value)) })}
              />
              %
            </label>
            <label>
              {t("settings.after")}
              <input
                id={`sales-${days}-min`}
                type="number"
                min={0}
                value={sales[days][0]}
                onChange={(e) => onChange({ ...sales, [days]: [Number(e.target.value), sales[days][1]] })}
              />
              〜
              <input
                id={`sales-${days}-max`}
                type="number"
                min={0}
                value={sales[days][1]}
                onChange={(e) => onChange({ ...sales, [days]: [sales[days][0], Number(e.target.value)] })}
              />
              {t("settings.days")}
            </label>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** Today in Japan, YYYY-MM-DD. */
function todayInJapan(): string {
  return new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 10);
}

/** The day a year (365 days) after `day`, YYYY-MM-DD (29 February has no same day next year). */
export function yearLater(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 365 * 86_400_000).toISOString().slice(0, 10);
}

export function CalendarSection({ calendar, onChange }: { calendar: Calendar; onChange: (c: Calendar) => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === "en" ? "en" : "ja";
  const [holidays, setHolidays] = useState<api.Holiday[]>([]);
  const [day, setDay] = useState("");
  useEffect(() => {
    const from = todayInJapan();
    api.publicHolidays(from, yearLater(from)).then(setHolidays, () => setHolidays([]));
  }, []);
  const yearEnd = calendar.year_end ?? null;
  const companyDays = calendar.company_holidays ?? [];
  const add = () => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || companyDays.includes(day)) return;
    onChange({ ...calendar, company_holidays: [...companyDays, day].sort() });
    setDay("");
  };
  return (
    <section className="settings-section" id="settings-calendar">
      <h2>{t("settings.calendar")}</h2>
      <p className="muted">{t("settings.calendarHint")}</p>
      <div className="settings-columns">
        <div>
          <h4>{t("settings.yearEnd")}</h4>
          <label className="inline">
            <input
              id="year-end-on"
              type="checkbox"
              checked={yearEnd !== null}
              onChange={(e) => onChange({ ...calendar, year_end: e.target.checked ? ["12-29", "01-03"] : null })}
            />
            {t("settings.yearEndOn")}
          </label>
          {yearEnd && (
            <div className="settings-row">
              {(["from", "to"] as const).map((end, i) => (
                <label key={end}>
                  {t(`settings.${end}`)}
                  <input
                    id={`year-end-${end}`}
                    value={yearEnd[i]}
                    placeholder={i === 0 ? "12-29" : "01-03"}
                    size={6}
                    onChange={(e) =>
                      onChange({
                        ...calendar,
                        year_end: i === 0 ? [e.target.value, yearEnd[1]] : [yearEnd[0], e.target.value],
                      })
                    }
                  />
                </label>
              ))}
            </div>
          )}
          <h4>{t("settings.companyHolidays")}</h4>
          <ul className="day-list" id="company-holidays">
            {companyDays.map((d) => (
              <li key={d}>
                {formatDate(d, lang)}
                <button
                  className="link"
                  aria-label={t("settings.remove")}
                  onClick={() => onChange({ ...calendar, company_holidays: companyDays.filter((x) => x !== d) })}
                >
                  ×
                </button>
              </li>
            ))}
            {companyDays.length === 0 && <li className="muted">{t("settings.noCompanyHolidays")}</li>}
          </ul>
          <div className="settings-row">
            <DateField id="company-holiday-new" value={day} onChange={setDay} />
            <button id="company-holiday-add" onClick={add} disabled={!day}>
              {t("settings.add")}
            </button>
          </div>
        </div>
        <div>
          <h4>{t("settings.publicHolidays")}</h4>
          <ul className="day-list holidays" id="public-holidays">
            {holidays.map((h) => (
              <li key={h.date}>
                <span className="tabular">{formatDate(h.date, lang)}</span> {h.name[lang]}
              </li>
            ))}
          </ul>
        </div>
      </div>
    </section>
  );
}

type Sfa = api.EditableSettings["sfa"];
type OwnValues = NonNullable<Sfa["deal_status_values"]>;

/** `values` with the words of `status` replaced by those typed in `text` (separated by commas or
 、; a value may hold spaces, as "Closed - Not Converted" does). */
export function withOwnWords(values: OwnValues, status: string, text: string): OwnValues {
  const kept = Object.entries(values).filter(([, s]) => s !== status);
  const typed = text
    .split(/[,、，]+/)
    .map((w) => w.trim())
    .filter(Boolean)
    .map((w) => [w, status]);
  return Object.fromEntries([...kept, ...typed]) as OwnValues;
}

/** The deal statuses the engine knows, what each means, the SFA values an import reads as it, and
 * the workspace's own values for it. */
export function DealStatusTable({ values, onChange }: { values: OwnValues; onChange: (v: OwnValues) => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === "en" ? "en" : "ja";
  const [statuses, setStatuses] = useState<api.DealStatusInfo[]>([]);
  // What is being typed, per status, until it is left (so a trailing comma survives).
  const [typing, setTyping] = useState<Record<string, string>>({});
  useEffect(() => {
    api.dealStatuses().then(setStatuses, () => setStatuses([]));
  }, []);
  const own = (code: string) =>
    Object.entries(values)
      .filter(([, s]) => s === code)
      .map(([w]) => w)
      .join("、");
  return (
    <>
      <h4>{t("settings.dealStatuses")}</h4>
      <table className="deal-statuses" id="deal-statuses">
        <thead>
          <tr>
            <th>{t("settings.status")}</th>
            <th>{t("settings.meaning")}</th>
            <th>{t("settings.sfaValues")}</th>
            <th>{t("settings.ownValues")}</th>
          </tr>
        </thead>
        <tbody>
          {statuses.map((s) => (
            <tr key={s.code} data-status={s.code}>
              <th>{s.label[lang]}</th>
              <td>{s.meaning[lang]}</td>
              <td className="muted">{s.words.join("、")}</td>
              <td>
                <input
                  id={`own-${s.code}`}
                  value={typing[s.code] ?? own(s.code)}
                  onChange={(e) => {
                    setTyping({ ...typing, [s.code]: e.target.value });
                    onChange(withOwnWords(values, s.code, e.target.value));
                  }}
                  onBlur={() =>
                    setTyping((all) => {
                      const next = { ...all };
                      delete next[s.code];
                      return next;
                    })
                  }
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

type Campaigns = api.EditableSettings["campaigns"];
type Webinar = NonNullable<Campaigns["webinars"]>[number];

/** The campaign calendar: webinars planned after the recorded history, which the forecast draws
 * registrations, attendance and the post-webinar trigger from. A blank expected number or
 * attendance rate takes the past webinars' (shown as the placeholder, from the engine). */
export function CampaignSection({ campaigns, onChange }: { campaigns: Campaigns; onChange: (c: Campaigns) => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === "en" ? "en" : "ja";
  const [defaults, setDefaults] = useState<api.WebinarDefaults | null>(null);
  useEffect(() => {
    api.webinarDefaults().then(setDefaults, () => setDefaults(null));
  }, []);
  const webinars = campaigns.webinars ?? [];
  const set = (i: number, change: Partial<Webinar>) =>
    onChange({ ...campaigns, webinars: webinars.map((w, j) => (j === i ? { ...w, ...change } : w)) });
  const add = () =>
    onChange({
      ...campaigns,
      webinars: [...webinars, { name: "", starts_at: `${todayInJapan()}T15:00`, registration_days: 14 }],
    });
  const number = (text: string) => (text.trim() === "" ? null : Number(text));
  return (
    <section className="settings-section" id="settings-campaigns">
      <h2>{t("settings.campaigns")}</h2>
      <p className="muted">{t("settings.campaignsHint")}</p>
      {defaults && (
        <p className="muted" id="webinar-defaults">
          {defaults.registrants == null
            ? t("settings.noPastWebinars")
            : t("settings.pastWebinars", {
                past: defaults.past,
                registrants: Math.round(defaults.registrants).toLocaleString(lang),
                attendance: Math.round((defaults.attendance_rate ?? 0) * 100),
                lift: defaults.repeat_lift.toFixed(1),
              })}
        </p>
      )}
      <table className="review-table campaign-table" id="planned-webinars">
        <thead>
          <tr>
            <th>{t("settings.webinarName")}</th>
            <th>{t("settings.webinarStarts")}</th>
            <th>{t("settings.webinarRegistrants")}</th>
            <th>{t("settings.webinarAttendance")}</th>
            <th>{t("settings.webinarRegistrationDays")}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {webinars.map((w, i) => (
            <tr key={i} data-webinar={i}>
              <td className="text">
                <input className="webinar-name" value={w.name} onChange={(e) => set(i, { name: e.target.value })} />
              </td>
              <td className="text">
                <DateField className="webinar-starts" withTime value={w.starts_at} onChange={(starts_at) => set(i, { starts_at })} />
              </td>
              <td>
                <input
                  className="webinar-registrants"
                  type="number"
                  min={0}
                  value={w.expected_registrants ?? ""}
                  placeholder={defaults?.registrants != null ? String(Math.round(defaults.registrants)) : ""}
                  onChange={(e) => set(i, { expected_registrants: number(e.target.value) })}
                />
              </td>
              <td>
                <input
                  className="webinar-attendance"
                  type="number"
                  min={0}
                  max={100}
                  value={w.attendance_rate == null ? "" : toPercent(w.attendance_rate)}
                  placeholder={defaults?.attendance_rate != null ? String(toPercent(defaults.attendance_rate)) : ""}
                  onChange={(e) => {
                    const v = number(e.target.value);
                    set(i, { attendance_rate: v == null ? null : fromPercent(v) });
                  }}
                />
                %
              </td>
              <td>
                <input
                  className="webinar-days"
                  type="number"
                  min={1}
                  value={w.registration_days ?? 14}
                  onChange={(e) => set(i, { registration_days: Number(e.target.value) })}
                />
              </td>
              <td>
                <button
                  className="link"
                  aria-label={t("settings.remove")}
                  onClick={() => onChange({ ...campaigns, webinars: webinars.filter((_, j) => j !== i) })}
                >
                  ×
                </button>
              </td>
            </tr>
          ))}
          {webinars.length === 0 && (
            <tr>
              <td colSpan={6} className="text muted">
                {t("settings.noPlannedWebinars")}
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <button id="webinar-add" onClick={add}>
        {t("settings.addWebinar")}
      </button>
    </section>
  );
}
