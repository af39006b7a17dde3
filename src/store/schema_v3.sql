-- Versions of the scoring model kept when a scoring review is applied or an earlier version
-- restored (the settings table holds the one in use). The first review also keeps the model it
-- replaced, so that it can be restored.
CREATE TABLE scoring_versions (
    id       INTEGER PRIMARY KEY,
    json     TEXT NOT NULL,                  -- the scoring model
    note     TEXT NOT NULL DEFAULT '',       -- what it was (fitted from what, restored from which)
    saved_at INTEGER NOT NULL
);
