package dev.charlm.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.charlm.golden.UpgradeData;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionChoice;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.models.Model;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The official OpenAI Java SDK, as its users would point it at CharLM (base URL .../v1, the API token as
 * its API key), against the running app: completions, streamed completions, the model list, and errors
 * as the SDK's typed exceptions.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpenAiSdkTest {

    static final String TOKEN = "sdk-test-token-0123456789";

    @TempDir
    static Path dir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        r.add("charlm.data-dir", () -> UpgradeData.copyInto(dir).toString());
        r.add("charlm.bootstrap.enabled", () -> "false");
        r.add("charlm.security.api-token", () -> TOKEN);
    }

    @LocalServerPort
    int port;

    OpenAIClient client;

    @BeforeEach
    void connect() {
        client = client(TOKEN);
    }

    @AfterEach
    void close() {
        client.close();
    }

    OpenAIClient client(String key) {
        return OpenAIOkHttpClient.builder().baseUrl("http://localhost:" + port + "/v1").apiKey(key).maxRetries(0).build();
    }

    static CompletionCreateParams params(String model, long maxTokens) {
        return CompletionCreateParams.builder().model(model).prompt("twinkle ").maxTokens(maxTokens).temperature(0.9).seed(42).build();
    }

    @Test
    void aCompletionHasMaxTokensCharactersAfterThePrompt() {
        Completion c = client.completions().create(params(UpgradeModels.GRU, 12));
        assertThat(c.id()).startsWith("cmpl-");
        assertThat(c.model()).isEqualTo(UpgradeModels.GRU);
        assertThat(c.choices()).hasSize(1);
        CompletionChoice choice = c.choices().get(0);
        System.out.printf("OpenAI SDK completion: model %s, text \"%s\", finish_reason %s, usage %s%n", c.model(), c.choices().get(0).text(),
                c.choices().get(0).finishReason(), c.usage().orElseThrow());
        assertThat(choice.text().codePointCount(0, choice.text().length())).isEqualTo(12);
        assertThat(choice.finishReason()).isEqualTo(CompletionChoice.FinishReason.LENGTH);
        assertThat(c.usage().orElseThrow().completionTokens()).isEqualTo(12);
        assertThat(c.usage().orElseThrow().promptTokens()).isEqualTo(8);
        // the same seed gives the same text; the model may be named instead of its id
        assertThat(client.completions().create(params(UpgradeModels.GRU_NAME, 12)).choices().get(0).text()).isEqualTo(choice.text());
    }

    @Test
    void aStreamedCompletionIsTheSameTextAsTheCompletionForTheSameSeed() {
        String whole = client.completions().create(params(UpgradeModels.GRU, 40)).choices().get(0).text();
        String streamed;
        long chunks;
        try (StreamResponse<Completion> s = client.completions().createStreaming(params(UpgradeModels.GRU, 40))) {
            var all = s.stream().toList();
            chunks = all.size();
            streamed = all.stream().flatMap(c -> c.choices().stream()).map(CompletionChoice::text).collect(Collectors.joining());
        }
        assertThat(streamed).isEqualTo(whole);
        assertThat(chunks).as("one chunk per character, and the finish").isGreaterThan(40);
    }

    @Test
    void theModelListHoldsTheModelsWithACheckpoint() {
        assertThat(client.models().list().data()).extracting(Model::id)
                .containsExactlyInAnyOrder(UpgradeModels.GRU, UpgradeModels.LSTM, UpgradeModels.RNN);
        Model m = client.models().retrieve(UpgradeModels.GRU);
        assertThat(m.ownedBy()).isEqualTo("charlm");
        assertThat(m.created()).isPositive();
    }

    @Test
    void anUnknownModelIsTheSdksNotFoundException() {
        assertThatThrownBy(() -> client.completions().create(params("m-nosuchmodel", 5)))
                .isInstanceOfSatisfying(NotFoundException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.getMessage()).contains("m-nosuchmodel");
                    assertThat(e.code()).contains("model_not_found");
                });
    }

    @Test
    void tooManyTokensIsTheSdksBadRequestExceptionNamingTheField() {
        assertThatThrownBy(() -> client.completions().create(params(UpgradeModels.GRU, 1_000_000)))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.getMessage()).contains("max_tokens must be between 0 and 10000");
                    assertThat(e.param()).contains("max_tokens");
                    assertThat(e.type()).contains("invalid_request_error");
                });
    }

    @Test
    void aWrongApiKeyIsTheSdksUnauthorizedException() {
        OpenAIClient wrong = client("not-the-token");
        try {
            assertThatThrownBy(() -> wrong.completions().create(params(UpgradeModels.GRU, 5)))
                    .isInstanceOfSatisfying(UnauthorizedException.class, e -> {
                        assertThat(e.getMessage()).contains("the API token is wrong");
                        assertThat(e.code()).contains("invalid_api_key");
                    });
        } finally {
            wrong.close();
        }
    }
}
