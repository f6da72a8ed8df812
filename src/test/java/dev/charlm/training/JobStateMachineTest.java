package dev.charlm.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.charlm.engine.train.TrainingConfig;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/**
 * Every pair of states: the move is allowed and the job is in the new state, or it is refused with the
 * 409 a client sees, and the job is unchanged. The expected table is written out here, apart from JobStatus's.
 */
class JobStateMachineTest {

    /** Allowed moves, by the state they lead to. */
    static final Map<JobStatus, Set<JobStatus>> ALLOWED = Map.of(
            JobStatus.QUEUED, EnumSet.of(JobStatus.COMPLETED, JobStatus.FAILED, JobStatus.CANCELLED, JobStatus.INTERRUPTED),
            JobStatus.RUNNING, EnumSet.of(JobStatus.QUEUED),
            JobStatus.COMPLETED, EnumSet.of(JobStatus.RUNNING),
            JobStatus.FAILED, EnumSet.of(JobStatus.RUNNING),
            JobStatus.CANCELLED, EnumSet.of(JobStatus.QUEUED, JobStatus.RUNNING),
            JobStatus.INTERRUPTED, EnumSet.of(JobStatus.QUEUED, JobStatus.RUNNING));

    /** What a 409 says after "model m-1 is FROM; ". */
    static final Map<JobStatus, String> REFUSAL = Map.of(
            JobStatus.QUEUED, "only COMPLETED, FAILED, CANCELLED or INTERRUPTED jobs can be resumed",
            JobStatus.RUNNING, "only QUEUED jobs can be started",
            JobStatus.COMPLETED, "only RUNNING jobs can be completed",
            JobStatus.FAILED, "only RUNNING jobs can be failed",
            JobStatus.CANCELLED, "only QUEUED or RUNNING jobs can be cancelled",
            JobStatus.INTERRUPTED, "only QUEUED or RUNNING jobs can be interrupted");

    static TrainingJob jobIn(JobStatus status) {
        TrainingRequest spec = ModelControllerTests.job("m-1").spec();
        TrainingJob job = new TrainingJob("m-1", spec, TrainingConfig.defaults(), Instant.parse("2026-11-23T10:00:00Z"));
        // walk there along allowed moves
        switch (status) {
            case QUEUED -> { }
            case RUNNING -> job.transition(JobStatus.RUNNING, null);
            case CANCELLED, INTERRUPTED -> job.transition(status, "why");
            case COMPLETED, FAILED -> {
                job.transition(JobStatus.RUNNING, null);
                job.transition(status, "why");
            }
        }
        assertThat(job.status()).isEqualTo(status);
        return job;
    }

    @Test
    void everyPairIsAllowedOrRefusedWithItsConflict() {
        int allowed = 0;
        for (JobStatus from : JobStatus.values()) {
            for (JobStatus to : JobStatus.values()) {
                TrainingJob job = jobIn(from);
                if (ALLOWED.get(to).contains(from)) {
                    allowed++;
                    assertThat(from.canMoveTo(to)).as(from + " -> " + to).isTrue();
                    job.transition(to, "because");
                    assertThat(job.status()).as(from + " -> " + to).isEqualTo(to);
                    assertThat(job.reason()).isEqualTo("because");
                } else {
                    assertThat(from.canMoveTo(to)).as(from + " -> " + to).isFalse();
                    assertThatThrownBy(() -> job.transition(to, "because"))
                            .as(from + " -> " + to)
                            .isInstanceOfSatisfying(IllegalTransitionException.class, e -> {
                                assertThat(e.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
                                assertThat(e.getBody().getTitle()).isEqualTo("Conflict");
                                assertThat(e.getBody().getDetail()).isEqualTo("model m-1 is " + from + "; " + REFUSAL.get(to));
                                assertThat(e.from()).isEqualTo(from);
                                assertThat(e.to()).isEqualTo(to);
                            });
                    assertThat(job.status()).as("a refused move changes nothing").isEqualTo(from);
                    assertThat(job.tryTransition(to, "because")).isFalse();
                    assertThat(job.status()).isEqualTo(from);
                }
            }
        }
        assertThat(allowed).isEqualTo(11);
    }

    @Test
    void resumingClearsTheEndAndAPendingCancel() {
        TrainingJob job = jobIn(JobStatus.CANCELLED);
        job.requestCancel();
        assertThat(job.finishedAt()).isNotNull();
        job.transition(JobStatus.QUEUED, null);
        assertThat(job.finishedAt()).isNull();
        assertThat(job.cancelRequested()).isFalse();
    }
}
