/**
 * Herald's use cases: posting a message once per client offset, and following the log (catching up, then live) in
 * strict offset order. Depends on the domain only; it reaches the world through the ports in {@code port}.
 */
package dev.herald.application;
