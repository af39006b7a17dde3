// Typed calls of the shell's commands (src-tauri/src/lib.rs).
import { Channel, invoke } from "@tauri-apps/api/core";
import type {
  ScenarioStudioScenario as ScenarioFile,
  BacktestOutcome,
  BacktestRequest,
  CommandError,
  DateOrder,
  Diagnosis,
  Diagnostic,
  EditableSettings,
  Holiday,
  DealStatusInfo,
  LeadFilter,
  LeadPage,
  LeadStats,
  ScoreSummary,
  ScoringReview,
  LeadDetail,
  ScenarioFit,
  WebinarDefaults,
  AttributeValues,
  MatchCount,
  ValueCount,
  Expr,
  ScoringVersion,
  ModelCheck,
  ImportReport,
  ImportRequest,
  PresetInfo,
  Draft,
  DraftInfo,
  Localized,
  NodeView,
  LeadTrace,
  PickedLeads,
  OpenedFile,
  Progress,
  ScenarioSummary,
  SimulationOutcome,
  SimulationRequest,
  StoredScenario,
  TemplateInfo,
  VersionInfo,
  WhatIf,
  WorkspaceInfo,
} from "../bindings/commands";
import type { NodeKind, NodeKindType } from "../features/editor/nodes";

// Every payload type is generated from the shell's Rust types (src/bindings/commands.ts).
export type { DateOrder, ImportReport, ImportRequest, PresetInfo };
export type { AttributeValues, DealStatusInfo, EditableSettings, Holiday, MatchCount, LeadDetail, ModelCheck, ScenarioFit, ValueCount, WebinarDefaults, ScoreSummary, ScoringReview, ScoringVersion };
export type { LeadFilter, LeadPage, LeadStats };
export type { VersionInfo, WhatIf };
export type { Diagnosis, LeadTrace, PickedLeads, Progress, ScenarioSummary, SimulationOutcome, SimulationRequest };
export type { CommandError, Diagnostic, Draft, DraftInfo, Localized, NodeView, OpenedFile, StoredScenario, TemplateInfo, WorkspaceInfo };

export type { BacktestOutcome, BacktestRequest };
export type { ScenarioFile };

export const listTemplates = () => invoke<TemplateInfo[]>("list_templates");
export const openTemplate = (key: string) => invoke<ScenarioFile>("open_template", { key });
export const validateScenario = (scenario: ScenarioFile) =>
  invoke<Diagnostic[]>("validate_scenario", { scenario });
/** Each node's summary and exits; `scenarios` (the workspace's scenarios' names by id) name a
 * switch's target. */
export const describeNodes = (scenario: ScenarioFile, scenarios: Record<string, string> | null) =>
  invoke<Record<string, NodeView>>("describe_nodes", { scenario, scenarios });
export const newNodeKind = (kind: NodeKindType) => invoke<NodeKind>("new_node_kind", { kind });

export const openWorkspace = (path: string, create: boolean) =>
  invoke<WorkspaceInfo>("open_workspace", { path, create });
/** Opens the default workspace in the app's data folder, created (named in `lang`) on first use. */
export const openDefaultWorkspace = (lang: "ja" | "en") => invoke<WorkspaceInfo>("open_default_workspace", { lang });
export const workspaceInfo = () => invoke<WorkspaceInfo | null>("workspace_info");
export const loadScenario = (id: string) => invoke<ScenarioFile>("load_scenario", { id });
export const saveScenario = (scenario: ScenarioFile, note: string) =>
  invoke<WorkspaceInfo>("save_scenario", { scenario, note, savedAt: Math.floor(Date.now() / 1000) });

export const openFile = (path: string) => invoke<OpenedFile>("open_file", { path });
export const startupFile = () => invoke<string | null>("startup_file");
export const deleteScenario = (id: string) => invoke<WorkspaceInfo>("delete_scenario", { id });
export const duplicateScenario = (id: string) =>
  invoke<WorkspaceInfo>("duplicate_scenario", { id, savedAt: Math.floor(Date.now() / 1000) });
export const newScenario = () => invoke<ScenarioFile>("new_scenario");

const now = () => Math.floor(Date.now() / 1000);
export const saveDraft = (scenario: ScenarioFile) => invoke<void>("save_draft", { scenario, savedAt: now() });
export const draftOf = (id: string) => invoke<Draft | null>("draft_of", { id });
export const discardDraft = (id: string) => invoke<WorkspaceInfo>("discard_draft", { id });
export const renameScenario = (id: string, name: string) =>
  invoke<WorkspaceInfo>("rename_scenario", { id, name, savedAt: now() });

/** A channel whose messages go to `listener`. */
function channel<T>(listener: (message: T) => void): Channel<T> {
  const c = new Channel<T>();
  c.onmessage = listener;
  return c;
}
/** Forecasts off the window's thread; resolves to null when cancelled. */
export const simulate = (request: SimulationRequest, onProgress: (p: Progress) => void) =>
  invoke<SimulationOutcome | null>("simulate", { request, progress: channel(onProgress) });
