package dev.granular.cache.redis;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;
import java.lang.reflect.Type;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Encodes cached values as JSON and decodes them into the type the cached method declares. The payload names no
 * class, so what is read from Redis can never choose what gets instantiated. A payload that cannot be read is
 * reported as absent: a miss, never an error.
 */
public final class JsonValueCodec {

  private static final Logger LOG = Logger.getLogger(JsonValueCodec.class.getName());
  private static final Jsonb JSONB = JsonbBuilder.create();

  private final Type type;

  public JsonValueCodec(Type type) {
    this.type = type;
  }

  /** The shared JSON-B instance (thread-safe). */
  public static Jsonb jsonb() {
    return JSONB;
  }

  public String encode(Object value) {
    return JSONB.toJson(value, value.getClass());
  }

  public Optional<Object> decode(String json) {
    try {
      return Optional.ofNullable(JSONB.fromJson(json, type));
    } catch (JsonbException | ClassCastException e) {
      LOG.log(Level.WARNING, "Unreadable cache payload for " + type.getTypeName() + ": treated as a miss", e);
      return Optional.empty();
    }
  }
}
