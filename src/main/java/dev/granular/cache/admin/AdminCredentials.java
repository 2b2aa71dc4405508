package dev.granular.cache.admin;

import dev.granular.cache.config.Settings;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.logging.Logger;

/**
 * The operators' credentials: {@code ADMIN_USER} (default {@code admin}) and {@code
 * ADMIN_PASSWORD}, read once per application. Without a configured password a random one is
 * generated for the run and logged once at WARNING, so no password lives in the repository or an
 * image. Only SHA-256 digests are kept and compared with {@link MessageDigest#isEqual}: the time a
 * check takes reveals neither how much matched nor the lengths.
 */
final class AdminCredentials {

  private static final Logger LOG = Logger.getLogger(AdminCredentials.class.getName());

  private final byte[] user;
  private final byte[] password;

  AdminCredentials(String user, String password) {
    this.user = sha256(user);
    this.password = sha256(password);
  }

  /**
   * The application's credentials, resolved (and a password generated, if need be) on first use.
   */
  static AdminCredentials configured() {
    return Configured.INSTANCE;
  }

  /**
   * Whether an {@code Authorization} header value carries these credentials: {@code Basic
   * base64(user:password)}, UTF-8, the scheme in any case (RFC 7617). The user ends at the first
   * colon; anything malformed is refused.
   */
  boolean accept(String authorization) {
    if (authorization == null) {
      return false;
    }
    String value = authorization.strip();
    int space = value.indexOf(' ');
    if (space < 0 || !value.substring(0, space).toLowerCase(Locale.ROOT).equals("basic")) {
      return false;
    }
    String pair;
    try {
      pair =
          new String(
              Base64.getDecoder().decode(value.substring(space + 1).strip()),
              StandardCharsets.UTF_8);
    } catch (IllegalArgumentException notBase64) {
      return false;
    }
    int colon = pair.indexOf(':');
    if (colon < 0) {
      return false;
    }
    boolean userMatches = MessageDigest.isEqual(sha256(pair.substring(0, colon)), user);
    boolean passwordMatches = MessageDigest.isEqual(sha256(pair.substring(colon + 1)), password);
    return userMatches & passwordMatches;
  }

  private static AdminCredentials fromSettings() {
    String user = Settings.get("ADMIN_USER", "admin");
    String password = Settings.get("ADMIN_PASSWORD").orElseGet(AdminCredentials::generated);
    return new AdminCredentials(user, password);
  }

  private static String generated() {
    byte[] random = new byte[18];
    new SecureRandom().nextBytes(random);
    String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    LOG.warning("Admin password not configured; generated for this run: " + password);
    return password;
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /**
   * Holder: settings are read, and a password generated, exactly once, however many filters ask.
   */
  private static final class Configured {
    static final AdminCredentials INSTANCE = fromSettings();
  }
}