/** One run on a sample of about 10,000 leads, scaled to the workspace: follows each edit. */
export const simulateLive = (request: SimulationRequest) => invoke<SimulationOutcome>("simulate_live", { request });
export const scenarioVersions = (id: string) => invoke<VersionInfo[]>("scenario_versions", { id });
/** The edited scenario against its saved version `base`, same leads and seeds; null when cancelled. */
export const compareVersions = (request: SimulationRequest, base: number, onProgress: (p: Progress) => void) =>
  invoke<WhatIf | null>("compare_versions", { request, base, progress: channel(onProgress) });
export const cancelSimulation = () => invoke<void>("cancel_simulation");
/** The forecast check: forecast from a cut-off with what was recorded before it, against what was
 * recorded after it; null when cancelled (by `cancelSimulation`). */
export const runBacktest = (request: BacktestRequest, onProgress: (p: Progress) => void) =>
  invoke<BacktestOutcome | null>("run_backtest", { request, progress: channel(onProgress) });
/** Ties a recorded mail (as the history names it) to a scenario's mail (`scenario/node`), or
 * unties it (null); forecasts and checks read its history as that mail's from then on. */
export const tieRecordedMail = (detail: string, mail: string | null) => invoke<void>("tie_recorded_mail", { detail, mail });
export const generateSample = (count: number, seed: number, replace: boolean, onProgress: (p: Progress) => void) =>
  invoke<WorkspaceInfo>("generate_sample", { count, seed, replace, progress: channel(onProgress) });
export const traceLead = (request: SimulationRequest, lead: string) => invoke<LeadTrace>("trace_lead", { request, lead });
/** Leads to trace in `scenario`, by what happened to them in the forecast's first run. */
export const pickLeads = (request: SimulationRequest, scenario: string) => invoke<PickedLeads>("pick_leads", { request, scenario });
export const runDiagnosis = (onProgress: (p: Progress) => void) =>
  invoke<Diagnosis>("run_diagnosis", { progress: channel(onProgress) });
/** A hand-given answer (`yes`, `partial`, `no`), or none to clear it. */
export const answerItem = (item: string, answer: string, note: string) =>
  invoke<void>("answer_item", { item, answer, note, answeredAt: now() });
export const exportDiagnosis = (path: string, format: "html" | "md" | "json", lang: string) =>
  invoke<void>("export_diagnosis", { path, format, lang });
export const exportScenario = (scenario: ScenarioFile, format: "json" | "bpmn" | "mermaid", path: string) =>
  invoke<void>("export_scenario", { scenario, format, path });
export const saveImage = (data: string, path: string) => invoke<void>("save_image", { data, path });
export const exportForecastReport = (path: string, lang: string) => invoke<void>("export_forecast_report", { path, lang });
/** A folder set for automation (SCENARIO_STUDIO_EXPORT_DIR): exports go there without asking. */
export const exportFolder = () => invoke<string | null>("export_folder");
export const importPresets = () => invoke<PresetInfo[]>("import_presets");
/** Reads a CSV (a dry run unless `request.commit`), streaming progress in bytes. */
export const importLeads = (request: ImportRequest, onProgress: (p: Progress) => void) =>
  invoke<ImportReport>("import_leads", { request, progress: channel(onProgress) });
export const loadSettings = () => invoke<EditableSettings>("load_settings");
export const saveSettings = (settings: EditableSettings) => invoke<void>("save_settings", { settings });
export const previewScoring = (scoring: EditableSettings["scoring"]) => invoke<ScoreSummary>("preview_scoring", { scoring });
export const reviewScoring = (outcome: ScoringReview["outcome"], horizonDays: number | null) =>
  invoke<ScoringReview>("review_scoring", { outcome, horizonDays });
export const applyScoring = (scoring: EditableSettings["scoring"], note: string, replacedNote: string) =>
  invoke<number>("apply_scoring", { scoring, note, replacedNote });
export const attributeValues = (attribute: Extract<Expr, { type: "attribute" }>["attribute"]) =>
  invoke<AttributeValues>("attribute_values", { attribute });
export const countMatching = (expr: Expr) => invoke<MatchCount>("count_matching", { expr });
export const leadDetail = (id: number, scoresAt: number | null) => invoke<LeadDetail>("lead_detail", { id, scoresAt });
export const leadScenarios = (id: number) => invoke<ScenarioFit[]>("lead_scenarios", { id });
export const webinarDefaults = () => invoke<WebinarDefaults>("webinar_defaults");
export const scoringVersions = () => invoke<ScoringVersion[]>("scoring_versions");
export const restoreScoring = (number: number, note: string) => invoke<number>("restore_scoring", { number, note });
export const leadPage = (filter: LeadFilter, offset: number, limit: number, scoresAt: number | null) =>
  invoke<LeadPage>("lead_page", { filter, offset, limit, scoresAt });
export const dealStatuses = () => invoke<DealStatusInfo[]>("deal_statuses");
export const publicHolidays = (from: string, to: string) => invoke<Holiday[]>("public_holidays", { from, to });
export const leadStats = () => invoke<LeadStats>("lead_stats");
