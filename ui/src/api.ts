// Typed calls of the shell's commands (src-tauri/src/lib.rs).
import { invoke } from "@tauri-apps/api/core";
import type { ScenarioStudioScenario as ScenarioFile } from "./bindings/scenario";

export type { ScenarioFile };

/** Text in both languages, as the engine writes it. */
export interface Localized {
  ja: string;
  en: string;
}

/** A built-in template (`TemplateInfo`). */
export interface TemplateInfo {
  key: string;
  name: string;
  purpose: Localized;
  nodes: number;
}

/** One validation finding (`validate::Diagnostic`). */
export interface Diagnostic {
  code: string;
  severity: "error" | "warning";
  node?: string;
  edge?: string;
  message: Localized;
}

/** A failed command (`CommandError`). */
export interface CommandError {
  kind: string;
  message: Localized;
}

export const listTemplates = () => invoke<TemplateInfo[]>("list_templates");
export const openTemplate = (key: string) => invoke<ScenarioFile>("open_template", { key });
export const validateScenario = (scenario: ScenarioFile) =>
  invoke<Diagnostic[]>("validate_scenario", { scenario });
/** What the canvas draws for a node beyond its title (`NodeView`). */
export interface NodeView {
  summary: Localized;
  outputs: string[];
}

export const describeNodes = (scenario: ScenarioFile) =>
  invoke<Record<string, NodeView>>("describe_nodes", { scenario });
export const newNodeKind = (kind: string) =>
  invoke<ScenarioFile["nodes"][number]["kind"]>("new_node_kind", { kind });

/** A scenario stored in the workspace (`StoredScenario`). */
export interface StoredScenario {
  id: string;
  name: string;
  status: string;
  updated_at: number;
  versions: number;
}

/** The open workspace (`WorkspaceInfo`). */
export interface WorkspaceInfo {
  path: string;
  name: string;
  scenarios: StoredScenario[];
}

export const openWorkspace = (path: string, create: boolean) =>
  invoke<WorkspaceInfo>("open_workspace", { path, create });
export const workspaceInfo = () => invoke<WorkspaceInfo | null>("workspace_info");
export const loadScenario = (id: string) => invoke<ScenarioFile>("load_scenario", { id });
export const saveScenario = (scenario: ScenarioFile, note: string) =>
  invoke<WorkspaceInfo>("save_scenario", { scenario, note, savedAt: Math.floor(Date.now() / 1000) });

/** A scenario file read from disk (`OpenedFile`). */
export interface OpenedFile {
  scenario: ScenarioFile;
  notes: Localized[];
}

export const openFile = (path: string) => invoke<OpenedFile>("open_file", { path });
export const startupFile = () => invoke<string | null>("startup_file");
