package dev.charlm.ollama;

import dev.charlm.engine.sample.SamplingOptions;
import dev.charlm.sampling.SamplingService;
import dev.charlm.web.InvalidFieldsException;
import dev.charlm.web.InvalidFieldsException.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * Ollama's {@code options} as CharLM's sampling options, with Ollama's defaults. Every documented Ollama key
 * falls in one of four groups, and anything else is refused, so that no option is ever silently pretended to:
 * <ul>
 *   <li>honoured: {@code num_predict}, {@code temperature}, {@code top_k}, {@code top_p}, {@code seed},
 *       {@code stop};</li>
 *   <li>{@link #IGNORED}: they tune how Ollama runs a model (memory, threads, GPUs, the context window), not
 *       which text comes out; they are accepted and named in the response's {@code X-CharLM-Ignored-Options};</li>
 *   <li>{@link #NEUTRAL}: samplers CharLM does not have; accepted only at the value that turns them off,
 *       any other value is a 400;</li>
 *   <li>{@link #INERT}: settings of those samplers, without effect while the samplers are off: accepted.</li>
 * </ul>
 * Ollama logs and ignores keys it does not know; CharLM answers 400, as its own API does for a misspelt field,
 * because an ignored {@code temprature} would be exactly such a pretence.
 */
final class OllamaOptions {

    /** {@code num_predict} absent, -1 ("until a limit") or -2 ("fill the context"): a char-RNN never stops by itself. */
    static final int DEFAULT_NUM_PREDICT = 128;
    /** Ollama's defaults. */
    static final double DEFAULT_TEMPERATURE = 0.8;
    static final int DEFAULT_TOP_K = 40;
    static final double DEFAULT_TOP_P = 0.9;

    static final Set<String> IGNORED = Set.of("num_ctx", "num_batch", "num_gpu", "main_gpu", "low_vram", "f16_kv",
            "vocab_only", "use_mmap", "use_mlock", "num_thread", "numa", "num_keep");
    static final Map<String, Double> NEUTRAL = Map.of("repeat_penalty", 1.0, "presence_penalty", 0.0,
            "frequency_penalty", 0.0, "min_p", 0.0, "typical_p", 1.0, "tfs_z", 1.0, "mirostat", 0.0);
    static final Set<String> INERT = Set.of("repeat_last_n", "penalize_newline", "mirostat_tau", "mirostat_eta");
    private static final Set<String> HONOURED = Set.of("num_predict", "temperature", "top_k", "top_p", "seed", "stop");
    /** SamplingService's field names, as Ollama names them. */
    private static final Map<String, String> OLLAMA_NAMES = Map.of("length", "num_predict", "temperature", "temperature",
            "topK", "top_k", "topP", "top_p", "stop", "stop");

    /** The sampling options and the keys accepted without effect, sorted. */
    record Mapped(SamplingOptions sampling, List<String> ignored) {
    }

    private OllamaOptions() {
    }

    /** 400 with every invalid option at once, each named {@code options.<key>}; bounds are SamplingService's. */
    static Mapped map(JsonNode options, SamplingService sampling, int maxLength) {
        List<FieldError> errors = new ArrayList<>();
        Set<String> ignored = new TreeSet<>();
        JsonNode o = options == null || options.isNull() ? null : options;
        if (o != null && !o.isObject()) {
            throw InvalidFieldsException.of("options", "must be an object");
        }
        if (o != null) {
            for (Map.Entry<String, JsonNode> e : o.properties()) {
                String key = e.getKey();
                JsonNode v = e.getValue();
                if (HONOURED.contains(key) || INERT.contains(key) || v.isNull()) {
                    continue;
                }
                if (IGNORED.contains(key)) {
                    ignored.add(key);
                } else if (NEUTRAL.containsKey(key)) {
                    double off = NEUTRAL.get(key);
                    if (!v.isNumber() || v.doubleValue() != off) {
                        errors.add(field(key, "CharLM samples with temperature, top_k, top_p, seed and stop only; "
                                + "remove it or set it to " + (off == Math.rint(off) ? Long.toString((long) off) : Double.toString(off))));
                    }
                } else {
                    errors.add(field(key, "unknown option; CharLM honours num_predict, temperature, top_k, top_p, seed and stop"));
                }
            }
        }
        Integer numPredict = integer(o, "num_predict", errors);
        Double temperature = number(o, "temperature", errors);
        Integer topK = integer(o, "top_k", errors);
        Double topP = number(o, "top_p", errors);
        Long seed = longInteger(o, "seed", errors);
        List<String> stop = strings(o, "stop", errors);
        if (numPredict != null && numPredict < -2) {
            errors.add(field("num_predict", "must be -1 (until a limit), -2 or between 0 and " + maxLength));
        }
        int length = numPredict == null || numPredict < 0 ? Math.min(DEFAULT_NUM_PREDICT, maxLength) : numPredict;
        SamplingOptions mapped = null;
        try {
            mapped = sampling.options(length, temperature == null ? DEFAULT_TEMPERATURE : temperature,
                    topK == null ? DEFAULT_TOP_K : topK, topP == null ? DEFAULT_TOP_P : topP,
                    seed == null || seed == -1 ? null : seed, stop);
        } catch (InvalidFieldsException e) {
            for (FieldError f : e.errors()) {
                String name = f.field();
                int bracket = name.indexOf('[');
                String base = bracket < 0 ? name : name.substring(0, bracket);
                String rest = bracket < 0 ? "" : name.substring(bracket);
                errors.add(field(OLLAMA_NAMES.getOrDefault(base, base) + rest, f.message()));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidFieldsException(errors);
        }
        return new Mapped(mapped, List.copyOf(ignored));
    }

    private static FieldError field(String key, String message) {
        return new FieldError("options." + key, message);
    }

    private static JsonNode value(JsonNode o, String key) {
        JsonNode v = o == null ? null : o.get(key);
        return v == null || v.isNull() ? null : v;
    }

    private static Integer integer(JsonNode o, String key, List<FieldError> errors) {
        JsonNode v = value(o, key);
        if (v == null) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            errors.add(field(key, "must be an integer"));
            return null;
        }
        return v.intValue();
    }

    private static Long longInteger(JsonNode o, String key, List<FieldError> errors) {
        JsonNode v = value(o, key);
        if (v == null) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            errors.add(field(key, "must be an integer"));
            return null;
        }
        return v.longValue();
    }

    private static Double number(JsonNode o, String key, List<FieldError> errors) {
        JsonNode v = value(o, key);
        if (v == null) {
            return null;
        }
        if (!v.isNumber()) {
            errors.add(field(key, "must be a number"));
            return null;
        }
        return v.doubleValue();
    }

    /** An array of strings, or one string (as Ollama's stop accepts). */
    private static List<String> strings(JsonNode o, String key, List<FieldError> errors) {
        JsonNode v = value(o, key);
        if (v == null) {
            return null;
        }
        if (v.isString()) {
            return List.of(v.stringValue());
        }
        if (!v.isArray()) {
            errors.add(field(key, "must be an array of strings"));
            return null;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isString()) {
                errors.add(field(key + "[" + i + "]", "must be a string"));
                return null;
            }
            out.add(v.get(i).stringValue());
        }
        return out;
    }
}
