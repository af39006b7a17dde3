-- Autosaved drafts: the editor's unsaved work on a scenario, kept so that a crash or a closed
-- window loses nothing. A draft may be an invalid scenario (work in progress), so it is stored as
-- the editor sent it and read back without validation. Saving the scenario removes its draft.
CREATE TABLE scenario_drafts (
    scenario_id TEXT PRIMARY KEY,
    json        TEXT NOT NULL,
    saved_at    INTEGER NOT NULL
);
