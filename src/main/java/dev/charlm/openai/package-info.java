/**
 * The OpenAI-compatible API under {@code /v1}: legacy completions ({@code POST /v1/completions}, JSON or
 * SSE) and the model list, over {@link dev.charlm.sampling.SamplingService}, so OpenAI's SDKs and the
 * tools built on them work unchanged. One token is one Unicode code point. Its errors have OpenAI's shape
 * ({@link OpenAiError}), which is what those clients parse; every other path keeps problem+json.
 */
package dev.charlm.openai;
