package dev.granular.cache.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.granular.testredis.PrivateRedis;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The blocking connections of the cache hit against a real Redis server of the test's own, which it restarts,
 * freezes and protects with a password: replies, script reloading, dead connections, timeouts, concurrency.
 */
class DirectReadsIT {

  private static final DirectReads.Script ECHO_KEYS =
      DirectReads.Script.of(
          "local out = {} for i = 1, #KEYS do out[i] = redis.call('get', KEYS[i]) end out[#KEYS + 1] = ARGV[1] return out");

  private int port;
  private PrivateRedis redis;
  private DirectReads reads;

  @BeforeEach
  void start() throws Exception {
    port = PrivateRedis.freePort();
    redis = PrivateRedis.start(port);
    reads = new DirectReads(endpoint(null), 1000, 300);
  }

  @AfterEach
  void stop() {
    reads.close();
    redis.close();
  }

  private DirectEndpoint endpoint(String password) {
    return DirectEndpoint.of("redis://127.0.0.1:" + port, Optional.empty(), Optional.ofNullable(password)).orElseThrow();
  }

  private Object echo(DirectReads on, String... keys) {
    return on.eval(ECHO_KEYS, List.of(keys), List.of("argument €"));
  }

  @Test
  void aScriptReadsValuesAndAbsentKeys() throws Exception {
    PrivateRedis.command(port, "SET", "a", "{\"price\":\"9.50 €\"}");
    assertEquals(Arrays.asList("{\"price\":\"9.50 €\"}", null, "argument €"), echo(reads, "a", "missing"));
    assertEquals(1, reads.idleConnections(), "the connection went back to the pool");
  }

  @Test
  void aScriptTheServerForgotIsSentWholeOnce() throws Exception {
    PrivateRedis.command(port, "SET", "a", "1");
    echo(reads, "a");
    PrivateRedis.command(port, "SCRIPT", "FLUSH");
    assertEquals(Arrays.asList("1", "argument €"), echo(reads, "a"));
    assertTrue(PrivateRedis.command(port, "SCRIPT", "EXISTS", ECHO_KEYS.sha1()).contains(":1"), "loaded again");
  }

  @Test
  void aFailingScriptIsAnErrorReplyAndTheConnectionStays() throws Exception {
    PrivateRedis.command(port, "HSET", "hash", "f", "v");
    Resp.ErrorReply error = assertThrows(Resp.ErrorReply.class, () -> echo(reads, "hash"));
    assertTrue(error.getMessage().contains("WRONGTYPE"), error.getMessage());
    assertEquals(1, reads.idleConnections());
    assertEquals(Arrays.asList(null, "argument €"), echo(reads, "other"));
  }

  @Test
  void afterARestartTheDeadPooledConnectionsAreReplacedWithoutAFailure() throws Exception {
    PrivateRedis.command(port, "SET", "a", "before");
    echo(reads, "a");
    redis.kill();
    redis = PrivateRedis.start(port);
    PrivateRedis.command(port, "SET", "a", "after");
    assertEquals(Arrays.asList("after", "argument €"), echo(reads, "a"), "a new connection, the script loaded again");
  }

  @Test
  void aServerThatStopsAnsweringFailsTheCallWithinTheTimeout() throws Exception {
    echo(reads, "a");
    redis.pause();
    try {
      long started = System.nanoTime();
      assertThrows(CacheUnavailableException.class, () -> echo(reads, "a"));
      long millis = (System.nanoTime() - started) / 1_000_000;
      assertTrue(millis >= 250 && millis < 2000, "failed after the 300 ms timeout, not at once nor much later: " + millis);
    } finally {
      redis.resume();
    }
    assertEquals(Arrays.asList(null, "argument €"), echo(reads, "a"), "a fresh connection once it answers again");
  }

  @Test
  void noServerIsUnavailableNotAHang() throws Exception {
    redis.close();
    assertThrows(CacheUnavailableException.class, () -> echo(reads, "a"));
  }

  @Test
  void aPasswordIsSentAndAWrongOneRefused() throws Exception {
    redis.close();
    redis = PrivateRedis.start(port, "s3cret");
    try (DirectReads right = new DirectReads(endpoint("s3cret"), 1000, 300);
        DirectReads wrong = new DirectReads(endpoint("wrong"), 1000, 300)) {
      assertEquals(Arrays.asList(null, "argument €"), echo(right, "a"));
      CacheUnavailableException refused = assertThrows(CacheUnavailableException.class, () -> echo(wrong, "a"));
      assertTrue(String.valueOf(refused.getMessage()).contains("refused"), refused.getMessage());
      assertThrows(CacheUnavailableException.class, () -> echo(reads, "a"), "no password: NOAUTH");
    }
  }

  @Test
  void concurrentCallersEachGetTheirOwnReply() throws Exception {
    for (int i = 0; i < 50; i++) {
      PrivateRedis.command(port, "SET", "k" + i, "v" + i);
    }
    ExecutorService callers = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        results.add(
            callers.submit(
                () -> {
                  for (int n = 0; n < 500; n++) {
                    int i = n % 50;
                    assertEquals(Arrays.asList("v" + i, "argument €"), echo(reads, "k" + i));
                  }
                  return 500;
                }));
      }
      for (Future<Integer> result : results) {
        assertEquals(500, result.get());
      }
    } finally {
      callers.shutdown();
    }
    assertTrue(reads.idleConnections() <= 8, "no more connections than callers: " + reads.idleConnections());
  }
}
