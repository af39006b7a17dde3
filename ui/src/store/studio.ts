// The app's state: the open scenario with its undo/redo history, what the engine says about it
// (problems, node summaries and exits, re-asked shortly after each edit), and what went wrong.
import { create } from "zustand";
import * as api from "../ipc/api";
import { failed } from "../ipc/errors";
import * as graph from "./graph";
import type { NodeKindType } from "../features/editor/nodes";

interface Studio {
  /** What shows when no scenario is open. */
  screen: "start" | "diagnosis" | "settings" | "leads" | "forecast" | "check";
  /** A CSV file being imported through the wizard. */
  importPath: string | null;
  templates: api.TemplateInfo[];
  workspace: api.WorkspaceInfo | null;
  /** Whether the window has asked which workspace is open (false only while it first starts). */
  workspaceKnown: boolean;
  scenario: api.ScenarioFile | null;
  /** The scenario as last opened or saved: anything else has unsaved changes. */
  saved: api.ScenarioFile | null;
  /** Whether the scenario has a version in the workspace (a template opened has not). */
  stored: boolean;
  past: api.ScenarioFile[];
  future: api.ScenarioFile[];
  problems: api.Diagnostic[];
  views: Record<string, api.NodeView>;
  /** The selected nodes and edges (several with Ctrl+click or Shift+drag). */
  selection: string[];
  edgeSelection: string[];
  error: api.Localized | null;
  /** When the open scenario's draft was last autosaved (ms since the epoch), while it has one. */
  autosavedAt: number | null;
  /** A draft found when a stored scenario was opened, offered for restoring. */
  offer: api.Draft | null;
  loadTemplates: () => Promise<void>;
  loadWorkspace: () => Promise<void>;
  openWorkspace: (path: string, create: boolean) => Promise<void>;
  openTemplate: (key: string) => Promise<void>;
  openStored: (id: string) => Promise<void>;
  openFile: (path: string) => Promise<void>;
  newScenario: () => Promise<void>;
  /** Opens the autosaved draft of a scenario that was never saved. */
  openDraft: (id: string) => Promise<void>;
  deleteStored: (id: string) => Promise<void>;
  duplicateStored: (id: string) => Promise<void>;
  renameStored: (id: string, name: string) => Promise<void>;
  /** Puts the offered draft in place of the opened version (one step of history). */
  restoreDraft: () => void;
  /** Throws a draft away (the offered one, or that of scenario `id`). */
  discardDraft: (id?: string) => Promise<void>;
  /** Writes the draft now if the scenario has unsaved changes (before leaving it). */
  flushDraft: () => Promise<void>;
  /** The nodes copied with Ctrl+C, with the edges between them. */
  clipboard: graph.Clip | null;
  copySelected: () => void;
  paste: () => void;
  save: (note: string) => Promise<boolean>;
  /** Leaves the scenario; with `discard`, its unsaved changes and their draft are thrown away. */
  close: (discard?: boolean) => Promise<void>;
  select: (node: string | null) => void;
  setSelection: (nodes: string[], edges: string[]) => void;
  /** Applies an edit to the scenario as one step of history; edits with the same `merge` key in a
   * row (typing into one field) make one step together. */
  edit: (change: (s: api.ScenarioFile) => api.ScenarioFile, merge?: string) => void;
  undo: () => void;
  redo: () => void;
  addNode: (kind: NodeKindType, position?: { x: number; y: number }) => Promise<void>;
  removeSelected: () => void;
}


const RECENT_KEY = "scenario-studio.recent-workspaces";
/** The workspaces opened lately, newest first (kept by the app's webview, on this machine). */
export function recentWorkspaces(): string[] {
  try {
    const list = JSON.parse(localStorage.getItem(RECENT_KEY) ?? "[]");
    return Array.isArray(list) ? list.filter((p) => typeof p === "string") : [];
  } catch {
    return [];
  }
}
function rememberWorkspace(path: string) {
  const list = [path, ...recentWorkspaces().filter((p) => p !== path)].slice(0, 5);
  localStorage.setItem(RECENT_KEY, JSON.stringify(list));
}
function forgetWorkspace(path: string) {
  localStorage.setItem(RECENT_KEY, JSON.stringify(recentWorkspaces().filter((p) => p !== path)));
}

/** How long after the last edit the engine is asked again. */
export const ANALYSIS_DELAY_MS = 150;
/** How long after the last edit unsaved work is autosaved as a draft. */
export const AUTOSAVE_DELAY_MS = 1500;
const HISTORY_LIMIT = 200;

let pending: ReturnType<typeof setTimeout> | undefined;
let autosaving: ReturnType<typeof setTimeout> | undefined;
/** The merge key of the last edit, while edits with it keep coming. */
let lastMerge: string | undefined;

