package dev.charlm.sampling;

import dev.charlm.engine.sample.SampleResult;
import dev.charlm.engine.sample.SamplingOptions;
import dev.charlm.engine.sample.Scorer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.MediaType;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

@RestController
@Tag(name = "Sampling", description = "Generate text from a model's latest checkpoint (while it trains, or after) and score text.")
@ApiResponse(responseCode = "400", description = "invalid options, or prefix characters outside the vocabulary", content = @Content(mediaType = "application/problem+json"))
@ApiResponse(responseCode = "404", description = "no such model", content = @Content(mediaType = "application/problem+json"))
@ApiResponse(responseCode = "409", description = "the model has no checkpoint yet", content = @Content(mediaType = "application/problem+json"))
class SamplingController {

    private final SamplingService sampling;
    /** Streams generated at once, and waiting; beyond both a stream request is refused with 429 and Retry-After (see {@link StreamExecutorConfig}). */
    private final ThreadPoolTaskExecutor streams;

    SamplingController(SamplingService sampling, @Qualifier(StreamExecutorConfig.BEAN) ThreadPoolTaskExecutor streams) {
        this.sampling = sampling;
        this.streams = streams;
    }

    @GetMapping(path = "/models/{id}/sample", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Generate text after a prefix", description = "The prefix is fed through the network first (its "
            + "characters must be in the vocabulary; an empty prefix starts from a character drawn from the corpus's "
            + "frequencies with the same temperature, topK and topP, or in line mode from the start of a line). With topK, "
            + "topP is a share of the top K renormalised. Ask for text/event-stream to receive each character as it is made.")
    SampleResponse sample(@Parameter(description = "model id") @PathVariable String id,
                          @Parameter(description = "text to continue", example = "分开") @RequestParam(defaultValue = "") String prefix,
                          @Parameter(description = "characters to generate", example = "100") @RequestParam(required = false) Integer length,
                          @Parameter(description = "0 = greedy; higher = more varied", example = "0.8") @RequestParam(required = false) Double temperature,
                          @Parameter(description = "sample among the K most likely characters (0 = all)", example = "0") @RequestParam(required = false) Integer topK,
                          @Parameter(description = "nucleus: the most likely characters of total probability topP (of the top K, renormalised, when topK is set)", example = "1") @RequestParam(required = false) Double topP,
                          @Parameter(description = "makes the sample reproducible", example = "42") @RequestParam(required = false) Long seed,
                          @Parameter(description = "stop when the text ends with this (repeatable)", example = "\n") @RequestParam(required = false) List<String> stop) {
        SamplingOptions o = sampling.options(length, temperature, topK, topP, seed, stop);
        return SampleResponse.of(sampling.sample(id, prefix, o, null));
    }

    @GetMapping(path = "/models/{id}/sample", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Generate text after a prefix, streamed", description = "One 'token' event per generated character "
            + "({\"text\": \"…\"}), then an 'end' event with the whole sample.")
    SseEmitter stream(@PathVariable String id,
                      @RequestParam(defaultValue = "") String prefix,
                      @RequestParam(required = false) Integer length,
                      @RequestParam(required = false) Double temperature,
                      @RequestParam(required = false) Integer topK,
                      @RequestParam(required = false) Double topP,
                      @RequestParam(required = false) Long seed,
                      @RequestParam(required = false) List<String> stop) {
        SamplingOptions o = sampling.options(length, temperature, topK, topP, seed, stop);
        sampling.checkPrefix("prefix", prefix);
        sampling.model(id).encode(prefix);   // 404, 409 and unknown characters answer before the stream starts
        SseEmitter emitter = new SseEmitter(0L);
        Runnable generate = () -> {
            try {
                SampleResult r = sampling.sample(id, prefix, o, piece -> {
                    try {
                        emitter.send(SseEmitter.event().name("token").data(Map.of("text", piece), MediaType.APPLICATION_JSON));
                        return true;
                    } catch (IOException | IllegalStateException e) {
                        return false;   // the client went away
                    }
                });
                emitter.send(SseEmitter.event().name("end").data(SampleResponse.of(r), MediaType.APPLICATION_JSON));
                emitter.complete();
            } catch (IOException | IllegalStateException e) {
                emitter.completeWithError(e);
            } catch (RuntimeException e) {
                emitter.completeWithError(e);
            }
        };
        try {
            streams.execute(generate);
        } catch (RejectedExecutionException e) {
            throw new TooManyStreamsException(streams.getMaxPoolSize() + streams.getQueueCapacity());
        }
        return emitter;
    }

    @PostMapping(path = "/models/{id}/samples", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Many samples in one batched call", description = "Every prefix n times; all are advanced together, "
            + "one matrix product per layer per step. Sample i uses seed + i.")
    Map<String, List<SampleResponse>> samples(@PathVariable String id, @RequestBody SamplesRequest r) {
        SamplingOptions o = sampling.options(r.length(), r.temperature(), r.topK(), r.topP(), r.seed(), r.stop());
        List<SampleResult> out = sampling.sampleMany(id, r.prefixes(), r.n() == null ? 1 : r.n(), o);
        return Map.of("samples", out.stream().map(SampleResponse::of).toList());
    }

    @PostMapping(path = "/models/{id}/score", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Score a text", description = "Mean negative log-likelihood per character (nats), bits per character "
            + "and perplexity, the state carried through the whole text.")
    ScoreResponse score(@PathVariable String id, @RequestBody ScoreRequest r) {
        Scorer.Score s = sampling.score(id, r.text());
        return new ScoreResponse(s.chars(), s.nll(), s.bitsPerChar(), s.perplexity());
    }

}
