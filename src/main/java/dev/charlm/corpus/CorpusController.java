package dev.charlm.corpus;

import dev.charlm.config.CharLmProperties;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
@RequestMapping("/corpora")
@Tag(name = "Corpora", description = "Training texts: upload, list, preview, delete. Built-in: tinyshakespeare, timemachine, jaychou, dinos.")
@ApiResponse(responseCode = "400", description = "invalid input", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
class CorpusController {

    private final CorpusService corpora;
    private final long maxBytes;

    CorpusController(CorpusService corpora, CharLmProperties properties) {
        this.corpora = corpora;
        this.maxBytes = properties.corpus().maxSize().toBytes();
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Upload a corpus as a file", description = "The file must be UTF-8 text (a 400 names the byte offset of the first invalid byte), non-empty and within charlm.corpus.max-size (413 beyond).")
    @ApiResponse(responseCode = "201", description = "stored; Location points to it")
    @ApiResponse(responseCode = "413", description = "larger than charlm.corpus.max-size", content = @Content(mediaType = "application/problem+json"))
    ResponseEntity<CorpusView> uploadFile(
            @Parameter(description = "UTF-8 text file") @RequestPart("file") MultipartFile file,
            @Parameter(description = "display name (default: the file name)", example = "my lyrics") @RequestParam(value = "name", required = false) String name)
            throws IOException {
        if (file.getSize() > maxBytes) {
            throw tooLarge(file.getSize());
        }
        String fallback = file.getOriginalFilename() == null || file.getOriginalFilename().isBlank()
                ? "upload" : file.getOriginalFilename().replaceFirst("\\.[A-Za-z0-9]{1,5}$", "");
        try (InputStream in = file.getInputStream()) {
            return created(corpora.create(in, name, fallback));
        }
    }

    @PostMapping(consumes = MediaType.TEXT_PLAIN_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Upload a corpus as a text/plain body", description = "Same checks as the file upload; the text is streamed to disk.")
    @ApiResponse(responseCode = "201", description = "stored; Location points to it")
    @ApiResponse(responseCode = "413", description = "larger than charlm.corpus.max-size", content = @Content(mediaType = "application/problem+json"))
    ResponseEntity<CorpusView> uploadText(
            @Parameter(description = "display name", example = "my lyrics") @RequestParam(value = "name", required = false) String name,
            HttpServletRequest request) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            throw tooLarge(declared);
        }
        try (InputStream in = request.getInputStream()) {
            return created(corpora.create(in, name, "text"));
        }
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "List corpora, newest first")
    List<CorpusView> list() {
        return corpora.list().stream().map(c -> CorpusView.of(c, null)).toList();
    }

    @GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "One corpus, optionally with its first characters")
    @ApiResponse(responseCode = "404", description = "no such corpus", content = @Content(mediaType = "application/problem+json"))
    CorpusView get(@Parameter(description = "corpus id or built-in name", example = "jaychou") @PathVariable String id,
                   @Parameter(description = "return the first N characters", example = "100") @RequestParam(value = "preview", required = false) Integer preview) {
        Corpus c = corpora.get(id);
        return CorpusView.of(c, preview == null ? null : corpora.preview(id, preview));
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Delete an uploaded corpus", description = "409 while a queued or running job trains on it, and for built-in corpora.")
    @ApiResponse(responseCode = "204", description = "deleted")
    @ApiResponse(responseCode = "404", description = "no such corpus", content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "409", description = "built-in, or in use", content = @Content(mediaType = "application/problem+json"))
    ResponseEntity<Void> delete(@PathVariable String id) {
        corpora.delete(id);
        return ResponseEntity.noContent().build();
    }

    private CorpusTooLargeException tooLarge(long size) {
        return CorpusTooLargeException.of(size, maxBytes);
    }

    private static ResponseEntity<CorpusView> created(Corpus c) {
        return ResponseEntity.created(URI.create("/corpora/" + c.id())).body(CorpusView.of(c, null));
    }
}
