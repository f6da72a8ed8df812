package dev.charlm.openai;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;

@RestController
@Tag(name = OpenAiApi.TAG, description = OpenAiApi.DESCRIPTION)
@ApiResponse(responseCode = "400", description = "an invalid field, named in error.param", content = @Content(mediaType = "application/json", schema = @Schema(implementation = OpenAiError.class)))
@ApiResponse(responseCode = "404", description = "no such model, or none with a checkpoint yet (error.code model_not_found)", content = @Content(mediaType = "application/json", schema = @Schema(implementation = OpenAiError.class)))
class CompletionsController {

    private final Completions completions;
    private final CompletionStreams streams;

    CompletionsController(Completions completions, CompletionStreams streams) {
        this.completions = completions;
        this.streams = streams;
    }

    /**
     * One handler for both answers, because only the body says which (stream): a JSON body written once,
     * or the SSE stream; both are emitters so that one declared type carries either.
     */
    @PostMapping("/v1/completions")
    @Operation(summary = "Complete a prompt (OpenAI's legacy completions)", description = "One token is one Unicode code point: "
            + "max_tokens counts characters, logprobs lists the most likely characters. Choice index = promptIndex × n + i; "
            + "with a seed, choice i uses seed + i, so each choice can be reproduced alone. logprobs are of the model's own "
            + "distribution (before temperature, top_k and top_p). With stream, text/event-stream chunks in OpenAI's shape, "
            + "ending with data: [DONE].")
    @ApiResponse(responseCode = "200", description = "the completion, or its stream", content = {
            @Content(mediaType = "application/json", schema = @Schema(implementation = CompletionResponse.class)),
            @Content(mediaType = "text/event-stream", schema = @Schema(implementation = CompletionResponse.class))})
    ResponseEntity<ResponseBodyEmitter> complete(@RequestBody CompletionRequest request) throws IOException {
        Completions.Plan plan = completions.plan(request);
        if (request.streaming()) {
            return ResponseEntity.ok().body(streams.start(plan));
        }
        CompletionResponse body = completions.complete(plan);
        ResponseBodyEmitter once = new ResponseBodyEmitter();
        once.send(body, MediaType.APPLICATION_JSON);
        once.complete();
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(once);
    }
}
