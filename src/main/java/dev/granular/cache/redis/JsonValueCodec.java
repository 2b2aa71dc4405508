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

  /** Starts a value packed by {@link CompactJson}: {@code ~z<dictionary check><packed JSON>}. */
  static final String PACKED_PREFIX = "~z";

  // Below this a document gains too little from compression to be worth unreadable text in Redis.
  private static final int PACK_FROM = 48;

  private final Type type;
  private final boolean compress;
  private final byte[] dictionary;
  private final String dictionaryCheck;

  public JsonValueCodec(Type type) {
    this(type, false);
  }

  /**
   * A codec for values of {@code type}; with {@code compress}, documents of {@value #PACK_FROM} characters or more are
   * stored packed ({@link CompactJson}). Packed payloads are read either way.
   */
  public JsonValueCodec(Type type, boolean compress) {
    this.type = type;
    this.compress = compress;
    this.dictionary = JsonDictionary.of(type);
    this.dictionaryCheck = JsonDictionary.check(dictionary);
  }

  /** The shared JSON-B instance (thread-safe). */
  public static Jsonb jsonb() {
    return JSONB;
  }

  public String encode(Object value) {
    String json = JSONB.toJson(value, value.getClass());
    if (!compress || json.length() < PACK_FROM) {
      return json;
    }
    return PACKED_PREFIX + dictionaryCheck + CompactJson.pack(json, dictionary);
  }

  public Optional<Object> decode(String json) {
    try {
      if (json.startsWith(PACKED_PREFIX)) {
        if (!json.startsWith(dictionaryCheck, PACKED_PREFIX.length())) {
          return Optional.empty(); // packed with another version of the type: a miss
        }
        json = CompactJson.unpack(json.substring(PACKED_PREFIX.length() + dictionaryCheck.length()), dictionary);
      }
      return Optional.ofNullable(JSONB.fromJson(json, type));
    } catch (JsonbException | ClassCastException | IllegalArgumentException e) {
      LOG.log(Level.WARNING, "Unreadable cache payload for " + type.getTypeName() + ": treated as a miss", e);
      return Optional.empty();
    }
  }
}
