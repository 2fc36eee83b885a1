/**
 * The chat on the wire: the tutorial's {@code 'chat message'} event, acknowledgements, and catch-up on connection.
 * The only package of the adapter that calls the application's use cases.
 */
package dev.herald.adapters.websocket.chat;
