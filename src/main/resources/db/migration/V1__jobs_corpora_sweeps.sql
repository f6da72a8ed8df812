-- Cluster mode's system of record. Each row keeps the JSON document that the embedded mode writes to a file
-- (job.json, history.json, corpus.json, sweeps/<id>.json), so the wire format has one definition; the other
-- columns are copies of its members that a cluster queries by. The type is json, not jsonb: json keeps the text as
-- written, so the order of a sweep's grid (its expansion order) and every other member survive as they were.

CREATE TABLE job (
    id         text PRIMARY KEY,
    status     text        NOT NULL,
    created_at timestamptz,
    corpus     text,
    sweep      text,
    record     json        NOT NULL,   -- the JobRecord, as job.json
    history    json        NOT NULL    -- the History.Snapshot, as history.json
);
CREATE INDEX job_status ON job (status);
CREATE INDEX job_created_at ON job (created_at DESC, id);
CREATE INDEX job_sweep ON job (sweep) WHERE sweep IS NOT NULL;

CREATE TABLE corpus (
    id         text PRIMARY KEY,
    created_at timestamptz NOT NULL,
    record     json        NOT NULL    -- the Corpus, as corpus.json
);

CREATE TABLE sweep (
    id         text PRIMARY KEY,
    created_at timestamptz NOT NULL,
    record     json        NOT NULL    -- the SweepRecord, as sweeps/<id>.json
);
