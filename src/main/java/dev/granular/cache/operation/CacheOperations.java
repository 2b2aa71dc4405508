package dev.granular.cache.operation;

import dev.granular.cache.redis.RedisCacheResolverFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.cache.annotation.CacheResolverFactory;

/**
 * The registry of parsed operations: each annotated method is parsed on its first call, then looked
 * up.
 */
@ApplicationScoped
public class CacheOperations {

  private record Signature(Method method, Class<? extends Annotation> annotation) {}

  private final Map<Signature, CacheOperation<?>> operations = new ConcurrentHashMap<>();
  private CacheOperationParser parser;

  protected CacheOperations() {}

  @Inject
  public CacheOperations(
      @Any Instance<Object> beans, RedisCacheResolverFactory defaultResolverFactory) {
    this(
        beans,
        (CacheResolverFactory) defaultResolverFactory); // the cast selects the general constructor
  }

  /**
   * Operations whose default cache resolver factory is any factory, such as an in-memory one in
   * unit tests.
   */
  public CacheOperations(Instance<Object> beans, CacheResolverFactory defaultResolverFactory) {
    this.parser = new CacheOperationParser(new StrategyInstances(beans, defaultResolverFactory));
  }

  @SuppressWarnings("unchecked")
  public <A extends Annotation> CacheOperation<A> of(Method method, Class<A> annotationType) {
    return (CacheOperation<A>)
        operations.computeIfAbsent(
            new Signature(method, annotationType), s -> parser.parse(s.method(), annotationType));
  }
}
