// The draft slice: the open scenario's autosaved draft — opened, offered, restored, thrown away,
// written now.
import * as api from "../ipc/api";
import { failed } from "../ipc/errors";
import { editing, merging } from "./editing";
import type { DraftSlice, Get, Set } from "./state";

/** The draft slice over the store's `set` and `get`. */
export function draftSlice(set: Set, get: Get): DraftSlice {
  const { start, writeDraft } = editing(set, get);
  return {
    autosavedAt: null,
    offer: null,
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
    restoreDraft: () => {
      const offer = get().offer;
      if (!offer) return;
      merging.set(undefined);
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
  };
}
