/**
 * The Socket.IO v4 wire protocol on Undertow: pure codecs ({@code engineio}, {@code socketio}), the Socket.IO server
 * semantics ({@code socketio.server}), the Undertow transports ({@code transport}) and the chat's events ({@code chat}).
 */
package dev.herald.adapters.websocket;
