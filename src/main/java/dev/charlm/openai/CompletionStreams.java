package dev.charlm.openai;

import dev.charlm.engine.sample.FinishReason;
import dev.charlm.engine.sample.LogprobSink;
import dev.charlm.engine.sample.SampleResult;
import dev.charlm.engine.sample.TokenLogprob;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * A streamed completion: OpenAI's chunks as SSE {@code data:} lines, on the sample stream executor
 * (its threads, its queue, its 429 beyond both), ending with {@code data: [DONE]}. Choices stream one
 * after the other: the echoed prompt, each piece of text as it is made (with its characters' logprobs
 * when asked), then an empty piece with the finish reason.
 */
@Component
class CompletionStreams {

    private static final Logger LOG = LoggerFactory.getLogger(CompletionStreams.class);
    static final String RETRY_AFTER_SECONDS = "2";

    private final Completions completions;
    private final ThreadPoolTaskExecutor streams;

    CompletionStreams(Completions completions, @Qualifier("sampleStreamExecutor") ThreadPoolTaskExecutor streams) {
        this.completions = completions;
        this.streams = streams;
    }

    SseEmitter start(Completions.Plan plan) {
        SseEmitter emitter = new SseEmitter(0L);
        try {
            streams.execute(() -> run(plan, emitter));
        } catch (RejectedExecutionException e) {
            throw new OpenAiException(HttpStatus.TOO_MANY_REQUESTS, "requests", null, "rate_limit_exceeded",
                    "all " + (streams.getMaxPoolSize() + streams.getQueueCapacity()) + " streaming slots are busy; retry after "
                            + RETRY_AFTER_SECONDS + " s or ask without stream").withHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        return emitter;
    }

    private void run(Completions.Plan plan, SseEmitter emitter) {
        try {
            long completionTokens = 0;
            for (int i = 0; i < plan.choices(); i++) {
                ChoiceStream choice = new ChoiceStream(plan, i, emitter);
                SampleResult r = completions.sample(plan, i, choice);
                if (r.finishReason() == FinishReason.CANCELLED) {
                    emitter.complete();   // the client went away
                    return;
                }
                choice.echo(r.logprobs() == null ? List.of() : r.logprobs().prefix());   // when nothing was generated
                completionTokens += r.text().codePointCount(0, r.text().length());
                send(emitter, chunk(plan, i, "", null, Completions.finishReason(r.finishReason())));
            }
            if (plan.includeUsage()) {
                send(emitter, new CompletionResponse(plan.responseId(), CompletionResponse.OBJECT, plan.created(), plan.id(),
                        List.of(), completions.usage(plan, completionTokens)));
            }
            emitter.send(SseEmitter.event().data("[DONE]"));
            emitter.complete();
        } catch (IOException | IllegalStateException e) {
            emitter.completeWithError(e);   // the client went away
        } catch (RuntimeException e) {
            // the status line is gone: OpenAI's clients read an error object in the stream
            LOG.error("A completion stream failed", e);
            trySend(emitter, OpenAiError.of("the stream failed: " + e.getMessage(), "server_error", null, null));
            emitter.complete();
        }
    }

    /**
     * One choice's chunks: the echoed prompt first (with its logprobs, which exist once the prefix is read),
     * then each piece with its characters' logprobs when asked, their offsets counted from the prompt's start.
     */
    private static final class ChoiceStream implements LogprobSink {

        private final Completions.Plan plan;
        private final int index;
        private final SseEmitter emitter;
        private final boolean logprobs;
        private boolean echoed;
        private int offset;

        ChoiceStream(Completions.Plan plan, int index, SseEmitter emitter) {
            this.plan = plan;
            this.index = index;
            this.emitter = emitter;
            this.logprobs = plan.options().logprobs() != null;
            this.offset = plan.echo() ? 0 : plan.promptTokens().get(index / plan.n());
            if (!logprobs) {
                echo(List.of());
            }
        }

        @Override
        public void prefix(List<TokenLogprob> prefix) {
            echo(prefix);
        }

        /** The prompt's chunk, once, when echoing (a prompt that is empty has none). */
        void echo(List<TokenLogprob> prefix) {
            if (echoed) {
                return;
            }
            echoed = true;
            if (plan.echo() && !plan.prompt(index).isEmpty()) {
                trySend(emitter, chunk(plan, index, plan.prompt(index), logprobs ? entries(prefix) : null, null));
            }
        }

        @Override
        public boolean accept(String piece, List<TokenLogprob> entries) {
            echo(List.of());
            return trySend(emitter, chunk(plan, index, piece, logprobs ? entries(entries) : null, null));
        }

        private CompletionResponse.Logprobs entries(List<TokenLogprob> entries) {
            CompletionResponse.Logprobs l = CompletionResponse.Logprobs.of(entries, offset);
            offset += entries.size();
            return l;
        }
    }

    private static CompletionResponse chunk(Completions.Plan plan, int index, String text, CompletionResponse.Logprobs logprobs,
                                            String finishReason) {
        return new CompletionResponse(plan.responseId(), CompletionResponse.OBJECT, plan.created(), plan.id(),
                List.of(new CompletionResponse.Choice(text, index, logprobs, finishReason)), null);
    }

    private static void send(SseEmitter emitter, Object data) throws IOException {
        emitter.send(SseEmitter.event().data(data, MediaType.APPLICATION_JSON));
    }

    private static boolean trySend(SseEmitter emitter, Object data) {
        try {
            send(emitter, data);
            return true;
        } catch (IOException | IllegalStateException e) {
            return false;
        }
    }
}
