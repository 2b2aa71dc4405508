package dev.granular.cache.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.granular.cache.near.RedisNearChannel;
import dev.granular.cache.redis.DirectConnections;
import dev.granular.cache.redis.RedisCacheManager;
import dev.granular.cache.redis.RedisConnection;
import dev.granular.cache.stats.CacheStatisticsRegistry;
import dev.granular.cache.tag.RedisTagRegistry;
import dev.granular.testredis.PrivateRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.jcache.JCache;

/**
 * The {@link TopologyContract} on one Redis server (the default mode), which keeps its one-command
 * hit: the entry and its tag versions read by one Lua script.
 */
class SingleServerIT extends TopologyContract {

  private static PrivateRedis redis;

  @BeforeAll
  static void start() throws Exception {
    redis = PrivateRedis.start(PrivateRedis.freePort());
    boot(Map.of("REDIS_URL", redis.url(), "cache.topo-created.expiry", "created"));
  }

  @AfterAll
  static void stop() {
    closeContainer();
    if (redis != null) {
      redis.close();
    }
  }

  @Test
  void aHitIsOneCommand() throws Exception {
    String key = unique("one-command");
    catalog.write(key, "v");
    catalog.item("s1", key);
    int port = redis.port();
    // the slow log with a threshold of 0 lists every command a client sent, and a script as one
    // entry
    PrivateRedis.command(port, "CONFIG", "SET", "slowlog-log-slower-than", "0");
    PrivateRedis.command(port, "SLOWLOG", "RESET");
    int loads = catalog.loads("item");

    catalog.item("s1", key);

    String log = PrivateRedis.command(port, "SLOWLOG", "GET", "20");
    PrivateRedis.command(port, "CONFIG", "SET", "slowlog-log-slower-than", "10000");
    assertEquals(loads, catalog.loads("item"), "a hit");
    List<String> commands = clientCommands(log);
    assertEquals(1, commands.size(), "one command for the entry and its versions: " + commands);
    assertTrue(commands.get(0).startsWith("EVAL"), "a script: " + commands);
  }

  @Test
  void anInvalidationIsOneScriptThatAlsoTellsTheNearCaches() throws Exception {
    String tag = unique("one-script-invalidation");
    startSlowLog();

    registry.invalidate(Set.of(tag, tag + "-other"));

    List<String> calls = clientCalls(stopSlowLog());
    // the background clean-up may have sent its takes by now; the invalidation is the script that
    // writes the versions
    List<String> invalidation =
        calls.stream().filter(call -> call.contains(RedisTagRegistry.versionKey(tag))).toList();
    assertEquals(1, invalidation.size(), "one command writes both versions: " + calls);
    assertTrue(invalidation.get(0).startsWith("EVALSHA "), "a script: " + invalidation);
    assertTrue(
        invalidation.get(0).contains(RedisNearChannel.CHANNEL),
        "it publishes the near message: " + invalidation);
    assertTrue(
        calls.stream().noneMatch(call -> call.startsWith("PUBLISH ")),
        "no PUBLISH of its own: " + calls);
  }

  @Test
  void anEntryIsListedUnderAllItsTagsByOneScript() throws Exception {
    String tag = unique("one-script-tracking");
    startSlowLog();

    registry.track(
        Map.of(tag + "-a", "1:a", tag + "-b", "2:b", tag + "-c", "3:c"), "topo-items", "tracked");

    List<String> calls = clientCalls(stopSlowLog());
    // other traffic (a statistics report) may fall into the window: only the calls naming these
    // tags count
    List<String> tracking = calls.stream().filter(call -> call.contains(tag)).toList();
    assertEquals(1, tracking.size(), "one command for three tags: " + calls);
    assertTrue(tracking.get(0).startsWith("EVALSHA "), "a script: " + tracking);
    assertTrue(
        tracking.get(0).contains(RedisTagRegistry.entriesKey(tag + "-c")),
        "all three tags: " + tracking);
    assertEquals(1, registry.dependents(tag + "-b"), "listed under each tag");
    assertEquals(1, registry.dependents(tag + "-c"));
  }

