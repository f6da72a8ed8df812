package dev.charlm.sweep;

import dev.charlm.engine.train.TrainingConfig;
import dev.charlm.training.TrainingRequest;
import dev.charlm.training.request.Options;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The option paths a grid may name, and a base request with a combination's values set at theirs. The paths are
 * read off the JSON of the defaults, so they are the request's own JSON paths (top-level options, and one level
 * into optimizer, lrDecay and clip), and every option added to the request becomes sweepable by itself. A value
 * is set in the request's JSON and read back with the API's own mapper, so it is parsed exactly as POST /models
 * parses it.
 */
final class OptionPaths {

    private final JsonMapper json;
    private final List<String> paths;

    OptionPaths(JsonMapper json) {
        this.json = json;
        JsonNode defaults = json.valueToTree(new TrainingRequest(null, null, null, Options.of(TrainingConfig.defaults())));
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : defaults.properties()) {
            if (e.getValue().isObject()) {
                e.getValue().propertyNames().forEach(sub -> out.add(e.getKey() + "." + sub));
            } else {
                out.add(e.getKey());
            }
        }
        this.paths = List.copyOf(out);
    }

    List<String> all() {
        return paths;
    }

    boolean known(String path) {
        return paths.contains(path);
    }

    /** The base request's JSON, with corpus, name and each value set at its path. */
    ObjectNode with(TrainingRequest base, String corpus, String name, Map<String, JsonNode> values) {
        ObjectNode node = json.valueToTree(base);
        node.put("corpus", corpus);
        node.put("name", name);
        values.forEach((path, v) -> {
            int dot = path.indexOf('.');
            if (dot < 0) {
                node.set(path, v);
            } else {
                JsonNode group = node.get(path.substring(0, dot));
                ObjectNode g = group instanceof ObjectNode o ? o : node.putObject(path.substring(0, dot));
                g.set(path.substring(dot + 1), v);
            }
        });
        return node;
    }

    /** The request that JSON reads as, or the mapper's reason it does not (a value of the wrong type). */
    TrainingRequest read(ObjectNode request) throws JacksonException {
        return json.treeToValue(request, TrainingRequest.class);
    }
}
