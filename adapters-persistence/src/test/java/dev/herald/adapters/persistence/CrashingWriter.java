package dev.herald.adapters.persistence;

import dev.herald.application.port.AppendResult;
import dev.herald.domain.NewMessage;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Appends from many threads until killed, printing {@code ACK <client offset> <offset> END} for every append that
 * returned, i.e. every message a client would have had acknowledged. Run and killed by {@link CrashIT}. The
 * {@code END} marks a complete line: a kill can cut the last line short.
 */
public final class CrashingWriter {

    private CrashingWriter() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        String round = args[1];
        int threads = Integer.parseInt(args[2]);
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        JooqMessageStore store = JooqMessageStore.open(SqliteStoreConfig.defaults(file));
        for (int t = 0; t < threads; t++) {
            String poster = round + "-t" + t;
            Thread.ofPlatform().daemon(false).start(() -> {
                for (int i = 0; ; i++) {
                    String clientOffset = poster + "-" + i;
                    AppendResult result = store.append(NewMessage.of("message " + clientOffset, clientOffset));
                    synchronized (out) {
                        out.println("ACK " + clientOffset + " " + result.offset() + " END");
                        out.flush();
                    }
                }
            });
        }
    }
}
