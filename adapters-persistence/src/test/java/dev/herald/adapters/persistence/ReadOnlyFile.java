package dev.herald.adapters.persistence;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Assumptions;

/**
 * Makes a file really unwritable. File modes do not stop root (the tests run as root in CI), so as root the file
 * is made immutable with {@code chattr +i}, which the kernel enforces for root too. Skips the test (with the reason)
 * where neither works, e.g. a file system without the attribute.
 */
final class ReadOnlyFile implements AutoCloseable {

    private final Path file;
    private final boolean immutable;

    private ReadOnlyFile(Path file, boolean immutable) {
        this.file = file;
        this.immutable = immutable;
    }

    static ReadOnlyFile make(Path file) throws IOException, InterruptedException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
        if (!Files.isWritable(file)) {
            return new ReadOnlyFile(file, false);
        }
        int exit = run("chattr", "+i", file.toString());
        Assumptions.assumeTrue(exit == 0 && !Files.isWritable(file),
                "cannot make a file read-only here: running as root and chattr +i failed (exit " + exit + ")");
        return new ReadOnlyFile(file, true);
    }

    @Override
    public void close() throws IOException {
        if (immutable) {
            try {
                run("chattr", "-i", file.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while making " + file + " writable again", e);
            }
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    }

    private static int run(String... command) throws IOException, InterruptedException {
        try {
            return new ProcessBuilder(command).inheritIO().start().waitFor();
        } catch (IOException e) {
            return -1; // chattr is not installed
        }
    }
}
