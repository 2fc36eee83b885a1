/**
 * Engine.IO v4 transports on Undertow: HTTP long-polling, WebSocket, the polling-to-WebSocket upgrade and the
 * server-sent heartbeat. {@link dev.herald.adapters.websocket.transport.EngineIoServer} is the entry point; the layer
 * above sees only {@link dev.herald.adapters.websocket.engineio.EngineIoConnection}.
 */
package dev.herald.adapters.websocket.transport;
