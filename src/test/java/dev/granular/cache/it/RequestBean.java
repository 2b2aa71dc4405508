package dev.granular.cache.it;

import jakarta.enterprise.context.RequestScoped;
import javax.cache.annotation.CacheResult;

/** A request-scoped cached bean: its cache outlives the request. */
@RequestScoped
public class RequestBean {

  @CacheResult(cacheName = "it-request")
  public String value(String key) {
    return key + "-" + Counter.count("request:" + key);
  }
}
