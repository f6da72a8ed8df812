package dev.charlm.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.charlm.storage.TestPostgres;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** {@link JobRepositoryContract} on PostgreSQL, and the columns beside the record that a cluster queries by. */
class PostgresJobRepositoryTest implements JobRepositoryContract {

    PostgresJobRepository repository;

    @BeforeEach
    void create() {
        TestPostgres.truncate("job");
        repository = new PostgresJobRepository(JdbcClient.create(TestPostgres.database()), JSON);
    }

    @Override
    public JobRepository repository() {
        return repository;
    }

    @Override
    public AutoCloseable unwritable(String id) {
        return TestPostgres.refuseWrites("job", id);
    }

    @Test
    void theRowCarriesTheRecordsStatusCreationCorpusAndSweep() {
        JobRecord r = JobRepositoryContract.record("m-aaaaaaaaaa", "2026-12-02T01:00:00Z");
        JobRecord inSweep = new JobRecord(r.id(), r.name(), r.corpus(), r.state(), r.times(), r.spec(), r.progress(), r.weights(),
                "s-aaaaaaaaaa", null);
        repository.save(inSweep, JobRepositoryContract.history());

        var row = JdbcClient.create(TestPostgres.database())
                .sql("SELECT status, created_at = TIMESTAMPTZ '2026-12-02T01:00:00Z', corpus, sweep, record ->> 'id' FROM job")
                .query((rs, n) -> new Object[] {rs.getString(1), rs.getBoolean(2), rs.getString(3), rs.getString(4), rs.getString(5)})
                .single();
        assertThat(row).containsExactly(r.state().status().name(), true, r.corpus(), "s-aaaaaaaaaa", "m-aaaaaaaaaa");
        assertThat(repository.find("m-aaaaaaaaaa")).contains(inSweep);
    }

    @Test
    void aRecordThatCannotBeReadIsLeftOutOfTheList() {
        JobRecord good = JobRepositoryContract.record("m-aaaaaaaaaa", "2026-12-02T01:00:00Z");
        repository.save(good, JobRepositoryContract.history());
        JdbcClient.create(TestPostgres.database())
                .sql("INSERT INTO job (id, status, record, history) VALUES ('m-bbbbbbbbbb', 'QUEUED', '{\"id\": []}', '[]')").update();

        assertThat(repository.findAll()).containsExactly(good);
        assertThat(repository.find("m-bbbbbbbbbb")).isEmpty();
        assertThat(repository.history("m-bbbbbbbbbb")).isEqualTo(History.Snapshot.EMPTY);
    }

    @Test
    void aClaimRaisesTheLeaseAndFencesOffEverySaveUnderTheOldOne() {
        JobRecord r = JobRepositoryContract.record("m-aaaaaaaaaa", "2026-12-02T01:00:00Z");
        repository.save(r, JobRepositoryContract.history());          // submitted: lease 0
        repository.requestCancel("m-aaaaaaaaaa");

        PostgresJobRepository.Claim first = repository.claim("m-aaaaaaaaaa");
        assertThat(first).isEqualTo(new PostgresJobRepository.Claim(1, true));   // the pending cancel goes with the claim
        repository.save(r, History.Snapshot.EMPTY, 1);
        PostgresJobRepository.Claim second = repository.claim("m-aaaaaaaaaa");   // another replica takes the job over
        assertThat(second).isEqualTo(new PostgresJobRepository.Claim(2, false));

        JobRecord stale = r.withCheckpointStep(r.progress(), 999);
        assertThatThrownBy(() -> repository.save(stale, History.Snapshot.EMPTY, 1))
                .isInstanceOf(LeaseLostException.class).hasMessageContaining("lease 1")
                .satisfies(e -> assertThat(((LeaseLostException) e).getStatusCode().value()).as("in a request: 409").isEqualTo(409));
        assertThat(repository.find("m-aaaaaaaaaa")).contains(r);
        assertThat(repository.row("m-aaaaaaaaaa").orElseThrow().lease()).isEqualTo(2);
        repository.save(stale, History.Snapshot.EMPTY, 2);
        assertThat(repository.find("m-aaaaaaaaaa")).contains(stale);
    }

    @Test
    void aResumeClearsTheCancelRequestThatTheLastRunEndedWith() {
        JobRecord r = JobRepositoryContract.record("m-aaaaaaaaaa", "2026-12-02T01:00:00Z");
        repository.save(r, JobRepositoryContract.history());
        long lease = repository.claim("m-aaaaaaaaaa").lease();
        JobRecord running = withStatus(r, JobStatus.RUNNING);
        repository.save(running, History.Snapshot.EMPTY, lease);
        repository.requestCancel("m-aaaaaaaaaa");                       // asked on another replica
        repository.save(withStatus(r, JobStatus.CANCELLED), History.Snapshot.EMPTY, lease);
        assertThat(repository.row("m-aaaaaaaaaa").orElseThrow().cancelRequested()).isTrue();

        repository.save(withStatus(r, JobStatus.QUEUED), History.Snapshot.EMPTY, lease);   // resumed

        assertThat(repository.claim("m-aaaaaaaaaa").cancelRequested()).isFalse();
    }

    private static JobRecord withStatus(JobRecord r, JobStatus s) {
        return new JobRecord(r.id(), r.name(), r.corpus(), new JobRecord.State(s, null), r.times(), r.spec(), r.progress(), r.weights(),
                r.sweep(), r.node());
    }
}
