// The app's state: the open scenario with its undo/redo history, what the engine says about it
// (problems, node summaries and exits, re-asked shortly after each edit), and what went wrong.
import { create } from "zustand";
import * as api from "./api";
import * as graph from "./graph";

interface Studio {
  templates: api.TemplateInfo[];
  workspace: api.WorkspaceInfo | null;
  scenario: api.ScenarioFile | null;
  /** The scenario as last opened or saved: anything else has unsaved changes. */
  saved: api.ScenarioFile | null;
  /** Whether the scenario has a version in the workspace (a template opened has not). */
  stored: boolean;
  past: api.ScenarioFile[];
  future: api.ScenarioFile[];
  problems: api.Diagnostic[];
  views: Record<string, api.NodeView>;
  selected: string | null;
  error: api.Localized | null;
  loadTemplates: () => Promise<void>;
  loadWorkspace: () => Promise<void>;
  openWorkspace: (path: string, create: boolean) => Promise<void>;
  openTemplate: (key: string) => Promise<void>;
  openStored: (id: string) => Promise<void>;
  openFile: (path: string) => Promise<void>;
  newScenario: () => Promise<void>;
  deleteStored: (id: string) => Promise<void>;
  duplicateStored: (id: string) => Promise<void>;
  /** The node copied with Ctrl+C, if any. */
  clipboard: api.ScenarioFile["nodes"][number] | null;
  copySelected: () => void;
  paste: () => void;
  save: (note: string) => Promise<boolean>;
  close: () => void;
  select: (node: string | null) => void;
  /** Applies an edit to the scenario as one step of history; edits with the same `merge` key in a
   * row (typing into one field) make one step together. */
  edit: (change: (s: api.ScenarioFile) => api.ScenarioFile, merge?: string) => void;
  undo: () => void;
  redo: () => void;
  addNode: (kind: string, position?: { x: number; y: number }) => Promise<void>;
  removeSelected: () => void;
}

const failed = (e: unknown): api.Localized =>
  typeof e === "object" && e !== null && "message" in e
    ? (e as api.CommandError).message
    : { ja: String(e), en: String(e) };

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

/** How long after the last edit the engine is asked again. */
export const ANALYSIS_DELAY_MS = 150;
const HISTORY_LIMIT = 200;

let pending: ReturnType<typeof setTimeout> | undefined;
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
  const replace = (scenario: api.ScenarioFile, past: api.ScenarioFile[], future: api.ScenarioFile[]) => {
    const selected = get().selected;
    set({
      scenario,
      past,
      future,
      selected: selected && scenario.nodes.some((n) => n.id === selected) ? selected : null,
    });
    analyse();
  };
  const start = async (scenario: api.ScenarioFile) => {
    lastMerge = undefined;
    set({ scenario, saved: scenario, past: [], future: [], selected: null, error: null, problems: [], views: {} });
    await analyse(true);
  };
  return {
    templates: [],
    workspace: null,
    saved: null,
    stored: false,
    clipboard: null,
    scenario: null,
    past: [],
    future: [],
    problems: [],
    views: {},
    selected: null,
    error: null,
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
        set({ workspace });
        if (workspace) rememberWorkspace(workspace.path);
      } catch (e) {
        set({ error: failed(e) });
      }
    },
    openWorkspace: async (path, create) => {
      try {
        set({ workspace: await api.openWorkspace(path, create), error: null });
        rememberWorkspace(path);
      } catch (e) {
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
        await start(await api.loadScenario(id));
        set({ stored: true });
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
      const { scenario, selected } = get();
      const node = scenario?.nodes.find((n) => n.id === selected);
      if (node) set({ clipboard: node });
    },
    paste: () => {
      const copied = get().clipboard;
      if (!copied || !get().scenario) return;
      let id = "";
      get().edit((s) => {
        const at = { x: (copied.position?.x ?? 0) + 40, y: (copied.position?.y ?? 0) + 40 };
        const [next, added] = graph.addNode(s, copied.kind, at);
        id = added;
        return graph.renameNode(next, added, copied.title ?? "");
      });
      set({ selected: id });
    },
    save: async (note) => {
      const scenario = get().scenario;
      if (!scenario) return false;
      try {
        const workspace = await api.saveScenario(scenario, note);
        set({ workspace, saved: scenario, stored: true, error: null });
        return true;
      } catch (e) {
        set({ error: failed(e) });
        return false;
      }
    },
    close: () => (
      (lastMerge = undefined),
      set({ scenario: null, saved: null, past: [], future: [], problems: [], views: {}, selected: null })
    ),
    select: (node) => set({ selected: node }),
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
        set({ selected: id });
      } catch (e) {
        set({ error: failed(e) });
      }
    },
    removeSelected: () => {
      const selected = get().selected;
      if (selected) get().edit((s) => graph.remove(s, [selected]));
    },
  };
});
