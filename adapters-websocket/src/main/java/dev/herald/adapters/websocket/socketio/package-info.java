/**
 * The Socket.IO v5 packet codec: pure functions over text and bytes, no connection, timer or session inside.
 * Spec: {@code docs/socket.io-protocol/v5-current.md} of the socketio/socket.io repository ("Packet encoding").
 */
package dev.herald.adapters.websocket.socketio;
