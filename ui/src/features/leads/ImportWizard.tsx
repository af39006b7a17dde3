// The lead import wizard: the file is read once without writing (the encoding and the header
// preset detected, the first rows, how each column maps, every row problem); the user corrects
// the encoding, preset or column mapping and reads again; only "Import" writes, all or nothing.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import * as api from "../../ipc/api";
import { failed } from "../../ipc/errors";
import { useStudio } from "../../store/studio";

type Field = NonNullable<api.ImportReport["mapping"]["columns"][number][1]>;
const ENCODINGS = ["utf-8", "cp932", "euc-jp", "utf-16le", "utf-16be"];
export const FIELDS: Field[] = [
  "email", "external_id", "sfa_id", "last_name", "first_name", "full_name", "company", "department", "title",
  "employees", "industry", "prefecture", "lead_source", "lead_status", "created_at", "opt_in_basis", "opted_out", "subscribed",
  "score", "event_kind", "event_at", "event_detail", "deal_status", "changed_at", "ignore",
];


/** The user's column choices as the engine's mapping: only the columns they changed ("" is
 * offered only for a column read as a custom field, so it never un-maps one). */
export function changedColumns(
  read: api.ImportReport["mapping"]["columns"],
  chosen: Record<string, Field | "">,
): Record<string, Field> | null {
  const out: Record<string, Field> = {};
  for (const [header, field] of read) {
    const pick = chosen[header];
    if (pick !== undefined && pick !== (field ?? "")) out[header] = pick === "" ? "ignore" : pick;
  }
  return Object.keys(out).length ? out : null;
}

/** Which of day and month a file's dates with the year last write first. */
function DateOrderChoice({ value, onChange }: { value: api.DateOrder | null; onChange: (order: api.DateOrder) => void }) {
  const { t } = useTranslation();
  return (
    <label>
      {t("import.dateOrder")}
      <select id="import-date-order" value={value ?? ""} onChange={(e) => onChange(e.target.value as api.DateOrder)}>
        {!value && <option value="" disabled />}
        {(["mdy", "dmy"] as const).map((order) => (
          <option key={order} value={order}>
            {t(`import.dateOrders.${order}`)}
          </option>
        ))}
      </select>
    </label>
  );
}

