package dev.charlm.export;

import dev.charlm.training.ModelImports;
import dev.charlm.training.ModelView;
import dev.charlm.web.InvalidFieldsException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * {@code POST /models/import}: a safetensors file in CharLM's layout (docs/EXPORT.md) becomes a COMPLETED
 * model. The upload is on disk first (the multipart limit, {@code charlm.corpus.max-size}, bounds it), and
 * the parser reads it by position, so nothing it declares is allocated before it is checked against the
 * file's real size.
 */
@RestController
@Tag(name = "Models")
class ImportController {

    private final ModelImports imports;

    ImportController(ModelImports imports) {
        this.imports = imports;
    }

    @PostMapping(path = "/models/import", consumes = MediaType.MULTIPART_FORM_DATA_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Import a model from a safetensors file",
            description = "The file holds PyTorch's state_dict of nn.Embedding (optional), nn.RNN/GRU/LSTM as rnn and nn.Linear as "
                    + "decoder, F32, F64, F16 or BF16, with cell, layers, hidden_size, input and vocabulary in __metadata__ "
                    + "(docs/EXPORT.md); a file exported by CharLM is one. The model is COMPLETED at once: it samples, scores, "
                    + "downloads and exports, and cannot be resumed (it has no corpus).")
    @ApiResponse(responseCode = "201", description = "imported; Location points to the model")
    @ApiResponse(responseCode = "400", description = "not a safetensors file CharLM can load; detail says why",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "413", description = "larger than charlm.corpus.max-size", content = @Content(mediaType = "application/problem+json"))
    ResponseEntity<ModelView> importModel(
            @Parameter(description = "a .safetensors file") @RequestPart("file") MultipartFile file,
            @Parameter(description = "display name (default: the file name)", example = "lstm from pytorch")
            @RequestParam(value = "name", required = false) String name) throws IOException {
        String from = file.getOriginalFilename() == null || file.getOriginalFilename().isBlank() ? "upload" : file.getOriginalFilename();
        String display = name != null ? name : from.replaceFirst("\\.safetensors$", "");
        if (display.length() > 100) {
            throw InvalidFieldsException.of("name", "at most 100 characters");
        }
        Path tmp = Files.createTempFile("charlm-import-", ".safetensors");
        try {
            file.transferTo(tmp);
            SafetensorsImport.Imported imported;
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.READ)) {
                imported = SafetensorsImport.read(SafetensorsReader.Source.of(ch));
            }
            ModelView view = imports.add(display, imported.model(), imported.config(), from.length() > 100 ? from.substring(0, 100) : from);
            return ResponseEntity.created(URI.create("/models/" + view.id())).body(view);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
