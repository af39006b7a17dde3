import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { open, save } from "@tauri-apps/plugin-dialog";
import { ConfirmButton } from "../../components/ConfirmButton";
import SampleData from "../leads/SampleData";
import { recentWorkspaces, useStudio } from "../../store/studio";
import Preview from "./Preview";

const FILTERS = [{ name: "Scenario Studio", extensions: ["scenario-ws"] }];

export default function StartScreen() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === "en" ? "en" : "ja";
  const templates = useStudio((s) => s.templates);
  const workspace = useStudio((s) => s.workspace);
  const loadTemplates = useStudio((s) => s.loadTemplates);
  const loadWorkspace = useStudio((s) => s.loadWorkspace);
  const workspaceKnown = useStudio((s) => s.workspaceKnown);
  const openWorkspace = useStudio((s) => s.openWorkspace);
  const openTemplate = useStudio((s) => s.openTemplate);
  const openStored = useStudio((s) => s.openStored);
  const openFile = useStudio((s) => s.openFile);
  const newScenario = useStudio((s) => s.newScenario);
  const deleteStored = useStudio((s) => s.deleteStored);
  const duplicateStored = useStudio((s) => s.duplicateStored);
  const openDraft = useStudio((s) => s.openDraft);
  const discardDraft = useStudio((s) => s.discardDraft);
  useEffect(() => {
    loadTemplates();
    loadWorkspace(lang);
  }, [loadTemplates, loadWorkspace, lang]);
  // The moment the start screen first shows its workspace and templates: the installed package's
  // test reads it to report how long the app takes to start (ui/e2e/package/).
  useEffect(() => {
    if (workspaceKnown && templates.length > 0 && performance.getEntriesByName("start-screen-ready").length === 0)
      performance.mark("start-screen-ready");
  }, [workspaceKnown, templates]);
  const chooseFile = async () => {
    const path = await open({
      filters: [{ name: "Scenario", extensions: ["json", "bpmn"] }],
      multiple: false,
      directory: false,
    });
    if (typeof path === "string") await openFile(path);
  };
  const choose = async (create: boolean) => {
    const path = create
      ? await save({ filters: FILTERS, defaultPath: "workspace.scenario-ws" })
      : await open({ filters: FILTERS, multiple: false, directory: false });
    if (typeof path === "string") await openWorkspace(path, create);
  };
  return (
    <main className="start">
      <h1>{t("app.title")}</h1>
      <p className="tagline">{t("app.tagline")}</p>
      <section className="workspace">
        <div className="workspace-bar">
          <span id="workspace-name">
            {workspace ? t("start.workspace", { name: workspace.name }) : workspaceKnown && t("start.noWorkspace")}
          </span>
          <button onClick={() => choose(false)}>{t("start.open")}</button>
          <button onClick={() => choose(true)}>{t("start.create")}</button>
          <button onClick={chooseFile}>{t("start.openFile")}</button>
          <button id="new-scenario" onClick={newScenario}>
            {t("start.newScenario")}
          </button>
          {workspace && (
            <button id="open-forecast" onClick={() => useStudio.setState({ screen: "forecast" })}>
              {t("forecast.open")}
            </button>
          )}
          {workspace && (
            <button id="open-diagnosis" onClick={() => useStudio.setState({ screen: "diagnosis" })}>
              {t("diag.open")}
            </button>
          )}
          {workspace && (
            <button id="open-settings" onClick={() => useStudio.setState({ screen: "settings" })}>
              {t("settings.open")}
            </button>
          )}
        </div>
        {workspace && (
          <p className="muted workspace-path" id="workspace-path">
            {t("start.where", { path: workspace.path })}
          </p>
        )}
        {recentWorkspaces().filter((p) => p !== workspace?.path).length > 0 && (
          <div className="recent">
            <span className="muted">{t("start.recent")}</span>
            {recentWorkspaces()
              .filter((p) => p !== workspace?.path)
              .map((p) => (
                <button key={p} className="link" data-recent={p} title={p} onClick={() => openWorkspace(p, false)}>
                  {p.split(/[\\/]/).slice(-2).join("/")}
                </button>
              ))}
          </div>
        )}
        {workspace && workspace.drafts.some((d) => !d.stored) && (
          <div className="drafts" id="unsaved-drafts">
            <h3>{t("draft.unsavedTitle")}</h3>
            <ul className="stored">
              {workspace.drafts
                .filter((d) => !d.stored)
                .map((d) => (
                  <li key={d.scenario_id}>
                    <button className="link" data-draft={d.scenario_id} onClick={() => openDraft(d.scenario_id)}>
                      {d.name || d.scenario_id}
                    </button>
                    <span className="muted"> {t("draft.savedAt", { when: new Date(d.saved_at * 1000).toLocaleString(lang) })}</span>{" "}
                    <ConfirmButton
                      className="small"
                      data-discard-draft={d.scenario_id}
                      question={t("draft.confirmDiscard", { name: d.name })}
                      onConfirmed={() => discardDraft(d.scenario_id)}
                    >
                      {t("draft.discard")}
                    </ConfirmButton>
                  </li>
                ))}
            </ul>
          </div>
        )}
        {workspace && workspace.scenarios.length > 0 && <h3>{t("start.stored")}</h3>}
        {workspace && workspace.scenarios.length > 0 && (
          <ul className="stored">
            {workspace.scenarios.map((s) => (
              <li key={s.id}>
                <button className="link" data-scenario={s.id} onClick={() => openStored(s.id)}>
                  {s.name}
                </button>
                <span className="muted">
                  {" "}
                  {t(`status.${s.status}`)} · {t("start.versions", { count: s.versions })}
                </span>{" "}
                {workspace.drafts.some((d) => d.scenario_id === s.id) && <span className="badge">{t("list.hasDraft")}</span>}{" "}
                <button className="small" data-duplicate={s.id} onClick={() => duplicateStored(s.id)}>
                  {t("start.duplicate")}
                </button>{" "}
                <ConfirmButton
                  className="small"
                  data-delete={s.id}
                  question={t("start.confirmDelete", { name: s.name })}
                  onConfirmed={() => deleteStored(s.id)}
                >
                  {t("start.delete")}
                </ConfirmButton>
              </li>
            ))}
          </ul>
        )}
        <SampleData />
      </section>
      <h2>{t("start.templates")}</h2>
      <div className="cards">
        {templates.map((tpl) => (
          <button key={tpl.key} className="card" data-template={tpl.key} onClick={() => openTemplate(tpl.key)}>
            <Preview scenario={tpl.scenario} />
            <span className="card-name">{tpl.title[lang]}</span>
            <span className="card-purpose">{tpl.purpose[lang]}</span>
            <span className="card-meta">{t("start.nodes", { count: tpl.nodes })}</span>
          </button>
        ))}
      </div>
    </main>
  );
}
