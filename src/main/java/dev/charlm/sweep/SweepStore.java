package dev.charlm.sweep;

import java.util.List;
import java.util.Optional;

/** Where sweeps are kept: files under the data directory in embedded mode ({@link FileSweepStore}). */
public interface SweepStore {

    /** Creates or replaces the sweep's record, atomically. */
    void save(SweepRecord sweep);

    Optional<SweepRecord> find(String id);

    /** Every sweep, newest first. */
    List<SweepRecord> all();

    /** Removes the record; nothing happens when there is none. */
    void delete(String id);
}
