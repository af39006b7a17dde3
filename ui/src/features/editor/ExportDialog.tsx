// The export dialog: the open scenario as JSON, BPMN or Mermaid, the canvas as PNG or SVG, and the
// last forecast as an HTML report. Each asks where to save (or uses the automation folder).
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { save } from "@tauri-apps/plugin-dialog";
import { getNodesBounds, useReactFlow } from "@xyflow/react";
import { toPng, toSvg } from "html-to-image";
import * as api from "../../ipc/api";
import { failed } from "../../ipc/errors";
import { useStudio } from "../../store/studio";
import { useSimulation } from "../forecast/simulation";
import { type Box, union } from "./layout";

type Kind = "json" | "bpmn" | "mermaid" | "png" | "svg" | "report";
const EXTENSION: Record<Kind, string> = { json: "json", bpmn: "bpmn", mermaid: "mmd", png: "png", svg: "svg", report: "html" };

/** Where to write `name`: the automation folder, or what the user picks. */
export async function target(name: string, extension: string): Promise<string | null> {
  const folder = await api.exportFolder();
  if (folder) return `${folder.replace(/[\\/]$/, "")}/${name}`;
  const path = await save({ defaultPath: name, filters: [{ name: extension.toUpperCase(), extensions: [extension] }] });
  return typeof path === "string" ? path : null;
}

/** A file name made of a scenario's name: what no file system takes (`\ / : * ? " < > |`, control
 * characters, leading and trailing dots and spaces) becomes `_`, Japanese stays; at most 80
 * characters; `fallback` (the scenario's id) where nothing is left. */
export function fileNameOf(name: string, fallback: string): string {
  const safe = Array.from(name.normalize("NFC").replace(/\s+/g, " "))
    .map((c) => (/[\\/:*?"<>|]/.test(c) || c.charCodeAt(0) < 0x20 || c === "\u007f" ? "_" : c))
    .join("")
    .replace(/^[\s.]+|[\s.]+$/g, "");
  const cut = Array.from(safe).slice(0, 80).join("").trim();
  return cut && !/^_+$/.test(cut) ? cut : fallback;
}

/** How much larger than the canvas at 100 % the exported image is drawn: print resolution. */
const PRINT_SCALE = 2;
/** The room around the scenario in the image (canvas pixels). */
const IMAGE_MARGIN = 40;
/** The largest side an image gets (px); a larger scenario is drawn at a smaller scale. */
const IMAGE_MAX = 8000;

/** What the canvas draws, in canvas coordinates: every node, and every edge with its label (an
 * edge routed beside the nodes, a loop around them, a label beside its exit reach beyond the
 * nodes' box, and must not be cut off). */
function drawnBounds(nodes: ReturnType<ReturnType<typeof useReactFlow>["getNodes"]>): Box {
  const viewport = document.querySelector<HTMLElement>(".react-flow__viewport")!;
  const m = new DOMMatrix(getComputedStyle(viewport).transform);
  const pane = viewport.parentElement!.getBoundingClientRect();
  const edges = [...document.querySelectorAll(".react-flow__edge")].map((e) => {
    const r = e.getBoundingClientRect();
    return { x: (r.left - pane.left - m.e) / m.a, y: (r.top - pane.top - m.f) / m.a, width: r.width / m.a, height: r.height / m.a };
  });
  return union([getNodesBounds(nodes), ...edges.filter((b) => b.width > 0 || b.height > 0)]);
}

/** The canvas drawn as an image of the whole scenario, on white, at `PRINT_SCALE` × its size on the
 * canvas at 100 %. */
async function drawCanvas(kind: "png" | "svg", nodes: ReturnType<ReturnType<typeof useReactFlow>["getNodes"]>) {
  const bounds = drawnBounds(nodes);
  const [w, h] = [bounds.width + 2 * IMAGE_MARGIN, bounds.height + 2 * IMAGE_MARGIN];
  const zoom = Math.min(PRINT_SCALE, IMAGE_MAX / w, IMAGE_MAX / h);
  const [width, height] = [Math.round(w * zoom), Math.round(h * zoom)];
  const [x, y] = [(IMAGE_MARGIN - bounds.x) * zoom, (IMAGE_MARGIN - bounds.y) * zoom];
  const element = document.querySelector<HTMLElement>(".react-flow__viewport")!;
  const options = {
    // The connection handles are for editing; the picture shows the scenario.
    filter: (node: HTMLElement) => !node.classList?.contains("react-flow__handle"),
    backgroundColor: "#ffffff",
    width,
    height,
    style: { width: `${width}px`, height: `${height}px`, transform: `translate(${x}px, ${y}px) scale(${zoom})` },
  };
  return kind === "png" ? toPng(element, options) : toSvg(element, options);
}

export default function ExportDialog({ onClose }: { onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === "en" ? "en" : "ja";
  const scenario = useStudio((s) => s.scenario)!;
  const outcome = useSimulation((s) => s.outcome);
  // The report is of the last full forecast (a live estimate has no report of its own).
  const fullForecast = outcome !== null && !outcome.sample;
  const flow = useReactFlow();
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<api.Localized | null>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && onClose();
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onClose]);
  const run = async (kind: Kind) => {
    setDone(null);
    setError(null);
    const base = fileNameOf(scenario.name, scenario.id);
    const path = await target(`${base}${kind === "report" ? t("export.reportSuffix") : ""}.${EXTENSION[kind]}`, EXTENSION[kind]);
    if (!path) return;
    try {
      if (kind === "png" || kind === "svg") {
        const data = await drawCanvas(kind, flow.getNodes());
        // toSvg gives a data URL; the file holds the SVG itself.
        await api.saveImage(kind === "svg" ? decodeURIComponent(data.slice(data.indexOf(",") + 1)) : data, path);
      } else if (kind === "report") {
        await api.exportForecastReport(path, lang);
      } else {
        await api.exportScenario(scenario, kind, path);
      }
      setDone(path);
    } catch (e) {
      setError(failed(e));
    }
  };
  const kinds: Kind[] = ["json", "bpmn", "mermaid", "png", "svg", "report"];
  return (
    <div className="overlay" role="dialog" aria-label={t("export.title")} onClick={onClose}>
      <div className="overlay-box export-box" onClick={(e) => e.stopPropagation()}>
        <h3>{t("export.title")}</h3>
        <ul className="export-list">
          {kinds.map((k) => (
            <li key={k}>
              <button data-export-kind={k} onClick={() => run(k)} disabled={k === "report" && !fullForecast}>
                {t(`export.${k}`)}
              </button>
              <span className="muted">{t(`export.${k}Hint`)}</span>
            </li>
          ))}
        </ul>
        {done && (
          <p className="export-done" id="export-done">
            {t("export.done", { path: done })}
          </p>
        )}
        {error && <p className="sim-error">{error[lang]}</p>}
        <button id="export-close" onClick={onClose}>
          {t("editor.shortcuts.close")}
        </button>
      </div>
    </div>
  );
}
