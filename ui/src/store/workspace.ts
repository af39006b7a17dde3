// The workspace slice: which workspace is open, the templates, the recent workspaces, and the
// stored scenarios' list operations (rename, delete, duplicate).
import * as api from "../ipc/api";
import { failed } from "../ipc/errors";
import type { Set, WorkspaceSlice } from "./state";

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

/** Whether the window has asked for its workspace yet: only its first start opens one by itself. */
let workspaceAsked = false;

/** The workspace a window started with none named opens: the most recent one, or when there is
 * none or it no longer opens (its error stays on the start screen), the default workspace. Null
 * when that fails too: the start screen says why and offers to open or create another. */
async function startingWorkspace(lang: "ja" | "en", set: Set): Promise<api.WorkspaceInfo | null> {
  const recent = recentWorkspaces()[0];
  if (recent) {
    try {
      return await api.openWorkspace(recent, false);
    } catch (e) {
      forgetWorkspace(recent);
      set({ error: failed(e) });
    }
  }
  try {
    return await api.openDefaultWorkspace(lang);
  } catch (e) {
    set({ error: failed(e) });
    return null;
  }
}

/** The workspace slice over the store's `set`. */
export function workspaceSlice(set: Set): WorkspaceSlice {
  return {
    screen: "start",
    importPath: null,
    templates: [],
    workspace: null,
    workspaceKnown: false,
    loadTemplates: async () => {
      try {
        // The error shown is left alone: it may say why the starting workspace did not open.
        set({ templates: await api.listTemplates() });
      } catch (e) {
        set({ error: failed(e) });
      }
    },
    loadWorkspace: async (lang) => {
      try {
        let workspace = await api.workspaceInfo();
        const first = !workspaceAsked;
        workspaceAsked = true;
        if (!workspace && first) workspace = await startingWorkspace(lang ?? "ja", set);
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
    renameStored: async (id, name) => {
      try {
        set({ workspace: await api.renameScenario(id, name), error: null });
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
  };
}
