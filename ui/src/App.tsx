import { lazy, Suspense, useEffect } from "react";
import { startupFile } from "./ipc/api";
import { useTranslation } from "react-i18next";
import { useStudio } from "./store/studio";
import StartScreen from "./features/start/StartScreen";
import { ConfirmHost } from "./components/ConfirmDialog";
// The start screen is in the first bundle; every other screen (the canvas, the charts) loads when
// first opened, so that the app starts sooner (scripts/package-test.sh reports its start-up).
const Editor = lazy(() => import("./features/editor/Editor"));
const DiagnosisScreen = lazy(() => import("./features/diagnosis/DiagnosisScreen"));
const SettingsScreen = lazy(() => import("./features/settings/SettingsScreen"));
const LeadsScreen = lazy(() => import("./features/leads/LeadsScreen"));
const ForecastScreen = lazy(() => import("./features/forecast/ForecastScreen"));
const BacktestScreen = lazy(() => import("./features/backtest/BacktestScreen"));

export default function App() {
  const { t, i18n } = useTranslation();
  const scenario = useStudio((s) => s.scenario);
  const screen = useStudio((s) => s.screen);
  const error = useStudio((s) => s.error);
  // Set once the window knows which workspace is open: what the end-to-end tests wait for.
  const ready = useStudio((s) => s.workspaceKnown);
  const lang = i18n.language === "en" ? "en" : "ja";
  const openFile = useStudio((s) => s.openFile);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  // A scenario file named on the command line opens on start.
  useEffect(() => {
    startupFile()
      .then((path) => {
        // A CSV opens the import wizard; anything else is read as a scenario.
        if (path && /\.(csv|txt)$/i.test(path)) useStudio.setState({ importPath: path });
        else if (path) return openFile(path);
      })
      .catch(() => {});
  }, [openFile]);
  return (
    <div className="app" data-ready={ready}>
      <ConfirmHost />
      <header className="topbar">
        <span className="brand">{t("app.title")}</span>
        <label className="language">
          {t("language.label")}{" "}
          <select
            id="language"
            value={lang}
            onChange={(e) => i18n.changeLanguage(e.target.value)}
          >
            <option value="ja">{t("language.ja")}</option>
            <option value="en">{t("language.en")}</option>
          </select>
        </label>
      </header>
      {error && (
        <div className="error-banner" role="alert">
          {t("error.title")}: {error[lang]}
        </div>
      )}
      <Suspense fallback={<main aria-busy="true" />}>
        {scenario ? (
          <Editor />
        ) : screen === "diagnosis" ? (
          <DiagnosisScreen />
        ) : screen === "settings" ? (
          <SettingsScreen />
        ) : screen === "leads" ? (
          <LeadsScreen />
        ) : screen === "forecast" ? (
          <ForecastScreen />
        ) : screen === "check" ? (
          <BacktestScreen />
        ) : (
          <StartScreen />
        )}
      </Suspense>
    </div>
  );
}
