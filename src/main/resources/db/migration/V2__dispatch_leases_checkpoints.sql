-- Cluster dispatch (issue 16). db-scheduler's own table, as its PostgreSQL schema defines it: one row per queued or
-- running job (task 'train', instance = the model id), picked with SKIP LOCKED, heartbeated by the replica that runs it.
CREATE TABLE scheduled_tasks (
    task_name            text                     NOT NULL,
    task_instance        text                     NOT NULL,
    task_data            bytea,
    execution_time       timestamp with time zone NOT NULL,
    picked               boolean                  NOT NULL,
    picked_by            text,
    last_success         timestamp with time zone,
    last_failure         timestamp with time zone,
    consecutive_failures int,
    last_heartbeat       timestamp with time zone,
    version              bigint                   NOT NULL,
    priority             smallint,
    PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time);
CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC);

-- A job's lease: its generation, raised by one each time a replica claims the job. Every save of the job by the
-- replica that trains it must carry the lease it claimed, so a replica that lost the job (presumed dead, taken over)
-- can no longer change it. cancel_requested carries a cancel from any replica to the one that trains the job.
ALTER TABLE job ADD COLUMN lease bigint NOT NULL DEFAULT 0;
ALTER TABLE job ADD COLUMN cancel_requested boolean NOT NULL DEFAULT false;

-- Each model's current checkpoint: the object that holds it (keys are never reused: they name the lease and the step)
-- and the fence, the highest lease that may still write it. A write with a lower lease is refused, so a stale replica
-- cannot replace the checkpoint of the replica that took its job over.
CREATE TABLE checkpoint (
    model_id   text PRIMARY KEY,
    fence      bigint NOT NULL,
    object_key text
);
