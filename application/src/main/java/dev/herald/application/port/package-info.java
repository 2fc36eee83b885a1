/**
 * The ports the use cases need, in the domain's words: where messages are stored, and who they are delivered to.
 * Adapters implement them; nothing here knows SQL or the wire.
 */
package dev.herald.application.port;
