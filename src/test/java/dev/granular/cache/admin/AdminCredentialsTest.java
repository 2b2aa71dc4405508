package dev.granular.cache.admin;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class AdminCredentialsTest {

  private final AdminCredentials credentials = new AdminCredentials("admin", "s3cret:with colon é");

  private static String basic(String pair) {
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void acceptsTheConfiguredPairInUtf8AndTheSchemeInAnyCase() {
    assertTrue(credentials.accept(basic("admin:s3cret:with colon é")));
    assertTrue(credentials.accept("basic " + basic("admin:s3cret:with colon é").substring(6)));
    assertTrue(
        credentials.accept("  BASIC   " + basic("admin:s3cret:with colon é").substring(6) + " "));
  }

  @Test
  void refusesEverythingElse() {
    assertFalse(credentials.accept(null));
    assertFalse(credentials.accept(""));
    assertFalse(credentials.accept("Basic"));
    assertFalse(credentials.accept("Basic "));
    assertFalse(credentials.accept("Basic !!!not-base64"));
    assertFalse(credentials.accept("Bearer " + basic("admin:s3cret:with colon é").substring(6)));
    assertFalse(credentials.accept(basic("admin")));
    assertFalse(credentials.accept(basic("admin:")));
    assertFalse(credentials.accept(basic(":s3cret:with colon é")));
    assertFalse(credentials.accept(basic("Admin:s3cret:with colon é")));
    assertFalse(credentials.accept(basic("admin:s3cret:with colon e")));
    assertFalse(credentials.accept(basic("admin:s3cret:with colon é ")));
    assertFalse(credentials.accept(basic("admin:s3cret")));
    assertFalse(credentials.accept(basic("admin:s3cret:with colon é") + ", " + basic("x:y")));
  }
}
