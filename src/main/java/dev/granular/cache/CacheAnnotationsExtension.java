package dev.granular.cache;

import dev.granular.cache.redis.RedisConfigurationException;
import dev.granular.cache.redis.RedisSettings;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.AfterTypeDiscovery;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.inject.spi.WithAnnotations;
import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.Interceptor;
import java.lang.annotation.Annotation;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Logger;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheRemoveAll;
import javax.cache.annotation.CacheResult;

/**
 * Makes the JSR-107 annotations work as CDI interceptor bindings served by this library alone.
 *
 * <p>The annotations' members are marked with {@code javax.enterprise.util.Nonbinding}, which
 * Jakarta CDI does not know, so without help {@code @CacheResult(cacheName = "x")} would bind only
 * to an interceptor declaring the same members. The extension registers the four annotations as
 * bindings with every member non-binding.
 *
 * <p>Servers may bring their own JSR-107 interceptors (Payara's are backed by Hazelcast); with ours
 * they would both run and cache everything twice. The extension vetoes and disables every
 * interceptor bound to a JSR-107 annotation that is not one of this library's.
 *
 * <p>It also checks the Redis settings when the application deploys: the client itself connects
 * lazily, and a bad {@code REDIS_MODE} or {@code REDIS_URL} found on the first cache call would
 * only show as misses.
 */
public class CacheAnnotationsExtension implements Extension {

  private static final Logger LOG = Logger.getLogger(CacheAnnotationsExtension.class.getName());
  private static final List<Class<? extends Annotation>> BINDINGS =
      List.of(CacheResult.class, CachePut.class, CacheRemove.class, CacheRemoveAll.class);
  private static final String OWN_PACKAGE = CacheAnnotationsExtension.class.getPackageName() + ".";

  void registerBindings(@Observes BeforeBeanDiscovery discovery) {
    for (Class<? extends Annotation> binding : BINDINGS) {
      discovery
          .configureInterceptorBinding(binding)
          .methods()
          .forEach(member -> member.add(Nonbinding.Literal.INSTANCE));
    }
  }

  <T> void vetoForeignInterceptors(
      @Observes @WithAnnotations(Interceptor.class) ProcessAnnotatedType<T> event) {
    Class<T> type = event.getAnnotatedType().getJavaClass();
    if (isForeignCacheInterceptor(type)) {
      LOG.info(() -> "Vetoing foreign JSR-107 interceptor " + type.getName());
      event.veto();
    }
  }

  void disableForeignInterceptors(@Observes AfterTypeDiscovery discovery) {
    discovery
        .getInterceptors()
        .removeIf(
            type -> {
              boolean foreign = isForeignCacheInterceptor(type);
              if (foreign) {
                LOG.info(() -> "Disabling foreign JSR-107 interceptor " + type.getName());
              }
              return foreign;
            });
  }

  void validateRedisSettings(@Observes AfterDeploymentValidation validation) {
    try {
      RedisSettings.fromConfiguration();
    } catch (RedisConfigurationException e) {
      validation.addDeploymentProblem(e);
    }
  }

  /** An interceptor bound to a JSR-107 annotation that this library did not write. */
  static boolean isForeignCacheInterceptor(Class<?> type) {
    return type.isAnnotationPresent(Interceptor.class)
        && !type.getName().startsWith(OWN_PACKAGE)
        && Arrays.stream(type.getAnnotations())
            .anyMatch(a -> BINDINGS.contains(a.annotationType()));
  }
}
