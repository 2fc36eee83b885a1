/**
 * Socket.IO v5 server semantics over any {@code EngineIoConnection}: namespaces, the connect hook, events and acks
 * both ways, binary, disconnects and connection state recovery. No Undertow, no application imports.
 */
package dev.herald.adapters.websocket.socketio.server;
