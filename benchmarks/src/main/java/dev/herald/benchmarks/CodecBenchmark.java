package dev.herald.benchmarks;

import dev.herald.adapters.websocket.engineio.EngineIoCodec;
import dev.herald.adapters.websocket.engineio.EngineIoDecodeResult;
import dev.herald.adapters.websocket.engineio.EngineIoMessage;
import dev.herald.adapters.websocket.engineio.EngineIoPacket;
import dev.herald.adapters.websocket.socketio.SocketIoCodec;
import dev.herald.adapters.websocket.socketio.SocketIoDecodeResult;
import dev.herald.adapters.websocket.socketio.SocketIoDecoder;
import dev.herald.adapters.websocket.socketio.SocketIoEventWriter;
import dev.herald.adapters.websocket.socketio.SocketIoPacket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The wire work of one chat message, with the packets the load harness sends and receives (a 60-character text):
 * <ul>
 *   <li>{@code decodeInbound}: a client's {@code 42<ackId>["chat message", text, clientOffset]} WebSocket frame
 *       through the Engine.IO and Socket.IO decoders;</li>
 *   <li>{@code encodeBroadcast}: the server's {@code 42["chat message", text, offset, recoveryOffset]} built and
 *       encoded to WebSocket frame bytes, once per message;</li>
 *   <li>{@code encodeEventJackson} against {@code encodeEventDirect}: the event's UTF-8 text through a Jackson tree
 *       and a String (before) or written directly by {@link SocketIoEventWriter} (now), without the native frame;</li>
 *   <li>{@code frameEncodedPerConnection} against {@code frameShared}: what each recipient of a broadcast costs at the
 *       transport, encoding the frame for itself (String + UTF-8, as before) or taking a view of the shared native
 *       bytes (encodeBroadcast builds those once per message).</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CodecBenchmark {

    static final String TEXT = "k3j9x2|1234|5678901.25|k3j9x2-s7-1234 hello from the load harness";

    private String inboundFrame;
    private EngineIoMessage.Text broadcast;
    private EngineIoPacket.Message broadcastPacket;
    private final SocketIoDecoder decoder = new SocketIoDecoder();
    private long offset = 1_000_000;

    @Setup
    public void setUp() {
        inboundFrame = "4" + "42" + 17 + "[\"chat message\",\"" + TEXT + "\",\"k3j9x2-s7-1234\"]";
        broadcast = (EngineIoMessage.Text) EngineIoMessage.text("2[\"chat message\",\"" + TEXT + "\",1234567,\"98765\"]");
        broadcastPacket = new EngineIoPacket.Message(broadcast);
    }

    @Benchmark
    public SocketIoDecodeResult decodeInbound() {
        EngineIoDecodeResult result = EngineIoCodec.decodeTextFrame(inboundFrame);
        EngineIoPacket packet = ((EngineIoDecodeResult.Decoded) result).single();
        return decoder.decode(((EngineIoPacket.Message) packet).message());
    }

    @Benchmark
    public ByteBuffer encodeBroadcast() {
        long id = ++offset;
        byte[] utf8 = SocketIoEventWriter.eventUtf8("/", "chat message", new Object[] {TEXT, id}, Long.toString(id));
        return EngineIoCodec.textFrame(EngineIoMessage.textOfUtf8(utf8, false));
    }

    /** The event text as UTF-8 the way every delivery was encoded before: a Jackson tree, a String, its UTF-8. */
    @Benchmark
    public byte[] encodeEventJackson() {
        long id = ++offset;
        SocketIoPacket packet = SocketIoCodec.event("/", OptionalLong.empty(),
                SocketIoCodec.toJsonArray("chat message", TEXT, id, Long.toString(id)));
        return SocketIoCodec.encode(packet).text().getBytes(StandardCharsets.UTF_8);
    }

    /** The same bytes written directly (what a replayed or broadcast chat message costs now). */
    @Benchmark
    public byte[] encodeEventDirect() {
        long id = ++offset;
        return SocketIoEventWriter.eventUtf8("/", "chat message", new Object[] {TEXT, id}, Long.toString(id));
    }

    @Benchmark
    public ByteBuffer frameEncodedPerConnection() {
        EngineIoCodec.Frame.Text frame = (EngineIoCodec.Frame.Text) EngineIoCodec.encodeFrame(broadcastPacket);
        return ByteBuffer.wrap(frame.text().getBytes(StandardCharsets.UTF_8));
    }

    @Benchmark
    public ByteBuffer frameShared() {
        return EngineIoCodec.textFrame(broadcast);
    }
}
