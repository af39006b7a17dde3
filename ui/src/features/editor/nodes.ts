// The node registry: every kind of node the engine has, with how the canvas draws it and where the
// palette offers it. The kinds, their order and their groups are the engine's (generated into
// bindings/palette.json from `KIND_NAMES` and `NodeKind::category`); only the looks are the UI's,
// and a kind without one is a type error here, not a "•" on the canvas.
import type { Category, ScenarioStudioScenario } from "../../bindings/commands";
import generated from "../../bindings/palette.json";

/** A node's kind with its settings, as the file format has it. */
export type NodeKind = ScenarioStudioScenario["nodes"][number]["kind"];
/** The name of a kind of node (`send_email`, …). */
export type NodeKindType = NodeKind["type"];
export type { Category };

/** Each kind's icon. */
const ICON: { [K in NodeKindType]: string } = {
  trigger: "⚡",
  condition: "◇",
  split: "⋔",
  wait: "◷",
  wait_until: "◴",
  send_email: "✉",
  adjust_score: "±",
  notify_sales: "☎",
  update_field: "✎",
  sync_sfa: "⇄",
  switch_scenario: "↪",
  add_to_audience: "◎",
  end: "■",
};

/** Each palette group's colour, which its kinds are drawn in. */
const COLOUR: { [C in Category]: string } = {
  trigger: "#7c3aed",
  branch: "#d97706",
  wait: "#0891b2",
  action: "#059669",
  end: "#64748b",
};

/** The engine's kinds in palette order, each with its group. */
export const KINDS = generated as { kind: NodeKindType; category: Category }[];

const CATEGORY = Object.fromEntries(KINDS.map((k) => [k.kind, k.category])) as { [K in NodeKindType]: Category };

/** How a kind of node looks: its icon and its group's colour. */
export function lookOf(kind: NodeKindType): { icon: string; colour: string } {
  // A switch reads as leaving the scenario: drawn in the end's grey though it acts.
  const colour = kind === "switch_scenario" ? COLOUR.end : COLOUR[CATEGORY[kind]];
  return { icon: ICON[kind], colour };
}

/** The palette: the engine's groups in order, each with its kinds. */
export const PALETTE: [Category, NodeKindType[]][] = KINDS.reduce<[Category, NodeKindType[]][]>((groups, { kind, category }) => {
  const last = groups[groups.length - 1];
  if (last && last[0] === category) last[1].push(kind);
  else groups.push([category, [kind]]);
  return groups;
}, []);

/** The exits the canvas names (`out` goes unnamed; a split's `branch:<id>` shows its branch). */
const NAMED_HANDLES = ["yes", "no", "met", "timeout"] as const;
export type NamedHandle = (typeof NAMED_HANDLES)[number];

/** How an exit is labelled: a named exit's key, a branch's label, or nothing for `out`. */
export function handleName(handle: string): { named: NamedHandle } | { branch: string } | null {
  if (handle.startsWith("branch:")) return { branch: handle.slice(7) };
  return (NAMED_HANDLES as readonly string[]).includes(handle) ? { named: handle as NamedHandle } : null;
}
