package dev.granular.cache.http;

import dev.granular.cache.redis.JsonCache;
import dev.granular.cache.redis.RedisCacheManager;
import dev.granular.cache.stats.CacheCounters;
import dev.granular.cache.stats.CacheStatisticsRegistry;
import dev.granular.cache.tag.DigestedValue;
import dev.granular.cache.tag.EntryTags;
import dev.granular.cache.tag.ReadDependencies;
import dev.granular.cache.tag.TagRegistry;
import dev.granular.cache.tag.TaggedValue;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Cached responses in Redis, kept by the same rules as {@code @CacheResult} entries ({@link
 * TagRegistry}): stored with the versions of every tag they depend on, only if none was invalidated
 * since the response started to be built, and served only while all are current. A failing Redis is
 * a miss, never an error.
 */
@ApplicationScoped
public class ResponseEntries {

  private static final Logger LOG = Logger.getLogger(ResponseEntries.class.getName());

  private final Map<String, JsonCache> views = new ConcurrentHashMap<>();
  private RedisCacheManager caches;
  private TagRegistry registry;
  private CacheStatisticsRegistry statistics;

  protected ResponseEntries() {}

  @Inject
  public ResponseEntries(
      RedisCacheManager caches, TagRegistry registry, CacheStatisticsRegistry statistics) {
    this.caches = caches;
    this.registry = registry;
    this.statistics = statistics;
  }

  /**
   * The stored response of {@code entry} if it is still valid, else null; counted as a hit or a
   * miss.
   */
  StoredResponse lookup(ResponsePolicy policy, String entry, Set<String> tags) {
    CacheCounters counters = statistics.of(policy.cacheName());
    try {
      JsonCache json = view(policy);
      List<String> own = EntryTags.of(policy.cacheName(), json.entryName(entry));
      Set<String> told = new LinkedHashSet<>(tags);
      told.addAll(own);
      TagRegistry.ReadAlong<Object> read = json.readWithVersions(entry, told, registry);
      if (read.value() instanceof DigestedValue stored
          && stored.value() instanceof StoredResponse response) {
        Set<String> all = new LinkedHashSet<>(stored.declaredTags());
        all.addAll(own);
        all.addAll(response.dependsOn());
        if (registry.holds(stored.digest(), all, read.versions())) {
          counters.hit();
          return response;
        }
        counters.staleRead();
      }
    } catch (RuntimeException e) {
      failed(policy, counters, e);
    }
    counters.miss();
    return null;
  }

  /**
   * Counts a response built by its resource method (a miss or a bypass) as a load of {@code nanos}.
   */
  void built(ResponsePolicy policy, long nanos) {
    statistics.of(policy.cacheName()).load(nanos);
  }

  /**
   * The invalidation clock to read before a response is built; -1 when Redis cannot say (nothing is
   * stored then).
   */
  long clock(ResponsePolicy policy) {
    try {
      return registry.clock();
    } catch (RuntimeException e) {
      failed(policy, statistics.of(policy.cacheName()), e);
      return -1;
    }
  }

  /**
   * Stores a response built after {@code clock} was read, from the parts {@code capture} saw, under
   * {@code tags} and theirs; refused when a part could not be tracked or any of those tags was
   * invalidated after {@code clock}.
   */
  void store(
      ResponsePolicy policy,
      String entry,
      Set<String> tags,
      ReadDependencies.Capture capture,
      long clock,
      StoredResponse response) {
    CacheCounters counters = statistics.of(policy.cacheName());
    if (capture.untracked() || clock < 0) {
      counters.refused();
      return;
    }
    try {
      JsonCache json = view(policy);
      String entryName = json.entryName(entry);
      List<String> own = EntryTags.of(policy.cacheName(), entryName);
      Set<String> all = new LinkedHashSet<>(tags);
      all.addAll(capture.tags());
      all.addAll(own);
      Optional<Map<String, String>> versions = registry.versionsSince(all, clock);
      if (versions.isEmpty()) {
        counters
            .refused(); // a part changed while the response was built: it may show the old state
        return;
      }
      List<String> implicitParts = new ArrayList<>();
      Set<String> declared = new LinkedHashSet<>();
      for (String tag : all) {
        if (!EntryTags.isImplicit(tag)) {
          declared.add(tag);
        } else if (!own.contains(tag)) {
          implicitParts.add(
              tag); // the entry's header keeps only declared tags; these travel in the value
        }
      }
      StoredResponse stored =
          new StoredResponse(
              response.status(),
              response.headers(),
              response.body(),
              response.base64(),
              response.storedAt(),
              implicitParts);
      json.put(entry, new TaggedValue(versions.get(), stored));
      counters.put();
      if (!declared.isEmpty()) {
        Map<String, String> declaredVersions = new HashMap<>(versions.get());
        declaredVersions.keySet().retainAll(declared);
        registry.track(declaredVersions, policy.cacheName(), entryName);
      }
    } catch (RuntimeException e) {
      failed(policy, counters, e);
    }
  }

  private JsonCache view(ResponsePolicy policy) {
    return views.computeIfAbsent(
        policy.cacheName(), name -> caches.jsonView(name, StoredResponse.class, policy.ttl()));
  }

  private static void failed(ResponsePolicy policy, CacheCounters counters, RuntimeException e) {
    counters.error();
    LOG.log(
        Level.WARNING,
        "Response cache " + policy.cacheName() + " unavailable, continuing without it: " + e,
        e);
  }
}
