import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import {
  Background,
  Controls,
  Handle,
  MiniMap,
  Position,
  ReactFlow,
  type Edge,
  type Node,
  type NodeProps,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useStudio } from "./store";
import type { Diagnostic } from "./api";

/** How each kind of node looks: its icon and its palette group's colour. */
const LOOK: Record<string, { icon: string; colour: string }> = {
  trigger: { icon: "⚡", colour: "#7c3aed" },
  condition: { icon: "◇", colour: "#d97706" },
  split: { icon: "⑂", colour: "#d97706" },
  wait: { icon: "⏱", colour: "#0891b2" },
  wait_until: { icon: "⏳", colour: "#0891b2" },
  send_email: { icon: "✉", colour: "#2563eb" },
  adjust_score: { icon: "±", colour: "#059669" },
  notify_sales: { icon: "☎", colour: "#059669" },
  update_field: { icon: "✎", colour: "#059669" },
  sync_sfa: { icon: "⇄", colour: "#059669" },
  switch_scenario: { icon: "↪", colour: "#64748b" },
  add_to_audience: { icon: "◎", colour: "#059669" },
  end: { icon: "■", colour: "#64748b" },
};

interface StepData extends Record<string, unknown> {
  title: string;
  summary: string;
  kind: string;
  severity: "error" | "warning" | null;
}

function StepNode({ data, selected }: NodeProps<Node<StepData>>) {
  const { t } = useTranslation();
  const look = LOOK[data.kind] ?? { icon: "•", colour: "#64748b" };
  return (
    <div
      className={`step ${data.severity ?? ""} ${selected ? "selected" : ""}`}
      style={{ borderLeftColor: look.colour }}
      data-kind={data.kind}
    >
      {data.kind !== "trigger" && <Handle type="target" position={Position.Top} />}
      <div className="step-kind" style={{ color: look.colour }}>
        <span className="step-icon">{look.icon}</span> {t(`kind.${data.kind}`)}
      </div>
      <div className="step-title">{data.title || t(`kind.${data.kind}`)}</div>
      {data.summary && data.summary !== data.title && <div className="step-summary">{data.summary}</div>}
      <Handle type="source" position={Position.Bottom} />
    </div>
  );
}

const nodeTypes = { step: StepNode };

function worst(problems: Diagnostic[], node: string): "error" | "warning" | null {
  const mine = problems.filter((p) => p.node === node);
  if (mine.some((p) => p.severity === "error")) return "error";
  return mine.length > 0 ? "warning" : null;
}

export default function Editor() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === "en" ? "en" : "ja";
  const scenario = useStudio((s) => s.scenario)!;
  const problems = useStudio((s) => s.problems);
  const summaries = useStudio((s) => s.summaries);
  const selected = useStudio((s) => s.selected);
  const select = useStudio((s) => s.select);
  const close = useStudio((s) => s.close);
  const nodes: Node<StepData>[] = useMemo(
    () =>
      scenario.nodes.map((n) => ({
        id: n.id,
        type: "step",
        position: { x: n.position?.x ?? 0, y: n.position?.y ?? 0 },
        selected: n.id === selected,
        data: {
          title: n.title ?? "",
          summary: summaries[n.id]?.[lang] ?? "",
          kind: n.kind.type,
          severity: worst(problems, n.id),
        },
      })),
    [scenario, problems, summaries, selected, lang],
  );
  const edges: Edge[] = useMemo(
    () =>
      (scenario.edges ?? []).map((e) => {
        const handle = e.source_handle ?? "out";
        const label = handle === "out" ? undefined : handle.startsWith("branch:") ? handle.slice(7) : t(`handle.${handle}`);
        return { id: e.id, source: e.source, target: e.target, label };
      }),
    [scenario, t],
  );
  return (
    <div className="editor">
      <aside className="sidebar">
        <button className="link" onClick={close}>
          {t("editor.back")}
        </button>
        <h2 className="scenario-name">{scenario.name}</h2>
        <h3>{problems.length ? t("editor.problems", { count: problems.length }) : t("editor.noProblems")}</h3>
        <ul className="problems">
          {problems.map((p, i) => (
            <li key={i} className={p.severity}>
              <button className="link" onClick={() => p.node && select(p.node)}>
                <strong>{t(`editor.${p.severity}`)}</strong> {p.message[lang]}
              </button>
            </li>
          ))}
        </ul>
      </aside>
      <div className="canvas">
        <ReactFlow
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          fitView
          onNodeClick={(_, n) => select(n.id)}
          onPaneClick={() => select(null)}
        >
          <Background />
          <MiniMap
            pannable
            zoomable
            nodeColor={(n) => LOOK[(n.data as StepData).kind]?.colour ?? "#94a3b8"}
            nodeStrokeWidth={3}
          />
          <Controls />
        </ReactFlow>
      </div>
    </div>
  );
}
