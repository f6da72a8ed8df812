package dev.charlm.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI description behind Swagger UI (/swagger-ui.html). */
@Configuration
class OpenApiConfig {

    @Bean
    OpenAPI charLmOpenApi() {
        return new OpenAPI().info(new Info()
                .title("CharLM")
                .version("0.1")
                .description("Train character-level RNN, GRU and LSTM language models on your text and sample from them. "
                        + "Upload a corpus (or use a built-in one: tinyshakespeare, timemachine, jaychou, dinos), "
                        + "POST /models to train in the background, watch perplexity at /actuator/prometheus, and "
                        + "GET /models/{id}/sample?prefix=分开 to generate. Errors are RFC 9457 problem+json."));
    }
}
