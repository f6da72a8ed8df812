package dev.charlm.openai;

/** What Swagger UI says of the OpenAI-compatible endpoints. */
final class OpenAiApi {

    static final String TAG = "OpenAI-compatible";
    static final String DESCRIPTION = "OpenAI's legacy completions and model list under /v1, for OpenAI's SDKs "
            + "(base URL http://localhost:8080/v1; the API key is charlm.security.api-token when set). "
            + "Errors have OpenAI's shape {error: {message, type, param, code}}.";

    private OpenAiApi() {
    }
}