export default function ImportWizard({ path, onClose }: { path: string; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === "en" ? "en" : "ja";
  const [presets, setPresets] = useState<api.PresetInfo[]>([]);
  const [encoding, setEncoding] = useState("");
  const [preset, setPreset] = useState("");
  const [chosen, setChosen] = useState<Record<string, Field | "">>({});
  // Every column the user has mapped so far (each read sends them all).
  const [overrides, setOverrides] = useState<Record<string, Field>>({});
  const [report, setReport] = useState<api.ImportReport | null>(null);
  const [done, setDone] = useState<api.ImportReport | null>(null);
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<api.Progress | null>(null);
  const [error, setError] = useState<api.Localized | null>(null);
  // The file was refused because an opt-out could not be read: the user may import every such
  // lead opted out instead.
  const [optOutRefused, setOptOutRefused] = useState(false);
  const [suppress, setSuppress] = useState(false);
  // The file was refused because its dates with the year last could be read either way: the user
  // says which. Once given (or told by the file), the order can be changed with the settings.
  const [dateOrderRefused, setDateOrderRefused] = useState(false);
  const [dateOrder, setDateOrder] = useState<api.DateOrder | null>(null);
  const read = async (commit: boolean) => {
    setBusy(true);
    setError(null);
    try {
      const columns = { ...overrides, ...(report ? changedColumns(report.mapping.columns, chosen) : null) };
      setOverrides(columns);
      const request: api.ImportRequest = {
        path,
        encoding: encoding || null,
        preset: preset || null,
        kind: null,
        columns: Object.keys(columns).length ? columns : null,
        commit,
        suppress_unreadable_opt_outs: suppress,
        date_order: dateOrder,
      };
      const r = await api.importLeads(request, setProgress);
      if (commit) {
        setDone(r);
        useStudio.getState().loadWorkspace();
      } else {
        setReport(r);
        setChosen({});
      }
    } catch (e) {
      setError(failed(e));
      const kind = (e as api.CommandError | null)?.kind;
      if (kind === "unreadable-opt-out") {
        setOptOutRefused(true);
        setReport(null);
      }
      if (kind === "ambiguous-date-order") {
        setDateOrderRefused(true);
        setReport(null);
      }
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => {
    api.importPresets().then(setPresets).catch(() => {});
    read(false);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [path]);
  const name = path.split(/[\\/]/).pop();
  const n = (x: number | bigint) => Number(x).toLocaleString(lang);
  return (
    <div className="overlay" role="dialog" aria-label={t("import.title")}>
      <div className="overlay-box import-box" id="import-wizard">
        <h3>
          {t("import.title")}: {name}
        </h3>
        {busy && (
          <div className="sim-progress">
            <progress max={progress?.total || 1} value={progress?.done ?? 0} />
            <span>{t("import.reading")}</span>
          </div>
        )}
        {error && <p className="sim-error" role="alert">{error[lang]}</p>}
        {error && !report && !done && !busy && (
          // A refused file: nothing was read to show, but the wizard can be left, and an
          // unreadable opt-out can be imported opted out when the user says so.
          <div className="import-refused">
            {optOutRefused && (
              <div id="import-opt-out-refused">
                <label className="check">
                  <input id="import-suppress" type="checkbox" checked={suppress} onChange={(e) => setSuppress(e.target.checked)} />
                  {t("import.suppressUnreadable")}
                </label>
                <button id="import-reread-suppress" onClick={() => read(false)} disabled={!suppress}>
                  {t("import.reread")}
                </button>
              </div>
            )}
            {dateOrderRefused && (
              <div id="import-date-order-refused" className="import-settings">
                <DateOrderChoice value={dateOrder} onChange={setDateOrder} />
                <button id="import-reread-date-order" onClick={() => read(false)} disabled={!dateOrder}>
                  {t("import.reread")}
                </button>
              </div>
            )}
            <button id="import-cancel-refused" onClick={onClose}>
              {t("import.cancel")}
            </button>
          </div>
        )}
        {done ? (
          <div id="import-done">
            <p className="export-done">
              {done.inserted + done.updated + done.unchanged === 0
                ? t("import.nothingStored", { skipped: n(done.skipped) })
                : t("import.done", { inserted: n(done.inserted), updated: n(done.updated), skipped: n(done.skipped) })}
            </p>
            <button id="import-close" onClick={onClose}>
              {t("editor.shortcuts.close")}
            </button>
          </div>
        ) : (
          report && (
            <>
              <div className="import-settings">
                <label>
                  {t("import.encoding")}
                  <select id="import-encoding" value={encoding || report.encoding} onChange={(e) => setEncoding(e.target.value)}>
                    {ENCODINGS.map((e) => (
                      <option key={e} value={e}>
                        {e}
                        {e === report.encoding && report.detection !== "given" ? ` (${t(`import.detection.${report.detection}`)})` : ""}
                      </option>
                    ))}
                  </select>
                </label>
                <label>
                  {t("import.preset")}
                  <select id="import-preset" value={preset || report.mapping.preset} onChange={(e) => setPreset(e.target.value)}>
                    {presets.map((p) => (
                      <option key={p.key} value={p.key}>
                        {p.label} ({t(`import.kind.${p.kind}`)})
                      </option>
                    ))}
                    {!presets.some((p) => p.key === report.mapping.preset) && <option value={report.mapping.preset}>{report.mapping.preset}</option>}
                  </select>
                </label>
                {(report.mapping.date_order || dateOrder) && (
                  <DateOrderChoice value={dateOrder ?? report.mapping.date_order ?? null} onChange={setDateOrder} />
                )}
                <button id="import-reread" onClick={() => read(false)} disabled={busy}>
                  {t("import.reread")}
                </button>
              </div>
              <p id="import-summary">
                {t("import.summary", {
                  rows: n(report.rows),
                  inserted: n(report.inserted),
                  updated: n(report.updated),
                  errors: n(report.error_rows),
                  warnings: n(report.warning_rows),
                  duplicates: n(report.duplicates),
                })}
                {report.mapping.kind === "leads" &&
                  " " + t("import.consent", { optedOut: n(report.opted_out), noConsent: n(report.no_consent) })}
                {report.mapping.kind === "events" && report.opted_out > 0 && " " + t("import.unsubscribed", { optedOut: n(report.opted_out) })}
                {Object.keys(report.not_behaviour).length > 0 && (
                  <span id="import-not-behaviour" className="muted">
                    <br />
                    {t("import.notBehaviour", {
                      list: Object.entries(report.not_behaviour)
                        .map(([activity, count]) => `${activity} ${n(count)}`)
                        .join(lang === "ja" ? "・" : ", "),
                    })}
                  </span>
                )}
              </p>
              <div className="import-table">
                <table id="import-preview">
                  <thead>
                    <tr>
                      {report.mapping.columns.map(([header]) => (
                        <th key={header}>{header}</th>
                      ))}
                    </tr>
                    <tr className="mapping">
                      {report.mapping.columns.map(([header, field]) => (
                        <th key={header}>
                          <select
                            data-column={header}
                            value={chosen[header] ?? field ?? ""}
                            onChange={(e) => setChosen({ ...chosen, [header]: e.target.value as Field | "" })}
                          >
                            {field === null && <option value="">{t("import.custom")}</option>}
                            {FIELDS.map((f) => (
                              <option key={f} value={f}>
                                {t(`field.${f}`)}
                              </option>
                            ))}
                          </select>
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {report.preview.map((row, i) => (
                      <tr key={i}>
                        {row.map((cell, j) => (
                          <td key={j}>{cell}</td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {report.issues.length > 0 && (
                <div className="import-issues" id="import-issues">
                  <h4>{t("import.issues", { count: report.issues.length + report.issues_not_listed })}</h4>
                  <ul>
                    {report.issue_groups.map(({ first, rows, lines }, i) => (
                      <li key={i} className={first.severity}>
                        <strong>{t("import.line", { line: first.line })}</strong>
                        {first.column ? ` [${first.column}]` : ""} {first.message[lang]}
                        {rows > 1 && (
                          <span className="muted">
                            {" "}
                            {t("import.sameIn", {
                              rows: n(rows),
                              lines: lines.join(", ") + (rows > lines.length ? " …" : ""),
                            })}
                          </span>
                        )}
                      </li>
                    ))}
                  </ul>
                </div>
              )}
              <div className="import-actions">
                <button id="import-commit" className="primary" onClick={() => read(true)} disabled={busy}>
                  {t("import.commit", { count: report.rows - report.error_rows - report.duplicates })}
                </button>
                <button id="import-cancel" onClick={onClose} disabled={busy}>
                  {t("import.cancel")}
                </button>
                <span className="muted">{t("import.nothingYet")}</span>
              </div>
            </>
          )
        )}
      </div>
    </div>
  );
}
