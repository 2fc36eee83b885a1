package dev.herald.bootstrap.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.stream.StreamSupport;

/** Small shared pieces of the end-to-end tests. */
final class E2e {

    private E2e() {
    }

    /** Where a test's server and script logs go, kept after the build for diagnosis. */
    static Path logDirectory(String test) {
        return Path.of(HeraldProcess.requiredProperty("herald.e2e.work"), test + "-" + System.currentTimeMillis());
    }

    /** Sum of an integer field over the clients of a script result. */
    static long sum(JsonNode clients, String field) {
        return StreamSupport.stream(clients.spliterator(), false).mapToLong(c -> c.path(field).asLong()).sum();
    }

    /** Sum of an integer field over every segment of every client. */
    static long sumSegments(JsonNode clients, String field) {
        return StreamSupport.stream(clients.spliterator(), false)
                .flatMap(c -> StreamSupport.stream(c.path("segments").spliterator(), false))
                .mapToLong(s -> s.path(field).asLong()).sum();
    }
}
