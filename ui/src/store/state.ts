// The editor's state, in the slices it is made of: the workspace and what the start screen shows
// (`workspace.ts`), the open scenario with its history and what the engine says of it
// (`scenario.ts`), and its autosaved draft (`drafts.ts`). Types only: each slice reads the
// whole state through these.
import type * as api from "../ipc/api";
import type * as graph from "./graph";
import type { NodeKindType } from "../features/editor/nodes";

/** The workspace the window works in and the screen shown when no scenario is open. */
export interface WorkspaceSlice {
  /** What shows when no scenario is open. */
  screen: "start" | "diagnosis" | "settings" | "leads" | "forecast" | "check";
  /** A CSV file being imported through the wizard. */
  importPath: string | null;
  templates: api.TemplateInfo[];
  workspace: api.WorkspaceInfo | null;
  /** Whether the window has asked which workspace is open (false only while it first starts). */
  workspaceKnown: boolean;
  loadTemplates: () => Promise<void>;
  /** Asks which workspace is open. On the window's first start with none named, it opens the
   * most recent one, or else the default workspace (created on first use, named in `lang`). */
  loadWorkspace: (lang?: "ja" | "en") => Promise<void>;
  openWorkspace: (path: string, create: boolean) => Promise<void>;
  deleteStored: (id: string) => Promise<void>;
  duplicateStored: (id: string) => Promise<void>;
  renameStored: (id: string, name: string) => Promise<void>;
}

/** The open scenario, its undo/redo history, its selection and what the engine says about it. */
export interface ScenarioSlice {
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
  openTemplate: (key: string) => Promise<void>;
  openStored: (id: string) => Promise<void>;
  openFile: (path: string) => Promise<void>;
  newScenario: () => Promise<void>;
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
  /** Adds a node of `kind`: where it was dropped, or (clicked in the palette) below the selected
   * node or else at the centre of the view, clear of the others; the new node is selected. */
  addNode: (kind: NodeKindType, place: { drop: { x: number; y: number } } | { centre: { x: number; y: number } }) => Promise<void>;
  removeSelected: () => void;
}

/** The autosaved draft of the open scenario's unsaved work. */
export interface DraftSlice {
  /** When the open scenario's draft was last autosaved (ms since the epoch), while it has one. */
  autosavedAt: number | null;
  /** A draft found when a stored scenario was opened, offered for restoring. */
  offer: api.Draft | null;
  /** Opens the autosaved draft of a scenario that was never saved. */
  openDraft: (id: string) => Promise<void>;
  /** Puts the offered draft in place of the opened version (one step of history). */
  restoreDraft: () => void;
  /** Throws a draft away (the offered one, or that of scenario `id`). */
  discardDraft: (id?: string) => Promise<void>;
  /** Writes the draft now if the scenario has unsaved changes (before leaving it). */
  flushDraft: () => Promise<void>;
}

/** The whole state, with what went wrong last. */
export interface Studio extends WorkspaceSlice, ScenarioSlice, DraftSlice {
  error: api.Localized | null;
}

/** `set` and `get` of the store, as each slice's creator takes them. */
export type Set = (partial: Partial<Studio>) => void;
export type Get = () => Studio;
