package dev.granular.cache.operation;

import dev.granular.cache.key.DefaultCacheKeyGenerator;
import jakarta.enterprise.inject.Instance;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.cache.annotation.CacheKeyGenerator;
import javax.cache.annotation.CacheResolverFactory;

/**
 * Instances of the key generators and cache resolver factories that annotations name. Each class is
 * created once and reused: as a CDI bean when it is one, else through its public no-argument
 * constructor. The JSR-107 marker classes ({@code CacheKeyGenerator.class}, {@code
 * CacheResolverFactory.class}) stand for the library's defaults.
 */
public final class StrategyInstances {

  private final Map<Class<?>, Object> instances = new ConcurrentHashMap<>();
  private final Instance<Object> beans;
  private final CacheResolverFactory defaultResolverFactory;
  private final CacheKeyGenerator defaultKeyGenerator = new DefaultCacheKeyGenerator();

  public StrategyInstances(Instance<Object> beans, CacheResolverFactory defaultResolverFactory) {
    this.beans = beans;
    this.defaultResolverFactory = defaultResolverFactory;
  }

  public CacheResolverFactory resolverFactory(Class<? extends CacheResolverFactory> type) {
    return type == CacheResolverFactory.class ? defaultResolverFactory : instance(type);
  }

  public CacheKeyGenerator keyGenerator(Class<? extends CacheKeyGenerator> type) {
    return type == CacheKeyGenerator.class ? defaultKeyGenerator : instance(type);
  }

  private <T> T instance(Class<T> type) {
    return type.cast(instances.computeIfAbsent(type, this::create));
  }

  private Object create(Class<?> type) {
    Instance<?> bean = beans.select(type);
    if (bean.isResolvable()) {
      return bean.get();
    }
    try {
      return type.getConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          type.getName() + " is neither a CDI bean nor has a public no-argument constructor", e);
    }
  }
}
