package dev.granular.support;

import dev.granular.cache.http.CachedResponse;
import dev.granular.cache.tag.CacheTags;
import dev.granular.cache.tag.TagRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.cache.annotation.CacheKey;
import javax.cache.annotation.CacheResult;

/**
 * Test-only pages for {@link CachedResponse}'s refusals: a part that changes while the page is
 * built, and a part read from a cache that is switched off ({@code
 * cache.it-switched-off.enabled=false} in arquillian.xml). Each page body says how many times it
 * was built, so a test sees whether it was served from the cache.
 */
@Path("it/pages")
@RequestScoped
@Produces(MediaType.TEXT_PLAIN)
public class ResponseCacheProbe {

  private static final AtomicLong BUILDS = new AtomicLong();

  @Inject Parts parts;
  @Inject TagRegistry registry;

  /**
   * The page of part {@code id}; with {@code X-Change-Part: yes} the part's tag is invalidated
   * while it is built.
   */
  @GET
  @Path("racing/{id}")
  @CachedResponse(cacheName = "it-pages")
  public String racing(@PathParam("id") long id, @HeaderParam("X-Change-Part") String change) {
    String part = parts.tracked(id);
    if ("yes".equals(change)) {
      registry.invalidate(Set.of("it-part:" + id)); // as a write committed by another request would
    }
    return part + " build " + BUILDS.incrementAndGet();
  }

  /**
   * A page built from a part whose cache is switched off: nothing could void it, so it is never
   * stored.
   */
  @GET
  @Path("untracked/{id}")
  @CachedResponse(cacheName = "it-pages")
  public String untracked(@PathParam("id") long id) {
    return parts.switchedOff(id) + " build " + BUILDS.incrementAndGet();
  }

  /** The parts the pages are built from. */
  @ApplicationScoped
  public static class Parts {

    @CacheResult(cacheName = "it-parts")
    @CacheTags("it-part:{id}")
    public String tracked(@CacheKey long id) {
      return "part " + id;
    }

    @CacheResult(cacheName = "it-switched-off")
    public String switchedOff(@CacheKey long id) {
      return "uncached part " + id;
    }
  }
}
