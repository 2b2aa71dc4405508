package dev.granular.cache.admin;

import dev.granular.cache.CacheEvictor;
import dev.granular.cache.stats.CacheStatisticsRegistry;
import dev.granular.cache.stats.ClusterStatistics;
import dev.granular.cache.stats.InvalidationCounters;
import dev.granular.cache.stats.RedisStatsReporter;
import dev.granular.cache.stats.StatisticsSection;
import dev.granular.cache.tag.RedisTagRegistry;
import dev.granular.cache.tag.TagGroupSize;
import dev.granular.cache.tag.TagInvalidations;
import dev.granular.cache.tag.TagRegistry;
import dev.granular.cache.warm.CacheWarming;
import dev.granular.cache.warm.WarmingRefused;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * The operators' endpoints under {@code cache}: statistics, tag groups and clearing a cache. Tags
 * and cache names are literal: no character in them is a pattern. Every call needs the admin
 * credentials ({@link AdminOnly}).
 */
@Path("cache")
@AdminOnly
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class CacheAdminResource {

  private static final int MAX_NAME = 512;
  private static final int MAX_GROUPS = 1000;

  @Inject CacheStatisticsRegistry statistics;
  @Inject TagRegistry tags;
  @Inject TagInvalidations invalidations;
  @Inject CacheEvictor evictor;
  @Inject RedisStatsReporter reporter;
  @Inject InvalidationCounters invalidationCounters;
  @Inject RedisTagRegistry tagRegistry;
  @Inject @Any Instance<StatisticsSection> extras;
  @Inject CacheWarming warming;

  private ClusterStatistics reportOrLatest() {
    try {
      return reporter.reportNow();
    } catch (RuntimeException e) {
      return reporter.cluster(); // Redis away: the last totals known
    }
  }

  private List<TagGroupSize> largestGroups(int limit) {
    if (limit == 0) {
      return List.of();
    }
    try {
      return tagRegistry.largestGroups(limit);
    } catch (RuntimeException e) {
      return List.of();
    }
  }

  /** A tag and how many entries depend on it. */
  public record TagGroup(String tag, long entries) {}

  /**
   * This instance's counters per cache and its invalidations ({@code instance}), the totals of
   * every instance as added up in Redis at the last report ({@code cluster}), and the largest tag
   * groups. With {@code fresh=true} this instance reports its changes first, so the totals include
   * them.
   */
  @GET
  @Path("stats")
  public JsonObject stats(
      @QueryParam("fresh") @DefaultValue("false") String freshParameter,
      @QueryParam("groups") @DefaultValue("10") String groupsParameter) {
    boolean fresh = flag("fresh", freshParameter);
    int groups = number("groups", groupsParameter, 0, MAX_GROUPS);
    ClusterStatistics cluster = fresh ? reportOrLatest() : reporter.cluster();
    JsonObjectBuilder result =
        Json.createObjectBuilder()
            .add(
                "instance",
                Json.createObjectBuilder()
                    .add("id", reporter.instanceId())
                    .add("caches", StatisticsJson.caches(statistics.snapshot()))
                    .add(
                        "invalidations",
                        StatisticsJson.invalidations(invalidationCounters.snapshot())))
            .add("cluster", StatisticsJson.cluster(cluster))
            .add("tagGroups", StatisticsJson.tagGroups(largestGroups(groups)));
    extras.forEach(extra -> result.add(extra.name(), extra.statistics()));
    return result.build();
  }

  /**
   * The cluster-wide hits and misses per cache at each report of this instance (one every few
   * seconds).
   */
  @GET
  @Path("stats/history")
  public JsonArray history() {
    return StatisticsJson.history(reporter.history());
  }

  @GET
  @Path("tags/{tag}")
  public TagGroup tag(@PathParam("tag") String tag) {
    return new TagGroup(checked(tag), tags.dependents(checked(tag)));
  }

  /** Voids every entry that depends on the tag, in every cache and on every instance. */
  @DELETE
  @Path("tags/{tag}")
  public TagGroup invalidate(@PathParam("tag") String tag) {
    long entries = tags.dependents(checked(tag));
    invalidations.invalidateNow(List.of(tag));
    return new TagGroup(tag, entries);
  }

  /**
   * Starts warming in the background: {@code limit} keys of the named warmer (of every warmer when
   * none is named). 202 with the run's state; 409 while a run is going on here or on another
   * instance; 429 within the cool-down after the last run (with {@code Retry-After}); 400 for an
   * unknown warmer or a limit outside 1..100,000.
   */
  @POST
  @Path("warm")
  public Response warm(
      @QueryParam("warmer") String warmer,
      @QueryParam("limit") @DefaultValue("100") String limitParameter) {
    try {
      int limit = number("limit", limitParameter, 1, CacheWarming.MAX_LIMIT);
      return Response.accepted(CacheWarming.toJson(warming.start("request", warmer, limit)))
          .build();
    } catch (IllegalArgumentException | BadRequestException e) {
      return AdminProblems.response(400, e.getMessage(), 0);
    } catch (WarmingRefused e) {
      return AdminProblems.response(e.status(), e.getMessage(), e.retryAfterSeconds());
    }
  }

  /** The latest warming run on this instance. */
  @GET
  @Path("warm")
  public JsonObject warming() {
    return CacheWarming.toJson(warming.status());
  }

  /** Removes every entry of one cache. */
  @DELETE
  @Path("{cacheName}")
  public void clear(@PathParam("cacheName") String cacheName) {
    evictor.clear(checked(cacheName));
  }

  // OPTIONS too needs the credentials: Jersey's automatic answer is not @AdminOnly. One method per
  // path, since Jersey picks the most specific path first and only then looks for the HTTP method.

  @OPTIONS
  @Path("stats")
  public Response statsOptions() {
    return allow("GET", "HEAD", "OPTIONS");
  }

  @OPTIONS
  @Path("stats/history")
  public Response historyOptions() {
    return allow("GET", "HEAD", "OPTIONS");
  }

  @OPTIONS
  @Path("warm")
  public Response warmOptions() {
    return allow("GET", "HEAD", "POST", "OPTIONS");
  }

  @OPTIONS
  @Path("tags/{tag}")
  public Response tagOptions() {
    return allow("GET", "HEAD", "DELETE", "OPTIONS");
  }

  @OPTIONS
  @Path("{cacheName}")
  public Response cacheOptions() {
    return allow("DELETE", "OPTIONS");
  }

  private static Response allow(String... methods) {
    return Response.noContent().allow(methods).build();
  }

  // Query parameters are parsed here: JAX-RS would answer a malformed number with 404.
  private static int number(String name, String value, int min, int max) {
    try {
      int number = Integer.parseInt(value.strip());
      if (number >= min && number <= max) {
        return number;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new BadRequestException(name + " must be a whole number from " + min + " to " + max);
  }

  private static boolean flag(String name, String value) {
    if (value.equals("true") || value.equals("false")) {
      return Boolean.parseBoolean(value);
    }
    throw new BadRequestException(name + " must be true or false");
  }

  private static String checked(String name) {
    if (name == null
        || name.isBlank()
        || name.length() > MAX_NAME
        || name.chars().anyMatch(Character::isISOControl)) {
      throw new BadRequestException(
          "a name must be 1 to " + MAX_NAME + " characters, without control characters");
    }
    return name;
  }
}
