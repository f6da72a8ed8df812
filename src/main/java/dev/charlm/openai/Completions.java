package dev.charlm.openai;

import dev.charlm.config.CharLmProperties;
import dev.charlm.engine.nn.LanguageModel;
import dev.charlm.engine.sample.FinishReason;
import dev.charlm.engine.sample.SampleResult;
import dev.charlm.engine.sample.Sampler;
import dev.charlm.engine.sample.SamplingOptions;
import dev.charlm.engine.sample.TokenLogprob;
import dev.charlm.engine.text.UnknownCharactersException;
import dev.charlm.sampling.SamplingService;
import dev.charlm.training.JobRegistry;
import dev.charlm.training.TrainingJob;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * OpenAI's completion request read as CharLM samples: which model, which options (every bound checked
 * here, named by OpenAI's field), one sample per choice through {@link SamplingService}, and the answer
 * in OpenAI's shape.
 */
@Service
class Completions {

    private final JobRegistry jobs;
    private final SamplingService sampling;
    private final CharLmProperties.Sampling limits;

    Completions(JobRegistry jobs, SamplingService sampling, CharLmProperties properties) {
        this.jobs = jobs;
        this.sampling = sampling;
        this.limits = properties.sampling();
    }

    /**
     * A checked request: the model's id, its prompts with the number of tokens the model reads of each,
     * and the options of choice 0 (choice i uses seed + i).
     */
    record Plan(String id, String responseId, long created, List<String> prompts, List<Integer> promptTokens, int n,
                SamplingOptions options, boolean echo, boolean includeUsage) {

        int choices() {
            return prompts.size() * n;
        }

        String prompt(int index) {
            return prompts.get(index / n);
        }

        SamplingOptions options(int index) {
            return options.withSeed(options.seed() + index);
        }
    }

    /** Everything that can be refused is refused here, before any sample or stream starts. */
    Plan plan(CompletionRequest r) {
        if (r.model() == null || r.model().isBlank()) {
            throw OpenAiException.invalid("model", "you must provide a model parameter");
        }
        List<String> prompts = r.prompt() == null ? List.of("") : r.prompt();
        if (prompts.isEmpty()) {
            throw OpenAiException.invalid("prompt", "prompt must be a string or a non-empty array of strings");
        }
        int n = r.n() == null ? 1 : r.n();
        if (n < 1) {
            throw OpenAiException.invalid("n", "n must be at least 1");
        }
        if ((long) prompts.size() * n > limits.maxSamples()) {
            throw OpenAiException.invalid("n", prompts.size() + " prompts × n = " + n + " is more than " + limits.maxSamples()
                    + " choices (charlm.sampling.max-samples)");
        }
        SamplingOptions options = CompletionOptions.of(r, limits);
        for (int i = 0; i < prompts.size(); i++) {
            String field = promptField(prompts, i);
            if (prompts.get(i) == null) {
                throw OpenAiException.invalid(field, "must be a string");
            }
            sampling.checkPrefix(field, prompts.get(i));
        }
        TrainingJob job = ModelsController.withCheckpoint(jobs, r.model());
        LanguageModel model = sampling.model(job.id());
        List<Integer> tokens = new ArrayList<>(prompts.size());
        for (int i = 0; i < prompts.size(); i++) {
            try {
                tokens.add(model.encode(prompts.get(i)).length);
            } catch (UnknownCharactersException e) {
                throw OpenAiException.invalid(promptField(prompts, i), e.getMessage());
            }
        }
        boolean includeUsage = r.streamOptions() != null && Boolean.TRUE.equals(r.streamOptions().includeUsage());
        return new Plan(job.id(), "cmpl-" + UUID.randomUUID().toString().replace("-", ""), System.currentTimeMillis() / 1000,
                prompts, tokens, n, options, r.echoes(), includeUsage);
    }

    private static String promptField(List<String> prompts, int i) {
        return prompts.size() == 1 ? "prompt" : "prompt[" + i + "]";
    }

    /** Every choice, one after the other, each through the sampling service (its batching, its cap, its metrics). */
    CompletionResponse complete(Plan plan) {
        List<CompletionResponse.Choice> choices = new ArrayList<>(plan.choices());
        long completionTokens = 0;
        for (int i = 0; i < plan.choices(); i++) {
            SampleResult r = sample(plan, i, null);
            completionTokens += r.text().codePointCount(0, r.text().length());
            choices.add(choice(plan, i, r));
        }
        return new CompletionResponse(plan.responseId(), CompletionResponse.OBJECT, plan.created(), plan.id(), choices,
                usage(plan, completionTokens));
    }

    SampleResult sample(Plan plan, int index, Sampler.TokenSink sink) {
        return sampling.sample(plan.id(), plan.prompt(index), plan.options(index), sink);
    }

    CompletionResponse.Usage usage(Plan plan, long completionTokens) {
        long prompt = plan.promptTokens().stream().mapToLong(Integer::longValue).sum();
        return new CompletionResponse.Usage(prompt, completionTokens, prompt + completionTokens);
    }

    private static CompletionResponse.Choice choice(Plan plan, int index, SampleResult r) {
        String text = plan.echo() ? plan.prompt(index) + r.text() : r.text();
        return new CompletionResponse.Choice(text, index, logprobs(plan, index, r), finishReason(r.finishReason()));
    }

    /** {@code stop} for a stop string or the end of a line (the model ended its text), {@code length} otherwise. */
    static String finishReason(FinishReason r) {
        return r == FinishReason.STOP || r == FinishReason.END_OF_LINE ? "stop" : "length";
    }

    /** Text offsets count code points from the start of the prompt, echoed or not, as OpenAI's do. */
    private static CompletionResponse.Logprobs logprobs(Plan plan, int index, SampleResult r) {
        if (r.logprobs() == null) {
            return null;
        }
        List<TokenLogprob> all = new ArrayList<>(r.logprobs().prefix());
        all.addAll(r.logprobs().generated());
        return CompletionResponse.Logprobs.of(all, plan.echo() ? 0 : plan.promptTokens().get(index / plan.n()));
    }
}
