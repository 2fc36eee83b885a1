/**
 * Herald's domain model: chat messages, the offsets the store gives them and the cursor a client keeps.
 * Pure JDK; every value is validated when it is built, so an invalid one cannot exist.
 */
package dev.herald.domain;
