package dev.charlm.web;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Generates malformed requests to every endpoint, from one seeded {@link Random}: wrong types, NaN, infinities,
 * huge and negative numbers, invalid UTF-8, giant prefixes (at most {@link #GIANT} characters), characters
 * outside the vocabulary, path tricks in ids, wrong content types, truncated multipart and empty bodies.
 * Requests that could change a model or a corpus are always invalid; reads may happen to be valid.
 */
final class MalformedRequests {

    /** The largest text a request carries. */
    static final int GIANT = 100_000;

    /** One request: the endpoint it aims at, and what goes on the wire. */
    record Request(String endpoint, String method, String target, Map<String, String> headers, byte[] body, boolean mutating) {

        @Override
        public String toString() {
            return method + " " + RawHttp.abbreviate(target) + " " + headers.keySet().stream()
                    .map(k -> k + ": " + RawHttp.abbreviate(headers.get(k))).toList()
                    + (body == null ? "" : " body " + RawHttp.abbreviate(new String(body, StandardCharsets.UTF_8)));
        }
    }

    /** Ids that name nothing: traversal, encoded slashes and NUL, markup, unicode, invalid UTF-8, very long. */
    private static final List<String> BAD_IDS = List.of("..", "..%2F..%2Fetc%2Fpasswd", "%2e%2e%2f", "%00", "a%00b",
            "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "%3Cimg%3E", "%E5%88%86%E5%BC%80", "%F0%9F%98%80", "%C3%28", "%FF%FE",
            "%5C..%5C", "a%20b", "%25", "x;y=1", "%0D%0AX-Injected:%201", "m-", "M-ABCDEFGHIJ", "-1", "1e999", "NaN",
            "null", "%7B%7D", "~", "%u0041");
    private static final List<String> BAD_INTEGERS = List.of("abc", "NaN", "Infinity", "-Infinity", "1e999", "-1", "-2147483649",
            "2147483648", "99999999999999999999", "1.5", "0x10", "%00", "%C3%28", "true", "%5B%5D", "1%2C2", "-0", "+-1", "%E2%88%9E");
    private static final List<String> BAD_DECIMALS = List.of("NaN", "Infinity", "-Infinity", "1e999", "-1e999", "-1", "abc", "-0.5",
            "1e-999", "%FF", "1..2", "0x1p3", "2", "99999999999999999999999");
    /** Invalid JSON values for a numeric field: all but the giants and negatives are wrong types. */
    private static final List<String> BAD_JSON_NUMBERS = List.of("\"abc\"", "NaN", "Infinity", "-Infinity", "1e999", "-1e999",
            "-99999999999", "99999999999999999999", "[]", "{}", "[1]", "-2147483649", "\"1e999\"");
    private static final List<String> INT_FIELDS = List.of("epochs", "layers", "hiddenSize", "seqLength", "batchSize",
            "embeddingSize", "maxChars", "maxVocab", "minFrequency", "maxSteps", "evalEvery", "sampleEvery", "sampleLength", "logEvery");
    private static final List<String> DECIMAL_FIELDS = List.of("dropout", "valFraction", "sampleTemperature", "maxSeconds");
    /** Whole bodies for POST /models that are each invalid, beyond a numeric field. */
    private static final List<String> BAD_TRAINING = List.of("{}", "[]", "null", "\"jaychou\"", "{\"corpus\": null}",
            "{\"corpus\": \"\"}", "{\"corpus\": 42}", "{\"corpus\": \"../../etc/passwd\"}", "{\"corpus\": \"%00\"}",
            "{\"corpus\": \"no-such-corpus\"}", "{\"corpus\": \"jaychou\", \"cell\": \"transformer\"}",
            "{\"corpus\": \"jaychou\", \"bidirectional\": true}", "{\"corpus\": \"jaychou\", \"preset\": \"nope\"}",
            "{\"corpus\": \"jaychou\", \"init\": \"zeros\"}", "{\"corpus\": \"jaychou\", \"precision\": \"float16\"}",
            "{\"corpus\": \"jaychou\", \"kernel\": \"gpu\"}", "{\"corpus\": \"jaychou\", \"batching\": \"shuffle\"}",
            "{\"corpus\": \"jaychou\", \"optimizer\": {\"type\": \"lion\"}}", "{\"corpus\": \"jaychou\", \"optimizer\": {\"learningRate\": NaN}}",
            "{\"corpus\": \"jaychou\", \"optimizer\": {\"type\": \"adam\", \"learningRate\": -1}}",
            "{\"corpus\": \"jaychou\", \"optimizer\": \"adam\"}", "{\"corpus\": \"jaychou\", \"clip\": {\"mode\": \"sometimes\"}}",
            "{\"corpus\": \"jaychou\", \"lrDecay\": {\"factor\": \"x\"}}", "{\"corpus\": \"jaychou\", \"lossReduction\": \"max\"}",
            "{\"corpus\": \"jaychou\", \"samplePrefixes\": \"分开\"}", "{\"corpus\": \"jaychou\", \"samplePrefixes\": [{}]}",
            "{\"corpus\": \"jaychou\", \"unknownOption\": 1}", "{\"corpus\": \"jaychou\", \"preprocessing\": \"uppercase\"}",
            "{\"corpus\": \"jaychou\", \"hiddenSize\": 100000, \"layers\": 100}", "{\"corpus\": \"jaychou\", \"epochs\": 5",
            "{\"corpus\": \"jaychou\" \"epochs\": 5}", "{\"corpus\": \"jaychou\", \"epochs\": 5}}", "{\"corpus\": \"jaychou\",}",
            "{'corpus': 'jaychou'}", "{\"corpus\": \"jaychou\", \"cell\": \"gru\", \"cell\": \"lstm\", \"epochs\": -3}");
    private static final List<String> WRONG_CONTENT_TYPES = List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=zz", "application/json; charset=nope", "image/png", "garbage", "");
    private static final List<String> ACCEPTS = List.of("application/json", "text/event-stream", "text/html", "image/png", "*/*",
            "application/xml", "text/csv", "application/octet-stream", "garbage/", "");

    private final Random random;
    private final String model;
    private final String corpus;
    /** Characters the model's vocabulary lacks (it was trained on a few letters). */
    private final String outside = "☃分开ZQ\u0000\u202e😀\uFFFD";
    private final Map<String, Function<Random, Request>> endpoints = new LinkedHashMap<>();

    MalformedRequests(Random random, String model, String corpus) {
        this.random = random;
        this.model = model;
        this.corpus = corpus;
        endpoints.put("GET /corpora", r -> read("GET /corpora", "/corpora" + junkQuery(), accept()));
        endpoints.put("POST /corpora", r -> corpusUpload());
        endpoints.put("GET /corpora/{id}", r -> read("GET /corpora/{id}", "/corpora/" + (r.nextBoolean() ? badId() : corpus)
                + "?preview=" + pick(BAD_INTEGERS), accept()));
        endpoints.put("DELETE /corpora/{id}", r -> new Request("DELETE /corpora/{id}", "DELETE",
                "/corpora/" + (r.nextInt(4) == 0 ? "jaychou" : badId()), Map.of(), null, true));
        endpoints.put("POST /models", r -> training());
        endpoints.put("GET /models", r -> read("GET /models", "/models?status=" + pick(List.of("running", "DONE", "%00", "1", "", "QUEUED,RUNNING", "%C3%28")), accept()));
        for (String sub : List.of("", "/history", "/history.csv", "/events", "/file")) {
            endpoints.put("GET /models/{id}" + sub, r -> read("GET /models/{id}" + sub, "/models/" + (r.nextInt(3) == 0 ? model : badId()) + sub
                    + (sub.equals("/events") && r.nextBoolean() ? "?lastEventId=" + pick(BAD_IDS) : ""), accept()));
        }
        endpoints.put("POST /models/{id}/cancel", r -> new Request("POST /models/{id}/cancel", "POST", "/models/" + anyId() + "/cancel",
                Map.of(), r.nextBoolean() ? null : new byte[0], true));
        endpoints.put("POST /models/{id}/resume", r -> resume());
        endpoints.put("DELETE /models/{id}", r -> new Request("DELETE /models/{id}", "DELETE", "/models/" + badId(), Map.of(), null, true));
        endpoints.put("GET /models/{id}/sample", r -> sample("application/json"));
        endpoints.put("GET /models/{id}/sample (SSE)", r -> sample("text/event-stream"));
        endpoints.put("POST /models/{id}/samples", r -> samples());
        endpoints.put("POST /models/{id}/score", r -> score());
        endpoints.put("GET /presets", r -> read("GET /presets", "/presets" + junkQuery(), accept()));
        endpoints.put("wrong method", r -> new Request("wrong method", pick(List.of("PUT", "PATCH", "DELETE", "POST")),
                pick(List.of("/corpora", "/models", "/presets", "/models/" + model + "/history", "/models/" + model + "/sample",
                        "/models/" + model + "/score", "/models/" + model + "/file")), Map.of(), null, true));
        endpoints.put("unknown path", r -> read("unknown path", pick(List.of("/modelz", "/models/" + model + "/nope", "/corpora/a/b/c",
                "/%2e%2e/%2e%2e/etc/passwd", "/models/" + model + "/sample/extra", "/..;/", "/" + badId())), accept()));
        endpoints.put("oversized URI or header", r -> oversized());
    }

    List<String> endpoints() {
        return List.copyOf(endpoints.keySet());
    }

    Request next() {
        List<Function<Random, Request>> all = List.copyOf(endpoints.values());
        return all.get(random.nextInt(all.size())).apply(random);
    }

    private Request read(String endpoint, String target, String accept) {
        Map<String, String> h = new LinkedHashMap<>();
        if (!accept.isEmpty()) {
            h.put("Accept", accept);
        }
        if (random.nextInt(8) == 0) {
            h.put("Last-Event-ID", pick(BAD_IDS));
        }
        return new Request(endpoint, "GET", target, h, null, false);
    }

    private Request corpusUpload() {
        String name = "?name=" + pick(List.of("x", "%C3%28", "%00", "%3Cb%3E", "a".repeat(random.nextInt(2000))));
        return switch (random.nextInt(7)) {
            case 0 -> post("POST /corpora", "/corpora" + name, "text/plain; charset=utf-8", invalidUtf8());
            case 1 -> post("POST /corpora", "/corpora" + name, "text/plain", new byte[0]);
            case 2 -> post("POST /corpora", "/corpora", "multipart/form-data; boundary=xx", truncatedMultipart());
            case 3 -> post("POST /corpora", "/corpora", "multipart/form-data", "abc".getBytes(StandardCharsets.UTF_8));
            case 4 -> post("POST /corpora", "/corpora", "multipart/form-data; boundary=xx", multipart("notfile", "a.txt", "some text"));
            case 5 -> post("POST /corpora", "/corpora", "multipart/form-data; boundary=xx",
                    multipart("file", pick(List.of("a.txt", "../../x", "")), random.nextBoolean() ? "" : new String(invalidUtf8(), StandardCharsets.ISO_8859_1)));
            default -> post("POST /corpora", "/corpora" + name, pick(List.of("application/json", "application/xml", "image/png", "garbage")),
                    "some text".getBytes(StandardCharsets.UTF_8));
        };
    }

    private Request training() {
        byte[] body;
        String type = "application/json";
        switch (random.nextInt(6)) {
            case 0, 1 -> body = ("{\"corpus\": \"" + corpus + "\", \"" + pick(INT_FIELDS) + "\": " + pick(BAD_JSON_NUMBERS) + "}").getBytes(StandardCharsets.UTF_8);
            case 2 -> body = ("{\"corpus\": \"" + corpus + "\", \"" + pick(DECIMAL_FIELDS) + "\": "
                    + pick(List.of("\"abc\"", "NaN", "Infinity", "1e999", "-1e999", "[]", "{}", "-5")) + "}").getBytes(StandardCharsets.UTF_8);
            case 3 -> body = pick(BAD_TRAINING).getBytes(StandardCharsets.UTF_8);
            case 4 -> body = random.nextBoolean() ? new byte[0] : concat(("{\"corpus\": \"" + corpus + "\", \"name\": \"").getBytes(StandardCharsets.UTF_8), invalidUtf8(), "\", \"epochs\": -1}".getBytes(StandardCharsets.UTF_8));
            default -> {
                // invalid twice over: should a content type slip through, the body is still refused
                type = pick(WRONG_CONTENT_TYPES);
                body = ("{\"corpus\": \"" + corpus + "\", \"epochs\": -1}").getBytes(StandardCharsets.UTF_8);
            }
        }
        return post("POST /models", "/models", type, body);
    }

    private Request resume() {
        String id = anyId();
        return switch (random.nextInt(4)) {
            case 0 -> post("POST /models/{id}/resume", "/models/" + id + "/resume", "application/json",
                    ("{\"epochs\": " + pick(BAD_JSON_NUMBERS) + "}").getBytes(StandardCharsets.UTF_8));
            case 1 -> post("POST /models/{id}/resume", "/models/" + id + "/resume", "application/json",
                    pick(List.of("{\"epochs\": ", "[]", "{\"epochs\": 99, \"cell\": \"lstm\"}", "{\"epochs\": -1}", "\"ten\"")).getBytes(StandardCharsets.UTF_8));
            case 2 -> post("POST /models/{id}/resume", "/models/" + id + "/resume", pick(WRONG_CONTENT_TYPES), "{\"epochs\": -1}".getBytes(StandardCharsets.UTF_8));
            default -> post("POST /models/{id}/resume", "/models/" + id + "/resume", "application/json", invalidUtf8());
        };
    }

    private Request sample(String accept) {
        String endpoint = "GET /models/{id}/sample" + (accept.equals("text/event-stream") ? " (SSE)" : "");
        StringBuilder q = new StringBuilder("/models/").append(random.nextInt(5) == 0 ? badId() : model).append("/sample?");
        switch (random.nextInt(8)) {
            case 0 -> q.append("length=").append(pick(BAD_INTEGERS));
            case 1 -> q.append("temperature=").append(pick(BAD_DECIMALS));
            case 2 -> q.append("topK=").append(pick(BAD_INTEGERS));
            case 3 -> q.append("topP=").append(pick(BAD_DECIMALS));
            case 4 -> q.append("seed=").append(pick(List.of("abc", "1e999", "99999999999999999999", "NaN", "1.5", "%00")));
            case 5 -> q.append("prefix=").append(percent(outsideText(1 + random.nextInt(20))));
            case 6 -> q.append("prefix=").append(pick(List.of("%C3%28", "%FF", "%E0%80", "%ED%A0%80", "%F8%88%80%80%80", "%C0%AF")));
            default -> {
                // more stop strings than allowed
                for (int i = 0; i < 11 + random.nextInt(20); i++) {
                    q.append("stop=s").append(i).append('&');
                }
                q.append("length=").append(pick(List.of("-5", "100001", "abc")));
            }
        }
        return read(endpoint, q.toString(), accept);
    }

    private Request samples() {
        String body = switch (random.nextInt(7)) {
            case 0 -> "{\"prefixes\": [\"a\"], \"n\": " + pick(BAD_JSON_NUMBERS) + "}";
            case 1 -> "{\"prefixes\": [\"a\"], \"length\": " + pick(BAD_JSON_NUMBERS) + "}";
            case 2 -> "{\"prefixes\": [\"a\"], \"temperature\": " + pick(List.of("NaN", "Infinity", "1e999", "-1", "\"hot\"")) + "}";
            case 3 -> "{\"prefixes\": [\"" + outsideText(1 + random.nextInt(GIANT)) + "\"]}";
            case 4 -> "{\"prefixes\": " + pick(List.of("\"a\"", "null", "[null]", "[1]", "{}", "[[\"a\"]]")) + "}";
            case 5 -> "{\"prefixes\": [\"a\"], \"n\": 100000, \"topP\": 2, \"topK\": -1}";
            default -> pick(List.of("", "{", "[]", "{\"prefixes\": [\"a\"], \"wat\": 1}"));
        };
        String id = random.nextInt(5) == 0 ? badId() : model;
        if (random.nextInt(6) == 0) {
            return post("POST /models/{id}/samples", "/models/" + id + "/samples", pick(WRONG_CONTENT_TYPES), body.getBytes(StandardCharsets.UTF_8), false);
        }
        // samples only read the model: one that happens to be valid is no harm
        return post("POST /models/{id}/samples", "/models/" + id + "/samples", "application/json", body.getBytes(StandardCharsets.UTF_8), false);
    }

    private Request score() {
        String id = random.nextInt(5) == 0 ? badId() : model;
        byte[] body = switch (random.nextInt(6)) {
            case 0 -> ("{\"text\": \"" + outsideText(1 + random.nextInt(GIANT)) + "\"}").getBytes(StandardCharsets.UTF_8);
            case 1 -> ("{\"text\": " + pick(List.of("1", "null", "[]", "{}", "NaN", "true", "\"\"")) + "}").getBytes(StandardCharsets.UTF_8);
            case 2 -> concat("{\"text\": \"ab".getBytes(StandardCharsets.UTF_8), invalidUtf8(), "\"}".getBytes(StandardCharsets.UTF_8));
            case 3 -> pick(List.of("", "{", "{}", "[\"abc\"]", "{\"text\": \"ab\", \"extra\": 1}")).getBytes(StandardCharsets.UTF_8);
            case 4 -> ("{\"text\": \"" + "ab".repeat(random.nextInt(GIANT / 2)) + outside.charAt(random.nextInt(3)) + "\"}").getBytes(StandardCharsets.UTF_8);
            default -> "{\"text\": \"abc\"}".getBytes(StandardCharsets.UTF_8);
        };
        String type = random.nextInt(6) == 5 ? pick(WRONG_CONTENT_TYPES) : "application/json";
        if (type.startsWith("application/json")) {
            type = "application/json";
            if (new String(body, StandardCharsets.UTF_8).equals("{\"text\": \"abc\"}")) {
                type = "text/plain";
            }
        }
        return post("POST /models/{id}/score", "/models/" + id + "/score", type, body, false);
    }

    private Request oversized() {
        int size = 9_000 + random.nextInt(GIANT - 9_000);
        if (random.nextBoolean()) {
            return read("oversized URI or header", "/models/" + model + "/sample?prefix=" + "a".repeat(size), "application/json");
        }
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Accept", "application/json");
        h.put(pick(List.of("X-Padding", "Cookie", "Referer", "User-Agent")), "b".repeat(size));
        return new Request("oversized URI or header", "GET", pick(List.of("/models", "/corpora", "/models/" + model)), h, null, false);
    }

    private Request post(String endpoint, String target, String contentType, byte[] body) {
        return post(endpoint, target, contentType, body, true);
    }

    private Request post(String endpoint, String target, String contentType, byte[] body, boolean mutating) {
        Map<String, String> h = new LinkedHashMap<>();
        if (!contentType.isEmpty()) {
            h.put("Content-Type", contentType);
        }
        h.put("Accept", random.nextInt(5) == 0 ? pick(ACCEPTS) : "application/json");
        if (h.get("Accept").isEmpty()) {
            h.remove("Accept");
        }
        return new Request(endpoint, "POST", target, h, body, mutating);
    }

    /** Half the time what the endpoint serves (or anything), else any Accept, unparsable ones included. */
    private String accept() {
        return random.nextBoolean() ? pick(List.of("application/json", "*/*")) : pick(ACCEPTS);
    }

    private String badId() {
        int kind = random.nextInt(10);
        if (kind == 0) {
            return "m" + "x".repeat(1000 + random.nextInt(6000));   // long, under the header limit
        }
        if (kind == 1) {
            return percent(outsideText(1 + random.nextInt(8)));
        }
        return pick(BAD_IDS);
    }

    private String anyId() {
        return random.nextInt(3) == 0 ? model : badId();
    }

    private String junkQuery() {
        return random.nextBoolean() ? "" : "?" + pick(List.of("a=%FF", "%00=1", "x=" + "y".repeat(100), "&&&", "=", "a=%", "a=%ZZ"));
    }

    private String outsideText(int length) {
        StringBuilder sb = new StringBuilder(length);
        while (sb.length() < length) {
            char c = outside.charAt(random.nextInt(outside.length()));
            if (c == '\u0000') {
                sb.append("\\u0000");
            } else if (Character.isHighSurrogate(c)) {
                sb.append("😀");
            } else if (!Character.isLowSurrogate(c)) {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private byte[] invalidUtf8() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("abc ".getBytes(StandardCharsets.UTF_8));
        byte[][] bad = {{(byte) 0xC3, (byte) 0x28}, {(byte) 0xFF}, {(byte) 0xE0, (byte) 0x80}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, {(byte) 0xE5, (byte) 0x88}};
        out.writeBytes(bad[random.nextInt(bad.length)]);
        out.writeBytes(" def".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private byte[] truncatedMultipart() {
        byte[] whole = multipart("file", "a.txt", "abc def abc def");
        return java.util.Arrays.copyOf(whole, random.nextInt(whole.length - 8));
    }

    private static byte[] multipart(String part, String filename, String content) {
        String s = "--xx\r\nContent-Disposition: form-data; name=\"" + part + "\"; filename=\"" + filename + "\"\r\n"
                + "Content-Type: text/plain\r\n\r\n" + content + "\r\n--xx--\r\n";
        return s.getBytes(StandardCharsets.ISO_8859_1.newEncoder().canEncode(s) ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
    }

    private static String percent(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private <T> T pick(List<T> from) {
        return from.get(random.nextInt(from.size()));
    }
}
