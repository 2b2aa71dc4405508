package dev.granular.cache.operation;

import dev.granular.cache.tag.CacheTags;
import dev.granular.cache.tag.TagTemplate;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.cache.annotation.CacheDefaults;
import javax.cache.annotation.CacheKey;
import javax.cache.annotation.CacheKeyGenerator;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheRemoveAll;
import javax.cache.annotation.CacheResolverFactory;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.CacheValue;

/**
 * Reads a method's JSR-107 annotations into a {@link CacheOperation}, applying the spec's defaults:
 * the cache name comes from the annotation, else from {@code @CacheDefaults} on the class, else it
 * is the method's signature ({@code pkg.Type.method(pkg.Param1,pkg.Param2)}); the key parameters
 * are those annotated {@code @CacheKey}, else every parameter but the {@code @CacheValue} one;
 * factories and generators likewise fall back to the class defaults and then to the library's own.
 */
public final class CacheOperationParser {

  private final StrategyInstances strategies;

  public CacheOperationParser(StrategyInstances strategies) {
    this.strategies = strategies;
  }

  public <A extends Annotation> CacheOperation<A> parse(Method method, Class<A> annotationType) {
    A annotation = method.getAnnotation(annotationType);
    if (annotation == null) {
      annotation = method.getDeclaringClass().getAnnotation(annotationType);
    }
    if (annotation == null) {
      throw new IllegalStateException(method + " carries no @" + annotationType.getSimpleName());
    }
    CacheDefaults defaults = method.getDeclaringClass().getAnnotation(CacheDefaults.class);
    ParameterDetails[] parameters = parameters(method);
    int valuePosition = valuePosition(method, parameters, annotationType);
    CacheOperation<A> operation =
        new CacheOperation<>(
            method,
            annotation,
            cacheName(method, declaredCacheName(annotation), defaults),
            parameters,
            keyPositions(parameters),
            valuePosition,
            tags(method));
    CacheResolverFactory factory =
        strategies.resolverFactory(chosen(declaredResolverFactory(annotation), defaults));
    CacheKeyGenerator keys = strategies.keyGenerator(chosenKeyGenerator(annotation, defaults));
    operation.use(
        keys,
        factory.getCacheResolver(operation),
        exceptionResolver(annotation, factory, operation));
    return operation;
  }

  private static java.util.List<TagTemplate> tags(Method method) {
    CacheTags tags = method.getAnnotation(CacheTags.class);
    if (tags == null) {
      return java.util.List.of();
    }
    Set<String> names =
        Arrays.stream(method.getParameters()).map(Parameter::getName).collect(Collectors.toSet());
    return Arrays.stream(tags.value()).map(t -> TagTemplate.parse(t, names)).toList();
  }

  /** The spec's default cache name: the method's class, name and parameter types. */
  public static String defaultCacheName(Method method) {
    String parameters =
        Arrays.stream(method.getParameterTypes())
            .map(Class::getName)
            .collect(Collectors.joining(","));
    return method.getDeclaringClass().getName() + "." + method.getName() + "(" + parameters + ")";
  }

  private static String cacheName(Method method, String declared, CacheDefaults defaults) {
    if (!declared.isEmpty()) {
      return declared;
    }
    if (defaults != null && !defaults.cacheName().isEmpty()) {
      return defaults.cacheName();
    }
    return defaultCacheName(method);
  }

  private static ParameterDetails[] parameters(Method method) {
    Parameter[] declared = method.getParameters();
    return IntStream.range(0, declared.length)
        .mapToObj(
            i ->
                new ParameterDetails(
                    declared[i].getType(),
                    declared[i].getParameterizedType(),
                    Set.of(declared[i].getAnnotations()),
                    i))
        .toArray(ParameterDetails[]::new);
  }

  private static int[] keyPositions(ParameterDetails[] parameters) {
    int[] annotated =
        Arrays.stream(parameters)
            .filter(p -> p.isAnnotated(CacheKey.class))
            .mapToInt(ParameterDetails::position)
            .toArray();
    if (annotated.length > 0) {
      return annotated;
    }
    return Arrays.stream(parameters)
        .filter(p -> !p.isAnnotated(CacheValue.class))
        .mapToInt(ParameterDetails::position)
        .toArray();
  }

  private static int valuePosition(
      Method method, ParameterDetails[] parameters, Class<? extends Annotation> annotationType) {
    int[] values =
        Arrays.stream(parameters)
            .filter(p -> p.isAnnotated(CacheValue.class))
            .mapToInt(ParameterDetails::position)
            .toArray();
    if (annotationType == CachePut.class && values.length != 1) {
      throw new IllegalStateException(
          "@CachePut needs exactly one @CacheValue parameter, found "
              + values.length
              + " on "
              + method);
    }
    return values.length == 0 ? -1 : values[0];
  }

  private static String declaredCacheName(Annotation annotation) {
    if (annotation instanceof CacheResult a) {
      return a.cacheName();
    } else if (annotation instanceof CachePut a) {
      return a.cacheName();
    } else if (annotation instanceof CacheRemove a) {
      return a.cacheName();
    } else if (annotation instanceof CacheRemoveAll a) {
      return a.cacheName();
    }
    throw new IllegalArgumentException("not a JSR-107 annotation: " + annotation);
  }

  private static Class<? extends CacheResolverFactory> declaredResolverFactory(
      Annotation annotation) {
    if (annotation instanceof CacheResult a) {
      return a.cacheResolverFactory();
    } else if (annotation instanceof CachePut a) {
      return a.cacheResolverFactory();
    } else if (annotation instanceof CacheRemove a) {
      return a.cacheResolverFactory();
    }
    return ((CacheRemoveAll) annotation).cacheResolverFactory();
  }

  private static Class<? extends CacheResolverFactory> chosen(
      Class<? extends CacheResolverFactory> declared, CacheDefaults defaults) {
    if (declared != CacheResolverFactory.class || defaults == null) {
      return declared;
    }
    return defaults.cacheResolverFactory();
  }

  private static Class<? extends CacheKeyGenerator> chosenKeyGenerator(
      Annotation annotation, CacheDefaults defaults) {
    Class<? extends CacheKeyGenerator> declared = CacheKeyGenerator.class;
    if (annotation instanceof CacheResult a) {
      declared = a.cacheKeyGenerator();
    } else if (annotation instanceof CachePut a) {
      declared = a.cacheKeyGenerator();
    } else if (annotation instanceof CacheRemove a) {
      declared = a.cacheKeyGenerator();
    }
    if (declared != CacheKeyGenerator.class || defaults == null) {
      return declared;
    }
    return defaults.cacheKeyGenerator();
  }

  private static javax.cache.annotation.CacheResolver exceptionResolver(
      Annotation annotation, CacheResolverFactory factory, CacheOperation<?> operation) {
    if (annotation instanceof CacheResult a && !a.exceptionCacheName().isEmpty()) {
      return factory.getExceptionCacheResolver((CacheOperation<CacheResult>) operation);
    }
    return null;
  }
}
