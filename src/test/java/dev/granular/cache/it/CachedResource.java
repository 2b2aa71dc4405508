package dev.granular.cache.it;

import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import javax.cache.annotation.CacheResult;

/** A JAX-RS resource method cached directly. */
@Path("it-cached")
@RequestScoped
public class CachedResource {

  @GET
  @CacheResult(cacheName = "it-rest")
  public String get(@QueryParam("q") String q) {
    return q + "-" + Counter.count("rest:" + q);
  }
}
