package dev.charlm.sweep;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Sweeps", description = "Train one model per combination of a grid of options, and rank them.")
@ApiResponse(responseCode = "404", description = "no such sweep", content = @Content(mediaType = "application/problem+json"))
class SweepController {

    private final Sweeps sweeps;

    SweepController(Sweeps sweeps) {
        this.sweeps = sweeps;
    }

    @PostMapping(path = "/sweeps", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Start a sweep", description = "Expands the grid (the first key varies slowest), merges each combination "
            + "over base and checks it as POST /models would; one 400 lists every problem and nothing is created. Then queues one "
            + "model per combination, named '<name> <path>=<value> ...', or none when the queue cannot hold them all (429).",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = @ExampleObject(
                    name = "cells", value = "{\"name\": \"cells\", \"corpus\": \"jaychou\", \"base\": {\"maxSteps\": 200}, "
                    + "\"grid\": {\"cell\": [\"rnn\", \"gru\", \"lstm\"], \"hiddenSize\": [128, 256], \"optimizer.learningRate\": [0.001, 0.003]}}"))))
    @ApiResponse(responseCode = "202", description = "queued; Location points to the sweep")
    @ApiResponse(responseCode = "400", description = "invalid grid or combination, listed under errors", content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "429", description = "the queue cannot hold every run; see Retry-After", content = @Content(mediaType = "application/problem+json"))
    ResponseEntity<SweepView> create(@RequestBody SweepRequest request) {
        SweepView v = sweeps.create(request);
        return ResponseEntity.accepted().location(URI.create("/sweeps/" + v.id())).body(v);
    }

    @GetMapping(path = "/sweeps", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "List sweeps, newest first, each with its ranked runs")
    List<SweepView> list() {
        return sweeps.list();
    }

    @GetMapping(path = "/sweeps/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "A sweep: its state and its runs, best validation perplexity first, the best marked")
    SweepView get(@Parameter(example = "s-7hq2m4x9ka") @PathVariable String id) {
        return sweeps.get(id);
    }

    @PostMapping(path = "/sweeps/{id}/cancel", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Cancel the sweep's queued and running runs", description = "Running runs stop between two steps and keep a checkpoint.")
    @ApiResponse(responseCode = "202", description = "cancellation accepted")
    @ApiResponse(responseCode = "409", description = "no run is queued or running", content = @Content(mediaType = "application/problem+json"))
    ResponseEntity<SweepView> cancel(@PathVariable String id) {
        return ResponseEntity.accepted().body(sweeps.cancel(id));
    }

    @DeleteMapping("/sweeps/{id}")
    @Operation(summary = "Delete a sweep", description = "Deletes the sweep's record. Its models are kept (active runs are cancelled), "
            + "and keep their sweep tag; with models=true they are deleted too, as DELETE /models/{id} deletes one.")
    @ApiResponse(responseCode = "204", description = "deleted")
    @ApiResponse(responseCode = "409", description = "models=true and a running model did not stop in time", content = @Content(mediaType = "application/problem+json"))
    ResponseEntity<Void> delete(@PathVariable String id,
                                @Parameter(description = "delete the sweep's models as well") @RequestParam(defaultValue = "false") boolean models) {
        sweeps.delete(id, models);
        return ResponseEntity.noContent().build();
    }
}
