package dev.charlm.export;

import dev.charlm.engine.kernel.Precision;
import dev.charlm.engine.nn.CellType;
import dev.charlm.engine.nn.LanguageModel;
import dev.charlm.engine.nn.ModelConfig;
import dev.charlm.engine.text.Preprocessing;
import dev.charlm.engine.text.TextOptions;
import dev.charlm.engine.text.Vocabulary;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The {@code __metadata__} of CharLM's safetensors files, every value a string as the format requires:
 * {@code cell, layers, hidden_size, input ("one_hot" | "embedding"), vocabulary} (a JSON array of the
 * token strings in id order, {@code "<unk>"} for the unknown token), and under {@code charlm.} what an
 * import needs to rebuild the model exactly: the text options that decide how a prompt is encoded, the
 * precision, the embedding size and dropout. Only the first five are required; a file written by PyTorch
 * may leave out the rest, which then take CharLM's defaults.
 */
final class SafetensorsMetadata {

    static final String UNK = "<unk>";
    static final int MAX_LAYERS = 1000;
    static final int MAX_HIDDEN = 1_000_000;
    private static final Set<String> CHARLM_KEYS = Set.of("charlm.embedding_size", "charlm.precision", "charlm.dropout",
            "charlm.preprocessing", "charlm.line_mode", "charlm.join_lines", "charlm.max_chars", "charlm.max_vocab",
            "charlm.min_frequency");

    /** What a file's metadata says about its model, checked on its own (the tensors are checked against it later). */
    record Declared(CellType cell, int layers, int hiddenSize, boolean embedding, Integer embeddingSize, Vocabulary vocabulary,
                    TextOptions text, double dropout, Precision precision) {
    }

    private SafetensorsMetadata() {
    }

    static Map<String, String> of(LanguageModel model) {
        ModelConfig c = model.config();
        TextOptions t = model.text();
        Map<String, String> m = new LinkedHashMap<>();
        m.put("format", "pt");
        m.put("cell", c.cell().toString());
        m.put("layers", Integer.toString(c.layers()));
        m.put("hidden_size", Integer.toString(c.hiddenSize()));
        m.put("input", c.hasEmbedding() ? "embedding" : "one_hot");
        m.put("vocabulary", SafetensorsReader.JSON.writeValueAsString(tokens(model.vocabulary())));
        m.put("charlm.embedding_size", Integer.toString(c.embeddingSize()));
        m.put("charlm.precision", model.weights().precision().toString());
        m.put("charlm.dropout", Double.toString(c.dropout()));
        m.put("charlm.preprocessing", t.preprocessing().name().toLowerCase(Locale.ROOT));
        m.put("charlm.line_mode", Boolean.toString(t.lineMode()));
        m.put("charlm.join_lines", Boolean.toString(t.joinLines()));
        m.put("charlm.max_chars", Integer.toString(t.maxChars()));
        m.put("charlm.max_vocab", Integer.toString(t.maxVocab()));
        m.put("charlm.min_frequency", Integer.toString(t.minFrequency()));
        return m;
    }

