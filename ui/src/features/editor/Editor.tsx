import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import {
  Background,
  BaseEdge,
  ControlButton,
  Controls,
  Handle,
  MiniMap,
  Position,
  ReactFlow,
  ReactFlowProvider,
  useNodes,
  useNodesInitialized,
  useReactFlow,
  useUpdateNodeInternals,
  type Connection,
  type Edge,
  type EdgeChange,
  type EdgeProps,
  type Node,
  type NodeChange,
  type NodeProps,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { ask } from "@tauri-apps/plugin-dialog";
import { getCurrentWindow } from "@tauri-apps/api/window";
import { useStudio } from "../../store/studio";
import * as graph from "../../store/graph";
import type { Diagnostic } from "../../ipc/api";
import { ChoicesContext, NodeForm, ScenarioForm, type Choices } from "./forms";
import { autoLayout, legibleViewport, NODE_SIZE } from "./layout";
import * as routing from "./routing";
import { Icon } from "../../components/icons";
import { ConfirmButton } from "../../components/ConfirmButton";
import { confirm } from "../../components/ConfirmDialog";
import SimulationPanel from "../forecast/SimulationPanel";
import ExportDialog from "./ExportDialog";
import { overlayOf, pathOf, summaryOf, useSimulation, workspaceKey } from "../forecast/simulation";
import { handleName, lookOf, PALETTE, type NodeKindType } from "./nodes";

interface StepData extends Record<string, unknown> {
  title: string;
  summary: string;
  kind: NodeKindType;
  outputs: string[];
  /** Exits that have an edge (their edge carries the label). */
  connected: string[];
  severity: "error" | "warning" | null;
  /** Leads the forecast brings into the node (mean over runs), when there is a forecast. */
  entered?: number;
  /** The count is a live estimate from a sample of the leads. */
  estimate?: boolean;
  /** The node is tied to a KPI forecast outside its target. */
  missed: boolean;
  /** On a traced lead's path so far, or where the lead is at the step shown. */
  trace: "visited" | "current" | null;
}

/** An exit's label on the canvas: its name, its branch's label, or nothing for `out`. */
function handleText(handle: string, t: TFunction): string {
  const name = handleName(handle);
  return name == null ? "" : "branch" in name ? name.branch : t(`handle.${name.named}`);
}

function StepNode({ id, data, selected }: NodeProps<Node<StepData>>) {
  const { t } = useTranslation();
  const look = lookOf(data.kind);
  const label = (h: string) => handleText(h, t);
  // React Flow measures a node's handles when the node's size changes; exits that appear or go
  // without one (the node's views arriving after it is drawn, a branch added) must be measured
  // anew, or the edges out of them are not drawn.
  // (Not on the first render: React Flow measures a new node itself.)
  const updateNodeInternals = useUpdateNodeInternals();
  const exits = data.outputs.join("\u0000");
  const measuredExits = useRef(exits);
  useEffect(() => {
    if (measuredExits.current === exits) return;
    measuredExits.current = exits;
    updateNodeInternals(id);
  }, [id, exits, updateNodeInternals]);
  return (
    <div
      className={`step ${data.severity ?? ""} ${selected ? "selected" : ""} ${data.missed ? "kpi-missed" : ""} ${data.trace ? `trace-${data.trace}` : ""}`}
      style={{ borderLeftColor: look.colour }}
      data-kind={data.kind}
    >
      {data.kind !== "trigger" && <Handle type="target" position={Position.Top} />}
      <div className="step-kind" style={{ color: look.colour }}>
        <span className="step-icon">{look.icon}</span> {t(`kind.${data.kind}`)}
        {data.severity && <span className={`marker ${data.severity}`}>!</span>}
      </div>
      <div className="step-title">{data.title || t(`kind.${data.kind}`)}</div>
      {data.entered !== undefined && (
        <div className={`sim-count ${data.estimate ? "estimate" : ""}`} title={t(data.estimate ? "sim.estimateHint" : "sim.enteredHint")}>
          {t(data.estimate ? "sim.enteredEstimate" : "sim.entered", { n: Math.round(data.entered).toLocaleString() })}
        </div>
      )}
      {data.summary && data.summary !== data.title && <div className="step-summary">{data.summary}</div>}
      {data.outputs.map((h, i) => (
        <Handle
          key={h}
          id={h}
          type="source"
          position={Position.Bottom}
          style={{ left: `${((i + 1) * 100) / (data.outputs.length + 1)}%` }}
          data-handle={h}
        >
          {data.outputs.length > 1 && !data.connected.includes(h) && <span className="handle-label">{label(h)}</span>}
        </Handle>
      ))}
    </div>
  );
}

/** An edge routed around the nodes (`routing.ts`), its label on a run no node covers. */
function RoutedEdge({ source, target, sourceX, sourceY, targetX, targetY, label, style, labelStyle, labelBgStyle, markerEnd }: EdgeProps) {
  const nodes = useNodes();
  const obstacles = nodes
    .filter((n) => n.id !== source && n.id !== target)
    .map((n) => ({
      x: n.position.x,
      y: n.position.y,
      width: n.measured?.width ?? NODE_SIZE.width,
      height: n.measured?.height ?? NODE_SIZE.height,
    }));
  const r = routing.route({ x: sourceX, y: sourceY }, { x: targetX, y: targetY }, obstacles);
  return (
    <BaseEdge
      path={routing.pathOf(r.points)}
      style={style}
      markerEnd={markerEnd}
      label={label}
      labelX={r.label.x}
      labelY={r.label.y}
      labelStyle={labelStyle}
      labelBgStyle={labelBgStyle}
      labelBgPadding={[4, 2]}
      labelBgBorderRadius={3}
    />
  );
}

const nodeTypes = { step: StepNode };
const edgeTypes = { routed: RoutedEdge };
const EDGE_STYLE = { stroke: "#94a3b8", strokeWidth: 1.5 };
const EDGE_LABEL_STYLE = { fill: "#334155", fontSize: 12 };
const EDGE_LABEL_BG = { fill: "#ffffff" };
/** The furthest out a reader can zoom for an overview (a scenario opens legible: `LEGIBLE_ZOOM`). */
const MIN_ZOOM = 0.25;

function worst(problems: Diagnostic[], node: string): "error" | "warning" | null {
  const mine = problems.filter((p) => p.node === node);
  if (mine.some((p) => p.severity === "error")) return "error";
  return mine.length > 0 ? "warning" : null;
}

/** The nodes' boxes on the canvas, the trigger first (a view that cannot hold them all starts there). */
function boxesOf(nodes: Node[]) {
  const boxes = nodes.map((n) => ({
    x: n.position.x,
    y: n.position.y,
    width: n.measured?.width ?? NODE_SIZE.width,
    height: n.measured?.height ?? NODE_SIZE.height,
    trigger: (n.data as StepData).kind === "trigger",
  }));
  return [...boxes.filter((b) => b.trigger), ...boxes.filter((b) => !b.trigger)];
}

/** Fits the scenario at a legible zoom (`legibleViewport`) into the canvas `pane`. */
function useLegibleFit(pane: React.RefObject<HTMLDivElement | null>) {
  const flow = useReactFlow();
  return useCallback(() => {
    const box = pane.current?.getBoundingClientRect();
    if (box) flow.setViewport(legibleViewport(boxesOf(flow.getNodes()), box));
  }, [flow, pane]);
}

function Canvas({ pane }: { pane: React.RefObject<HTMLDivElement | null> }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === "en" ? "en" : "ja";
  const scenario = useStudio((s) => s.scenario)!;
  const problems = useStudio((s) => s.problems);
  const views = useStudio((s) => s.views);
  const selection = useStudio((s) => s.selection);
  const edgeSelection = useStudio((s) => s.edgeSelection);
  const setSelection = useStudio((s) => s.setSelection);
  const edit = useStudio((s) => s.edit);
  const flow = useReactFlow();
  const outcome = useSimulation((s) => s.outcome);
  const overlay = useMemo(() => overlayOf(summaryOf(outcome, scenario.id), scenario), [outcome, scenario]);
  const trace = useSimulation((s) => s.trace);
  const step = useSimulation((s) => s.step);
  const path = useMemo(() => pathOf(trace, scenario.id, step), [trace, scenario.id, step]);
  // A scenario opens fitted at a zoom its text can be read at, once its nodes are measured.
  const fit = useLegibleFit(pane);
  const measured = useNodesInitialized();
  const fittedFor = useRef<string | null>(null);
  useEffect(() => {
    if (measured && fittedFor.current !== scenario.id) {
      fittedFor.current = scenario.id;
      fit();
    }
  }, [measured, scenario.id, fit]);
  // A node selected off screen (from the problem list, a trace step, a node added by a click) is
  // brought into view, at the zoom the reader chose.
  const focus = selection.length === 1 ? selection[0] : path.current;
  useEffect(() => {
    const node = flow.getNode(focus ?? "");
    const box = pane.current?.getBoundingClientRect();
    if (!node || !box) return;
    const { x, y, zoom } = flow.getViewport();
    const [w, h] = [node.measured?.width ?? NODE_SIZE.width, node.measured?.height ?? NODE_SIZE.height];
    const [left, top] = [node.position.x * zoom + x, node.position.y * zoom + y];
    const inside = left >= 0 && top >= 0 && left + w * zoom <= box.width && top + h * zoom <= box.height;
    if (!inside) flow.setCenter(node.position.x + w / 2, node.position.y + h / 2, { zoom, duration: 200 });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [focus]);
  // Positions while a node is being dragged; committed as one edit when the drag ends.
  const [dragging, setDragging] = useState<Record<string, { x: number; y: number }>>({});
  // Sizes React Flow measured, kept so the minimap and edges know each node's box.
  const [sizes, setSizes] = useState<Record<string, { width: number; height: number }>>({});
  const nodes: Node<StepData>[] = useMemo(
    () =>
      scenario.nodes.map((n) => ({
        id: n.id,
        type: "step",
        position: dragging[n.id] ?? { x: n.position?.x ?? 0, y: n.position?.y ?? 0 },
        measured: sizes[n.id],
        selected: selection.includes(n.id),
        data: {
          title: n.title ?? "",
          summary: views[n.id]?.summary[lang] ?? "",
          kind: n.kind.type,
          outputs: views[n.id]?.outputs ?? [],
          connected: (scenario.edges ?? []).filter((e) => e.source === n.id).map((e) => e.source_handle ?? "out"),
          severity: worst(problems, n.id),
          entered: overlay ? (overlay.entered[n.id] ?? 0) : undefined,
          estimate: !!outcome?.sample,
          missed: overlay?.missed.has(n.id) ?? false,
          trace: path.current === n.id ? "current" : path.visited.has(n.id) ? "visited" : null,
        },
      })),
    [scenario, problems, views, selection, lang, dragging, sizes, overlay, path, outcome],
  );
  const edges: Edge[] = useMemo(() => {
    // A node as the reader knows it: its title, or its kind's name.
    const titleOf = (id: string) => {
      const n = scenario.nodes.find((x) => x.id === id);
      return n ? n.title || t(`kind.${n.kind.type}`) : id;
    };
    return (scenario.edges ?? []).map((e) => {
        const handle = e.source_handle ?? "out";
        const name = handleText(handle, t);
        // With a forecast, each edge carries the share of the node's leads that take it.
        const share = overlay?.share[`${e.source}/${handle}`];
        const label =
          share !== undefined ? `${name} ${share.toLocaleString(lang, { maximumFractionDigits: 1 })}%`.trim() : name || undefined;
        return {
          id: e.id,
          source: e.source,
          target: e.target,
          sourceHandle: handle,
          type: "routed",
          // Above the nodes: a label next to a node it passes is read, not hidden.
          zIndex: 1,
          ariaLabel: t("editor.edgeLabel", { from: titleOf(e.source), to: titleOf(e.target) }),
          // Which nodes it joins, for the end-to-end tests (SVG attributes take no data- keys in their type).
          domAttributes: { "data-source": e.source, "data-target": e.target } as Edge["domAttributes"],
          label,
          selected: edgeSelection.includes(e.id),
          // Inline, not through React Flow's CSS variables: the exported image keeps them.
          style: EDGE_STYLE,
          labelStyle: EDGE_LABEL_STYLE,
          labelBgStyle: EDGE_LABEL_BG,
        };
      });
  }, [scenario, t, edgeSelection, overlay, lang]);
  // React Flow reports clicks, Ctrl+clicks and Shift+drag boxes as selection changes; the store
  // keeps the selection so the property panel, Delete and Ctrl+C see the same one.
  const applySelect = (changes: { type: string; id?: string; selected?: boolean }[], nodes: boolean) => {
    const picks = changes.filter((c) => c.type === "select");
    if (picks.length === 0) return;
    const { selection: ns, edgeSelection: es } = useStudio.getState();
    const now = new Set(nodes ? ns : es);
    for (const c of picks) {
      if (c.selected) now.add(c.id!);
      else now.delete(c.id!);
    }
    if (nodes) setSelection([...now], es);
    else setSelection(ns, [...now]);
  };
  const onEdgesChange = (changes: EdgeChange[]) => applySelect(changes, false);
  const onNodesChange = (changes: NodeChange<Node<StepData>>[]) => {
    applySelect(changes, true);
    for (const c of changes) {
      if (c.type === "position" && c.position && c.dragging) {
        const p = c.position;
        setDragging((d) => ({ ...d, [c.id]: p }));
      } else if (c.type === "dimensions" && c.dimensions) {
        const size = c.dimensions;
        setSizes((all) => ({ ...all, [c.id]: size }));
      }
    }
  };
  // A drag moves the dragged node or the whole selection: one step of history either way.
  const onNodeDragStop = (_: unknown, node: Node, moved: Node[]) => {
    const to: Record<string, { x: number; y: number }> = {};
    for (const n of moved.length ? moved : [node]) to[n.id] = n.position;
    edit((s) => graph.moveNodes(s, to));
    setDragging({});
  };
  const onConnect = (c: Connection) => {
    if (c.source && c.target) edit((s) => graph.connect(s, c.source, c.sourceHandle ?? "out", c.target));
  };
  const labels = useMemo(
    () => ({
      "controls.ariaLabel": t("editor.controls"),
      "controls.zoomIn.ariaLabel": t("editor.zoomIn"),
      "controls.zoomOut.ariaLabel": t("editor.zoomOut"),
      "controls.fitView.ariaLabel": t("editor.fit"),
      "minimap.ariaLabel": t("editor.minimap"),
      "handle.ariaLabel": t("editor.handle"),
      "node.a11yDescription.default": t("editor.nodeHint"),
      "edge.a11yDescription.default": t("editor.edgeHint"),
    }),
    [t],
  );
  return (
    <div className="canvas" ref={pane}>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        minZoom={MIN_ZOOM}
        // The wheel scrolls the scenario like a page; Ctrl+wheel (or a pinch) zooms.
        panOnScroll
        zoomActivationKeyCode={["Control", "Meta"]}
        ariaLabelConfig={labels}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onNodeDragStop={onNodeDragStop}
        onConnect={onConnect}
        deleteKeyCode={null}
        // WebKitGTK presents itself as a Mac, so React Flow would wait for ⌘: both keys add to the selection.
        multiSelectionKeyCode={["Control", "Meta"]}
      >
        <Background />
        <Controls showFitView={false} showInteractive={false}>
          <ControlButton className="react-flow__controls-fitview" onClick={fit} title={t("editor.fit")} aria-label={t("editor.fit")}>
            <svg viewBox="0 0 16 16" aria-hidden="true">
              <path d="M1 5V1h4M11 1h4v4M15 11v4h-4M5 15H1v-4" fill="none" stroke="currentColor" strokeWidth="1.6" />
            </svg>
          </ControlButton>
        </Controls>
      </ReactFlow>
    </div>
  );
}

/** The overview of the whole scenario, docked under the properties so it never covers a node;
 * it can be put away. */
function Overview() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(true);
  return (
    <section className={`minimap-dock ${open ? "open" : ""}`}>
      <button id="minimap-toggle" className="link" aria-pressed={open} onClick={() => setOpen((o) => !o)}>
        {open ? `▾ ${t("editor.hideMinimap")}` : `▸ ${t("editor.showMinimap")}`}
      </button>
      {open && (
        <MiniMap
          pannable
          zoomable
          style={{ position: "static", margin: 0 }}
          // Outside the canvas React Flow's colour variables do not reach it: its colours here.
          bgColor="#ffffff"
          maskColor="rgba(226, 232, 240, 0.7)"
          maskStrokeColor="#6366f1"
          maskStrokeWidth={2}
          nodeColor={(n) => lookOf((n.data as StepData).kind).colour}
          nodeStrokeWidth={3}
        />
      )}
    </section>
  );
}

/** The least the forecast panel and the canvas each keep of the editor's height (px). */
const PANEL_MIN = 140;
const CANVAS_MIN = 220;

/** The forecast panel under the canvas: its height dragged on the bar above it (or stepped with
 * the arrow keys there), and folded down to its run bar, so the canvas keeps what the reader
 * wants of the window. */
function ForecastDock({ children }: { children: React.ReactNode }) {
  const { t } = useTranslation();
  const dock = useRef<HTMLDivElement>(null);
  const [height, setHeight] = useState<number | null>(null);
  const [folded, setFolded] = useState(false);
  const clamp = (h: number) => {
    const centre = dock.current?.parentElement?.getBoundingClientRect().height ?? 800;
    return Math.round(Math.max(PANEL_MIN, Math.min(centre - CANVAS_MIN, h)));
  };
  const press = (e: React.PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0 || e.target !== e.currentTarget) return;
    e.preventDefault();
    const bottom = dock.current?.getBoundingClientRect().bottom ?? 0;
    const move = (m: PointerEvent) => setHeight(clamp(bottom - m.clientY));
    const release = () => {
      window.removeEventListener("pointermove", move);
      window.removeEventListener("pointerup", release);
    };
    setFolded(false);
    window.addEventListener("pointermove", move);
    window.addEventListener("pointerup", release);
  };
  const shown = height ?? undefined;
  return (
    <div ref={dock} className={`sim-dock ${folded ? "folded" : ""}`} style={folded ? undefined : { height: shown }}>
      <div
        className="sim-splitter"
        id="sim-splitter"
        role="separator"
        aria-orientation="horizontal"
        aria-label={t("sim.resize")}
        title={t("sim.resize")}
        tabIndex={0}
        onPointerDown={press}
        onKeyDown={(e) => {
          const now = dock.current?.getBoundingClientRect().height ?? PANEL_MIN;
          if (e.key === "ArrowUp") setHeight(clamp(now + 40));
          else if (e.key === "ArrowDown") setHeight(clamp(now - 40));
          else return;
          e.preventDefault();
        }}
      >
        <button id="sim-fold" className="link" aria-expanded={!folded} onClick={() => setFolded((f) => !f)}>
          {folded ? `▴ ${t("sim.unfold")}` : `▾ ${t("sim.fold")}`}
        </button>
      </div>
      {children}
    </div>
  );
}

