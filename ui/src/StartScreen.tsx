import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { useStudio } from "./store";

export default function StartScreen() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === "en" ? "en" : "ja";
  const templates = useStudio((s) => s.templates);
  const loadTemplates = useStudio((s) => s.loadTemplates);
  const openTemplate = useStudio((s) => s.openTemplate);
  useEffect(() => {
    loadTemplates();
  }, [loadTemplates]);
  return (
    <main className="start">
      <h1>{t("app.title")}</h1>
      <p className="tagline">{t("app.tagline")}</p>
      <h2>{t("start.templates")}</h2>
      <div className="cards">
        {templates.map((tpl) => (
          <button
            key={tpl.key}
            className="card"
            data-template={tpl.key}
            onClick={() => openTemplate(tpl.key)}
          >
            <span className="card-name">{tpl.name}</span>
            <span className="card-purpose">{tpl.purpose[lang]}</span>
            <span className="card-meta">{t("start.nodes", { count: tpl.nodes })}</span>
          </button>
        ))}
      </div>
    </main>
  );
}
