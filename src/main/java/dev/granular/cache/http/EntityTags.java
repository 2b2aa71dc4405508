package dev.granular.cache.http;

import dev.granular.cache.redis.JsonValueCodec;
import jakarta.ws.rs.core.EntityTag;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Strong entity tags computed from a representation: the first 128 bits of the SHA-256 of its JSON, so the same
 * state gives the same tag on every instance, whether it came from the cache or the database, and any change of a
 * property gives another. Nothing is stored for them: a conditional request that the cache can answer costs one
 * cache hit and a hash.
 */
public final class EntityTags {

  private EntityTags() {}

  /** The strong tag of {@code representation} (anything JSON-B can write). */
  public static EntityTag strong(Object representation) {
    return new EntityTag(digest(JsonValueCodec.jsonb().toJson(representation)));
  }

  /** The first 128 bits of the SHA-256 of {@code text} (UTF-8), in unpadded Base64url: 22 characters. */
  static String digest(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 16));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
