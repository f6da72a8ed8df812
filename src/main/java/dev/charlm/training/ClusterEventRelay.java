package dev.charlm.training;

import dev.charlm.cluster.ClusterNode;
import jakarta.annotation.PreDestroy;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Cluster mode: sends the live events of the jobs this replica trains to every other replica, as PostgreSQL
 * notifications on the channel {@value #CHANNEL} ({@code {"job", "node", "event", "data"}}), where
 * {@link ClusterJobSync} hands them to that replica's event streams. Off the training thread, through a bounded
 * queue that drops the oldest when the database is slow: a lost progress event is replaced by the next one, and
 * every entry reaches the others with the next saved history anyway. The state events ({@code status}, {@code end})
 * are not sent: every replica derives them from the saved record.
 */
@Component
@ConditionalOnProperty(name = "charlm.cluster.enabled", havingValue = "true")
class ClusterEventRelay {

    static final String CHANNEL = "charlm_event";
    /** Each relayed event, and the type its data is read back as. */
    static final Map<String, Class<?>> EVENTS = Map.of(
            "progress", ProgressView.class,
            "point", History.Point.class,
            "epoch", History.Epoch.class,
            "checkpoint", History.Evaluation.class,
            "sample", History.Sample.class);
    /** PostgreSQL's limit on a notification's payload is 8000 bytes. */
    private static final int MAX_PAYLOAD = 7900;
    private static final Logger LOG = LoggerFactory.getLogger(ClusterEventRelay.class);

    private final JdbcClient db;
    private final JsonMapper json;
    private final String node;
    private final ThreadPoolExecutor sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1000),
            r -> {
                Thread t = new Thread(r, "charlm-event-relay");
                t.setDaemon(true);
                return t;
            }, new ThreadPoolExecutor.DiscardOldestPolicy());

    ClusterEventRelay(JdbcClient db, JsonMapper json, ClusterNode node) {
        this.db = db;
        this.json = json;
        this.node = node.name();
    }

    /** A listener that relays the job's events while this replica trains it. */
    TrainingJob.Listener relaying(TrainingJob job) {
        return (event, data) -> {
            if (!EVENTS.containsKey(event)) {
                return;
            }
            ObjectNode message = json.createObjectNode().put("job", job.id()).put("node", node).put("event", event);
            message.set("data", json.valueToTree(data));
            String payload = json.writeValueAsString(message);
            if (payload.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD) {
                return;   // a long periodic sample: the others get it with the history saved at the next checkpoint
            }
            sender.execute(() -> send(payload));
        };
    }

    private void send(String payload) {
        try {
            db.sql("SELECT pg_notify(:channel, :payload)").param("channel", CHANNEL).param("payload", payload).query().singleRow();
        } catch (RuntimeException e) {
            LOG.debug("Could not relay an event: {}", e.getMessage());
        }
    }

    @PreDestroy
    void close() {
        sender.shutdown();
    }
}
