package dev.charlm.engine.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.charlm.engine.nn.LanguageModel;
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
}