/** A palette item being dragged: its kind and where the pointer is. */
interface Carried {
  kind: NodeKindType;
  x: number;
  y: number;
}

/** How far the pointer moves before a press on a palette item is a drag, not a click (px). */
const DRAG_THRESHOLD = 5;

function Palette({ pane }: { pane: React.RefObject<HTMLDivElement | null> }) {
  const { t } = useTranslation();
  const addNode = useStudio((s) => s.addNode);
  const flow = useReactFlow();
  // Dragged with pointer events, not HTML5 drag and drop: the same in WebKitGTK, WebView2 and
  // WKWebView, and under WebDriver's pointer actions.
  const [carried, setCarried] = useState<Carried | null>(null);
  const dragged = useRef(false);
  const overCanvas = (x: number, y: number) => {
    const box = pane.current?.getBoundingClientRect();
    return !!box && x >= box.left && x <= box.right && y >= box.top && y <= box.bottom;
  };
  const press = (kind: NodeKindType, e: React.PointerEvent) => {
    if (e.button !== 0) return;
    const [x0, y0] = [e.clientX, e.clientY];
    dragged.current = false;
    const move = (m: PointerEvent) => {
      if (!dragged.current && Math.hypot(m.clientX - x0, m.clientY - y0) < DRAG_THRESHOLD) return;
      dragged.current = true;
      setCarried({ kind, x: m.clientX, y: m.clientY });
    };
    const release = (u: PointerEvent) => {
      window.removeEventListener("pointermove", move);
      window.removeEventListener("pointerup", release);
      window.removeEventListener("pointercancel", cancel);
      setCarried(null);
      if (dragged.current && overCanvas(u.clientX, u.clientY)) {
        // The node's middle where the pointer let go.
        const p = flow.screenToFlowPosition({ x: u.clientX, y: u.clientY });
        addNode(kind, { drop: { x: Math.round(p.x - NODE_SIZE.width / 2), y: Math.round(p.y - NODE_SIZE.height / 2) } });
      }
    };
    const cancel = () => {
      window.removeEventListener("pointermove", move);
      window.removeEventListener("pointerup", release);
      window.removeEventListener("pointercancel", cancel);
      setCarried(null);
    };
    window.addEventListener("pointermove", move);
    window.addEventListener("pointerup", release);
    window.addEventListener("pointercancel", cancel);
  };
  // A click (or Enter on the item) adds the node below the selected one, or in the middle of
  // what the canvas shows; a drag that just ended is not also a click.
  const click = (kind: NodeKindType) => {
    if (dragged.current) {
      dragged.current = false;
      return;
    }
    const box = pane.current?.getBoundingClientRect();
    const p = box ? flow.screenToFlowPosition({ x: box.x + box.width / 2, y: box.y + box.height / 2 }) : { x: 0, y: 0 };
    addNode(kind, { centre: { x: Math.round(p.x - NODE_SIZE.width / 2), y: Math.round(p.y - NODE_SIZE.height / 2) } });
  };
  return (
    <div className="palette">
      {PALETTE.map(([group, kinds]) => (
        <div key={group} className="palette-group">
          <div className="palette-title">{t(`palette.${group}`)}</div>
          {kinds.map((kind) => (
            <button
              key={kind}
              className="palette-item"
              data-kind={kind}
              onPointerDown={(e) => press(kind, e)}
              onClick={() => click(kind)}
              title={t("palette.hint")}
            >
              <span style={{ color: lookOf(kind).colour }}>{lookOf(kind).icon}</span> {t(`kind.${kind}`)}
            </button>
          ))}
        </div>
      ))}
      {carried && (
        <div
          className={`palette-ghost ${overCanvas(carried.x, carried.y) ? "over" : ""}`}
          id="palette-ghost"
          style={{ left: carried.x, top: carried.y, borderLeftColor: lookOf(carried.kind).colour }}
        >
          <span style={{ color: lookOf(carried.kind).colour }}>{lookOf(carried.kind).icon}</span> {t(`kind.${carried.kind}`)}
        </div>
      )}
    </div>
  );
}

