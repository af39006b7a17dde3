// The start screen's lead-data box: how many leads the workspace holds, and the sample-data
// generator (count and seed, with progress) for trying the forecast before importing real leads.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import * as api from "../../ipc/api";
import { failed } from "../../ipc/errors";
import { useStudio } from "../../store/studio";
import { open } from "@tauri-apps/plugin-dialog";
import ImportWizard from "./ImportWizard";

export default function SampleData() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === "en" ? "en" : "ja";
  const workspace = useStudio((s) => s.workspace);
  const [count, setCount] = useState(5000);
  const [seed, setSeed] = useState(1);
  const [replace, setReplace] = useState(false);
  const [progress, setProgress] = useState<api.Progress | null>(null);
  const [busy, setBusy] = useState(false);
  const importPath = useStudio((s) => s.importPath);
  if (!workspace) return null;
  const chooseCsv = async () => {
    const path = await open({ filters: [{ name: "CSV", extensions: ["csv", "txt"] }], multiple: false, directory: false });
    if (typeof path === "string") useStudio.setState({ importPath: path });
  };
  const generate = async () => {
    setBusy(true);
    setProgress(null);
    try {
      useStudio.setState({ workspace: await api.generateSample(count, seed, replace, setProgress), error: null });
      setReplace(false);
    } catch (e) {
      useStudio.setState({ error: failed(e) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="sample-data" id="sample-data">
      <h3>{t("sample.title")}</h3>
      <p id="lead-count">
        {workspace.leads > 0 ? t("sample.leads", { n: workspace.leads.toLocaleString(lang) }) : t("sample.none")}
      </p>
      <button id="import-csv" onClick={chooseCsv}>
        {t("import.open")}
      </button>{" "}
      {workspace.leads > 0 && (
        <button id="open-leads" onClick={() => useStudio.setState({ screen: "leads" })}>
          {t("leads.open")}
        </button>
      )}
      {importPath && <ImportWizard path={importPath} onClose={() => useStudio.setState({ importPath: null })} />}
      <p className="muted">{t("sample.hint")}</p>
      <div className="sample-form">
        <label>
          {t("sample.count")}
          <input id="sample-count" type="number" min={1} max={1000000} value={count} onChange={(e) => setCount(Number(e.target.value))} />
        </label>
        <label>
          {t("sample.seed")}
          <input id="sample-seed" type="number" min={0} value={seed} onChange={(e) => setSeed(Number(e.target.value))} />
        </label>
        {workspace.leads > 0 && (
          <label className="inline">
            <input id="sample-replace" type="checkbox" checked={replace} onChange={(e) => setReplace(e.target.checked)} />
            {t("sample.replace")}
          </label>
        )}
        <button
          id="sample-generate"
          className={workspace.leads === 0 ? "primary" : undefined}
          disabled={busy || (workspace.leads > 0 && !replace)} onClick={generate}>
          {t("sample.generate")}
        </button>
      </div>
      {busy && (
        <div className="sim-progress">
          <progress max={progress?.total || 1} value={progress?.done ?? 0} />
          <span>
            {t("sample.generating", {
              done: (progress?.done ?? 0).toLocaleString(lang),
              total: (progress?.total ?? count).toLocaleString(lang),
            })}
          </span>
        </div>
      )}
    </div>
  );
}