  @Test
  void aStoreIsOneScriptOverTheDirectConnectionsThatRedissonsCacheReads() throws Exception {
    RedisCacheManager caches = weld.get(RedisCacheManager.class);
    Cache<String, String> cache = caches.cache("topo-modified", Duration.ofMinutes(10));
    String hash = RedisCacheManager.redisName("topo-modified");
    String field = unique("stored");
    cache.put(
        unique("first"), "v0"); // Redis learns the script: from then on it is called by its SHA-1
    startSlowLog();
    long before = System.currentTimeMillis();

    cache.put(field, "v1");

    long after = System.currentTimeMillis();
    List<String> calls =
        clientCalls(stopSlowLog()).stream().filter(call -> call.contains(field)).toList();
    assertEquals(1, calls.size(), "one command: " + calls);
    // Redisson's own put is a script too, with nine keys (its event channels among them); this one
    // names two
    assertTrue(
        calls.get(0).startsWith("EVALSHA ") && calls.get(0).contains(" 2 " + hash + " "),
        "ours: " + calls);
    assertEquals("v1", redissonsCache(cache).get(field), "Redisson's JCache reads what was stored");
    long expires = expiryTime(hash, field);
    assertTrue(
        expires >= before + 600_000 && expires <= after + 600_000,
        "expires a TTL after the store: " + expires);

    Thread.sleep(5);
    cache.put(field, "v2");
    assertEquals("v2", redissonsCache(cache).get(field));
    assertTrue(
        expiryTime(hash, field) > expires, "expiry=modified: a replacement counts the TTL again");

    PrivateRedis.command(
        redis.port(), "ZADD", timeoutSet(hash), "1", field); // expired long ago, still in the hash
    assertEquals(null, redissonsCache(cache).get(field), "an expired entry is absent");
    cache.put(field, "v3");
    assertEquals(
        "v3",
        redissonsCache(cache).get(field),
        "stored over the expired one, which counts as absent");
    assertTrue(expiryTime(hash, field) >= after + 600_000, "with a new entry's expiry");
  }

  @Test
  void aLoadedEntryIsStoredAndListedUnderItsTagsInOneRoundTrip() throws Exception {
    DirectConnections direct = weld.get(RedisConnection.class).direct().orElseThrow();
    String shelf = unique("listed-shelf");
    String key = unique("listed");
    catalog.write(key, "v");
    int loads = catalog.loads("item");
    long carried = direct.stats().carried();
    startSlowLog();

    assertEquals("v", catalog.item(shelf, key));

    List<String> calls =
        clientCalls(stopSlowLog()).stream().filter(call -> call.contains(key)).toList();
    assertEquals(
        carried + 1, direct.stats().carried(), "the listing rode with the store: " + calls);
    assertEquals(1, registry.dependents("shelf:" + shelf), "listed under its tag");
    // written together, the listing first: Redis runs them one after the other
    int listing = indexOf(calls, RedisTagRegistry.entriesKey("shelf:" + shelf));
    int store = indexOf(calls, " 2 " + RedisCacheManager.redisName("topo-items") + " ");
    assertTrue(listing >= 0 && store == listing + 1, "the listing, then the store: " + calls);
    assertEquals("v", catalog.item(shelf, key));
    assertEquals(loads + 1, catalog.loads("item"), "stored: the second read is a hit");
  }

  @Test
  void aCleanUpRoundIsFourScriptsOverTheDirectConnections() throws Exception {
    List<String> shelves = List.of(unique("freed-a"), unique("freed-b"), unique("freed-c"));
    for (String shelf : shelves) {
      String key = unique("row");
      catalog.write(key, "old");
      assertEquals("old", catalog.item(shelf, key));
    }
    List<String> tags = shelves.stream().map(shelf -> "shelf:" + shelf).toList();
    long evicted =
        weld.get(CacheStatisticsRegistry.class).of("topo-items").snapshot().tagEvictions();
    startSlowLog();

    invalidations.invalidateNow(tags).cleanedUp().get(30, TimeUnit.SECONDS);

    List<SlowCall> calls = slowCalls(stopSlowLog());
    for (String tag : tags) {
      assertEquals(0, registry.dependents(tag), "the clean-up took the void entry of " + tag);
    }
    assertEquals(
        evicted + 3,
        weld.get(CacheStatisticsRegistry.class).of("topo-items").snapshot().tagEvictions(),
        "it removed the three void entries");
    String items = RedisCacheManager.redisName("topo-items");
    // The scripts naming the tags' dependents, the cache or the tags' versions; the invalidation's
    // own script (which publishes to the near caches) left out. A report of group sizes may fall in
    // the window: its commands are not scripts.
    List<SlowCall> cleanUp =
        calls.stream()
            .filter(
                call -> call.call().startsWith("EVALSHA ") && !call.names(RedisNearChannel.CHANNEL))
            .filter(
                call ->
                    call.names(RedisTagRegistry.entriesKey(tags.get(0)))
                        || call.names(" " + items + " ")
                        || call.names(RedisTagRegistry.versionKey(tags.get(0))))
            .toList();
    assertEquals(
        4,
        cleanUp.size(),
        "the takes of all three tags, the read of the entries, of their versions, "
            + "the removal: "
            + cleanUp);
    assertTrue(
        cleanUp.get(0).names(RedisTagRegistry.entriesKey(tags.get(2))),
        "one take for every tag: " + cleanUp);
    assertTrue(
        cleanUp.stream().allMatch(call -> call.client().equals(DIRECT)),
        "over the direct connections: " + cleanUp);
    assertTrue(
        calls.stream()
            .anyMatch(
                call ->
                    call.client().equals(DIRECT)
                        && call.names("cache:tag-groups")
                        && call.names(tags.get(1))),
        "the freed groups leave the report of group sizes over them too: " + calls);
  }

