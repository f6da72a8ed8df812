package dev.charlm.ollama;

/**
 * The body of {@code POST /api/show} and {@code DELETE /api/delete}: {@code model}, or {@code name} as older
 * Ollama clients send it. {@code verbose} is accepted; CharLM has no long fields to leave out.
 */
record ModelRequest(String model, String name, Boolean verbose) {

    /** The model the request names ({@code model} wins). */
    String ref() {
        return model != null && !model.isBlank() ? model : name;
    }
}
