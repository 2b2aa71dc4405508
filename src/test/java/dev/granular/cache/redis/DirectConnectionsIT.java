package dev.granular.cache.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.granular.testredis.PrivateRedis;
import java.nio.file.Path;
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
 * The blocking connections of the cache hit against a real Redis server of the test's own, which it
 * restarts, freezes and protects with a password: replies, script reloading, dead connections,
 * timeouts, concurrency.
 */
class DirectConnectionsIT {

  private static final LuaScript ECHO_KEYS =
      LuaScript.of(
          "local out = {} for i = 1, #KEYS do out[i] = redis.call('get', KEYS[i]) end out[#KEYS + 1] = ARGV[1] return out");

  private int port;
  private PrivateRedis redis;
  private DirectConnections reads;

  @BeforeEach
  void start() throws Exception {
    port = PrivateRedis.freePort();
    redis = PrivateRedis.start(port);
    reads = new DirectConnections(endpoint(null), 1000, 300);
  }

  @AfterEach
  void stop() {
    reads.close();
    redis.close();
  }

  private DirectEndpoint endpoint(String password) {
    return DirectEndpoint.of(
            "redis://127.0.0.1:" + port, Optional.empty(), Optional.ofNullable(password))
        .orElseThrow();
  }

  private Object echo(DirectConnections on, String... keys) {
    return on.read(ECHO_KEYS, List.of(keys), List.of("argument €"));
  }

  @Test
  void aScriptReadsValuesAndAbsentKeys() throws Exception {
    PrivateRedis.command(port, "SET", "a", "{\"price\":\"9.50 €\"}");
    assertEquals(
        Arrays.asList("{\"price\":\"9.50 €\"}", null, "argument €"), echo(reads, "a", "missing"));
    assertEquals(1, reads.idleConnections(), "the connection went back to the pool");
    echo(reads, "a");
    assertEquals(
        new DirectConnections.Stats(2, 1, 0, 1, 0, 1, 0),
        reads.stats(),
        "two calls on one connection; the script sent once");
  }

  @Test
  void aScriptTheServerForgotIsSentWholeOnce() throws Exception {
    PrivateRedis.command(port, "SET", "a", "1");
    echo(reads, "a");
    PrivateRedis.command(port, "SCRIPT", "FLUSH");
    assertEquals(Arrays.asList("1", "argument €"), echo(reads, "a"));
    assertTrue(
        PrivateRedis.command(port, "SCRIPT", "EXISTS", ECHO_KEYS.sha1()).contains(":1"),
        "loaded again");
    assertEquals(2, reads.stats().scriptsLoaded(), "at the first call, and once forgotten");
  }

  @Test
  void aFailingScriptIsAnErrorReplyAndTheConnectionStays() throws Exception {
    PrivateRedis.command(port, "HSET", "hash", "f", "v");
    RedisErrorReply error = assertThrows(RedisErrorReply.class, () -> echo(reads, "hash"));
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
    assertEquals(
        Arrays.asList("after", "argument €"),
        echo(reads, "a"),
        "a new connection, the script loaded again");
    assertEquals(2, reads.stats().opened(), "the dead one replaced");
    assertEquals(0, reads.stats().failed(), "without a failure");
  }

  @Test
  void aRepeatableWriteFindingItsPooledConnectionDeadRunsOnceOnANewOne() throws Exception {
    LuaScript append =
        LuaScript.of("redis.call('RPUSH', KEYS[1], ARGV[1]) return redis.call('LLEN', KEYS[1])");
    assertEquals(1L, reads.repeatable(append, List.of("list"), List.of("before")));
    redis.kill();
    redis = PrivateRedis.start(port);

    assertEquals(
        1L,
        reads.repeatable(append, List.of("list"), List.of("after")),
        "run once, on the new server");
    assertEquals("*1\r\n$5\r\nafter\r\n", PrivateRedis.command(port, "LRANGE", "list", "0", "-1"));
    assertEquals(2, reads.stats().opened(), "the dead connection replaced");
    assertEquals(0, reads.stats().failed(), "without a failure");
  }

