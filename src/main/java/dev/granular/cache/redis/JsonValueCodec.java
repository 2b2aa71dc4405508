package dev.granular.cache.redis;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;
import java.lang.reflect.Type;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Encodes cached values as JSON and decodes them into the type the cached method declares. The
 * payload names no class, so what is read from Redis can never choose what gets instantiated. A
 * payload that cannot be read is reported as absent: a miss, never an error.
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
  // Only for deeply immutable types: their decoded values can be shared by every caller.
  private final DecodedValues decoded;

  public JsonValueCodec(Type type) {
    this(type, false);
  }

  /**
   * A codec for values of {@code type}; with {@code compress}, documents of {@value #PACK_FROM}
   * characters or more are stored packed ({@link CompactJson}). Packed payloads are read either
   * way.
   */
  public JsonValueCodec(Type type, boolean compress) {
    this.type = type;
    this.compress = compress;
    this.dictionary = JsonDictionary.of(type);
    this.dictionaryCheck = JsonDictionary.check(dictionary);
    this.decoded = ImmutableTypes.isDeeplyImmutable(type) ? new DecodedValues(DECODED_SLOTS) : null;
  }

  // Direct-mapped, so a hot set needs several times its size in slots: under mvn -Pbench's mix
  // (Zipf s=1 over 10,000 products) 1,024 slots served 60 % of the reads without parsing, 8,192
  // serve 86 % (a simulation of the same draws). At most 8,192 x DecodedValues.MAX_PAYLOAD
  // characters plus the values: 16 MiB of payloads per cache in the worst case, about 2 MiB for
  // 8,192 products of 200 bytes.
  private static final int DECODED_SLOTS = 8192;

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

  /**
   * The value of a payload, or empty when it cannot be read (logged) or was packed with another
   * version of the type. For a deeply immutable type ({@link ImmutableTypes}), a payload decoded
   * before gives the same instance again.
   */
  public Optional<Object> decode(String json) {
    if (decoded == null) {
      return parse(json);
    }
    Object known = decoded.get(json);
    if (known != null) {
      return Optional.of(known);
    }
    Optional<Object> value = parse(json);
    value.ifPresent(v -> decoded.put(json, v));
    return value;
  }

  private Optional<Object> parse(String json) {
    try {
      if (json.startsWith(PACKED_PREFIX)) {
        if (!json.startsWith(dictionaryCheck, PACKED_PREFIX.length())) {
          return Optional.empty(); // packed with another version of the type: a miss
        }
        json =
            CompactJson.unpack(
                json.substring(PACKED_PREFIX.length() + dictionaryCheck.length()), dictionary);
      }
      return Optional.ofNullable(JSONB.fromJson(json, type));
    } catch (JsonbException | ClassCastException | IllegalArgumentException e) {
      LOG.log(
          Level.WARNING,
          "Unreadable cache payload for " + type.getTypeName() + ": treated as a miss",
          e);
      return Optional.empty();
    }
  }
}
