-- Forecasts, stored as computed by a bargaining model: the report and the dashboard read them instead of
-- recomputing. A scenario is identified by the SHA-256 of its canonical JSON; one row per model, runs and seed.
CREATE TABLE forecasts (
    scenario_key    TEXT NOT NULL,
    scenario_name   TEXT NOT NULL,
    model           TEXT NOT NULL,
    runs            INTEGER NOT NULL,
    seed            INTEGER NOT NULL,  -- -1: no seed
    result          TEXT NOT NULL,     -- detente.forecast/1 JSON
    created_at      TEXT NOT NULL,
    PRIMARY KEY (scenario_key, model, runs, seed)
)
