/**
 * Engine.IO v4 as pure values and functions: packet types, packets, the text/binary/payload codec, and the contract
 * ({@link dev.herald.adapters.websocket.engineio.EngineIoConnection}, {@link dev.herald.adapters.websocket.engineio.EngineIoListener})
 * between the transports and the layer above. No Undertow, no application code here.
 *
 * @see <a href="https://github.com/socketio/socket.io/blob/main/docs/engine.io-protocol/v4-current.md">Engine.IO protocol v4</a>
 */
package dev.herald.adapters.websocket.engineio;
