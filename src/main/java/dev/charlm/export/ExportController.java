package dev.charlm.export;

import dev.charlm.engine.nn.LanguageModel;
import dev.charlm.sampling.SamplingService;
import dev.charlm.training.JobRegistry;
import dev.charlm.training.TrainingJob;
import dev.charlm.web.InvalidFieldsException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/** {@code GET /models/{id}/export?format=}: the latest weights in another framework's format, one {@link ModelExporter} each. */
@RestController
@Tag(name = "Models")
class ExportController {

    private final Map<String, ModelExporter> exporters = new TreeMap<>();
    private final JobRegistry jobs;
    private final SamplingService sampling;

    ExportController(List<ModelExporter> exporters, JobRegistry jobs, SamplingService sampling) {
        exporters.forEach(e -> this.exporters.put(e.format(), e));
        this.jobs = jobs;
        this.sampling = sampling;
    }

    @GetMapping(path = "/models/{id}/export")
    @Operation(summary = "Export the latest checkpoint for another framework",
            description = "format=safetensors: PyTorch's state_dict names and layouts (nn.Embedding, nn.RNN/GRU/LSTM, nn.Linear) "
                    + "with the vocabulary and options in __metadata__; format=onnx: an ONNX graph. See docs/EXPORT.md. "
                    + "Sent as an attachment named <id>.<extension>.")
    @ApiResponse(responseCode = "200", description = "the file", content = @Content(mediaType = "application/octet-stream"))
    @ApiResponse(responseCode = "400", description = "format absent or unknown; errors lists the formats", content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "404", description = "no such model", content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "409", description = "no checkpoint yet", content = @Content(mediaType = "application/problem+json"))
    ResponseEntity<StreamingResponseBody> export(@Parameter(example = "m-3kq7x2p9ta") @PathVariable String id,
                                                 @Parameter(description = "onnx or safetensors", example = "safetensors")
                                                 @RequestParam(required = false) String format) {
        TrainingJob job = jobs.get(id);
        ModelExporter exporter = format == null ? null : exporters.get(format);
        if (exporter == null) {
            throw InvalidFieldsException.of("format", (format == null ? "required" : "unknown format '" + format + "'")
                    + "; one of " + String.join(", ", exporters.keySet()));
        }
        LanguageModel model = sampling.model(id);
        var config = job.resolvedConfig();
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(exporter.mediaType()))
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(job.id() + "." + exporter.extension()).build().toString())
                .body(out -> exporter.write(model, config, out));
    }
}
