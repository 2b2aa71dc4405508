package dev.granular.cache.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DirectEndpointTest {

  private static DirectEndpoint of(String address, String username, String password) {
    return DirectEndpoint.of(address, Optional.ofNullable(username), Optional.ofNullable(password))
        .orElseThrow();
  }

  @Test
  void hostPortAndTheConfiguredCredentials() {
    assertEquals(
        new DirectEndpoint(
            "redis.example", 6380, Optional.of("app"), Optional.of("s3cret"), Optional.empty()),
        of("redis://redis.example:6380", "app", "s3cret"));
    assertEquals(
        new DirectEndpoint("127.0.0.1", 6379, Optional.empty(), Optional.empty(), Optional.empty()),
        of("redis://127.0.0.1", null, null));
  }

  @Test
  void credentialsInTheAddressWinAndAreDecoded() {
    assertEquals(
        new DirectEndpoint("h", 1, Optional.of("u"), Optional.of("p@ss:w+rd"), Optional.empty()),
        of("redis://u:p%40ss:w+rd@h:1", "other", "other"));
    assertEquals(
        new DirectEndpoint(
            "h", 1, Optional.of("configured"), Optional.of("only-password"), Optional.empty()),
        of("redis://:only-password@h:1", "configured", null));
  }

  @Test
  void ipv6HostsLoseTheirBrackets() {
    assertEquals("::1", of("redis://[::1]:6379", null, null).host());
  }

  @Test
  void tlsIsLeftToRedisson() {
    assertFalse(
        DirectEndpoint.of("rediss://h:6380", Optional.empty(), Optional.empty()).isPresent());
  }

  @Test
  void theDescriptionHidesThePassword() {
    assertEquals("redis://***@h:1", of("redis://u:secret@h:1", null, null).toString());
  }

  @Test
  void aUnixSocketKeepsTheAddressAndCredentialsAndCanBeDroppedAgain() {
    DirectEndpoint tcp = of("redis://u:secret@h:1", null, null);
    DirectEndpoint local = tcp.overUnixSocket(Path.of("/run/redis/redis.sock"));
    assertEquals(Optional.of(Path.of("/run/redis/redis.sock")), local.unixSocket());
    assertEquals("redis://***@h:1 (over its Unix socket /run/redis/redis.sock)", local.toString());
    assertEquals(tcp, local.overTcp());
  }
}
