// What the scenario and draft slices share: asking the engine about the scenario once edits
// pause, autosaving its draft, and putting a new version of it in place (with its history).
import * as api from "../ipc/api";
import { failed } from "../ipc/errors";
import type { Get, Set } from "./state";

/** How long after the last edit the engine is asked again. */
export const ANALYSIS_DELAY_MS = 150;
/** How long after the last edit unsaved work is autosaved as a draft. */
export const AUTOSAVE_DELAY_MS = 1500;
/** The most steps of undo history kept. */
export const HISTORY_LIMIT = 200;

let pending: ReturnType<typeof setTimeout> | undefined;
let autosaving: ReturnType<typeof setTimeout> | undefined;
/** The merge key of the last edit, while edits with it keep coming. */
let lastMerge: string | undefined;

/** The merge key of the last edit (`ScenarioSlice.edit`). */
export const merging = {
  get: () => lastMerge,
  set: (key: string | undefined) => {
    lastMerge = key;
  },
};

/** The autosave on its way to the workspace, if one is. */
let drafting: Promise<void> = Promise.resolve();

/** Stops a pending autosave and waits for one already on its way, so that what is written next
 * (a save) reaches the workspace after it. */
export const settleAutosave = async () => {
  clearTimeout(autosaving);
  await drafting;
};

/** The shared steps, over the store's `set` and `get`. */
export function editing(set: Set, get: Get) {
  /** Asks the engine about the scenario as it stands, once edits pause. */
  const analyse = (now = false) => {
    clearTimeout(pending);
    const run = async () => {
      const { scenario, workspace } = get();
      if (!scenario) return;
      const names = workspace ? Object.fromEntries(workspace.scenarios.map((s) => [s.id, s.name])) : null;
      try {
        const [problems, views] = await Promise.all([
          api.validateScenario(scenario),
          api.describeNodes(scenario, names),
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
    const write = async () => {
      try {
        await api.saveDraft(scenario);
        if (get().scenario === scenario) set({ autosavedAt: Date.now() });
      } catch (e) {
        set({ error: failed(e) });
      }
    };
    // One write at a time, in the order they were asked for.
    drafting = drafting.then(write);
    await drafting;
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

  return { analyse, writeDraft, replace, start };
}