function SaveBar() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === "en" ? "en" : "ja";
  const autosavedAt = useStudio((s) => s.autosavedAt);
  const workspace = useStudio((s) => s.workspace);
  const dirty = useStudio((s) => s.scenario !== s.saved);
  const stored = useStudio((s) => s.stored);
  const save = useStudio((s) => s.save);
  const [note, setNote] = useState("");
  if (!workspace) return <p className="muted">{t("save.needWorkspace")}</p>;
  return (
    <div className="savebar">
      <label>
        {t("save.note")}
        <input id="save-note" value={note} placeholder={t("save.notePlaceholder")} onChange={(e) => setNote(e.target.value)} />
      </label>
      <button
        id="save"
        onClick={async () => {
          // A scenario with errors cannot run: saved only as a draft, or left to be fixed.
          const { scenario, problems, edit, select } = useStudio.getState();
          const errors = problems.filter((p) => p.severity === "error");
          if (scenario && errors.length > 0) {
            const asDraft = await confirm(
              t("save.errorsAsk", { count: errors.length, first: errors[0].message[lang] }),
              t("save.asDraft"),
              t("save.goFix"),
            );
            if (!asDraft) {
              if (errors[0].node) select(errors[0].node);
              return;
            }
            if (scenario.status && scenario.status !== "draft") edit((s) => ({ ...s, status: "draft" }));
          }
          if (await save(note)) setNote("");
        }}
      >
        {t("save.button")}
      </button>
      <span id="save-state" className={dirty || !stored ? "unsaved" : "saved"}>
        {dirty ? t("save.unsaved") : stored ? t("save.saved") : t("save.notStored")}
      </span>
      {/* The line keeps its place while empty: a draft saved a moment after an edit must not
          push the buttons below it from under the pointer. */}
      <span className="autosave-line muted">
        {dirty && autosavedAt !== null && (
          <span id="autosaved">
            {t("save.autosaved", { time: new Date(autosavedAt).toLocaleTimeString(lang, { hour: "2-digit", minute: "2-digit" }) })}
          </span>
        )}
      </span>
    </div>
  );
}