  @Test
  void aServerThatStopsAnsweringFailsTheCallWithinTheTimeout() throws Exception {
    echo(reads, "a");
    redis.pause();
    try {
      long started = System.nanoTime();
      assertThrows(CacheUnavailableException.class, () -> echo(reads, "a"));
      long millis = (System.nanoTime() - started) / 1_000_000;
      assertTrue(
          millis >= 250 && millis < 2000,
          "failed after the 300 ms timeout, not at once nor much later: " + millis);
      assertEquals(1, reads.stats().failed());
      assertEquals(
          reads.idleConnections(),
          reads.watchedConnections(),
          "the timed-out connection is no longer watched");
    } finally {
      redis.resume();
    }
    assertEquals(
        Arrays.asList(null, "argument €"),
        echo(reads, "a"),
        "a fresh connection once it answers again");
  }

  @Test
  void aSentCallIsReadLaterOnAnotherThreadAndItsConnectionReturns() throws Exception {
    LuaScript incr = LuaScript.of("return redis.call('incrby', KEYS[1], ARGV[1])");
    DirectConnections.PendingReply first = reads.send(incr, List.of("n"), List.of("2"));
    DirectConnections.PendingReply second = reads.send(incr, List.of("n"), List.of("3"));
    assertEquals(
        0, reads.idleConnections(), "each call holds its connection until its reply is read");
    assertEquals(2, reads.stats().inUse());
    ExecutorService other = Executors.newSingleThreadExecutor();
    try {
      long secondValue = (Long) other.submit(second::await).get();
      long firstValue = (Long) first.await();
      assertEquals(5L, Math.max(firstValue, secondValue), "both ran, once each");
      assertTrue(
          List.of(2L, 3L).contains(Math.min(firstValue, secondValue)),
          firstValue + ", " + secondValue);
    } finally {
      other.shutdown();
    }
    assertEquals(2, reads.idleConnections());
    assertThrows(IllegalStateException.class, first::await, "a reply is read once");
    PrivateRedis.command(port, "SCRIPT", "FLUSH");
    assertEquals(
        6L,
        reads.send(incr, List.of("n"), List.of("1")).await(),
        "a forgotten script is sent whole, once");
    assertTrue(PrivateRedis.command(port, "GET", "n").contains("6"));
  }

  @Test
  void aSentCallWhoseServerStopsAnsweringFailsOnRead() throws Exception {
    LuaScript incr = LuaScript.of("return redis.call('incr', KEYS[1])");
    reads
        .send(incr, List.of("n"), List.of())
        .await(); // a pooled connection, opened while the server answered
    redis.pause();
    DirectConnections.PendingReply pending;
    try {
      pending = reads.send(incr, List.of("n"), List.of());
      assertThrows(
          RedisReplyLostException.class, pending::await, "sent: Redis may run it once it wakes up");
    } finally {
      redis.resume();
    }
    assertEquals(0, reads.idleConnections(), "the timed-out connection is closed, not pooled");
  }

  private static final LuaScript INCRBY =
      LuaScript.of("return redis.call('incrby', KEYS[1], ARGV[1])");

  @Test
  void aCarriedCallRidesAheadOfTheNextReadAndIsAnsweredWithIt() throws Exception {
    reads.send(INCRBY, List.of("n"), List.of("0")).await(); // a pooled connection; the script known
    CarriedCall count = reads.carry(INCRBY, List.of("n"), List.of("5"));
    assertEquals(
        Arrays.asList("5", "argument €"),
        echo(reads, "n"),
        "written ahead of the read: the read sees it");
    assertTrue(count.carried());
    assertEquals(5L, count.await());
    assertEquals(5L, count.await(), "the reply stays");
    assertEquals(
        new DirectConnections.Stats(2, 1, 0, 2, 0, 1, 1),
        reads.stats(),
        "no call of its own, no connection");
    assertEquals(Arrays.asList("5", "argument €"), echo(reads, "n"), "carried by one read only");
  }

