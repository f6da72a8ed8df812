package dev.charlm.cluster;

import dev.charlm.config.CharLmProperties;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** This replica's name: {@code charlm.cluster.node-name}, else host:port. */
@Component
@ConditionalOnProperty(name = "charlm.cluster.enabled", havingValue = "true")
public class ClusterNode {

    private final String name;

    ClusterNode(ClusterProperties properties, CharLmProperties charlm, Environment environment) throws IOException {
        this.name = properties.nodeName() != null && !properties.nodeName().isBlank() ? properties.nodeName()
                : host() + ":" + environment.getProperty("server.port", "8080");
        // a replica keeps nothing there, but the disk-space health check watches it (management.health.diskspace.path)
        Files.createDirectories(charlm.dataDir());
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    public String name() {
        return name;
    }
}
