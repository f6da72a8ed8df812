package dev.charlm.ollama;

import dev.charlm.engine.sample.FinishReason;
import dev.charlm.engine.sample.SampleResult;
import dev.charlm.engine.sample.SamplingOptions;
import dev.charlm.sampling.SamplingService;
import java.io.IOException;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs a checked generate request through {@link SamplingService#sample} (its metrics and caps): without
 * streaming on the request thread, batched with concurrent requests to the same model; streamed on the
 * sample stream executor, within its limits, as the SSE sample stream does, one NDJSON line per character.
 */
@Component
class Generator {

    private static final Logger LOG = LoggerFactory.getLogger(Generator.class);
    /** As the SSE sample stream suggests when every streaming slot is busy. */
    private static final String RETRY_AFTER_SECONDS = "2";

    /**
     * A request ready to run.
     *
     * @param model     the model's name as the client gave it, echoed in every object, as Ollama does
     * @param id        the model's id
     * @param start     {@link System#nanoTime} when the request arrived
     * @param loadNanos time taken to have the model's weights in memory
     */
    record Prepared(String model, String id, String prompt, SamplingOptions options, long start, long loadNanos) {
    }

    private final SamplingService sampling;
    private final ThreadPoolTaskExecutor streams;
    private final JsonMapper json;

    Generator(SamplingService sampling, @Qualifier("sampleStreamExecutor") ThreadPoolTaskExecutor streams, JsonMapper json) {
        this.sampling = sampling;
        this.streams = streams;
        this.json = json;
    }

    /**
     * The whole answer in one object. The batching sampler interleaves warm-up and generation with other
     * requests, so the prompt's share is not measured apart: {@code prompt_eval_duration} is 0 and
     * {@code eval_duration} covers both.
     */
    GenerateResponse whole(Prepared p) {
        long t0 = System.nanoTime();
        SampleResult r = sampling.sample(p.id(), p.prompt(), p.options(), null);
        long t1 = System.nanoTime();
        return last(p, r.text(), r, 0, t1 - t0);
    }

    /** One line per generated piece, then the last object with the statistics; an error after the start is an {@code error} line. */
    ResponseBodyEmitter stream(Prepared p) {
        ResponseBodyEmitter emitter = new ResponseBodyEmitter(0L);   // ends with the sample, like the SSE stream
        Runnable generate = () -> {
            try {
                long t0 = System.nanoTime();
                long[] first = {0};
                SampleResult r = sampling.sample(p.id(), p.prompt(), p.options(), piece -> {
                    if (first[0] == 0) {
                        first[0] = System.nanoTime();
                    }
                    return send(emitter, GenerateResponse.piece(p.model(), piece));
                });
                long t1 = System.nanoTime();
                if (r.finishReason() != FinishReason.CANCELLED) {
                    // the prompt's warm-up runs until the first character appears; generation from then on
                    long firstAt = first[0] == 0 ? t1 : first[0];
                    send(emitter, last(p, "", r, firstAt - t0, t1 - firstAt));
                }
                emitter.complete();
            } catch (RuntimeException e) {
                send(emitter, new OllamaError(message(e)));
                emitter.complete();
            }
        };
        try {
            streams.execute(generate);
        } catch (RejectedExecutionException e) {
            OllamaException busy = new OllamaException(HttpStatus.TOO_MANY_REQUESTS, "all "
                    + (streams.getMaxPoolSize() + streams.getQueueCapacity()) + " streaming slots are busy; retry after "
                    + RETRY_AFTER_SECONDS + " s or send \"stream\": false");
            busy.getHeaders().set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
            throw busy;
        }
        return emitter;
    }

    private static GenerateResponse last(Prepared p, String text, SampleResult r, long promptNanos, long evalNanos) {
        long total = System.nanoTime() - p.start();
        return new GenerateResponse(p.model(), GenerateResponse.now(), text, true, doneReason(r.finishReason()), total,
                p.loadNanos(), codePoints(p.prompt()), promptNanos, codePoints(r.text()), evalNanos);
    }

    /** Ollama knows "length" (num_predict reached) and "stop"; the end of a line in line mode is the model stopping. */
    static String doneReason(FinishReason f) {
        return f == FinishReason.LENGTH ? "length" : "stop";
    }

    private static int codePoints(String s) {
        return s.codePointCount(0, s.length());
    }

    /** One NDJSON line, flushed; false when the client has gone, which ends the generation. */
    private boolean send(ResponseBodyEmitter emitter, Object value) {
        byte[] line = json.writeValueAsBytes(value);
        byte[] withNewline = java.util.Arrays.copyOf(line, line.length + 1);
        withNewline[line.length] = '\n';
        try {
            emitter.send(withNewline, MediaType.APPLICATION_NDJSON);
            return true;
        } catch (IOException | IllegalStateException e) {
            return false;
        }
    }

    private static String message(RuntimeException e) {
        if (e instanceof ErrorResponseException r && r.getBody().getDetail() != null) {
            return r.getBody().getDetail();
        }
        LOG.error("A streamed generation failed", e);
        return "the generation failed; the server log has the details";
    }
}
