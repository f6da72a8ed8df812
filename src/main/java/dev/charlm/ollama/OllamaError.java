package dev.charlm.ollama;

/** Ollama's error body, which its clients parse: {@code {"error": "message"}}, the status on the response. */
record OllamaError(String error) {
}
