package dev.granular.cache.http;

import dev.granular.cache.redis.JsonValueCodec;
import jakarta.ws.rs.core.EntityTag;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Strong entity tags computed from a representation: the first 128 bits of the SHA-256 of its JSON,
 * so the same state gives the same tag on every instance, whether it came from the cache or the
 * database, and any change of a property gives another. Nothing is stored for them: a conditional
 * request that the cache can answer costs one cache hit and a hash.
 */
public final class EntityTags {

  private EntityTags() {}

  // Looking SHA-256 up in the providers on every call cost more than hashing a small product; a
  // clone is cheap.
  private static final MessageDigest SHA_256 = sha256();

  /** The strong tag of {@code representation} (anything JSON-B can write). */
  public static EntityTag strong(Object representation) {
    return new EntityTag(digest(JsonValueCodec.jsonb().toJson(representation)));
  }

  /**
   * The strong tag of the state these fields describe, without writing JSON: for a hot path that
   * knows which properties make up its representation. Each field is written as its length and its
   * text, so no two different lists of fields give the same input to the hash ({@code ("a,b")} and
   * {@code ("a", "b")} differ).
   */
  public static EntityTag ofFields(Object... fields) {
    StringBuilder state = new StringBuilder(128);
    for (Object field : fields) {
      String text = String.valueOf(field);
      state.append(text.length()).append(':').append(text).append(';');
    }
    return new EntityTag(digest(state.toString()));
  }

  /**
   * The first 128 bits of the SHA-256 of {@code text} (UTF-8), in unpadded Base64url: 22
   * characters.
   */
  static String digest(String text) {
    MessageDigest sha;
    try {
      sha = (MessageDigest) SHA_256.clone();
    } catch (CloneNotSupportedException e) {
      sha = sha256();
    }
    byte[] digest = sha.digest(text.getBytes(StandardCharsets.UTF_8));
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(java.util.Arrays.copyOf(digest, 16));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
