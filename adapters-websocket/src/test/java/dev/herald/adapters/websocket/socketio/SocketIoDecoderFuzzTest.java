package dev.herald.adapters.websocket.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Feeds the decoder random and mutated messages (text and binary, on one decoder, so reassembly state is exercised)
 * and checks that nothing escapes it and that every decoded packet re-encodes to a stable text.
 *
 * <p>The suite runs a fast subset. The documented long run ({@code docs/fuzzing.md}):
 * {@code mvn -pl adapters-websocket test -Dtest=SocketIoDecoderFuzzTest -Dherald.fuzz.iterations=1000000}
 * (optionally {@code -Dherald.fuzz.seed=N}).
 */
class SocketIoDecoderFuzzTest {

    private static final List<String> SEEDS = List.of(
            "0", "0{\"token\":\"123\"}", "0/admin,{\"sid\":\"oSO0OpakMV_3jnilAAAA\"}", "0/custom", "0/custom,",
            "1", "1/admin,", "2[\"foo\"]", "2/admin,[\"bar\"]", "212[\"foo\"]", "3/admin,13[\"bar\"]", "312[]",
            "4{\"message\":\"Not authorized\"}", "4\"x\"",
            "51-[\"baz\",{\"_placeholder\":true,\"num\":0}]",
            "52-/admin,[\"baz\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]",
            "61-15[\"bar\",{\"_placeholder\":true,\"num\":0}]",
            "52-789[\"message-with-ack\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]",
            "2456[\"message-with-ack\",1,\"2\",{\"3\":[false]}]", "2[\"message\",1,\"2\",{\"3\":[true]}]",
            "2[\"chat message\",\"hi \\u001e there\",17,\"42\"]", "2[1,{\"a\":[1.5e3,null,true]}]");

    private static final String ALPHABET = "0123456789-/,[]{}\":_ abcnumplaceholdertrufs.e+\\\u001e\u00e9\ud83d\ude00";

    @Test
    void nothingEscapesTheDecoderAndDecodedPacketsReEncodeStably() {
        long iterations = Long.getLong("herald.fuzz.iterations", 30_000);
        long seed = Long.getLong("herald.fuzz.seed", 20261107L);
        Map<SocketIoDecodeError, Long> errors = new EnumMap<>(SocketIoDecodeError.class);
        long decoded = 0;
        long incomplete = 0;
        SplittableRandom random = new SplittableRandom(seed);
        SocketIoDecoder decoder = new SocketIoDecoder();
        long started = System.nanoTime();
        for (long n = 0; n < iterations; n++) {
            SocketIoDecodeResult result = random.nextInt(8) == 0
                    ? decoder.decodeBinary(randomBytes(random))
                    : decoder.decodeText(randomText(random));
            assertNotNull(result);
            switch (result) {
                case SocketIoDecodeResult.Decoded d -> {
                    decoded++;
                    assertReEncodesStably(d.packet());
                }
                case SocketIoDecodeResult.Incomplete i -> incomplete++;
                case SocketIoDecodeResult.Failed f -> errors.merge(f.error(), 1L, Long::sum);
            }
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("Socket.IO decoder fuzz: seed=%d iterations=%d decoded=%d incomplete=%d errors=%s in %d ms%n",
                seed, iterations, decoded, incomplete, errors, millis);
    }

    private static void assertReEncodesStably(SocketIoPacket packet) {
        SocketIoEncodedPacket once = SocketIoCodec.encode(packet);
        SocketIoDecoder fresh = new SocketIoDecoder();
        SocketIoDecodeResult again = fresh.decodeText(once.text());
        for (byte[] attachment : once.attachments()) {
            again = fresh.decodeBinary(attachment);
        }
        SocketIoPacket back = ((SocketIoDecodeResult.Decoded) again).packet();
        assertEquals(once.text(), SocketIoCodec.encode(back).text(), "re-encoding is stable");
        assertEquals(once.attachments().size(), SocketIoCodec.encode(back).attachments().size());
    }

    private static byte[] randomBytes(SplittableRandom random) {
        byte[] bytes = new byte[random.nextInt(8)];
        random.nextBytes(bytes);
        return bytes;
    }

    private static String randomText(SplittableRandom random) {
        return switch (random.nextInt(4)) {
            case 0 -> SEEDS.get(random.nextInt(SEEDS.size()));
            case 1 -> {
                int length = random.nextInt(24);
                StringBuilder text = new StringBuilder(length);
                for (int i = 0; i < length; i++) {
                    text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                }
                yield text.toString();
            }
            default -> mutate(SEEDS.get(random.nextInt(SEEDS.size())), random);
        };
    }

    private static String mutate(String seed, SplittableRandom random) {
        StringBuilder text = new StringBuilder(seed);
        int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations; m++) {
            int at = text.isEmpty() ? 0 : random.nextInt(text.length());
            switch (random.nextInt(5)) {
                case 0 -> { if (!text.isEmpty()) text.deleteCharAt(at); }
                case 1 -> text.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                case 2 -> { if (!text.isEmpty()) text.setCharAt(at, (char) random.nextInt(0x80)); }
                case 3 -> text.setLength(at);
                default -> { if (!text.isEmpty()) text.setCharAt(at, (char) random.nextInt(0x10000)); }
            }
        }
        return text.toString();
    }
}
