package dev.charlm.ollama;

import dev.charlm.config.CharLmProperties;
import dev.charlm.sampling.SamplingService;
import dev.charlm.training.TrainingJob;
import dev.charlm.training.TrainingJobs;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Ollama's API ({@code /api/*}) over CharLM's models; the mapping of names and options is in
 * {@link ModelNames} and {@link OllamaOptions}, errors are rendered by {@link OllamaErrors}.
 */
@RestController
@Tag(name = "Ollama", description = "Ollama-compatible endpoints, for Ollama's libraries and UIs. Errors are {\"error\": \"...\"}.")
@ApiResponse(responseCode = "400", description = "invalid request", content = @Content(mediaType = "application/json", schema = @Schema(implementation = OllamaError.class)))
@ApiResponse(responseCode = "404", description = "no such model", content = @Content(mediaType = "application/json", schema = @Schema(implementation = OllamaError.class)))
class OllamaController {

    static final String IGNORED_OPTIONS = "X-CharLM-Ignored-Options";

    private final ModelNames names;
    private final ModelCatalog catalog;
    private final SamplingService sampling;
    private final Generator generator;
    private final TrainingJobs lifecycle;
    private final RequestBodies bodies;
    private final CharLmProperties properties;
    private final String version;

    OllamaController(ModelNames names, ModelCatalog catalog, SamplingService sampling, Generator generator,
                     TrainingJobs lifecycle, RequestBodies bodies, CharLmProperties properties,
                     ObjectProvider<BuildProperties> build) {
        this.names = names;
        this.catalog = catalog;
        this.sampling = sampling;
        this.generator = generator;
        this.lifecycle = lifecycle;
        this.bodies = bodies;
        this.properties = properties;
        this.version = version(build.getIfAvailable());
    }

    @PostMapping("/api/generate")
    @Operation(summary = "Generate text after a prompt (Ollama)", description = "Body: {model, prompt, stream, options, raw}. "
            + "Streams NDJSON (application/x-ndjson, one object per character) unless \"stream\": false. An empty prompt only "
            + "loads the model (done_reason \"load\").",
            requestBody = @RequestBody(content = @Content(mediaType = "application/json", schema = @Schema(implementation = GenerateRequest.class))))
    @ApiResponse(responseCode = "200", content = {@Content(mediaType = "application/x-ndjson", schema = @Schema(implementation = GenerateResponse.class)),
            @Content(mediaType = "application/json", schema = @Schema(implementation = GenerateResponse.class))})
    ResponseEntity<?> generate(HttpServletRequest request) {
        long start = System.nanoTime();
        GenerateRequest r = bodies.read(request, GenerateRequest.class);
        r.checkSupported();
        TrainingJob job = names.resolve(r.model());
        OllamaOptions.Mapped o = OllamaOptions.map(r.options(), sampling, properties.sampling().maxLength());
        String prompt = r.prompt() == null ? "" : r.prompt();
        sampling.checkPrefix("prompt", prompt);
        long loading = System.nanoTime();
        var model = sampling.model(job.id());   // 409 before the first checkpoint
        long loaded = System.nanoTime() - loading;
        ResponseEntity.BodyBuilder ok = ResponseEntity.ok();
        if (!o.ignored().isEmpty()) {
            ok.header(IGNORED_OPTIONS, String.join(", ", o.ignored()));
        }
        if (prompt.isEmpty()) {
            return ok.contentType(MediaType.APPLICATION_JSON).body(GenerateResponse.loaded(r.model()));
        }
        model.encode(prompt);   // characters outside the vocabulary answer 400 before a stream starts
        Generator.Prepared p = new Generator.Prepared(r.model(), job.id(), prompt, o.sampling(), start, loaded);
        if (r.streamed()) {
            return ok.contentType(MediaType.APPLICATION_NDJSON).body(generator.stream(p));
        }
        return ok.contentType(MediaType.APPLICATION_JSON).body(generator.whole(p));
    }

    @GetMapping(path = "/api/tags", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "List the models that have a checkpoint (Ollama)", description = "Named <name>:<id>; the family is the cell.")
    TagsResponse tags() {
        return catalog.tags();
    }

    @PostMapping(path = "/api/show", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Show a model (Ollama)", description = "Body: {model}. Details, model_info (charlm.* keys) and the sampling defaults.",
            requestBody = @RequestBody(content = @Content(mediaType = "application/json", schema = @Schema(implementation = ModelRequest.class))))
    ShowResponse show(HttpServletRequest request) {
        return catalog.show(names.resolve(bodies.read(request, ModelRequest.class).ref()));
    }

    @DeleteMapping("/api/delete")
    @Operation(summary = "Delete a model (Ollama)", description = "Body: {model}. As DELETE /models/{id}: a training job is cancelled first.",
            requestBody = @RequestBody(content = @Content(mediaType = "application/json", schema = @Schema(implementation = ModelRequest.class))))
    ResponseEntity<Void> delete(HttpServletRequest request) {
        lifecycle.delete(names.resolve(bodies.read(request, ModelRequest.class).ref()).id());
        return ResponseEntity.ok().build();
    }

    @GetMapping(path = "/api/version", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "CharLM's version (Ollama)")
    VersionResponse version() {
        return new VersionResponse(version);
    }

    /** The build's version (build-info, which ./mvnw spring-boot:run also generates), else the jar manifest's. */
    private static String version(BuildProperties build) {
        if (build != null && build.getVersion() != null) {
            return build.getVersion();
        }
        String manifest = OllamaController.class.getPackage().getImplementationVersion();
        return manifest != null ? manifest : "unknown";
    }
}
