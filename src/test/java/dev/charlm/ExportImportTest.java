package dev.charlm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Over real HTTP: a trained model exported as safetensors and imported back is a COMPLETED model without a
 * corpus that lists, shows, samples and scores as the original does, downloads, exports the same bytes,
 * refuses a resume with a 409, and is all of that again after a restart. The endpoints' 400s are problem+json.
 */
class ExportImportTest {

    @TempDir
    static Path data;

    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(CharLmApplication.class)
                .run("--server.port=0", "--charlm.data-dir=" + data, "--charlm.bootstrap.enabled=false");
    }

    static int port(ConfigurableApplicationContext c) {
        return c.getEnvironment().getProperty("local.server.port", Integer.class);
    }

    static HttpResponse<byte[]> bytes(int port, String path) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    static HttpResponse<String> upload(int port, byte[] file, String filename, String name) throws IOException, InterruptedException {
        String boundary = "----charlm" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (name != null) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n" + name + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(file);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/models/import"))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .header("Accept", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static String sampleOf(Http http, String id) {
        return http.json(http.get("/models/" + id + "/sample?prefix=the&length=80&seed=99&temperature=0.8")).get("text").asString();
    }

    static double scoreOf(Http http, String id) {
        return http.json(http.postJson("/models/" + id + "/score", "{\"text\": \"the time machine\"}")).get("nll").asDouble();
    }

    @Test
    void aModelExportedAndImportedBackServesAsTheOriginalDoesAndSurvivesARestart() throws Exception {
        String original;
        String imported;
        byte[] exported;
        String sample;
        double score;
        try (ConfigurableApplicationContext first = start()) {
            int port = port(first);
            Http http = new Http(port);
            String text = "the time traveller was expounding a recondite matter to us. ".repeat(100);
            String corpus = http.json(http.send("POST", "/corpora", "text/plain", text.getBytes(StandardCharsets.UTF_8),
                    "application/json")).get("id").asString();
            original = http.json(http.postJson("/models", ("{\"corpus\": \"%s\", \"cell\": \"lstm\", \"layers\": 2, \"hiddenSize\": 12,"
                    + " \"embeddingSize\": 6, \"seqLength\": 16, \"batchSize\": 4, \"maxSteps\": 20, \"evalEvery\": 10}").formatted(corpus)))
                    .get("id").asString();
            JsonNode done = http.awaitStatus("/models/" + original, Duration.ofSeconds(60), "COMPLETED", "FAILED");
            assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("COMPLETED");

            HttpResponse<byte[]> export = bytes(port, "/models/" + original + "/export?format=safetensors");
            assertThat(export.statusCode()).isEqualTo(200);
            assertThat(export.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"" + original + ".safetensors\"");
            exported = export.body();

            // the ONNX exporter is served by the same endpoint, and ONNX Runtime opens what it sends
            HttpResponse<byte[]> onnx = bytes(port, "/models/" + original + "/export?format=onnx");
            assertThat(onnx.statusCode()).isEqualTo(200);
            assertThat(onnx.headers().firstValue("Content-Type")).hasValue("application/onnx");
            assertThat(onnx.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"" + original + ".onnx\"");
            try (ai.onnxruntime.OrtSession session = ai.onnxruntime.OrtEnvironment.getEnvironment().createSession(onnx.body())) {
                assertThat(session.getInputNames()).contains("input_ids", "h0_l0", "c0_l0");
                assertThat(session.getOutputNames()).contains("logits", "hn_l0", "cn_l0");
                assertThat(session.getMetadata().getCustomMetadata()).containsKey("charlm.vocabulary");
            }

            HttpResponse<String> r = upload(port, exported, "lstm.safetensors", null);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            JsonNode m = http.json(r);
            imported = m.get("id").asString();
            assertThat(r.headers().firstValue("Location")).hasValue("/models/" + imported);
            assertThat(m.get("status").asString()).isEqualTo("COMPLETED");
            assertThat(m.get("name").asString()).isEqualTo("lstm");
            assertThat(m.has("corpus")).as("an imported model has no corpus").isFalse();
            assertThat(m.get("reason").asString()).isEqualTo("imported from lstm.safetensors");
            assertThat(m.get("cell").asString()).isEqualTo("lstm");
            assertThat(m.get("config").get("layers").asInt()).isEqualTo(2);
            assertThat(m.get("config").get("embeddingSize").asInt()).isEqualTo(6);
            assertThat(m.get("checkpointStep").asLong()).isZero();
            assertThat(m.get("parameters").asLong()).isEqualTo(done.get("parameters").asLong());

            sample = sampleOf(http, original);
            assertThat(sampleOf(http, imported)).isEqualTo(sample);
            score = scoreOf(http, original);
            assertThat(scoreOf(http, imported)).isEqualTo(score);
            assertThat(bytes(port, "/models/" + imported + "/export?format=safetensors").body()).isEqualTo(exported);
            assertThat(bytes(port, "/models/" + imported + "/file").statusCode()).isEqualTo(200);
            assertThat(http.get("/models/" + imported + "/history").statusCode()).isEqualTo(200);
            assertThat(bytes(port, "/models/" + imported + "/history.csv").statusCode()).isEqualTo(200);
            assertThat(http.json(http.get("/models")).findValuesAsString("id")).contains(original, imported);

            HttpResponse<String> resume = http.postJson("/models/" + imported + "/resume", "{}");
            assertThat(resume.statusCode()).isEqualTo(409);
            assertThat(resume.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(http.json(resume).get("detail").asString()).contains("was imported, so it has no corpus");

            HttpResponse<String> bad = upload(port, "not a model".getBytes(StandardCharsets.UTF_8), "x.safetensors", null);
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(http.json(bad).get("detail").asString()).contains("the header length is");

            HttpResponse<String> noFormat = http.get("/models/" + original + "/export");
            assertThat(noFormat.statusCode()).isEqualTo(400);
            assertThat(noFormat.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            JsonNode err = http.json(noFormat).get("errors").get(0);
            assertThat(err.get("field").asString()).isEqualTo("format");
            assertThat(err.get("message").asString()).startsWith("required; one of ").contains("safetensors");
            JsonNode unknown = http.json(http.get("/models/" + original + "/export?format=pickle")).get("errors").get(0);
            assertThat(unknown.get("message").asString()).startsWith("unknown format 'pickle'; one of ").contains("safetensors").contains("onnx");
            assertThat(http.get("/models/m-2222222222/export?format=safetensors").statusCode()).isEqualTo(404);
        }
        try (ConfigurableApplicationContext second = start()) {
            int port = port(second);
            Http http = new Http(port);
            JsonNode m = http.json(http.get("/models/" + imported));
            assertThat(m.get("status").asString()).isEqualTo("COMPLETED");
            assertThat(m.has("corpus")).isFalse();
            assertThat(sampleOf(http, imported)).isEqualTo(sample);
            assertThat(scoreOf(http, imported)).isEqualTo(score);
            assertThat(bytes(port, "/models/" + imported + "/export?format=safetensors").body()).isEqualTo(exported);
            assertThat(http.postJson("/models/" + imported + "/resume", "{}").statusCode()).isEqualTo(409);
            assertThat(http.send("DELETE", "/models/" + imported, null, null, null).statusCode()).isEqualTo(204);
            assertThat(Files.exists(data.resolve("models").resolve(imported))).isFalse();
        }
    }
}
