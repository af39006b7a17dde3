// The app's state: one zustand store made of slices (see `state.ts`): the workspace, the open
// scenario with its history and what the engine says about it, and its autosaved draft.
import { create } from "zustand";
import { draftSlice } from "./drafts";
import { scenarioSlice } from "./scenario";
import type { Studio } from "./state";
import { workspaceSlice } from "./workspace";

export { ANALYSIS_DELAY_MS, AUTOSAVE_DELAY_MS } from "./editing";
export { recentWorkspaces } from "./workspace";

export const useStudio = create<Studio>((set, get) => ({
  error: null,
  ...workspaceSlice(set),
  ...scenarioSlice(set, get),
  ...draftSlice(set, get),
}));
