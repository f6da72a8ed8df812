package dev.charlm.export;

import dev.charlm.engine.nn.LanguageModel;
import dev.charlm.engine.train.TrainingConfig;
import java.io.IOException;
import java.io.OutputStream;

/**
 * One format of {@code GET /models/{id}/export?format=}: a Spring bean per format, so a new format is one
 * class. Implementations write only what the model holds; they never read the data directory themselves.
 */
public interface ModelExporter {

    /** The value of {@code ?format=}, lower case: {@code onnx}, {@code safetensors}. */
    String format();

    /** The response's Content-Type. */
    String mediaType();

    /** The download's file-name extension, without the dot. */
    String extension();

    /** Writes the model; {@code config} is the resolved training config, for the file's metadata. */
    void write(LanguageModel model, TrainingConfig config, OutputStream out) throws IOException;
}
