// The scenario slice: the open scenario with its undo/redo history (typing into one field merges
// into one step), its selection and clipboard, what the engine says about it, and opening,
// saving and closing it.
import * as api from "../ipc/api";
import { failed } from "../ipc/errors";
import * as graph from "./graph";
import { HISTORY_LIMIT, editing, merging, settleAutosave } from "./editing";
import type { Get, ScenarioSlice, Set } from "./state";

/** The scenario slice over the store's `set` and `get`. */
export function scenarioSlice(set: Set, get: Get): ScenarioSlice {
  const { replace, start, writeDraft } = editing(set, get);
  return {
    saved: null,
    stored: false,
    clipboard: null,
    scenario: null,
    past: [],
    future: [],
    problems: [],
    views: {},
    selection: [],
    edgeSelection: [],
    openTemplate: async (key) => {
      try {
        await start(await api.openTemplate(key));
        set({ stored: false });
      } catch (e) {
        set({ error: failed(e) });
      }
    },
    openStored: async (id) => {
      try {
        const loaded = await api.loadScenario(id);
        const draft = await api.draftOf(id);
        await start(loaded, loaded, true);
        set({ offer: draft && JSON.stringify(draft.scenario) !== JSON.stringify(loaded) ? draft : null });
      } catch (e) {
        set({ error: failed(e) });
      }
    },
    openFile: async (path) => {
      try {
        const opened = await api.openFile(path);
        await start(opened.scenario);
        const notes = opened.notes;
        set({
          stored: false,
          error: notes.length
            ? { ja: notes.map((n) => n.ja).join(" / "), en: notes.map((n) => n.en).join(" / ") }
            : null,
        });
      } catch (e) {
        set({ error: failed(e) });
      }
    },
    newScenario: async () => {
      try {
        await start(await api.newScenario());
        set({ stored: false });
      } catch (e) {
        set({ error: failed(e) });
      }
    },
    copySelected: () => {
      const { scenario, selection } = get();
      if (!scenario || selection.length === 0) return;
      set({ clipboard: graph.copyOf(scenario, selection) });
    },
    paste: () => {
      const clip = get().clipboard;
      if (!clip || clip.nodes.length === 0 || !get().scenario) return;
      let ids: string[] = [];
      get().edit((s) => {
        const [next, added] = graph.paste(s, clip, { x: 40, y: 40 });
        ids = added;
        return next;
      });
      // A second paste lands beside the first.
      set({
        selection: ids,
        edgeSelection: [],
        clipboard: { ...clip, nodes: clip.nodes.map((n) => ({ ...n, position: { x: (n.position?.x ?? 0) + 40, y: (n.position?.y ?? 0) + 40 } })) },
      });
    },
    save: async (note) => {
      const scenario = get().scenario;
      if (!scenario) return false;
      try {
        // An autosave written after the save would leave its edits behind as a draft.
        await settleAutosave();
        const workspace = await api.saveScenario(scenario, note);
        set({ workspace, saved: scenario, stored: true, error: null, autosavedAt: null, offer: null });
        return true;
      } catch (e) {
        set({ error: failed(e) });
        return false;
      }
    },
    close: async (discard = false) => {
      const { scenario, saved, workspace } = get();
      // An autosave still on its way would otherwise come back after a discard.
      await settleAutosave();
      if (discard && scenario && scenario !== saved && workspace) await get().discardDraft(scenario.id);
      else await writeDraft();
      merging.set(undefined);
      set({ scenario: null, saved: null, past: [], future: [], problems: [], views: {}, selection: [], edgeSelection: [], offer: null, autosavedAt: null });
      if (workspace) await get().loadWorkspace();
    },
    select: (node) => set({ selection: node ? [node] : [], edgeSelection: [] }),
    setSelection: (nodes, edges) => set({ selection: nodes, edgeSelection: edges }),
    edit: (change, merge) => {
      const current = get().scenario;
      if (!current) return;
      const next = change(current);
      if (next === current) return;
      if (merge !== undefined && merge === merging.get()) {
        replace(next, get().past, []);
        return;
      }
      merging.set(merge);
      replace(next, [...get().past, current].slice(-HISTORY_LIMIT), []);
    },
    undo: () => {
      merging.set(undefined);
      const { past, scenario, future } = get();
      if (!scenario || past.length === 0) return;
      replace(past[past.length - 1], past.slice(0, -1), [scenario, ...future]);
    },
    redo: () => {
      merging.set(undefined);
      const { past, scenario, future } = get();
      if (!scenario || future.length === 0) return;
      replace(future[0], [...past, scenario], future.slice(1));
    },
    addNode: async (kind, place) => {
      const scenario = get().scenario;
      if (!scenario) return;
      try {
        const made = await api.newNodeKind(kind);
        const { selection } = get();
        let id = "";
        get().edit((s) => {
          // Dropped: where it was released. Clicked: below the selected node, or in the middle of
          // the view, clear of the others.
          const at = "drop" in place ? place.drop : graph.spotFor(s, selection.length === 1 ? selection[0] : undefined, place.centre);
          const [next, added] = graph.addNode(s, made, at);
          id = added;
          return next;
        });
        set({ selection: [id], edgeSelection: [] });
      } catch (e) {
        set({ error: failed(e) });
      }
    },
    removeSelected: () => {
      const { selection, edgeSelection } = get();
      if (selection.length || edgeSelection.length) get().edit((s) => graph.remove(s, selection, edgeSelection));
    },
  };
}
