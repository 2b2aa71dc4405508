package dev.granular.cache.redis;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The last decoded value of each of a few recent payloads, for a deeply immutable value type
 * ({@link ImmutableTypes}): a cache hit whose payload, just read from Redis, is one of them decodes
 * nothing. Nothing here is served without that read, so it never makes a value staler: it only
 * saves the JSON parsing of a payload seen before (on a hot key, nearly every hit).
 *
 * <p>Direct-mapped by the payload's hash, lock-free: a slot holds one payload and its value, a new
 * payload replaces it. Payloads above {@value #MAX_PAYLOAD} characters are not kept, which bounds
 * the memory to about {@code slots × MAX_PAYLOAD} characters plus the values.
 */
final class DecodedValues {

  static final int MAX_PAYLOAD = 2048;

  private final AtomicReferenceArray<Decoded> slots;
  private final int mask;

  /**
   * @param slots a power of two
   */
  DecodedValues(int slots) {
    if (slots < 1 || Integer.bitCount(slots) != 1) {
      throw new IllegalArgumentException("slots must be a power of two: " + slots);
    }
    this.slots = new AtomicReferenceArray<>(slots);
    this.mask = slots - 1;
  }

  /** The value decoded earlier from exactly this payload, or null. */
  Object get(String payload) {
    Decoded decoded = slots.get(slot(payload));
    return decoded != null && decoded.payload().equals(payload) ? decoded.value() : null;
  }

  /** Keeps {@code value} as what {@code payload} decodes to. */
  void put(String payload, Object value) {
    if (payload.length() <= MAX_PAYLOAD && value != null) {
      slots.set(slot(payload), new Decoded(payload, value));
    }
  }

  private int slot(String payload) {
    int hash = payload.hashCode();
    return (hash ^ (hash >>> 16)) & mask;
  }

  private record Decoded(String payload, Object value) {}
}
