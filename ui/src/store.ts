// The app's state: the open scenario, its validation, and what went wrong.
import { create } from "zustand";
import * as api from "./api";

interface Studio {
  templates: api.TemplateInfo[];
  scenario: api.ScenarioFile | null;
  problems: api.Diagnostic[];
  summaries: Record<string, api.Localized>;
  selected: string | null;
  error: api.Localized | null;
  loadTemplates: () => Promise<void>;
  openTemplate: (key: string) => Promise<void>;
  close: () => void;
  select: (node: string | null) => void;
}

const failed = (e: unknown): api.Localized =>
  typeof e === "object" && e !== null && "message" in e
    ? (e as api.CommandError).message
    : { ja: String(e), en: String(e) };

export const useStudio = create<Studio>((set) => ({
  templates: [],
  scenario: null,
  problems: [],
  summaries: {},
  selected: null,
  error: null,
  loadTemplates: async () => {
    try {
      set({ templates: await api.listTemplates(), error: null });
    } catch (e) {
      set({ error: failed(e) });
    }
  },
  openTemplate: async (key) => {
    try {
      const scenario = await api.openTemplate(key);
      const [problems, summaries] = await Promise.all([
        api.validateScenario(scenario),
        api.summarizeNodes(scenario),
      ]);
      set({ scenario, problems, summaries, selected: null, error: null });
    } catch (e) {
      set({ error: failed(e) });
    }
  },
  close: () => set({ scenario: null, problems: [], summaries: {}, selected: null }),
  select: (node) => set({ selected: node }),
}));
