package dev.charlm.cluster;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Cluster mode (docs/SCALING.md): replicas sharing PostgreSQL and a bucket ({@link S3Properties}), jobs dispatched
 * through db-scheduler.
 *
 * @param enabled    cluster mode; off: the embedded default, files under {@code charlm.data-dir}
 * @param nodeName   this replica's name in {@code node} and in the scheduler's table; none: host:port
 * @param heartbeat  how often a replica's heartbeat marks the jobs it trains as alive
 * @param missedHeartbeats after this many missed heartbeats (db-scheduler: at least 4) another replica takes the job over
 * @param pollInterval how often a replica with a free training slot looks for a queued job
 */
@ConfigurationProperties("charlm.cluster")
public record ClusterProperties(
        @DefaultValue("false") boolean enabled,
        String nodeName,
        @DefaultValue("1s") Duration heartbeat,
        @DefaultValue("4") int missedHeartbeats,
        @DefaultValue("1s") Duration pollInterval) {
}
