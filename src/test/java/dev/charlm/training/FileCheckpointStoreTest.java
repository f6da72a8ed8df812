package dev.charlm.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charlm.engine.io.ModelFile;
import dev.charlm.storage.Unwritable;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link CheckpointStoreContract} on files, and what only files do: the place of model.clm, and a broken header. */
class FileCheckpointStoreTest implements CheckpointStoreContract {

    @TempDir
    Path data;

    FileCheckpointStore store;

    @BeforeEach
    void create() {
        store = new FileCheckpointStore(new ModelDirectories(FileJobRepositoryTest.properties(data)));
    }

    @Override
    public CheckpointStore store() {
        return store;
    }

    @Override
    public AutoCloseable unwritable(String id) throws Exception {
        return Unwritable.directory(data.resolve("models").resolve(id));
    }

    @Test
    void aCheckpointIsTheModelClmOfItsModelDirectory() throws Exception {
        store.write("m-aaaaaaaaaa", CheckpointStoreContract.checkpoint(8));

        Path file = data.resolve("models").resolve("m-aaaaaaaaaa").resolve("model.clm");
        assertThat(ModelFile.read(file).state().step()).isEqualTo(8);
        assertThat(store.latest("m-aaaaaaaaaa").orElseThrow().written()).isEqualTo(Files.getLastModifiedTime(file).toInstant());
    }

    @Test
    void aModelFileWhoseHeaderCannotBeReadHasNoStep() throws Exception {
        Path dir = Files.createDirectories(data.resolve("models").resolve("m-aaaaaaaaaa"));
        Files.writeString(dir.resolve("model.clm"), "not a model file");

        assertThat(store.step("m-aaaaaaaaaa")).isEmpty();
        assertThat(store.latest("m-aaaaaaaaaa")).isPresent();   // it is there; reading it says what is wrong
    }
}
