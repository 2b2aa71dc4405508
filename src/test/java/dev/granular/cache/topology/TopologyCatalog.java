package dev.granular.cache.topology;

import dev.granular.cache.lock.RefillLocked;
import dev.granular.cache.tag.CacheTags;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.CacheValue;

/**
 * A tiny "database" of string values behind cached methods in three caches that share the tag
 * {@code shelf:<shelf>}; the counters prove how often each method really ran.
 */
@ApplicationScoped
public class TopologyCatalog {

  private final Map<String, String> rows = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> loads = new ConcurrentHashMap<>();
  private final ThreadLocal<int[]> loadsOnThread = ThreadLocal.withInitial(() -> new int[1]);
  private volatile CountDownLatch started = new CountDownLatch(0);
  private volatile CountDownLatch release = new CountDownLatch(0);

  /** Writes a row behind the cache's back (the test invalidates as a writer would). */
  public void write(String key, String value) {
    rows.put(key, value);
  }

  public String row(String key) {
    return rows.get(key);
  }

  @CacheResult(cacheName = "topo-items")
  @CacheTags("shelf:{shelf}")
  public String item(String shelf, String key) {
    return load("item", key);
  }

  @CacheResult(cacheName = "topo-labels")
  @CacheTags("shelf:{shelf}")
  public String label(String shelf, String key) {
    return load("label", key);
  }

  @CacheResult(cacheName = "topo-notes")
  @CacheTags("shelf:{shelf}")
  public String note(String shelf, String key) {
    return load("note", key);
  }

  /** A slow load behind the refill lock: concurrent misses of one key wait for a single run. */
  @CacheResult(cacheName = "topo-slow")
  @RefillLocked(waitMillis = 10_000)
  public String slow(String key) throws InterruptedException {
    Thread.sleep(300);
    return load("slow", key);
  }

  /** A load that {@link #holdNextLoad} can stop half-way, after it read the row. */
  @CacheResult(cacheName = "topo-race")
  @CacheTags("race:{key}")
  public String racing(String key) throws InterruptedException {
    String value = load("racing", key);
    started.countDown();
    release.await(10, TimeUnit.SECONDS);
    return value;
  }

  /**
   * Refresh-ahead: every topology's boot gives {@code topo-fresh} a 2 s TTL and a 1.5 s
   * refresh-ahead window.
   */
  @CacheResult(cacheName = "topo-fresh")
  public String fresh(String key) {
    return load("fresh", key);
  }

  /**
   * Refresh-ahead under {@code expiry=created}: every topology's boot gives {@code topo-born} a 2 s
   * TTL counted from an entry's creation and a 1.5 s window, on the caller.
   */
  @CacheResult(cacheName = "topo-born")
  public String born(String key) {
    return load("born", key);
  }

  /**
   * Expiry counted from creation, tagged: every topology's boot gives {@code topo-created} a 3 s
   * TTL under {@code expiry=created}, without refresh-ahead.
   */
  @CacheResult(cacheName = "topo-created")
  @CacheTags("shelf:{shelf}")
  public String created(String shelf, String key) {
    return load("created", key);
  }

  /**
   * Refresh ahead in the background: every topology's boot gives {@code topo-ahead} a 2 s TTL and a
   * 1.5 s window. The load takes 200 ms, so callers that find the entry due are served while it
   * runs.
   */
  @CacheResult(cacheName = "topo-ahead")
  public String ahead(String key) throws InterruptedException {
    Thread.sleep(200);
    return load("ahead", key);
  }

  /**
   * Refresh after invalidation: every topology's boot gives {@code topo-hot} 100 hot keys. The load
   * takes 200 ms, so instances that hear one invalidation reload while another one's reload still
   * runs.
   */
  @CacheResult(cacheName = "topo-hot")
  @CacheTags("shelf:{shelf}")
  public String hot(String shelf, String key) throws InterruptedException {
    Thread.sleep(200);
    return load("hot", key);
  }

  /**
   * A primitive result in {@code topo-hot}: a reload that loads nothing must still return something
   * unboxable.
   */
  @CacheResult(cacheName = "topo-hot")
  @CacheTags("length:{key}")
  public int hotLength(String key) {
    return load("hotLength", key).length();
  }

  /** Read-through for the failover test: one entry per key, tagged with its row. */
  @CacheResult(cacheName = "topo-rows")
  @CacheTags("row:{key}")
  public String read(String key) {
    return load("read", key);
  }

  /**
   * Write-through for the failover test: the row changes, then the entry (after the invalidation).
   */
  @CachePut(cacheName = "topo-rows")
  @CacheTags("row:{key}")
  public void update(String key, @CacheValue String value) {
    rows.put(key, value);
  }

  /**
   * A near-cached entry of 1 s: every topology's boot gives {@code topo-brief} a 1 s TTL and a near
   * cache (whose own TTL is a minute).
   */
  @CacheResult(cacheName = "topo-brief")
  public String brief(String key) {
    return load("brief", key);
  }

  /**
   * Refresh-ahead behind a near cache: every topology's boot gives {@code topo-near-ahead} a 2 s
   * TTL, a 1.5 s window on the caller, and a near cache (whose own TTL is a minute).
   */
  @CacheResult(cacheName = "topo-near-ahead")
  public String nearAhead(String key) {
    return load("nearAhead", key);
  }

  /** Kept in each instance's near cache too (the test turns {@code cache.topo-near.near} on). */
  @CacheResult(cacheName = "topo-near")
  @CacheTags("shelf:{shelf}")
  public String nearby(String shelf, String key) {
    return load("nearby", key);
  }

  public void holdNextLoad() {
    started = new CountDownLatch(1);
    release = new CountDownLatch(1);
  }

  public boolean awaitLoadStarted() throws InterruptedException {
    return started.await(10, TimeUnit.SECONDS);
  }

  public void releaseLoad() {
    release.countDown();
  }

  public int loads(String method) {
    return loads.computeIfAbsent(method, m -> new AtomicInteger()).get();
  }

  /**
   * How many loads ran on the calling thread: unchanged across a call means the cache answered it.
   */
  public int loadsOnThisThread() {
    return loadsOnThread.get()[0];
  }

  private String load(String method, String key) {
    loadsOnThread.get()[0]++;
    loads.computeIfAbsent(method, m -> new AtomicInteger()).incrementAndGet();
    return rows.get(key);
  }
}
