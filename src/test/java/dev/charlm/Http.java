package dev.charlm;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small client for the end-to-end tests: real HTTP on localhost. */
public final class Http {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();
    private final String base;

    public Http(int port) {
        this.base = "http://localhost:" + port;
    }

    public HttpResponse<String> send(String method, String path, String contentType, byte[] body, String accept) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (accept != null) {
            b.header("Accept", accept);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        try {
            return client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<String> get(String path) {
        return send("GET", path, null, null, "application/json");
    }

    public HttpResponse<String> postJson(String path, String body) {
        return send("POST", path, "application/json", body.getBytes(StandardCharsets.UTF_8), "application/json");
    }

    public JsonNode json(HttpResponse<String> r) {
        return json.readTree(r.body());
    }

    /** Uploads {@code text} as a corpus and returns its id; anything but 201 fails the test with the answer. */
    public String uploadCorpus(String text) {
        HttpResponse<String> r = send("POST", "/corpora", "text/plain", text.getBytes(StandardCharsets.UTF_8), "application/json");
        return idOf(r, 201);
    }

    /** Posts a training request and returns the new model's id; anything but 202 fails the test with the answer. */
    public String submit(String request) {
        return idOf(postJson("/models", request), 202);
    }

    private String idOf(HttpResponse<String> r, int expected) {
        if (r.statusCode() != expected) {
            throw new AssertionError(r.request().method() + " " + r.uri().getPath() + " answered " + r.statusCode()
                    + " instead of " + expected + ": " + r.body());
        }
        return json(r).get("id").asString();
    }

    /** Polls GET path until the model's status is one of {@code states}; returns the last model. */
    public JsonNode awaitStatus(String path, Duration timeout, String... states) {
        long end = System.nanoTime() + timeout.toNanos();
        JsonNode m = null;
        while (System.nanoTime() < end) {
            m = json(get(path));
            for (String s : states) {
                if (s.equals(m.get("status").asString())) {
                    return m;
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("model did not reach " + String.join("/", states) + " in " + timeout + ": " + m);
    }
}
