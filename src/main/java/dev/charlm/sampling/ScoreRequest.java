package dev.charlm.sampling;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.swagger.v3.oas.annotations.media.Schema;

@JsonIgnoreProperties(ignoreUnknown = false)
record ScoreRequest(@Schema(description = "the text to score", example = "分开 我想要你的微笑") String text) {
}