/** Offers the autosaved draft found when a stored scenario was opened. */
function DraftOffer() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === "en" ? "en" : "ja";
  const offer = useStudio((s) => s.offer);
  const restore = useStudio((s) => s.restoreDraft);
  const discard = useStudio((s) => s.discardDraft);
  if (!offer) return null;
  const when = new Date(offer.saved_at * 1000).toLocaleString(lang);
  return (
    <div className="draft-offer" role="status" id="draft-offer">
      <p>{t("draft.found", { when })}</p>
      <button id="restore-draft" onClick={restore}>
        {t("draft.restore")}
      </button>{" "}
      <button className="small" id="discard-draft" onClick={() => discard()}>
        {t("draft.discard")}
      </button>
    </div>
  );
}

/** The workspace's scenarios: switch to one, create, rename, duplicate, delete. */
function ScenarioList() {
  const { t } = useTranslation();
  const workspace = useStudio((s) => s.workspace);
  const scenario = useStudio((s) => s.scenario)!;
  const dirty = useStudio((s) => s.scenario !== s.saved);
  const edit = useStudio((s) => s.edit);
  const openStored = useStudio((s) => s.openStored);
  const newScenario = useStudio((s) => s.newScenario);
  const flushDraft = useStudio((s) => s.flushDraft);
  const renameStored = useStudio((s) => s.renameStored);
  const duplicateStored = useStudio((s) => s.duplicateStored);
  const deleteStored = useStudio((s) => s.deleteStored);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [name, setName] = useState("");
  if (!workspace) return null;
  const drafts = new Set(workspace.drafts.map((d) => d.scenario_id));
  // Leaving a scenario keeps its unsaved work as a draft: nothing to ask.
  const leaveFor = async (go: () => Promise<void>) => {
    await flushDraft();
    await go();
  };
  const commitRename = async (id: string) => {
    setRenaming(null);
    const trimmed = name.trim();
    if (!trimmed) return;
    if (id === scenario.id) edit((s) => ({ ...s, name: trimmed }));
    else await renameStored(id, trimmed);
  };
  const rows = workspace.scenarios.some((s) => s.id === scenario.id)
    ? workspace.scenarios
    : [...workspace.scenarios, { id: scenario.id, name: scenario.name, status: "draft", updated_at: 0, versions: 0 }];
  return (
    <details className="scenario-list" open>
      <summary>{t("list.title", { count: workspace.scenarios.length })}</summary>
      <ul>
        {rows.map((s) => {
          const open = s.id === scenario.id;
          const shown = open ? scenario.name : s.name;
          return (
            <li key={s.id} className={open ? "current" : ""} data-row={s.id}>
              {renaming === s.id ? (
                <input
                  className="rename"
                  autoFocus
                  value={name}
                  aria-label={t("list.rename")}
                  onFocus={(e) => e.target.select()}
                  onChange={(e) => setName(e.target.value)}
                  onBlur={() => commitRename(s.id)}
                  onKeyDown={(e) => {
                    if (e.key === "Enter") commitRename(s.id);
                    if (e.key === "Escape") setRenaming(null);
                  }}
                />
              ) : (
                <button
                  className="link"
                  data-switch={s.id}
                  disabled={open}
                  onClick={() => leaveFor(() => openStored(s.id))}
                  title={open ? t("list.open") : t("list.switch")}
                >
                  {shown}
                  {open && dirty ? " *" : ""}
                  {!open && drafts.has(s.id) && <span className="badge">{t("list.hasDraft")}</span>}
                </button>
              )}
              <span className="row-actions">
                <button className="icon" data-rename={s.id} title={t("list.rename")} onClick={() => (setName(shown), setRenaming(s.id))}>
                  <Icon name="rename" />
                </button>
                {s.versions > 0 && (
                  <button className="icon" data-duplicate={s.id} title={t("start.duplicate")} onClick={() => duplicateStored(s.id)}>
                    <Icon name="copy" />
                  </button>
                )}
                {!open && (
                  <ConfirmButton
                    className="icon"
                    data-delete={s.id}
                    title={t("start.delete")}
                    question={t("start.confirmDelete", { name: s.name })}
                    onConfirmed={() => deleteStored(s.id)}
                  >
                    <Icon name="trash" />
                  </ConfirmButton>
                )}
              </span>
            </li>
          );
        })}
      </ul>
      <button className="small" id="list-new" onClick={() => leaveFor(newScenario)}>
        {t("list.new")}
      </button>
    </details>
  );
}

