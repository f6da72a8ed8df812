package dev.charlm.engine.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.charlm.engine.kernel.Precision;
import dev.charlm.engine.nn.CellType;
import dev.charlm.engine.nn.LanguageModel;
import dev.charlm.engine.nn.ModelConfig;
import dev.charlm.engine.nn.Parameters;
import dev.charlm.engine.text.Preprocessing;
import dev.charlm.engine.text.TextOptions;
import dev.charlm.engine.text.Vocabulary;
import org.junit.jupiter.api.Test;

class ScorerTest {

    @Test
    void aFixedDistributionScoresItsOwnEntropyTerms() {
        double[] p = {0.4, 0.25, 0.2, 0.1, 0.05};
        LanguageModel m = SamplerTest.fixedDistribution(p, false);
        // "aab" predicts a then b: -(ln 0.4 + ln 0.25) / 2
        Scorer.Score s = new Scorer(m).score("aab");
        double nll = -(Math.log(0.4) + Math.log(0.25)) / 2;
        assertThat(s.chars()).isEqualTo(2);
        assertThat(s.nll()).isCloseTo(nll, within(1e-12));
        assertThat(s.bitsPerChar()).isCloseTo(nll / Math.log(2), within(1e-12));
        assertThat(s.perplexity()).isCloseTo(Math.exp(nll), within(1e-12));
    }

    @Test
    void theStateIsCarriedThroughTheWholeText() {
        LanguageModel m = SamplerTest.trained;
        String text = "分开 我想要你的微笑 不分开 我不要再想 爱情来的太快 ".repeat(40);   // longer than one window
        Scorer.Score whole = new Scorer(m).score(text);
        assertThat(whole.chars()).isEqualTo(text.codePointCount(0, text.length()) - 1);
        // the trained model knows this text well, and far better than chance
        assertThat(whole.perplexity()).isLessThan(3).isLessThan(m.config().vocabSize());
    }

    @Test
    void tooShortOrUnknownTextIsRefused() {
        LanguageModel m = SamplerTest.fixedDistribution(new double[] {0.5, 0.5}, false);
        assertThatThrownBy(() -> new Scorer(m).score("a")).hasMessageContaining("at least 2 characters");
        assertThatThrownBy(() -> new Scorer(m).score("abz")).hasMessageContaining("'z'");
    }

    /** A line-mode model over a, b and the end of line, whose next-character distribution is always p. */
    static LanguageModel lineModel(double[] p) {
        ModelConfig c = new ModelConfig(CellType.RNN, 1, 2, 0, 3, 0);
        Parameters w = Parameters.zeros(c, Precision.FLOAT64);
        for (int i = 0; i < 3; i++) {
            w.bq().set(i, Math.log(p[i]));
        }
        Vocabulary v = new Vocabulary(new int[] {'a', 'b', '\n'}, new long[] {3, 2, 1});
        return new LanguageModel(c, new TextOptions(Preprocessing.NONE, true, false, 0, 0, 1), v, w);
    }

    @Test
    void lineModeScoresWhatTheCorpusReaderWouldRead() {
        // the corpus reader drops \r and strips each line, so neither needs to be in the vocabulary
        LanguageModel m = lineModel(new double[] {0.5, 0.3, 0.2});
        Scorer.Score plain = new Scorer(m).score("ab\nba\n");
        assertThat(new Scorer(m).score("ab\r\nba\r\n")).isEqualTo(plain);
        assertThat(new Scorer(m).score("  ab \r\n\r\nba")).isEqualTo(plain);
        assertThatThrownBy(() -> new Scorer(m).score("a c\n")).hasMessageContaining("' '");
    }

    @Test
    void lineModePrefixesDropTheCarriageReturnAsTheCorpusReaderDoes() {
        LanguageModel m = lineModel(new double[] {0.5, 0.3, 0.2});
        assertThat(m.encode("ab\r")).containsExactly(m.encode("ab"));
        assertThat(new Sampler(m).sample("ab\r", SamplingOptions.greedy(3)).prefix()).isEqualTo("ab\r");
    }
}
