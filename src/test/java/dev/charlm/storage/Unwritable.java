package dev.charlm.storage;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A directory in which nothing can be created, for the tests of a failed write: read-only for an ordinary
 * user, immutable ({@code chattr +i}) for root, whom permissions do not stop. Where neither works (a file
 * system without the immutable attribute, say) the test is skipped, not passed.
 */
public final class Unwritable implements AutoCloseable {

    private final Path dir;
    private final Set<PosixFilePermission> permissions;
    private final boolean immutable;

    private Unwritable(Path dir, Set<PosixFilePermission> permissions, boolean immutable) {
        this.dir = dir;
        this.permissions = permissions;
        this.immutable = immutable;
    }

    /** Makes {@code dir} (created if missing) unwritable until {@link #close}. */
    public static Unwritable directory(Path dir) throws IOException {
        Files.createDirectories(dir);
        Set<PosixFilePermission> before = Files.getPosixFilePermissions(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        if (!writable(dir)) {
            return new Unwritable(dir, before, false);
        }
        boolean immutable = chattr("+i", dir);
        if (immutable && !writable(dir)) {
            return new Unwritable(dir, before, true);
        }
        if (immutable) {
            chattr("-i", dir);
        }
        Files.setPosixFilePermissions(dir, before);
        Assumptions.abort("cannot make " + dir + " unwritable here");
        throw new AssertionError("unreachable");
    }

    private static boolean writable(Path dir) throws IOException {
        Path probe = dir.resolve(".probe");
        try {
            Files.createFile(probe);
        } catch (AccessDeniedException e) {
            return false;
        } catch (FileSystemException e) {
            return false;   // "Operation not permitted" of an immutable directory
        }
        Files.delete(probe);
        return true;
    }

    private static boolean chattr(String flag, Path dir) {
        try {
            Process p = new ProcessBuilder("chattr", flag, dir.toString()).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;   // no chattr on this machine
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        if (immutable && !chattr("-i", dir)) {
            throw new IOException("cannot make " + dir + " mutable again");
        }
        Files.setPosixFilePermissions(dir, permissions);
    }
}
