package dev.granular.cache.it;

import jakarta.inject.Singleton;
import javax.cache.annotation.CacheResult;

/**
 * @CacheResult on the class: every business method is cached, each in its default-named cache.
 * A @Singleton.
 */
@Singleton
@CacheResult
public class ClassLevelBean {

  public String first(String key) {
    return "first-" + key + "-" + Counter.count("first:" + key);
  }

  public String second(String key) {
    return "second-" + key + "-" + Counter.count("second:" + key);
  }
}
