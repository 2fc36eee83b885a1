package dev.herald.adapters.websocket.engineio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Property test of the decoders: for any text or bytes, decoding returns a value (never throws), and whatever decodes
 * re-encodes to something that decodes to the same packets. The suite runs a fast subset with a fixed seed; the long
 * run is {@code -Dengineio.fuzz.iterations=1000000} (see docs/fuzzing.md), or {@link #main}.
 */
class EngineIoCodecFuzzTest {

    private static final long SEED = 0x5eed_e10L;
    private static final int DEFAULT_ITERATIONS = 30_000;
    private static final String ALPHABET = "0123456b789\u001e\u001e\u001eAQIDBA==+/probe{}\"\\\u0000\u00e9\u4e2d";

    @Test
    void decodersNeverThrowAndDecodedPacketsRoundTrip() {
        int iterations = Integer.getInteger("engineio.fuzz.iterations", DEFAULT_ITERATIONS);
        long seed = Long.getLong("engineio.fuzz.seed", SEED);
        Report report = run(iterations, seed);
        assertEquals(iterations, report.inputs());
    }

    record Report(int inputs, int decoded, int invalid) {
    }

    static Report run(int iterations, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int decoded = 0;
        int invalid = 0;
        for (int i = 0; i < iterations; i++) {
            String text = randomText(random);
            byte[] bytes = random.nextInt(4) == 0 ? randomBytes(random) : text.getBytes(StandardCharsets.UTF_8);
            try {
                EngineIoDecodeResult frame = EngineIoCodec.decodeTextFrame(text);
                EngineIoDecodeResult binary = EngineIoCodec.decodeBinaryFrame(bytes);
                EngineIoDecodeResult fromText = EngineIoCodec.decodePayload(text);
                EngineIoDecodeResult fromBytes = EngineIoCodec.decodePayload(bytes);
                assertNotNull(frame);
                assertNotNull(binary);
                assertNotNull(fromBytes);
                switch (fromText) {
                    case EngineIoDecodeResult.Decoded ok -> {
                        decoded++;
                        assertRoundTrips(ok.packets(), text);
                    }
                    case EngineIoDecodeResult.Invalid bad -> invalid++;
                }
                if (frame instanceof EngineIoDecodeResult.Decoded ok) {
                    EngineIoPacket packet = ok.single();
                    EngineIoDecodeResult again = EngineIoCodec.decodeTextFrame(EngineIoCodec.encodePacket(packet));
                    assertEquals(packet, ((EngineIoDecodeResult.Decoded) again).single(), "frame " + escape(text));
                }
            } catch (RuntimeException | AssertionError e) {
                fail("input #" + i + " (seed " + seed + ") " + escape(text) + " -> " + e, e);
            }
        }
        return new Report(iterations, decoded, invalid);
    }

    private static void assertRoundTrips(List<EngineIoPacket> packets, String input) {
        String encoded = EngineIoCodec.encodePayload(packets);
        EngineIoDecodeResult again = EngineIoCodec.decodePayload(encoded);
        assertEquals(packets, ((EngineIoDecodeResult.Decoded) again).packets(), "payload " + escape(input));
    }

    private static String randomText(SplittableRandom random) {
        int length = random.nextInt(24);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            switch (random.nextInt(8)) {
                case 0 -> text.append((char) random.nextInt(0x10000)); // any UTF-16 unit, lone surrogates too
                case 1 -> text.appendCodePoint(random.nextInt(0x20, 0x7f));
                default -> text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
        }
        return text.toString();
    }

    private static byte[] randomBytes(SplittableRandom random) {
        byte[] bytes = new byte[random.nextInt(24)];
        random.nextBytes(bytes);
        return bytes;
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder("\"");
        text.codePoints().forEach(c -> {
            if (c < 0x20 || c > 0x7e) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.append('"').toString();
    }

    /** {@code main [iterations] [seed]}: the long run, printing a summary. */
    public static void main(String[] args) {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : SEED;
        long start = System.nanoTime();
        Report report = run(iterations, seed);
        System.out.printf("inputs=%d decodedPayloads=%d invalidPayloads=%d seed=%d exceptions=0 time=%dms%n",
                report.inputs(), report.decoded(), report.invalid(), seed, (System.nanoTime() - start) / 1_000_000);
    }

}
