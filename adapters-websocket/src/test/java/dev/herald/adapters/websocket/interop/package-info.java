/**
 * Interop and hostile-input tests (*IT): a real Undertow with the Engine.IO and Socket.IO servers on an ephemeral port,
 * driven by the real JS and Java Socket.IO clients and by raw sockets.
 */
package dev.herald.adapters.websocket.interop;