function Properties() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === "en" ? "en" : "ja";
  const scenario = useStudio((s) => s.scenario)!;
  const selection = useStudio((s) => s.selection);
  const views = useStudio((s) => s.views);
  const problems = useStudio((s) => s.problems);
  const edit = useStudio((s) => s.edit);
  const removeSelected = useStudio((s) => s.removeSelected);
  const copySelected = useStudio((s) => s.copySelected);
  const workspace = useStudio((s) => s.workspace);
  const choices: Choices = useMemo(
    () => ({
      emails: scenario.nodes
        .filter((n) => n.kind.type === "send_email")
        .map((n) => ({ id: n.id, label: n.title ? `${n.title} (${n.id})` : n.id })),
      scenarios: (workspace?.scenarios ?? []).filter((s) => s.id !== scenario.id).map((s) => ({ id: s.id, name: s.name })),
    }),
    [scenario, workspace],
  );
  if (selection.length > 1) {
    return (
      <div className="properties" id="multi-selection">
        <h3>{t("properties.many", { count: selection.length })}</h3>
        <ul className="picked">
          {selection.map((id) => {
            const n = scenario.nodes.find((x) => x.id === id);
            return n ? <li key={id}>{`${lookOf(n.kind.type).icon} ${n.title || t(`kind.${n.kind.type}`)}`}</li> : null;
          })}
        </ul>
        <p className="muted">{t("properties.manyHint")}</p>
        <button onClick={copySelected}>{t("properties.copy")}</button>{" "}
        <button className="danger" id="delete-selection" onClick={removeSelected}>
          {t("properties.deleteMany", { count: selection.length })}
        </button>
      </div>
    );
  }
  const node = scenario.nodes.find((n) => n.id === selection[0]);
  if (!node) {
    return (
      <div className="properties">
        <h3>{t("scenario.settings")}</h3>
        <ChoicesContext.Provider value={choices}>
          <ScenarioForm
            scenario={scenario}
            onChange={(next) => edit(() => next as typeof scenario, "scenario-settings")}
          />
        </ChoicesContext.Provider>
      </div>
    );
  }
  return (
    <div className="properties">
      <h3>{t(`kind.${node.kind.type}`)}</h3>
      <label>
        {t("properties.title")}
        <input
          id="node-title"
          value={node.title ?? ""}
          onChange={(e) => edit((s) => graph.renameNode(s, node.id, e.target.value), `title:${node.id}`)}
        />
      </label>
      <p className="muted" id="node-summary">{views[node.id]?.summary[lang]}</p>
      <ChoicesContext.Provider value={choices}>
        <NodeForm kind={node.kind} onChange={(kind) => edit((s) => graph.setKind(s, node.id, kind), `kind:${node.id}`)} />
      </ChoicesContext.Provider>
      <ul className="problems">
        {problems
          .filter((p) => p.node === node.id)
          .map((p, i) => (
            <li key={i} className={p.severity}>
              {p.message[lang]}
            </li>
          ))}
      </ul>
      <button className="danger" onClick={removeSelected}>
        {t("properties.delete")}
      </button>
    </div>
  );
}

