package dev.charlm.training;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

@RestController
@Tag(name = "Models", description = "Train models in the background, follow their progress, cancel, resume, delete, download.")
@ApiResponse(responseCode = "404", description = "no such model", content = @Content(mediaType = "application/problem+json"))
class ModelController {

    private final JobRegistry jobs;
    private final TrainingJobs lifecycle;
    private final CheckpointStore checkpoints;
    private final JobEvents events;

    ModelController(JobRegistry jobs, TrainingJobs lifecycle, CheckpointStore checkpoints, JobEvents events) {
        this.jobs = jobs;
        this.lifecycle = lifecycle;
        this.checkpoints = checkpoints;
        this.events = events;
    }

    @PostMapping(path = "/models", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Train a model", description = "Queues a training job. Only corpus is required; a preset and any "
            + "option may be given, explicit options overriding the preset. One 400 lists every invalid field.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = {
                    @ExampleObject(name = "defaults", value = "{\"corpus\": \"jaychou\"}"),
                    @ExampleObject(name = "d2l GRU", value = "{\"corpus\": \"jaychou\", \"preset\": \"d2l-gru\"}"),
                    @ExampleObject(name = "char-rnn", value = "{\"corpus\": \"tinyshakespeare\", \"preset\": \"char-rnn\", \"maxSeconds\": 600}")})))
    @ApiResponse(responseCode = "202", description = "queued; Location points to the model")
    @ApiResponse(responseCode = "400", description = "invalid fields, listed under errors", content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "429", description = "the queue is full; see Retry-After", content = @Content(mediaType = "application/problem+json"))
    ResponseEntity<ModelView> train(@RequestBody TrainingRequest request) {
        TrainingJobs.Submitted submitted = lifecycle.submit(request);
        return ResponseEntity.accepted().location(URI.create("/models/" + submitted.job().id())).body(submitted.accepted());
    }

    @GetMapping(path = "/models", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "List models, newest first")
    List<ModelView> list(@Parameter(description = "only models in this state", example = "RUNNING") @RequestParam(required = false) JobStatus status) {
        return jobs.list(status).stream().map(ModelView::of).toList();
    }

    @GetMapping(path = "/models/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "A model: its options, status and progress (loss, perplexity, chars/s, ETA)")
    ModelView get(@Parameter(example = "m-3kq7x2p9ta") @PathVariable String id) {
        return ModelView.of(jobs.get(id));
    }

    @GetMapping(path = "/models/{id}/history", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "What a model logged: loss points, per-epoch perplexity, validations and periodic samples")
    History.Snapshot history(@PathVariable String id) {
        return jobs.get(id).history().snapshot();
    }

    @GetMapping(path = "/models/{id}/history.csv", produces = "text/csv")
    @Operation(summary = "The logged loss points as CSV, one row per step, with the validation where the step was validated",
            description = "Columns: " + HistoryCsv.HEADER + ". An evaluation at a step with no point has a row of its own; "
                    + "absent values are empty cells.")
    ResponseEntity<String> historyCsv(@PathVariable String id) {
        String csv = HistoryCsv.of(jobs.get(id).history().snapshot());
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(id + "-history.csv").build().toString())
                .body(csv);
    }

    @GetMapping(path = "/models/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Server-Sent Events while the model trains", description = "Events: status (the model, at once), "
            + "progress (at most 4 per second), point (each history point as it is logged, as in the history's points), "
            + "epoch, checkpoint, sample, and a final end (the model) after which the stream closes. "
            + "A finished model sends status and end at once. Every event has an id <epoch>-<seq>: seq counts the job's "
            + "events from 1, epoch is a random token (not a training epoch) that changes when the service restarts. Reconnecting with Last-Event-ID (or ?lastEventId=) "
            + "replays exactly the events after that one, then continues live; when they cannot be replayed (another epoch, or "
            + "older than the last 10,000 events) a reset event ({\"reason\": ...}) comes first: reload the history, then "
            + "the stream goes on as a new one. The stream starts with retry: 1000 and sends a comment every 15 s.")
    SseEmitter events(@PathVariable String id,
                      @Parameter(description = "the id of the last event received; EventSource sends it when it reconnects")
                      @RequestHeader(name = "Last-Event-ID", required = false) String lastEventIdHeader,
                      @Parameter(description = "the same, for clients that cannot set headers; the header wins when both are given")
                      @RequestParam(required = false) String lastEventId) {
        // the header wins: an EventSource opened on ?lastEventId= keeps that URL but sends newer ids in the header
        return events.stream(jobs.get(id), lastEventIdHeader != null ? lastEventIdHeader : lastEventId);
    }

    @PostMapping(path = "/models/{id}/cancel", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Cancel a queued or running job", description = "A running job stops between two steps and keeps a checkpoint; it can be resumed.")
    @ApiResponse(responseCode = "202", description = "cancellation accepted")
    @ApiResponse(responseCode = "409", description = "the job is not queued or running", content = @Content(mediaType = "application/problem+json"))
    ResponseEntity<ModelView> cancel(@PathVariable String id) {
        return ResponseEntity.accepted().body(ModelView.of(lifecycle.cancel(id)));
    }

    @PostMapping(path = "/models/{id}/resume", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Resume from the last checkpoint, optionally with higher limits",
            description = "Continues exactly where the checkpoint left off (same data order, optimizer state and carried state).")
    @ApiResponse(responseCode = "202", description = "queued")
    @ApiResponse(responseCode = "409", description = "the job is active, its limits are already reached, or its corpus is gone",
            content = @Content(mediaType = "application/problem+json"))
    ResponseEntity<ModelView> resume(@PathVariable String id, @RequestBody(required = false) ResumeRequest more) {
        return ResponseEntity.accepted().location(URI.create("/models/" + id)).body(ModelView.of(lifecycle.resume(id, more)));
    }

    @DeleteMapping("/models/{id}")
    @Operation(summary = "Delete a model", description = "Cancels it if it is training, then deletes its files and its metrics.")
    @ApiResponse(responseCode = "204", description = "deleted")
    ResponseEntity<Void> delete(@PathVariable String id) {
        lifecycle.delete(id);
        return ResponseEntity.noContent().build();
    }

    @GetMapping(path = "/models/{id}/file", produces = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    @Operation(summary = "Download the latest checkpoint", description = "The CharLM model file: magic, version, JSON header, "
            + "little-endian tensors, CRC-32C (see docs/MODEL_FILE.md).")
    @ApiResponse(responseCode = "409", description = "no checkpoint yet", content = @Content(mediaType = "application/problem+json"))
    ResponseEntity<Resource> file(@PathVariable String id) {
        TrainingJob job = jobs.get(id);
        CheckpointVersion latest = checkpoints.latest(id)
                .orElseThrow(() -> new NoCheckpointException(id, "; the first is written at its first evaluation"));
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(job.id() + ".clm").build().toString())
                .contentLength(latest.size())
                .body(new CheckpointResource(checkpoints, id, latest.size()));
    }

    @GetMapping(path = "/presets", produces = MediaType.APPLICATION_JSON_VALUE)
    @Tag(name = "Models")
    @Operation(summary = "The presets and the options each sets", description = "Every other option takes the defaults shown as 'defaults'.")
    List<PresetView> presets() {
        var list = new java.util.ArrayList<PresetView>();
        list.add(new PresetView("defaults", "what applies when neither the request nor its preset sets an option", "CharLM", Presets.DEFAULTS));
        Presets.all().forEach(p -> list.add(PresetView.of(p)));
        return list;
    }
}
