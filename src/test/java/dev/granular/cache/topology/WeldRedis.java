package dev.granular.cache.topology;

import dev.granular.cache.CacheAnnotationsExtension;
import java.util.HashMap;
import java.util.Map;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

/**
 * The library and {@link TopologyCatalog} in Weld SE (as {@code WeldSePortabilityIT} boots it),
 * configured by system properties that are set for the container's life and restored on {@link
 * #close}.
 */
final class WeldRedis implements AutoCloseable {

  private final Map<String, String> previous = new HashMap<>();
  private final WeldContainer container;

  WeldRedis(Map<String, String> properties) {
    this(properties, Weld.class.getName());
  }

  /** A container with its own id: two in one JVM stand for two application instances. */
  WeldRedis(Map<String, String> properties, String id) {
    this(properties, id, TopologyCatalog.class);
  }

  /** A container with its own id and these bean classes besides the library. */
  WeldRedis(Map<String, String> properties, String id, Class<?>... beans) {
    properties.forEach((key, value) -> previous.put(key, System.setProperty(key, value)));
    try {
      container =
          new Weld(id)
              .disableDiscovery()
              .addExtension(new CacheAnnotationsExtension())
              .addPackages(true, CacheAnnotationsExtension.class)
              .addBeanClasses(beans)
              .initialize();
    } catch (RuntimeException e) {
      restoreProperties();
      throw e;
    }
  }

  <T> T get(Class<T> type) {
    return container.select(type).get();
  }

  @Override
  public void close() {
    container.shutdown();
    restoreProperties();
  }

  private void restoreProperties() {
    previous.forEach(
        (key, value) -> {
          if (value == null) {
            System.clearProperty(key);
          } else {
            System.setProperty(key, value);
          }
        });
  }
}
