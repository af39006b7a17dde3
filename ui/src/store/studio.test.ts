// @vitest-environment jsdom
// The store's history and graph edits, with the shell's commands stood in for.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("../ipc/api", () => ({
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
  openWorkspace: vi.fn(async () => workspace),
  workspaceInfo: vi.fn(async () => workspace),
  saveScenario: vi.fn(async () => workspace),
  saveDraft: vi.fn(async () => {}),
  draftOf: vi.fn(async () => null),
  discardDraft: vi.fn(async () => workspace),
  loadScenario: vi.fn(async () => stored),
}));

const workspace = { path: "/tmp/w.scenario-ws", name: "w.scenario-ws", scenarios: [], drafts: [] };
const stored = {
  format: "scenario-studio/1",
  id: "s",
  name: "保存版",
  nodes: [{ id: "trigger", position: { x: 0, y: 0 }, kind: { type: "trigger", event: { type: "lead_created" } } }],
  edges: [],
};

import { AUTOSAVE_DELAY_MS, useStudio } from "./studio";
import * as api from "../ipc/api";
import * as graph from "./graph";

const state = () => useStudio.getState();

describe("the editing store", () => {
  beforeEach(async () => {
    await state().openTemplate("welcome");
  });

  it("adds a node as one step that undo and redo walk over", async () => {
    await state().addNode("wait", { drop: { x: 0, y: 130 } });
    expect(state().scenario!.nodes.map((n) => n.id)).toEqual(["trigger", "wait"]);
    expect(state().selection).toEqual(["wait"]);
    state().undo();
    expect(state().scenario!.nodes.map((n) => n.id)).toEqual(["trigger"]);
    expect(state().selection).toEqual([]);
    state().redo();
    expect(state().scenario!.nodes.map((n) => n.id)).toEqual(["trigger", "wait"]);
  });

  it("a node added by a click goes below the selected node, clear of the others", async () => {
    state().select("trigger");
    await state().addNode("wait", { centre: { x: 500, y: 500 } });
    const at = (id: string) => state().scenario!.nodes.find((n) => n.id === id)!.position!;
    expect(at("wait")).toEqual({ x: at("trigger").x, y: at("trigger").y + 130 });
    // The wait is now selected: the next goes below it, not on top of it.
    await state().addNode("end", { centre: { x: 500, y: 500 } });
    expect(at("end")).toEqual({ x: at("wait").x, y: at("wait").y + 130 });
    // With nothing selected, in the middle of the view.
    state().setSelection([], []);
    await state().addNode("split", { centre: { x: 500, y: 500 } });
    expect(at("split")).toEqual({ x: 500, y: 500 });
    // Dropped on top of another node: where it was released.
    await state().addNode("wait", { drop: { x: 0, y: 130 } });
    expect(at("wait_2")).toEqual({ x: 0, y: 130 });
  });

  it("a new edit after undo drops the redo history", async () => {
    await state().addNode("wait", { centre: { x: 0, y: 0 } });
    state().undo();
    state().edit((s) => graph.renameNode(s, "trigger", "起点"));
    expect(state().future).toHaveLength(0);
    state().redo();
    expect(state().scenario!.nodes).toHaveLength(1);
    expect(state().scenario!.nodes[0].title).toBe("起点");
  });

  it("connecting, moving and removing are single steps; a move to the same place is none", async () => {
    await state().addNode("wait", { drop: { x: 0, y: 130 } });
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

  it("a selection of nodes and edges is deleted in one step", async () => {
    await state().addNode("wait", { drop: { x: 0, y: 130 } });
    await state().addNode("end", { drop: { x: 0, y: 260 } });
    state().edit((s) => graph.connect(graph.connect(s, "trigger", "out", "wait"), "wait", "out", "end"));
    const steps = state().past.length;
    state().setSelection(["end"], ["e1"]);
    state().removeSelected();
    expect(state().past.length).toBe(steps + 1);
    expect(state().scenario!.nodes.map((n) => n.id)).toEqual(["trigger", "wait"]);
    expect(state().scenario!.edges).toEqual([]);
    expect(state().selection).toEqual([]);
    state().undo();
    expect(state().scenario!.edges).toHaveLength(2);
  });

  it("copies several nodes with the edges between them and pastes them under new ids", async () => {
    await state().addNode("wait", { drop: { x: 0, y: 130 } });
    state().edit((s) => graph.renameNode(graph.connect(s, "trigger", "out", "wait"), "wait", "3日後"));
    state().setSelection(["trigger", "wait"], []);
    state().copySelected();
    state().paste();
    const s = state().scenario!;
    expect(s.nodes.map((n) => n.id)).toEqual(["trigger", "wait", "trigger_2", "wait_2"]);
    expect(s.nodes[3]).toMatchObject({ title: "3日後", position: { x: 40, y: 170 } });
    expect(s.edges!.map((e) => [e.source, e.target])).toEqual([
      ["trigger", "wait"],
      ["trigger_2", "wait_2"],
    ]);
    expect(state().selection).toEqual(["trigger_2", "wait_2"]);
    // A second paste lands beside the first, not on it.
    state().paste();
    expect(state().scenario!.nodes.find((n) => n.id === "wait_3")!.position).toEqual({ x: 80, y: 210 });
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

describe("autosaved drafts", () => {
  beforeEach(async () => {
    vi.useFakeTimers();
    vi.mocked(api.saveDraft).mockClear();
    vi.mocked(api.discardDraft).mockClear();
    await state().openWorkspace(workspace.path, false);
    await state().openTemplate("welcome");
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("writes unsaved work as a draft once edits pause, and not after saving", async () => {
    state().edit((s) => graph.renameNode(s, "trigger", "起"), "t");
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS / 2);
    state().edit((s) => graph.renameNode(s, "trigger", "起点"), "t");
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS - 10);
    expect(api.saveDraft).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(20);
    expect(api.saveDraft).toHaveBeenCalledTimes(1);
    expect(vi.mocked(api.saveDraft).mock.calls[0][0].nodes[0].title).toBe("起点");
    expect(state().autosavedAt).not.toBeNull();

    state().edit((s) => graph.renameNode(s, "trigger", "保存"));
    await state().save("");
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS * 2);
    expect(api.saveDraft).toHaveBeenCalledTimes(1);
    expect(state().autosavedAt).toBeNull();
  });

  it("a save waits for an autosave already on its way, so no draft is written after it", async () => {
    const order: string[] = [];
    let arrive = () => {};
    vi.mocked(api.saveDraft).mockImplementationOnce(async () => {
      await new Promise<void>((resolve) => (arrive = resolve));
      order.push("draft");
    });
    vi.mocked(api.saveScenario).mockImplementationOnce(async () => {
      order.push("save");
      return workspace as unknown as api.WorkspaceInfo;
    });
    state().edit((s) => graph.renameNode(s, "trigger", "起点"));
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS);
    expect(api.saveDraft).toHaveBeenCalledTimes(1);
    const saving = state().save("");
    await vi.advanceTimersByTimeAsync(10);
    expect(order).toEqual([]);
    arrive();
    expect(await saving).toBe(true);
    expect(order).toEqual(["draft", "save"]);
  });

  it("leaving keeps the work as a draft at once; leaving with discard throws it away", async () => {
    state().edit((s) => graph.renameNode(s, "trigger", "途中"));
    await state().close();
    expect(api.saveDraft).toHaveBeenCalledTimes(1);
    expect(state().scenario).toBeNull();

    await state().openTemplate("welcome");
    state().edit((s) => graph.renameNode(s, "trigger", "捨てる"));
    await state().close(true);
    expect(api.discardDraft).toHaveBeenCalledWith("s");
    expect(api.saveDraft).toHaveBeenCalledTimes(1);
  });

  it("offers a stored scenario's draft, and restoring it is one undoable step", async () => {
    const draft = { ...stored, name: "下書き版" };
    vi.mocked(api.draftOf).mockResolvedValueOnce({ scenario: draft as never, saved_at: 100 });
    await state().openStored("s");
    expect(state().scenario!.name).toBe("保存版");
    expect(state().offer?.saved_at).toBe(100);
    state().restoreDraft();
    expect(state().scenario!.name).toBe("下書き版");
    expect(state().offer).toBeNull();
    expect(state().scenario).not.toBe(state().saved);
    state().undo();
    expect(state().scenario!.name).toBe("保存版");

    // A draft identical to the stored version is not offered.
    vi.mocked(api.draftOf).mockResolvedValueOnce({ scenario: stored as never, saved_at: 100 });
    await state().openStored("s");
    expect(state().offer).toBeNull();
  });
});

describe("graph edits", () => {
  it("a node added by a click on top of another goes a row below it", () => {
    const s = { format: "scenario-studio/1" as const, id: "s", name: "n", nodes: [{ id: "t", position: { x: 0, y: 0 }, kind: {} }] };
    expect(graph.freeSpot(s as never, { x: 10, y: 20 })).toEqual({ x: 10, y: 150 });
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