  @Test
  void aCleanUpThatFailedAfterItsTakeFreesWhatItTookWhenRedisAnswersAgain() throws Exception {
    String shelf = unique("retried");
    String tag = "shelf:" + shelf;
    String key = unique("row");
    catalog.write(key, "old");
    assertEquals("old", catalog.label(shelf, key));
    CacheStatisticsRegistry statistics = weld.get(CacheStatisticsRegistry.class);
    long evicted = statistics.of("topo-labels").snapshot().tagEvictions();
    String hash = RedisCacheManager.redisName("topo-labels");
    String aside = hash + ":aside";
    // The cache's hash turned into a string: the take succeeds, the read of what it took fails
    // (WRONGTYPE)
    PrivateRedis.command(redis.port(), "RENAME", hash, aside);
    PrivateRedis.command(redis.port(), "SET", hash, "not a hash");
    CompletableFuture<Void> cleanedUp;
    try {
      catalog.write(key, "new");
      cleanedUp = invalidations.invalidateNow(List.of(tag)).cleanedUp();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (registry.dependents(tag) > 0 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertEquals(
          0, registry.dependents(tag), "the clean-up took the void entry from the tag's group");
      Thread.sleep(300); // its round failed at the read
      assertFalse(
          cleanedUp.isDone(),
          "a clean-up whose round failed waits to try again rather than give up");
      // meanwhile another invalidation's clean-up, of another cache, does not wait for that retry
      String otherShelf = unique("not-held-up");
      String otherKey = unique("row");
      catalog.write(otherKey, "old");
      assertEquals("old", catalog.item(otherShelf, otherKey));
      invalidations
          .invalidateNow(List.of("shelf:" + otherShelf))
          .cleanedUp()
          .get(2, TimeUnit.SECONDS);
      assertEquals(
          0, registry.dependents("shelf:" + otherShelf), "the other clean-up freed its entry");
      assertFalse(cleanedUp.isDone(), "the failed one still waits for its hash");
    } finally {
      PrivateRedis.command(redis.port(), "DEL", hash);
      PrivateRedis.command(redis.port(), "RENAME", aside, hash);
    }

    cleanedUp.get(30, TimeUnit.SECONDS);
    assertEquals(
        evicted + 1,
        statistics.of("topo-labels").snapshot().tagEvictions(),
        "the next round freed the entry the failed one took");
    int loads = catalog.loads("label");
    assertEquals("new", catalog.label(shelf, key));
    assertEquals(loads + 1, catalog.loads("label"), "the void entry is gone: a miss");
  }

  @Test
  void aStoreOverAnEntryKeepsItsExpiryWhenTheTtlCountsFromCreation() throws Exception {
    Cache<String, String> cache =
        weld.get(RedisCacheManager.class).cache("topo-created", Duration.ofMinutes(10));
    String hash = RedisCacheManager.redisName("topo-created");
    String field = unique("created");
    cache.put(field, "v1");
    long expires = expiryTime(hash, field);
    Thread.sleep(5);

    cache.put(field, "v2");

    assertEquals("v2", redissonsCache(cache).get(field));
    assertEquals(
        expires, expiryTime(hash, field), "expiry=created: the first store's expiry time stays");
  }

  private static int indexOf(List<String> calls, String part) {
    for (int i = 0; i < calls.size(); i++) {
      if (calls.get(i).contains(part)) {
        return i;
      }
    }
    return -1;
  }

  @SuppressWarnings("unchecked")
  private static JCache<String, String> redissonsCache(Cache<String, String> cache) {
    return cache.unwrap(JCache.class);
  }

  private static String timeoutSet(String hash) {
    return "jcache_timeout_set:{" + hash + "}";
  }

  private static long expiryTime(String hash, String field) throws Exception {
    String reply =
        PrivateRedis.command(redis.port(), "ZSCORE", timeoutSet(hash), field); // $13\r\n1733...\r\n
    return (long) Double.parseDouble(reply.split("\r\n")[1]);
  }

  // the slow log with a threshold of 0 lists every command a client sent, and a script as one entry
  private static void startSlowLog() throws Exception {
    PrivateRedis.command(
        redis.port(),
        "CONFIG",
        "SET",
        "slowlog-max-len",
        "1024"); // scripts' own calls are listed too
    PrivateRedis.command(redis.port(), "CONFIG", "SET", "slowlog-log-slower-than", "0");
    PrivateRedis.command(redis.port(), "SLOWLOG", "RESET");
  }

  private static String stopSlowLog() throws Exception {
    String log = PrivateRedis.command(redis.port(), "SLOWLOG", "GET", "1024");
    PrivateRedis.command(redis.port(), "CONFIG", "SET", "slowlog-log-slower-than", "10000");
    return log;
  }

  /**
   * The names of the commands a client sent, from a raw {@code SLOWLOG GET} reply (see {@link
   * #clientCalls}).
   */
  private static List<String> clientCommands(String reply) {
    return clientCalls(reply).stream().map(call -> call.split(" ", 2)[0]).toList();
  }

  /**
   * The commands in a raw {@code SLOWLOG GET} reply that a client sent, each as its name and
   * arguments joined by spaces, oldest first: a script's own calls are listed too, with the client
   * address {@code ?:0}. Each entry is id, time, duration, arguments, client address, name.
   */
  private static List<String> clientCalls(String reply) {
    return slowCalls(reply).stream().map(SlowCall::call).toList();
  }

  private static final String DIRECT = "granular-cache-direct";

  /**
   * A command a client sent, its name and arguments joined by spaces, and the name of the client.
   */
  private record SlowCall(String call, String client) {
    boolean names(String part) {
      return call.contains(part);
    }
  }

  /**
   * As {@link #clientCalls}, with the name each client gave itself ({@code CLIENT SETNAME}; empty
   * if none).
   */
  private static List<SlowCall> slowCalls(String reply) {
    List<String> lines = Arrays.asList(reply.split("\r\n", -1));
    List<SlowCall> commands = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) { // line 0 counts the entries: "*6" when there are six
      if (!lines.get(i).equals("*6")) {
        continue;
      }
      int arguments = Integer.parseInt(lines.get(i + 4).substring(1));
      String name = lines.get(i + 6).toUpperCase(Locale.ROOT);
      String client = lines.get(i + 5 + 2 * arguments + 1);
      String clientName = lines.get(i + 5 + 2 * arguments + 3);
      if (!client.equals("?:0") && !name.equals("SLOWLOG") && !name.equals("CONFIG")) {
        StringBuilder call = new StringBuilder(name);
        for (int a = 1; a < arguments; a++) {
          call.append(' ').append(lines.get(i + 6 + 2 * a));
        }
        commands.add(
            0, new SlowCall(call.toString(), clientName)); // the slow log lists the newest first
      }
      i += 5 + 2 * arguments;
    }
    return commands;
  }

  @Test
  void aBadRedisSettingStopsTheDeploymentNamingTheKey() {
    RuntimeException failure =
        assertThrows(
            RuntimeException.class,
            () -> new WeldRedis(Map.of("REDIS_MODE", "clustered"), "bad-settings").close());
    assertTrue(
        String.valueOf(failure.getMessage()).contains("REDIS_MODE=clustered is not a Redis mode"),
        "the deployment problem names the key: " + failure);
    assertEquals(null, System.getProperty("REDIS_MODE"), "the test left no setting behind");
  }

  @Override
  void assertPlacement(List<String> cacheHashes) throws Exception {
    for (String hash : cacheHashes) {
      assertTrue(
          PrivateRedis.command(redis.port(), "EXISTS", hash).startsWith(":1"), hash + " exists");
    }
  }
}