    /** Token strings in id order, {@code <unk>} for the unknown token. */
    static List<String> tokens(Vocabulary v) {
        List<String> out = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            int cp = v.codePoint(i);
            out.add(cp == Vocabulary.UNK ? UNK : new String(Character.toChars(cp)));
        }
        return out;
    }

    static Declared parse(Map<String, String> m) {
        for (String k : m.keySet()) {
            if (k.startsWith("charlm.") && !CHARLM_KEYS.contains(k)) {
                throw invalid(k, "is not a metadata key CharLM knows; it knows " + new java.util.TreeSet<>(CHARLM_KEYS));
            }
        }
        CellType cell = switch (required(m, "cell")) {
            case "rnn" -> CellType.RNN;
            case "gru" -> CellType.GRU;
            case "lstm" -> CellType.LSTM;
            default -> throw invalid("cell", "is '" + m.get("cell") + "'; one of rnn, gru, lstm");
        };
        int layers = integer(m, "layers", null, 1, MAX_LAYERS);
        int hidden = integer(m, "hidden_size", null, 1, MAX_HIDDEN);
        boolean embedding = switch (required(m, "input")) {
            case "one_hot" -> false;
            case "embedding" -> true;
            default -> throw invalid("input", "is '" + m.get("input") + "'; one of one_hot, embedding");
        };
        Integer e = m.containsKey("charlm.embedding_size") ? integer(m, "charlm.embedding_size", null, 0, Integer.MAX_VALUE) : null;
        if (e != null && (e > 0) != embedding) {
            throw invalid("charlm.embedding_size", "is " + e + " but input is " + m.get("input"));
        }
        Precision precision = switch (m.getOrDefault("charlm.precision", "")) {
            case "" -> null;
            case "float32" -> Precision.FLOAT32;
            case "float64" -> Precision.FLOAT64;
            default -> throw invalid("charlm.precision", "is '" + m.get("charlm.precision") + "'; one of float32, float64");
        };
        double dropout;
        try {
            dropout = Double.parseDouble(m.getOrDefault("charlm.dropout", "0"));
        } catch (NumberFormatException x) {
            throw invalid("charlm.dropout", "is '" + m.get("charlm.dropout") + "', not a number");
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw invalid("charlm.dropout", "must be in [0, 1)");
        }
        return new Declared(cell, layers, hidden, embedding, e, vocabulary(required(m, "vocabulary")), text(m), dropout, precision);
    }

    private static TextOptions text(Map<String, String> m) {
        Preprocessing p = switch (m.getOrDefault("charlm.preprocessing", "none")) {
            case "none" -> Preprocessing.NONE;
            case "lowercase" -> Preprocessing.LOWERCASE;
            case "letters" -> Preprocessing.LETTERS;
            default -> throw invalid("charlm.preprocessing", "is '" + m.get("charlm.preprocessing") + "'; one of none, lowercase, letters");
        };
        try {
            return new TextOptions(p, bool(m, "charlm.line_mode"), bool(m, "charlm.join_lines"),
                    integer(m, "charlm.max_chars", "0", 0, Integer.MAX_VALUE), integer(m, "charlm.max_vocab", "0", 0, Integer.MAX_VALUE),
                    integer(m, "charlm.min_frequency", "1", 1, Integer.MAX_VALUE));
        } catch (IllegalArgumentException x) {
            throw SafetensorsReader.invalid("the metadata's text options: " + x.getMessage());
        }
    }

    private static Vocabulary vocabulary(String json) {
        JsonNode a;
        try {
            a = SafetensorsReader.JSON.readTree(json);
        } catch (JacksonException x) {
            throw invalid("vocabulary", "is not a JSON array of strings: " + x.getOriginalMessage());
        }
        if (a == null || !a.isArray() || a.isEmpty()) {
            throw invalid("vocabulary", "must be a non-empty JSON array of token strings, in id order");
        }
        int[] cps = new int[a.size()];
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < cps.length; i++) {
            JsonNode t = a.get(i);
            String s = t.isString() ? t.stringValue() : null;
            if (UNK.equals(s)) {
                cps[i] = Vocabulary.UNK;
            } else if (s == null || s.isEmpty() || s.codePointCount(0, s.length()) != 1 || !Character.isValidCodePoint(s.codePointAt(0))
                    || Character.isSurrogate(s.charAt(0))) {
                throw invalid("vocabulary", "token " + i + " is " + t + "; each token is one character, or " + UNK);
            } else {
                cps[i] = s.codePointAt(0);
            }
            if (!seen.add(cps[i])) {
                throw invalid("vocabulary", "token " + i + " (" + t + ") appears twice");
            }
        }
        return new Vocabulary(cps, new long[cps.length]);
    }

    private static String required(Map<String, String> m, String key) {
        String v = m.get(key);
        if (v == null) {
            throw SafetensorsReader.invalid("the metadata (__metadata__) has no " + key + "; CharLM needs cell, layers, hidden_size, input and vocabulary");
        }
        return v;
    }

    private static int integer(Map<String, String> m, String key, String absent, int min, int max) {
        String v = absent == null ? required(m, key) : m.getOrDefault(key, absent);
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // said below
        }
        throw invalid(key, "is '" + v + "'; an integer from " + min + " to " + max);
    }

    private static boolean bool(Map<String, String> m, String key) {
        String v = m.getOrDefault(key, "false");
        if (!v.equals("true") && !v.equals("false")) {
            throw invalid(key, "is '" + v + "'; true or false");
        }
        return v.equals("true");
    }

    private static InvalidSafetensorsException invalid(String key, String what) {
        return SafetensorsReader.invalid("metadata " + key + " " + what);
    }
}
