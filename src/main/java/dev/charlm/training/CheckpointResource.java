package dev.charlm.training;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.core.io.AbstractResource;

/**
 * A model's checkpoint as a download: streamed from the {@link CheckpointStore}, and opened anew for each read,
 * so that Spring can answer a Range request from it as it did from the file.
 */
final class CheckpointResource extends AbstractResource {

    private final CheckpointStore checkpoints;
    private final String modelId;
    private final long size;

    CheckpointResource(CheckpointStore checkpoints, String modelId, long size) {
        this.checkpoints = checkpoints;
        this.modelId = modelId;
        this.size = size;
    }

    @Override
    public InputStream getInputStream() throws IOException {
        return checkpoints.open(modelId).orElseThrow(() -> new FileNotFoundException("the checkpoint of model " + modelId + " is gone"));
    }

    @Override
    public long contentLength() {
        return size;
    }

    @Override
    public boolean exists() {
        return checkpoints.latest(modelId).isPresent();
    }

    @Override
    public String getFilename() {
        return modelId + ".clm";
    }

    @Override
    public String getDescription() {
        return "checkpoint of model " + modelId;
    }
}
