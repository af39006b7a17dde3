-- Schema version 1 of a Scenario Studio workspace. Times are Unix seconds (UTC).

CREATE TABLE leads (
    id            INTEGER PRIMARY KEY,
    external_id   TEXT,                       -- the MA/CRM's id (HubSpot Record ID, Salesforce Lead ID …)
    sfa_id        TEXT,                       -- the SFA's id, when it differs
    email         TEXT NOT NULL,              -- as written
    email_key     TEXT NOT NULL,              -- NFKC, trimmed, lower-case: the match key (unique)
    last_name     TEXT NOT NULL DEFAULT '',
    first_name    TEXT NOT NULL DEFAULT '',
    company       TEXT NOT NULL DEFAULT '',
    department    TEXT NOT NULL DEFAULT '',
    title         TEXT NOT NULL DEFAULT '',
    job_level     TEXT,                       -- executive | director | manager | chief | staff
    employees     TEXT NOT NULL DEFAULT '',   -- as written
    employee_band TEXT,                       -- 1-49 | 50-299 | 300-999 | 1000+
    industry      TEXT NOT NULL DEFAULT '',
    prefecture    TEXT NOT NULL DEFAULT '',
    lead_source   TEXT NOT NULL DEFAULT '',
    lead_status   TEXT NOT NULL DEFAULT '',
    created_at    INTEGER,
    opt_in_basis  TEXT CHECK (opt_in_basis IN ('form', 'business_card', 'existing_relationship')),
    opted_out     INTEGER NOT NULL DEFAULT 0 CHECK (opted_out IN (0, 1)),
    score         INTEGER,
    custom        TEXT NOT NULL DEFAULT '{}'  -- JSON object: the source file's other columns
);
-- Kept as named indexes (not column constraints) so that bulk loads can drop and rebuild them.
CREATE UNIQUE INDEX leads_email_key ON leads (email_key);
CREATE UNIQUE INDEX leads_external_id ON leads (external_id) WHERE external_id IS NOT NULL;
CREATE INDEX leads_sfa_id ON leads (sfa_id) WHERE sfa_id IS NOT NULL;

-- Events and status changes are stored clustered by lead and time (WITHOUT ROWID): the simulator reads
-- a lead's history in one range scan, a re-import of the same rows changes nothing (the key is the
-- row's identity), and loads in lead order append instead of maintaining a separate index.
CREATE TABLE lead_events (
    lead_id INTEGER NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
    at      INTEGER NOT NULL,
    kind    TEXT NOT NULL,                    -- page_view | document_download | … (lead::EventKind)
    detail  TEXT NOT NULL DEFAULT '',         -- URL, document, webinar, mail or form
    PRIMARY KEY (lead_id, at, kind, detail)
) WITHOUT ROWID;

CREATE TABLE deal_status_history (
    lead_id    INTEGER NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
    changed_at INTEGER NOT NULL,
    status     TEXT NOT NULL,                 -- unworked | working | opportunity | won | lost | recycled
    sfa_value  TEXT NOT NULL DEFAULT '',      -- the SFA's own value, as written
    PRIMARY KEY (lead_id, changed_at, status)
) WITHOUT ROWID;

CREATE TABLE scenarios (
    id         TEXT PRIMARY KEY,
    json       TEXT NOT NULL,                 -- the scenario file, canonical JSON
    updated_at INTEGER NOT NULL
);

CREATE TABLE scenario_history (
    id          INTEGER PRIMARY KEY,
    scenario_id TEXT NOT NULL,
    json        TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',     -- the change note given on save
    saved_at    INTEGER NOT NULL
);
CREATE INDEX scenario_history_by_scenario ON scenario_history (scenario_id, saved_at);

-- Scoring model, SFA mapping, send calendar, team settings: one JSON document per key.
CREATE TABLE settings (
    key  TEXT PRIMARY KEY,
    json TEXT NOT NULL
);

CREATE TABLE checklist_answers (
    item        TEXT PRIMARY KEY,
    answer      TEXT NOT NULL CHECK (answer IN ('yes', 'partial', 'no')),
    note        TEXT NOT NULL DEFAULT '',
    answered_at INTEGER NOT NULL
);

CREATE TABLE simulation_runs (
    id         INTEGER PRIMARY KEY,
    created_at INTEGER NOT NULL,
    params     TEXT NOT NULL,                 -- JSON
    results    TEXT NOT NULL                  -- JSON
);

-- What was imported, for the record.
CREATE TABLE imports (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,                -- leads | events | deals
    file_name   TEXT NOT NULL,
    encoding    TEXT NOT NULL,
    preset      TEXT NOT NULL,
    rows_read   INTEGER NOT NULL,
    inserted    INTEGER NOT NULL,
    updated     INTEGER NOT NULL,
    skipped     INTEGER NOT NULL
);
