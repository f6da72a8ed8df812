package dev.charlm.sweep;

import dev.charlm.config.CharLmProperties;
import dev.charlm.storage.Unwritable;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** {@link SweepStoreContract} on files. */
class FileSweepStoreTest implements SweepStoreContract {

    @TempDir
    Path data;

    FileSweepStore store;

    @BeforeEach
    void create() {
        store = new FileSweepStore(new CharLmProperties(data, null, null, null, null, null, null, null), JSON);
    }

    @Override
    public SweepStore store() {
        return store;
    }

    @Override
    public AutoCloseable unwritable(String id) throws Exception {
        return Unwritable.directory(data.resolve("sweeps"));
    }
}
