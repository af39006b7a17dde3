// The self-check diagnosis: the article's 15 items in their groups, weakest group first, each
// with its answer, evidence (links open the scenario at the node), fix and a hand-given answer;
// the findings beyond the checklist; the report exported as HTML, Markdown or JSON.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { save } from "@tauri-apps/plugin-dialog";
import * as api from "../../ipc/api";
import { failed } from "../../ipc/errors";
import { useStudio } from "../../store/studio";
import { openCheck } from "../backtest/backtest";

type Item = api.Diagnosis["items"][number];
type Link = Item["links"][number];


function ManualAnswer({ item, onSaved }: { item: Item; onSaved: () => void }) {
  const { t } = useTranslation();
  const [answer, setAnswer] = useState(item.source === "self_reported" ? item.answer : "");
  const [note, setNote] = useState("");
  return (
    <form
      className="manual"
      onSubmit={async (e) => {
        e.preventDefault();
        await api.answerItem(item.id, answer, note);
        onSaved();
      }}
    >
      <label>
        {t("diag.manual")}
        <select data-answer={item.id} value={answer} onChange={(e) => setAnswer(e.target.value)}>
          <option value="">{t("diag.fromWorkspace")}</option>
          <option value="yes">{t("diag.answer.yes")}</option>
          <option value="partial">{t("diag.answer.partial")}</option>
          <option value="no">{t("diag.answer.no")}</option>
        </select>
      </label>
      <input value={note} placeholder={t("diag.note")} onChange={(e) => setNote(e.target.value)} data-note={item.id} />
      <button type="submit" data-save-answer={item.id}>
        {t("diag.saveAnswer")}
      </button>
    </form>
  );
}

export default function DiagnosisScreen() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === "en" ? "en" : "ja";
  const workspace = useStudio((s) => s.workspace);
  const openStored = useStudio((s) => s.openStored);
  const select = useStudio((s) => s.select);
  const [diagnosis, setDiagnosis] = useState<api.Diagnosis | null>(null);
  const [progress, setProgress] = useState<api.Progress | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<api.Localized | null>(null);
  const run = async () => {
    setBusy(true);
    setProgress(null);
    try {
      setDiagnosis(await api.runDiagnosis(setProgress));
      setError(null);
    } catch (e) {
      setError(failed(e));
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => {
    run();
  }, []);
  // The scenario opens over this screen, and its back button returns here.
  const follow = async (link: Link) => {
    await openStored(link.scenario);
    if (link.node) select(link.node);
  };
  const exportAs = async (format: "html" | "md" | "json") => {
    const path = await save({ defaultPath: `diagnosis.${format}`, filters: [{ name: format.toUpperCase(), extensions: [format] }] });
    if (typeof path !== "string") return;
    try {
      await api.exportDiagnosis(path, format, lang);
    } catch (e) {
      setError(failed(e));
    }
  };
  const byGroup = (group: string) => diagnosis?.items.filter((i) => i.group === group) ?? [];
  return (
    <main className="diagnosis" id="diagnosis">
      <div className="diag-head">
        <button className="link" id="diag-back" onClick={() => useStudio.setState({ screen: "start" })}>
          {t("editor.back")}
        </button>
        <h1>{t("diag.title")}</h1>
        <span className="muted">{workspace?.name}</span>
        <span className="spacer" />
        <button id="diag-check" onClick={() => openCheck("diagnosis")} title={t("check.openHint")}>
          {t("check.open")}
        </button>
        <button id="diag-run" onClick={run} disabled={busy}>
          {t("diag.run")}
        </button>
        {(["html", "md", "json"] as const).map((f) => (
          <button key={f} data-export={f} onClick={() => exportAs(f)} disabled={!diagnosis}>
            {t(`diag.export.${f}`)}
          </button>
        ))}
      </div>
      {busy && (
        <div className="sim-progress">
          <progress max={progress?.total || 1} value={progress?.done ?? 0} />
          <span>{t("diag.running")}</span>
        </div>
      )}
      {error && <p className="sim-error">{error[lang]}</p>}
      {diagnosis && (
        <>
          <section className="diag-summary">
            <p className="diag-score" id="diag-score">
              {t("diag.score", { yes: diagnosis.yes, of: diagnosis.items.length })}
            </p>
            {diagnosis.advice && <p className="diag-advice">{diagnosis.advice[lang]}</p>}
            {diagnosis.outside_help && <p className="muted">{diagnosis.outside_help[lang]}</p>}
            <table className="diag-groups">
              <tbody>
                {diagnosis.groups.map((g) => (
                  <tr key={g.group}>
                    <th>{g.name[lang]}</th>
                    <td>
                      <span className="group-bar">
                        <span style={{ width: `${Math.round(100 * g.share)}%` }} />
                      </span>
                    </td>
                    <td>
                      {g.yes} / {g.items}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          {diagnosis.groups.map((g) => (
            <section key={g.group} className="diag-group">
              <h2>{g.name[lang]}</h2>
              {byGroup(g.group).map((item) => (
                <article key={item.id} className={`diag-item answer-${item.answer}`} data-item={item.id}>
                  <header>
                    <span className={`answer-badge ${item.answer}`}>{t(`diag.answer.${item.answer}`)}</span>
                    <strong>{item.text[lang]}</strong>
                    {item.source === "self_reported" && <span className="badge">{t("diag.selfReported")}</span>}
                  </header>
                  <ul className="evidence">
                    {item.evidence.map((e, i) => (
                      <li key={i}>{e[lang]}</li>
                    ))}
                  </ul>
                  {(item.links ?? []).length > 0 && (
                    <p className="links">
                      {(item.links ?? []).map((l, i) => (
                        <button
                          key={i}
                          className="link"
                          data-link-scenario={l.scenario}
                          data-link-node={l.node ?? ""}
                          onClick={() => follow(l)}
                        >
                          {l.label[lang]} ↗
                        </button>
                      ))}
                    </p>
                  )}
                  {item.fix && (
                    <p className="fix">
                      <strong>{t("diag.fix")}</strong> {item.fix[lang]}
                    </p>
                  )}
                  <ManualAnswer item={item} onSaved={run} />
                </article>
              ))}
            </section>
          ))}
          <section className="diag-findings" id="diag-findings">
            <h2>{t("diag.findings")}</h2>
            {diagnosis.findings.length === 0 && <p className="muted">{t("diag.noFindings")}</p>}
            <ul>
              {diagnosis.findings.map((f, i) => (
                <li key={i} className={`finding ${f.severity}`}>
                  <span className={`severity ${f.severity}`}>{t(`diag.severity.${f.severity}`)}</span> {f.message[lang]}
                  <div className="fix">
                    <strong>{t("diag.fix")}</strong> {f.fix[lang]}
                  </div>
                  {f.scenario && (
                    <button className="link" onClick={() => follow({ scenario: f.scenario!, node: f.node ?? null, label: f.message })}>
                      {f.place ? f.place[lang] : f.scenario} ↗
                    </button>
                  )}
                </li>
              ))}
            </ul>
            {(diagnosis.forecast_notes ?? []).map((n, i) => (
              <p key={i} className="muted">
                {n[lang]}
              </p>
            ))}
          </section>
        </>
      )}
    </main>
  );
}