export default function Editor() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === "en" ? "en" : "ja";
  const scenario = useStudio((s) => s.scenario)!;
  const problems = useStudio((s) => s.problems);
  const select = useStudio((s) => s.select);
  const close = useStudio((s) => s.close);
  const undo = useStudio((s) => s.undo);
  const redo = useStudio((s) => s.redo);
  const removeSelected = useStudio((s) => s.removeSelected);
  const edit = useStudio((s) => s.edit);
  const copySelected = useStudio((s) => s.copySelected);
  const paste = useStudio((s) => s.paste);
  const [help, setHelp] = useState(false);
  const [problemsOpen, setProblemsOpen] = useState(true);
  const [simOpen, setSimOpen] = useState(false);
  const [exporting, setExporting] = useState(false);
  // The canvas's element: where palette items are dropped and what a fit fits into.
  const pane = useRef<HTMLDivElement>(null);
  const canUndo = useStudio((s) => s.past.length > 0);
  const canRedo = useStudio((s) => s.future.length > 0);
  const dirty = useStudio((s) => s.scenario !== s.saved);
  const workspace = useStudio((s) => s.workspace);
  // A forecast and a trace belong to the scenario they were made for. A forecast of the whole
  // workspace is also the forecast of a stored scenario opened unchanged.
  useEffect(() => {
    const kept = useSimulation.getState();
    const studio = useStudio.getState();
    const unchanged = studio.stored && studio.scenario === studio.saved;
    const current = kept.wholeKey === workspaceKey(studio.workspace);
    if (kept.whole && current && unchanged && summaryOf(kept.outcome, scenario.id)) kept.adopt(scenario);
    else kept.clear();
  }, [scenario.id]);
  // The window title names the workspace and the scenario, with a mark while changes are unsaved.
  useEffect(() => {
    const title = (parts: (string | undefined)[]) => {
      const text = parts.filter(Boolean).join(" — ");
      document.title = text;
      getCurrentWindow()
        .setTitle(text)
        .catch(() => {});
    };
    title(["Scenario Studio", workspace?.name, `${scenario.name}${dirty ? " *" : ""}`]);
    return () => title(["Scenario Studio", workspace?.name]);
  }, [scenario.name, dirty, workspace?.name]);
  // Closing the window with unsaved changes asks first.
  useEffect(() => {
    const closing = getCurrentWindow().onCloseRequested(async (event) => {
      const { scenario: now, saved } = useStudio.getState();
      if (now === saved) return;
      if (await ask(t("save.discardClose"), { kind: "warning" })) await useStudio.getState().close(true);
      else event.preventDefault();
    });
    return () => {
      closing.then((unlisten) => unlisten()).catch(() => {});
    };
  }, [t]);
  // With a workspace, unsaved work stays as a draft when the editor is left; without one it
  // would be lost, so that asks first.
  // Opened from the diagnosis (an evidence link) or the workspace forecast, the editor returns
  // there, and says so.
  const cameFrom = useStudio((s) => s.screen);
  const back = async () => {
    if (dirty && !workspace && !(await ask(t("save.discard"), { kind: "warning" }))) return;
    await close(dirty && !workspace);
  };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement;
      if (typing) return;
      const key = e.key.toLowerCase();
      const mod = e.ctrlKey || e.metaKey;
      if (mod && key === "z") {
        e.preventDefault();
        if (e.shiftKey) redo();
        else undo();
      } else if (mod && key === "y") {
        e.preventDefault();
        redo();
      } else if (mod && key === "c") {
        copySelected();
      } else if (mod && key === "v") {
        e.preventDefault();
        paste();
      } else if (e.key === "Delete" || e.key === "Backspace") {
        removeSelected();
      } else if (e.key === "?" || e.key === "F1") {
        setHelp((h) => !h);
      } else if (e.key === "Escape") {
        setHelp(false);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [undo, redo, removeSelected, copySelected, paste]);
  return (
    <ReactFlowProvider>
    <div className="editor">
      <aside className="sidebar">
        <button className="link" id="back" onClick={back}>
          {cameFrom === "diagnosis" || cameFrom === "forecast" ? t(`check.backTo.${cameFrom}`) : t("editor.back")}
        </button>
        <ScenarioList />
        <h2 className="scenario-name">{scenario.name}</h2>
        <SaveBar />
        <DraftOffer />
        <div className="toolbar">
          <button id="undo" onClick={undo} disabled={!canUndo} title="Ctrl+Z">
            {t("editor.undo")}
          </button>
          <button id="redo" onClick={redo} disabled={!canRedo} title="Ctrl+Shift+Z / Ctrl+Y">
            {t("editor.redo")}
          </button>
          <button id="layout" onClick={() => edit(autoLayout)}>
            {t("editor.layout")}
          </button>
          <button id="help" onClick={() => setHelp(true)} title="?">
            {t("editor.help")}
          </button>
          <button id="simulate" className={simOpen ? "active" : ""} onClick={() => setSimOpen((o) => !o)}>
            {t("sim.open")}
          </button>
          <button id="export" onClick={() => setExporting(true)}>
            {t("export.open")}
          </button>
          <button
            id="problem-badge"
            className={`badge-button ${problems.some((p) => p.severity === "error") ? "error" : problems.length ? "warning" : "clean"}`}
            onClick={() => setProblemsOpen(true)}
            title={problems.length ? t("editor.problems", { count: problems.length }) : t("editor.noProblems")}
          >
            {t("editor.problemBadge", { count: problems.length })}
          </button>
        </div>
        <Palette pane={pane} />
        <section className={`problems-dock ${problemsOpen ? "" : "closed"}`} id="problems-dock">
          <button className="problems-head" onClick={() => setProblemsOpen((o) => !o)} aria-expanded={problemsOpen}>
            <h3 id="problem-count">
              {problems.length ? t("editor.problems", { count: problems.length }) : t("editor.noProblems")}
            </h3>
            <span className="muted">{problemsOpen ? "▾" : "▸"}</span>
          </button>
          {problemsOpen && (
            <ul className="problems">
              {problems.map((p, i) => (
                <li key={i} className={p.severity}>
                  {/* The node's id and the value's place in the file, for whoever edits the JSON. */}
                  <button className="link" onClick={() => p.node && select(p.node)} title={[p.node, p.path].filter(Boolean).join(" · ") || undefined}>
                    <strong>{t(`editor.${p.severity}`)}</strong> {p.message[lang]}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
      </aside>
      <div className="centre">
        <Canvas pane={pane} />
        {simOpen && (
          <ForecastDock>
            <SimulationPanel onClose={() => setSimOpen(false)} />
          </ForecastDock>
        )}
      </div>
      <div className="right-column">
        <Properties />
        <Overview />
      </div>
      {exporting && <ExportDialog onClose={() => setExporting(false)} />}
      {help && (
        <div className="overlay" role="dialog" aria-label={t("editor.shortcuts.title")} onClick={() => setHelp(false)}>
          <div className="overlay-box" onClick={(e) => e.stopPropagation()}>
            <h3>{t("editor.shortcuts.title")}</h3>
            <table id="shortcuts">
              <tbody>
                {([
                  ["Ctrl+Z", "undo"],
                  ["Ctrl+Shift+Z / Ctrl+Y", "redo"],
                  ["Ctrl+C", "copy"],
                  ["Ctrl+V", "paste"],
                  ["Delete", "delete"],
                  ["Ctrl+Click", "multi"],
                  ["Shift+Drag", "box"],
                  ["? / F1", "help"],
                ] as const).map(([keys, what]) => (
                  <tr key={what}>
                    <td>
                      <kbd>{keys}</kbd>
                    </td>
                    <td>{t(`editor.shortcuts.${what}`)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <button onClick={() => setHelp(false)}>{t("editor.shortcuts.close")}</button>
          </div>
        </div>
      )}
    </div>
    </ReactFlowProvider>
  );
}