  @Test
  void aCallNoReadCarriedIsSentAloneWhenAwaitedOrWithdrawnUnsent() throws Exception {
    CarriedCall alone = reads.carry(INCRBY, List.of("n"), List.of("2"));
    assertEquals(2L, alone.await());
    assertEquals(
        Arrays.asList("2", "argument €"), echo(reads, "n"), "the next read carries nothing");
    CarriedCall withdrawn = reads.carry(INCRBY, List.of("n"), List.of("3"));
    assertTrue(withdrawn.withdraw());
    assertEquals(
        Arrays.asList("2", "argument €"), echo(reads, "n"), "a withdrawn call is never sent");
    assertThrows(IllegalStateException.class, withdrawn::await);
    CarriedCall carried = reads.carry(INCRBY, List.of("n"), List.of("4"));
    echo(reads, "n");
    assertTrue(!carried.withdraw(), "too late: the read carried it");
    assertEquals(6L, carried.await());
    assertEquals(0, reads.stats().failed());
  }

  @Test
  void aCarriedCallBelongsToItsThread() throws Exception {
    reads.send(INCRBY, List.of("warm"), List.of("1")).await(); // the script known
    CarriedCall count = reads.carry(INCRBY, List.of("n"), List.of("1"));
    ExecutorService other = Executors.newSingleThreadExecutor();
    try {
      assertEquals(
          Arrays.asList(null, "argument €"),
          other.submit(() -> echo(reads, "n")).get(),
          "not carried there");
      Exception failure = assertThrows(Exception.class, () -> other.submit(count::await).get());
      assertTrue(
          failure.getCause() instanceof IllegalStateException, String.valueOf(failure.getCause()));
    } finally {
      other.shutdown();
    }
    assertEquals(
        Arrays.asList("1", "argument €"), echo(reads, "n"), "its own thread's read carries it");
    assertEquals(1L, count.await());
  }

  @Test
  void aCarriedScriptTheServerForgotRunsOnceWhenAwaited() throws Exception {
    reads.carry(INCRBY, List.of("n"), List.of("1")).await(); // both scripts known, then forgotten
    echo(reads, "n");
    PrivateRedis.command(port, "SCRIPT", "FLUSH");
    CarriedCall count = reads.carry(INCRBY, List.of("n"), List.of("1"));
    assertEquals(
        Arrays.asList("1", "argument €"),
        echo(reads, "n"),
        "Redis ran nothing for the unknown rider");
    assertTrue(!count.carried());
    assertEquals(2L, count.await(), "sent alone, whole, once");
    assertTrue(PrivateRedis.command(port, "GET", "n").contains("2"));
  }

