package dev.granular.cache.it;

import jakarta.enterprise.context.Dependent;
import javax.cache.annotation.CacheResult;

/**
 * No cache name anywhere: the spec's default name, from the method signature. A dependent-scoped
 * bean.
 */
@Dependent
public class DefaultNameBean {

  @CacheResult
  public String greet(String name, int times) {
    Counter.count("default-name:" + name);
    return ("hi " + name + " ").repeat(times).strip();
  }
}
