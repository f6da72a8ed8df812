package dev.charlm.ollama;

/** {@code GET /api/version}: CharLM's version, from the build. */
record VersionResponse(String version) {
}
