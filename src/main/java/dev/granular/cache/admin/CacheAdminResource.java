package dev.granular.cache.admin;

import dev.granular.cache.CacheEvictor;
import dev.granular.cache.stats.CacheStatistics;
import dev.granular.cache.stats.CacheStatisticsRegistry;
import dev.granular.cache.tag.TagInvalidations;
import dev.granular.cache.tag.TagRegistry;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/**
 * The operators' endpoints under {@code cache}: statistics, tag groups and clearing a cache. Tags and cache names
 * are literal: no character in them is a pattern. Every call needs the admin credentials ({@link AdminOnly}).
 */
@Path("cache")
@AdminOnly
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class CacheAdminResource {

  private static final int MAX_NAME = 512;

  @Inject CacheStatisticsRegistry statistics;
  @Inject TagRegistry tags;
  @Inject TagInvalidations invalidations;
  @Inject CacheEvictor evictor;

  /** A tag and how many entries depend on it. */
  public record TagGroup(String tag, long entries) {}

  /** This instance's counters per cache name. */
  @GET
  @Path("stats")
  public Map<String, CacheStatistics> stats() {
    return statistics.snapshot();
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

  /** Removes every entry of one cache. */
  @DELETE
  @Path("{cacheName}")
  public void clear(@PathParam("cacheName") String cacheName) {
    evictor.clear(checked(cacheName));
  }

  // OPTIONS too needs the credentials: Jersey's automatic answer is not @AdminOnly. One method per path, since
  // Jersey picks the most specific path first and only then looks for the HTTP method.

  @OPTIONS
  @Path("stats")
  public Response statsOptions() {
    return allow("GET", "HEAD", "OPTIONS");
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

  private static String checked(String name) {
    if (name == null || name.isBlank() || name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl)) {
      throw new BadRequestException("a name must be 1 to " + MAX_NAME + " characters, without control characters");
    }
    return name;
  }
}
