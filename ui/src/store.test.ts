// The store's history and graph edits, with the shell's commands stood in for.
import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("./api", () => ({
  listTemplates: vi.fn(async () => []),
  openTemplate: vi.fn(async () => ({
    format: "scenario-studio/1",
    id: "s",
    name: "テスト",
    nodes: [{ id: "trigger", position: { x: 0, y: 0 }, kind: { type: "trigger", event: { type: "lead_created" } } }],
    edges: [],
  })),
  validateScenario: vi.fn(async () => []),
  describeNodes: vi.fn(async () => ({})),
  newNodeKind: vi.fn(async (kind: string) => ({ type: kind, delay: { days: 3 } })),
}));

import { useStudio } from "./store";
import * as graph from "./graph";

const state = () => useStudio.getState();

describe("the editing store", () => {
  beforeEach(async () => {
    await state().openTemplate("welcome");
  });

  it("adds a node as one step that undo and redo walk over", async () => {
    await state().addNode("wait", { x: 0, y: 130 });
    expect(state().scenario!.nodes.map((n) => n.id)).toEqual(["trigger", "wait"]);
    expect(state().selected).toBe("wait");
    state().undo();
    expect(state().scenario!.nodes.map((n) => n.id)).toEqual(["trigger"]);
    expect(state().selected).toBeNull();
    state().redo();
    expect(state().scenario!.nodes.map((n) => n.id)).toEqual(["trigger", "wait"]);
  });

  it("a new edit after undo drops the redo history", async () => {
    await state().addNode("wait");
    state().undo();
    state().edit((s) => graph.renameNode(s, "trigger", "起点"));
    expect(state().future).toHaveLength(0);
    state().redo();
    expect(state().scenario!.nodes).toHaveLength(1);
    expect(state().scenario!.nodes[0].title).toBe("起点");
  });

  it("connecting, moving and removing are single steps; a move to the same place is none", async () => {
    await state().addNode("wait", { x: 0, y: 130 });
    state().edit((s) => graph.connect(s, "trigger", "out", "wait"));
    expect(state().scenario!.edges).toEqual([{ id: "e1", source: "trigger", target: "wait", source_handle: "out" }]);
    const steps = state().past.length;
    state().edit((s) => graph.moveNode(s, "wait", 0, 130));
    expect(state().past.length).toBe(steps);
    state().select("wait");
    state().removeSelected();
    expect(state().scenario!.nodes.map((n) => n.id)).toEqual(["trigger"]);
    expect(state().scenario!.edges).toEqual([]);
    state().undo();
    expect(state().scenario!.edges).toHaveLength(1);
  });

  it("typing into one field is one step of history", () => {
    const steps = state().past.length;
    for (const title of ["起", "起点", "起点です"]) {
      state().edit((s) => graph.renameNode(s, "trigger", title), "title:trigger");
    }
    expect(state().past.length).toBe(steps + 1);
    state().undo();
    expect(state().scenario!.nodes[0].title).toBeUndefined();
  });
});

describe("graph edits", () => {
  it("a node added on top of another goes below it", () => {
    const s = { format: "scenario-studio/1" as const, id: "s", name: "n", nodes: [{ id: "t", position: { x: 0, y: 0 }, kind: {} }] };
    expect(graph.freeSpot(s as never, { x: 10, y: 20 })).toEqual({ x: 10, y: 120 });
    expect(graph.freeSpot(s as never, { x: 300, y: 0 })).toEqual({ x: 300, y: 0 });
  });

  it("fresh ids never collide", () => {
    expect(graph.freshId("wait", ["wait", "wait_2"])).toBe("wait_3");
    expect(graph.freshId("end", [])).toBe("end");
  });

  it("connecting an exit again moves its edge", () => {
    const s = {
      format: "scenario-studio/1" as const,
      id: "s",
      name: "n",
      nodes: [],
      edges: [{ id: "e1", source: "a", target: "b", source_handle: "yes" }],
    };
    const next = graph.connect(s as never, "a", "yes", "c");
    expect(next.edges).toEqual([{ id: "e1", source: "a", target: "c", source_handle: "yes" }]);
  });
});