  @Test
  void aFailingCarriedScriptFailsAloneAndAReadThatTimesOutLosesItsRider() throws Exception {
    PrivateRedis.command(port, "HSET", "hash", "f", "v");
    reads.send(INCRBY, List.of("warm"), List.of("1")).await(); // the script known
    CarriedCall wrongType = reads.carry(INCRBY, List.of("hash"), List.of("1"));
    assertEquals(Arrays.asList(null, "argument €"), echo(reads, "other"), "the read is answered");
    RedisErrorReply error = assertThrows(RedisErrorReply.class, wrongType::await);
    assertTrue(error.getMessage().contains("WRONGTYPE"), error.getMessage());
    assertEquals(1, reads.idleConnections());
    redis.pause();
    CarriedCall count;
    try {
      count = reads.carry(INCRBY, List.of("n"), List.of("1"));
      assertThrows(CacheUnavailableException.class, () -> echo(reads, "n"));
      assertThrows(
          RedisReplyLostException.class,
          count::await,
          "written: Redis may run it once it wakes up");
    } finally {
      redis.resume();
    }
    assertEquals(0, reads.idleConnections(), "the timed-out connection is closed, not pooled");
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
    try (DirectConnections right = new DirectConnections(endpoint("s3cret"), 1000, 300);
        DirectConnections wrong = new DirectConnections(endpoint("wrong"), 1000, 300)) {
      assertEquals(Arrays.asList(null, "argument €"), echo(right, "a"));
      CacheUnavailableException refused =
          assertThrows(CacheUnavailableException.class, () -> echo(wrong, "a"));
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
    assertTrue(
        reads.idleConnections() <= 8,
        "no more connections than callers: " + reads.idleConnections());
    assertEquals(
        reads.idleConnections(),
        reads.watchedConnections(),
        "every open connection has its deadline watched");
    reads.close();
    assertEquals(0, reads.watchedConnections(), "closing the pool closes its connections");
  }

  @Test
  void theUnixSocketOfTheSameServerCarriesTheReads() throws Exception {
    assumeTrue(
        redis.unixSocket().isPresent(),
        "a server with a Unix socket (redis-server on the PATH, a short tmpdir)");
    Path socket = redis.unixSocket().get();
    try (DirectConnections local =
        new DirectConnections(endpoint(null).overUnixSocket(socket), 1000, 300)) {
      PrivateRedis.command(port, "SET", "a", "1");
      assertEquals(Arrays.asList("1", "argument €"), echo(local, "a"));
      echo(local, "a");
      String direct = clientLine("granular-cache-direct");
      assertTrue(direct.contains("addr=" + socket), "connected over the socket: " + direct);
      assertEquals(1, local.stats().opened(), "one connection, kept");
    }
  }

  @Test
  void aUnixSocketOfAnotherServerIsRefusedForTheTcpAddress() throws Exception {
    assumeTrue(
        redis.unixSocket().isPresent(),
        "a server with a Unix socket (redis-server on the PATH, a short tmpdir)");
    int otherPort = PrivateRedis.freePort();
    try (PrivateRedis other = PrivateRedis.start(otherPort);
        DirectConnections misled =
            new DirectConnections(
                endpoint(null).overUnixSocket(other.unixSocket().orElseThrow()), 1000, 300)) {
      PrivateRedis.command(port, "SET", "a", "the server Redisson writes to");
      PrivateRedis.command(otherPort, "SET", "a", "another server");
      assertEquals(Arrays.asList("the server Redisson writes to", "argument €"), echo(misled, "a"));
      assertEquals(Arrays.asList("the server Redisson writes to", "argument €"), echo(misled, "a"));
      assertTrue(clientLine("granular-cache-direct").contains("addr=127.0.0.1:"), "over TCP");
      assertFalse(
          PrivateRedis.command(otherPort, "CLIENT", "LIST").contains("name=granular-cache-direct"),
          "nothing stays connected to the other server");
    }
  }

  @Test
  void aUnixSocketThatCannotBeConnectedLeavesTcp() throws Exception {
    Path nowhere =
        Path.of(System.getProperty("java.io.tmpdir"), "granular-no-redis-" + port + ".sock");
    try (DirectConnections misled =
        new DirectConnections(endpoint(null).overUnixSocket(nowhere), 1000, 300)) {
      PrivateRedis.command(port, "SET", "a", "1");
      assertEquals(Arrays.asList("1", "argument €"), echo(misled, "a"));
      assertTrue(clientLine("granular-cache-direct").contains("addr=127.0.0.1:"), "over TCP");
    }
  }

  @Test
  void aRedisDownAtTheFirstCallLeavesTheSocketToBeCheckedLater() throws Exception {
    assumeTrue(
        redis.unixSocket().isPresent(),
        "a server with a Unix socket (redis-server on the PATH, a short tmpdir)");
    Path socket = redis.unixSocket().get();
    try (DirectConnections local =
        new DirectConnections(endpoint(null).overUnixSocket(socket), 1000, 300)) {
      redis.close();
      assertThrows(CacheUnavailableException.class, () -> echo(local, "a"));
      redis = PrivateRedis.start(port);
      PrivateRedis.command(port, "SET", "a", "1");
      assertEquals(Arrays.asList("1", "argument €"), echo(local, "a"));
      assertTrue(
          clientLine("granular-cache-direct").contains("addr=" + socket),
          "the socket, checked once Redis was back");
    }
  }

  @Test
  void aThreadThatKeepsItsInterruptStatusStillReadsAndKeepsIt() throws Exception {
    PrivateRedis.command(port, "SET", "a", "1");
    Thread.currentThread().interrupt();
    try {
      assertEquals(Arrays.asList("1", "argument €"), echo(reads, "a"), "over a new connection");
      assertEquals(Arrays.asList("1", "argument €"), echo(reads, "a"), "over the pooled one");
      assertTrue(Thread.currentThread().isInterrupted(), "the status is given back");
    } finally {
      Thread.interrupted();
    }
    assertEquals(
        new DirectConnections.Stats(2, 1, 0, 1, 0, 1, 0),
        reads.stats(),
        "one connection, no failure");
  }

  @Test
  void anInterruptDuringACallFailsThatCallOnlyAndAsAnInterrupt() throws Exception {
    try (DirectConnections patient = new DirectConnections(endpoint(null), 1000, 10_000)) {
      PrivateRedis.command(port, "SET", "a", "1");
      echo(patient, "a");
      redis.pause();
      ExecutorService caller = Executors.newSingleThreadExecutor();
      try {
        Future<Object> call =
            caller.submit(
                () -> {
                  try {
                    return echo(patient, "a");
                  } catch (RedisCallInterruptedException e) {
                    return Thread.currentThread().isInterrupted()
                        ? e
                        : new AssertionError("status lost", e);
                  }
                });
        Thread.sleep(200);
        long interruptedAt = System.nanoTime();
        caller.shutdownNow();
        Object outcome = call.get(5, java.util.concurrent.TimeUnit.SECONDS);
        assertTrue(
            outcome instanceof RedisCallInterruptedException,
            "an interrupt, not a timeout: " + outcome);
        assertTrue(
            System.nanoTime() - interruptedAt < 2_000_000_000L,
            "at once, not after the 10 s timeout");
      } finally {
        caller.shutdownNow();
        redis.resume();
      }
      assertEquals(0, patient.stats().failed(), "not counted as a failure of Redis");
      assertEquals(
          Arrays.asList("1", "argument €"),
          echo(patient, "a"),
          "the next call opens a new connection");
      assertEquals(2, patient.stats().opened());
    }
  }

  @Test
  void anInterruptWhileAwaitingASentReplyIsALostReplyByInterruptNotAFailureOfRedis()
      throws Exception {
    try (DirectConnections patient = new DirectConnections(endpoint(null), 1000, 10_000)) {
      patient
          .send(INCRBY, List.of("n"), List.of("1"))
          .await(); // a pooled connection; the script known
      redis.pause();
      ExecutorService caller = Executors.newSingleThreadExecutor();
      RedisCircuit circuit = new RedisCircuit(() -> false);
      try {
        Future<Object> call =
            caller.submit(
                () -> {
                  DirectConnections.PendingReply pending =
                      patient.send(INCRBY, List.of("n"), List.of("1"));
                  try {
                    return circuit.call(pending::await);
                  } catch (RedisReplyLostException e) {
                    return Thread.currentThread().isInterrupted()
                        ? e
                        : new AssertionError("status lost", e);
                  }
                });
        Thread.sleep(200);
        caller.shutdownNow();
        Object outcome = call.get(5, java.util.concurrent.TimeUnit.SECONDS);
        assertTrue(
            outcome instanceof RedisReplyLostException lost && lost.byInterrupt(),
            "a lost reply (Redis may run the call), lost to the interrupt: " + outcome);
      } finally {
        caller.shutdownNow();
        redis.resume();
      }
      assertEquals(0, patient.stats().failed(), "not counted as a failure of Redis by the pool");
      for (int i = 0; i < 2; i++) {
        assertThrows(
            RedisReplyLostException.class,
            () ->
                circuit.call(
                    () -> {
                      throw timedOut();
                    }));
      }
      assertFalse(circuit.isOpen(), "nor by the circuit: two timeouts after it leave it closed");
      circuit.shutdown();
    }
  }

  private static RedisReplyLostException timedOut() {
    return new RedisReplyLostException("timeout", new java.net.SocketTimeoutException("no answer"));
  }

  // The CLIENT LIST line of the one client named so; fails when there is none or more than one
  private String clientLine(String name) throws Exception {
    List<String> lines =
        Arrays.stream(PrivateRedis.command(port, "CLIENT", "LIST").split("\\r?\\n"))
            .filter(line -> line.contains("name=" + name + " "))
            .toList();
    assertEquals(1, lines.size(), "one client named " + name + ": " + lines);
    return lines.get(0);
  }
}
