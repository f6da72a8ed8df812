package dev.charlm.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charlm.golden.UpgradeData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Models of a data directory written by release 0.1 export in every format: their saved requests lack the
 * options added since (evalChars), which the export's config must take from the defaults, not fail on.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class UpgradeExportTest {

    @TempDir
    static Path dir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        r.add("charlm.data-dir", () -> UpgradeData.copyInto(dir).toString());
    }

    @LocalServerPort
    int port;

    @ParameterizedTest
    @CsvSource({"m-hwwbzbev9u,safetensors", "m-hwwbzbev9u,onnx", "m-y84p535c7m,safetensors", "m-y84p535c7m,onnx",
            "m-fm42wjgre7,safetensors", "m-fm42wjgre7,onnx"})
    void aModelOfTheFirstReleaseExports(String id, String format) throws Exception {
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/models/" + id + "/export?format=" + format)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as(new String(r.body())).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"" + id + "." + format + "\"");
        assertThat(r.body().length).isGreaterThan(100);
    }
}
