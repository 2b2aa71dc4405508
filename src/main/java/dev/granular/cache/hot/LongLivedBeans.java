package dev.granular.cache.hot;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Singleton;
import jakarta.interceptor.InvocationContext;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Per cached method, the contextual reference of its bean that a background read calls again, found
 * once: only a bean that lives as long as the application ({@code @ApplicationScoped},
 * {@code @Singleton}), empty for the others.
 */
final class LongLivedBeans {

  private static final Logger LOG = Logger.getLogger(BackgroundReads.class.getName());

  private final Map<Method, Optional<Object>> references = new ConcurrentHashMap<>();

  /**
   * The contextual reference for {@code method}, called by {@code call}, found by {@code beans} the
   * first time.
   */
  Optional<Object> of(BeanManager beans, Method method, InvocationContext call) {
    return references.computeIfAbsent(method, m -> reference(beans, m, call.getTarget()));
  }

  /**
   * The contextual reference of the bean that {@code target} is an instance of, if it outlives
   * requests.
   */
  private static Optional<Object> reference(BeanManager beans, Method method, Object target) {
    try {
      Class<?> type = method.getDeclaringClass();
      List<Bean<?>> own =
          beans.getBeans(type, Any.Literal.INSTANCE).stream()
              .filter(bean -> bean.getBeanClass().isInstance(target))
              .toList();
      if (own.size() != 1) {
        LOG.info(
            () ->
                "Background reads: no single bean of "
                    + type.getName()
                    + " found; "
                    + method.getName()
                    + " is not called again in the background");
        return Optional.empty();
      }
      Bean<?> bean = own.get(0);
      if (bean.getScope() != ApplicationScoped.class && bean.getScope() != Singleton.class) {
        LOG.info(
            () ->
                "Background reads: "
                    + type.getName()
                    + " is @"
                    + bean.getScope().getSimpleName()
                    + ", not @ApplicationScoped or @Singleton; "
                    + method.getName()
                    + " is not called again in the "
                    + "background");
        return Optional.empty();
      }
      method.setAccessible(true);
      return Optional.of(beans.getReference(bean, type, beans.createCreationalContext(bean)));
    } catch (RuntimeException e) {
      LOG.log(
          Level.INFO,
          e,
          () -> "Background reads: " + method + " is not called again in the background");
      return Optional.empty();
    }
  }
}
