package dev.charlm.web;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What every error response must be: RFC 9457 problem+json, its status that of the response, nothing internal in it. */
final class Problems {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** A stack frame, an exception's class, or a qualified Java name of the platform, the libraries or ours. */
    private static final Pattern INTERNALS = Pattern.compile(
            "\\tat |\\bat [a-z]+\\.[a-z]+\\.|[A-Za-z]+Exception\\b|\\b(java|javax|jakarta|sun|org\\.springframework|org\\.apache|tools\\.jackson|com\\.fasterxml|dev\\.charlm)\\.[a-z]");

    private Problems() {
    }

    /** Why {@code r} is not a proper problem response; empty when it is. */
    static List<String> violations(RawHttp.Response r, Path... privatePaths) {
        List<String> why = new ArrayList<>();
        if (!r.contentType().startsWith("application/problem+json")) {
            why.add("content type '" + r.contentType() + "', not application/problem+json");
            return why;
        }
        String text = r.text();
        JsonNode p;
        try {
            p = JSON.readTree(text);
        } catch (RuntimeException e) {
            why.add("body is not JSON: " + RawHttp.abbreviate(text));
            return why;
        }
        if (!p.isObject()) {
            why.add("body is not a JSON object");
            return why;
        }
        if (!p.path("status").isInt() || p.get("status").asInt() != r.status()) {
            why.add("body status " + p.get("status") + " is not the response's " + r.status());
        }
        if (!p.path("title").isString() || p.get("title").asString().isBlank()) {
            why.add("no title");
        }
        if (!p.path("detail").isString() || p.get("detail").asString().isBlank()) {
            why.add("no detail");
        }
        if (p.has("type") && !p.get("type").isString()) {
            why.add("type is not a URI string");
        }
        String leaky = p.path("title").asString("") + "\n" + p.path("detail").asString("") + "\n" + p.path("errors");
        if (INTERNALS.matcher(leaky).find() || text.contains("\tat ")) {
            why.add("leaks a stack trace or a class name: " + RawHttp.abbreviate(text));
        }
        for (Path path : privatePaths) {
            if (text.contains(path.toAbsolutePath().toString())) {
                why.add("leaks the path " + path.toAbsolutePath());
            }
        }
        return why;
    }
}