export const useStudio = create<Studio>((set, get) => {
  /** Asks the engine about the scenario as it stands, once edits pause. */
  const analyse = (now = false) => {
    clearTimeout(pending);
    const run = async () => {
      const scenario = get().scenario;
      if (!scenario) return;
      try {
        const [problems, views] = await Promise.all([
          api.validateScenario(scenario),
          api.describeNodes(scenario),
        ]);
        if (get().scenario === scenario) set({ problems, views });
      } catch (e) {
        set({ error: failed(e) });
      }
    };
    if (now) return run();
    pending = setTimeout(run, ANALYSIS_DELAY_MS);
  };
  /** Writes the unsaved work as the scenario's draft (when a workspace is open). */
  const writeDraft = async () => {
    clearTimeout(autosaving);
    const { scenario, saved, workspace } = get();
    if (!scenario || !workspace || scenario === saved) return;
    try {
      await api.saveDraft(scenario);
      if (get().scenario === scenario) set({ autosavedAt: Date.now() });
    } catch (e) {
      set({ error: failed(e) });
    }
  };
  const replace = (scenario: api.ScenarioFile, past: api.ScenarioFile[], future: api.ScenarioFile[]) => {
    const nodes = new Set(scenario.nodes.map((n) => n.id));
    const edges = new Set((scenario.edges ?? []).map((e) => e.id));
    set({
      scenario,
      past,
      future,
      selection: get().selection.filter((id) => nodes.has(id)),
      edgeSelection: get().edgeSelection.filter((id) => edges.has(id)),
    });
    analyse();
    clearTimeout(autosaving);
    autosaving = setTimeout(writeDraft, AUTOSAVE_DELAY_MS);
  };
  const start = async (scenario: api.ScenarioFile, saved: api.ScenarioFile | null = scenario, stored = false) => {
    lastMerge = undefined;
    clearTimeout(autosaving);
    set({
      scenario,
      saved,
      stored,
      past: [],
      future: [],
      selection: [],
      edgeSelection: [],
      error: null,
      problems: [],
      views: {},
      autosavedAt: null,
      offer: null,
    });
    await analyse(true);
  };
  return {
    screen: "start",
    importPath: null,
    templates: [],
    workspace: null,
    workspaceKnown: false,
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
    error: null,
    autosavedAt: null,
    offer: null,
    loadTemplates: async () => {
      try {
        set({ templates: await api.listTemplates(), error: null });
      } catch (e) {
        set({ error: failed(e) });
      }
    },
    loadWorkspace: async () => {
      try {
        const workspace = await api.workspaceInfo();
        set({ workspace, workspaceKnown: true });
        if (workspace) rememberWorkspace(workspace.path);
      } catch (e) {
        set({ error: failed(e), workspaceKnown: true });
      }
    },
    openWorkspace: async (path, create) => {
      try {
        set({ workspace: await api.openWorkspace(path, create), error: null });
        rememberWorkspace(path);
      } catch (e) {
        // A recent workspace that no longer opens (moved, deleted) leaves the list; the error says why.
        if (!create) forgetWorkspace(path);
        set({ error: failed(e) });
      }
    },
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
    openDraft: async (id) => {
      try {
        const draft = await api.draftOf(id);
        if (!draft) return;
        // Never saved: all of it is unsaved work.
        await start(draft.scenario, null);
        set({ stored: false, autosavedAt: draft.saved_at * 1000 });
      } catch (e) {
        set({ error: failed(e) });
      }
    },
    renameStored: async (id, name) => {
      try {
        set({ workspace: await api.renameScenario(id, name), error: null });
      } catch (e) {
        set({ error: failed(e) });
      }
    },
    restoreDraft: () => {
      const offer = get().offer;
      if (!offer) return;
      lastMerge = undefined;
      set({ offer: null });
      get().edit(() => offer.scenario);
    },
    discardDraft: async (id) => {
      const which = id ?? get().offer?.scenario.id;
      if (!which) return;
      try {
        const workspace = await api.discardDraft(which);
        set({ workspace, ...(get().offer?.scenario.id === which ? { offer: null } : {}) });
      } catch (e) {
        set({ error: failed(e) });
      }
    },
    flushDraft: () => writeDraft(),
    deleteStored: async (id) => {
      try {
        set({ workspace: await api.deleteScenario(id), error: null });
      } catch (e) {
        set({ error: failed(e) });
      }
    },
    duplicateStored: async (id) => {
      try {
        set({ workspace: await api.duplicateScenario(id), error: null });
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
        const workspace = await api.saveScenario(scenario, note);
        clearTimeout(autosaving);
        set({ workspace, saved: scenario, stored: true, error: null, autosavedAt: null, offer: null });
        return true;
      } catch (e) {
        set({ error: failed(e) });
        return false;
      }
    },
    close: async (discard = false) => {
      const { scenario, saved, workspace } = get();
      if (discard && scenario && scenario !== saved && workspace) await get().discardDraft(scenario.id);
      else await writeDraft();
      clearTimeout(autosaving);
      lastMerge = undefined;
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
      if (merge !== undefined && merge === lastMerge) {
        replace(next, get().past, []);
        return;
      }
      lastMerge = merge;
      replace(next, [...get().past, current].slice(-HISTORY_LIMIT), []);
    },
    undo: () => {
      lastMerge = undefined;
      const { past, scenario, future } = get();
      if (!scenario || past.length === 0) return;
      replace(past[past.length - 1], past.slice(0, -1), [scenario, ...future]);
    },
    redo: () => {
      lastMerge = undefined;
      const { past, scenario, future } = get();
      if (!scenario || future.length === 0) return;
      replace(future[0], [...past, scenario], future.slice(1));
    },
    addNode: async (kind, position) => {
      const scenario = get().scenario;
      if (!scenario) return;
      try {
        const made = await api.newNodeKind(kind);
        // Without a drop point: below the lowest node.
        const at = position ?? {
          x: scenario.nodes[0]?.position?.x ?? 0,
          y: Math.max(0, ...scenario.nodes.map((n) => (n.position?.y ?? 0) + 130)),
        };
        let id = "";
        get().edit((s) => {
          const [next, added] = graph.addNode(s, made, graph.freeSpot(s, at));
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
});
