/**
 * Ollama's HTTP API over CharLM's models, so that Ollama's libraries and UIs work unchanged:
 * {@code POST /api/generate} (NDJSON stream or one object), {@code GET /api/tags}, {@code POST /api/show},
 * {@code DELETE /api/delete} and {@code GET /api/version}. Errors on these paths are Ollama's
 * {@code {"error": "..."}} with the HTTP status; every other path keeps problem+json.
 *
 * <p>How Ollama's terms map onto CharLM's (README, "Use it from OpenAI and Ollama clients"):
 * <ul>
 *   <li>A model is listed as {@code <name>:<id>} ({@code <id>:latest} when it has no name); requests also take
 *       {@code <id>}, {@code <name>} and {@code <name>:latest}, which mean the newest model with that name
 *       ({@link ModelNames}).</li>
 *   <li>One token is one Unicode code point; durations are nanoseconds.</li>
 *   <li>CharLM has no prompt template: the prompt is fed as given whether {@code raw} is true or false.</li>
 *   <li>Options: {@link OllamaOptions} says which are honoured, which are accepted and ignored (and named in
 *       the {@code X-CharLM-Ignored-Options} header), and which are refused.</li>
 * </ul>
 */
package dev.charlm.ollama;
