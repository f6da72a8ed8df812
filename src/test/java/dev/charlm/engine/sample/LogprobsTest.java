package dev.charlm.engine.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.charlm.engine.nn.LanguageModel;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class LogprobsTest {

    static final LanguageModel MODEL = SamplerTest.trained;

    static SamplingOptions withLogprobs(SamplingOptions o, int top, boolean prefix) {
        return o.withLogprobs(new LogprobOptions(top, prefix));
    }

    @Test
    void askingForLogprobsLeavesTheTextAsItWas() {
        Sampler s = new Sampler(MODEL);
        SamplingOptions o = new SamplingOptions(40, 0.9, 5, 0.95, 7L, List.of());
        SampleResult plain = s.sample("分开", o);
        SampleResult reported = s.sample("分开", withLogprobs(o, 3, true));
        assertThat(plain.logprobs()).isNull();
        assertThat(reported.text()).isEqualTo(plain.text());
        assertThat(reported.finishReason()).isEqualTo(plain.finishReason());
    }

    @Test
    void everyGeneratedCharacterHasItsLogprobAndTheTopNInOrder() {
        SampleResult r = new Sampler(MODEL).sample("分开", withLogprobs(SamplingOptions.of(30, 1.0, 3), 4, false));
        List<TokenLogprob> g = r.logprobs().generated();
        assertThat(g).extracting(TokenLogprob::token).containsExactlyElementsOf(r.text().codePoints().mapToObj(Character::toString).toList());
        assertThat(r.logprobs().prefix()).isEmpty();
        for (TokenLogprob t : g) {
            assertThat(t.top()).hasSize(4);
            assertThat(t.logprob()).isLessThanOrEqualTo(0.0);
            for (int i = 1; i < t.top().size(); i++) {
                assertThat(t.top().get(i).logprob()).isLessThanOrEqualTo(t.top().get(i - 1).logprob());
            }
            // the chosen one is either among the top 4 with the same value, or less likely than all of them
            t.top().stream().filter(c -> c.token().equals(t.token())).findFirst().ifPresentOrElse(
                    c -> assertThat(c.logprob()).isEqualTo(t.logprob()),
                    () -> assertThat(t.logprob()).isLessThanOrEqualTo(t.top().get(3).logprob()));
        }
    }

    @Test
    void greedyPicksTheMostLikelyCharacterOfTheReportedDistribution() {
        SampleResult r = new Sampler(MODEL).sample("不", withLogprobs(SamplingOptions.greedy(20), 1, false));
        for (TokenLogprob t : r.logprobs().generated()) {
            assertThat(t.top().get(0).token()).isEqualTo(t.token());
        }
    }

    @Test
    void theReportedDistributionIsTheModelsOwnWhateverTheTemperature() {
        Sampler s = new Sampler(MODEL);
        TokenLogprob cold = s.sample("分开", withLogprobs(SamplingOptions.of(1, 0.2, 5), 5, false)).logprobs().generated().get(0);
        TokenLogprob hot = s.sample("分开", withLogprobs(new SamplingOptions(1, 3.0, 2, 0.5, 5L, List.of()), 5, false)).logprobs().generated().get(0);
        assertThat(hot.top()).isEqualTo(cold.top());
    }

    @Test
    void thePrefixLogprobsAreTheScorersNegativeLogLikelihood() {
        String prefix = "分开 我想要你的微笑 不分开";
        SampleResult r = new Sampler(MODEL).sample(prefix, withLogprobs(SamplingOptions.greedy(0), 2, true));
        List<TokenLogprob> p = r.logprobs().prefix();
        assertThat(p).hasSize(prefix.codePointCount(0, prefix.length()));
        assertThat(p.get(0).logprob()).isNull();
        assertThat(p.get(0).top()).isNull();
        assertThat(p.get(0).token()).isEqualTo("分");
        double sum = p.stream().skip(1).mapToDouble(TokenLogprob::logprob).sum();
        Scorer.Score score = new Scorer(MODEL).score(prefix);
        assertThat(-sum / score.chars()).isCloseTo(score.nll(), within(1e-4));
        assertThat(r.text()).isEmpty();
    }

    @Test
    void aStopStringTakesItsLogprobsWithIt() {
        Sampler s = new Sampler(MODEL);
        SampleResult free = s.sample("分开", SamplingOptions.greedy(40));
        String stop = free.text().substring(5, 7);
        SampleResult r = s.sample("分开", withLogprobs(new SamplingOptions(40, 0, 0, 1, 0L, List.of(stop)), 0, false));
        assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(r.logprobs().generated()).hasSize(r.text().codePointCount(0, r.text().length()));
        assertThat(r.logprobs().generated()).allSatisfy(t -> assertThat(t.top()).isEmpty());
    }

    @Test
    void anEmptyPrefixReportsItsFirstCharacterFromTheCorpusFrequencies() {
        SampleResult r = new Sampler(MODEL).sample("", withLogprobs(SamplingOptions.greedy(3), 1, true));
        TokenLogprob first = r.logprobs().generated().get(0);
        long total = 0;
        for (int i = 0; i < MODEL.vocabulary().size(); i++) {
            total += MODEL.vocabulary().count(i);
        }
        assertThat(first.logprob()).isCloseTo(Math.log((double) MODEL.vocabulary().count(0) / total), within(1e-12));
        assertThat(r.logprobs().prefix()).isEmpty();
    }

    @Test
    void aLogprobSinkGetsThePrefixFirstThenEachPieceWithItsEntries() {
        List<String> calls = new java.util.ArrayList<>();
        List<TokenLogprob> streamed = new java.util.ArrayList<>();
        List<List<TokenLogprob>> prefix = new java.util.ArrayList<>();
        SamplingOptions o = withLogprobs(new SamplingOptions(30, 1.0, 0, 1, 4L, List.of("微笑")), 2, true);
        SampleResult r = new Sampler(MODEL).sample("分开", o, new LogprobSink() {
            @Override
            public void prefix(List<TokenLogprob> p) {
                calls.add("prefix");
                prefix.add(p);
            }

            @Override
            public boolean accept(String piece, List<TokenLogprob> logprobs) {
                calls.add("piece");
                assertThat(logprobs).extracting(TokenLogprob::token)
                        .containsExactlyElementsOf(piece.codePoints().mapToObj(Character::toString).toList());
                streamed.addAll(logprobs);
                return true;
            }
        });
        assertThat(calls.get(0)).isEqualTo("prefix");
        assertThat(calls.stream().filter("prefix"::equals)).hasSize(1);
        assertThat(prefix.get(0)).isEqualTo(r.logprobs().prefix());
        assertThat(streamed).isEqualTo(r.logprobs().generated());
    }

    @Test
    void batchedRequestsReportTheSameLogprobsAsAlone() throws Exception {
        BatchingSampler batching = new BatchingSampler(MODEL, 4, 1, dev.charlm.engine.kernel.Kernels.matMul("auto"));
        SamplingOptions o = withLogprobs(SamplingOptions.of(30, 1.0, 11), 3, true);
        SampleResult alone = new Sampler(MODEL).sample("我", o);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Callable<SampleResult>> calls = java.util.Collections.nCopies(6, () -> batching.sample("我", o));
            for (Future<SampleResult> f : pool.invokeAll(calls)) {
                assertThat(f.get()).isEqualTo(alone);
            }
        } finally {
            pool.shutdown();
        }
    }
}
