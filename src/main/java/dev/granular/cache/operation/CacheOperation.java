package dev.granular.cache.operation;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Set;
import javax.cache.annotation.CacheKeyGenerator;
import javax.cache.annotation.CacheMethodDetails;
import javax.cache.annotation.CacheResolver;
import javax.cache.annotation.GeneratedCacheKey;

/**
 * Everything about one annotated method that does not change between calls: the cache name, which
 * parameters form the key and which is the value, and the key generator and cache resolvers to use.
 * Built once per method by {@link CacheOperationParser}, so a call does no reflection.
 */
public final class CacheOperation<A extends Annotation> implements CacheMethodDetails<A> {

  private final Method method;
  private final Set<Annotation> annotations;
  private final A cacheAnnotation;
  private final String cacheName;
  private final ParameterDetails[] parameters;
  private final int[] allPositions;
  private final int[] keyPositions;
  private final int valuePosition;
  private final java.util.List<dev.granular.cache.tag.TagTemplate> tags;
  private final java.util.List<dev.granular.cache.tag.TagTemplate> argumentTags;
  private final String[] parameterNames;
  private final dev.granular.cache.lock.RefillLockSettings refillLock;
  private final dev.granular.cache.lock.RefreshAhead refreshAhead;
  private final boolean refreshAfterInvalidation;
  private CacheKeyGenerator keyGenerator;
  private CacheResolver cacheResolver;
  private CacheResolver exceptionCacheResolver;

  CacheOperation(
      Method method,
      A cacheAnnotation,
      String cacheName,
      ParameterDetails[] parameters,
      int[] keyPositions,
      int valuePosition,
      java.util.List<dev.granular.cache.tag.TagTemplate> tags) {
    this.method = method;
    this.annotations = Set.of(method.getAnnotations());
    this.cacheAnnotation = cacheAnnotation;
    this.cacheName = cacheName;
    this.parameters = parameters;
    this.allPositions = java.util.stream.IntStream.range(0, parameters.length).toArray();
    this.keyPositions = keyPositions;
    this.valuePosition = valuePosition;
    this.tags = tags;
    this.argumentTags = tags.stream().filter(t -> !t.readsResult()).toList();
    this.refillLock =
        dev.granular.cache.lock.RefillLockSettings.of(
            cacheName, method.getAnnotation(dev.granular.cache.lock.RefillLocked.class));
    this.refreshAhead =
        cacheAnnotation instanceof javax.cache.annotation.CacheResult
            ? dev.granular.cache.lock.RefreshAhead.of(cacheName)
            : dev.granular.cache.lock.RefreshAhead.OFF;
    this.refreshAfterInvalidation =
        cacheAnnotation instanceof javax.cache.annotation.CacheResult
            && dev.granular.cache.hot.HotKeySettings.of(cacheName).enabled();
    this.parameterNames =
        java.util.Arrays.stream(method.getParameters())
            .map(java.lang.reflect.Parameter::getName)
            .toArray(String[]::new);
  }

  /** How misses of this method are locked. */
  public dev.granular.cache.lock.RefillLockSettings refillLock() {
    return refillLock;
  }

  /** Whether and how early hits of this method reload their entry before it expires. */
  public dev.granular.cache.lock.RefreshAhead refreshAhead() {
    return refreshAhead;
  }

  /**
   * Whether the keys this method serves are reloaded after an invalidation voids them (a field read
   * per hit).
   */
  public boolean refreshAfterInvalidation() {
    return refreshAfterInvalidation;
  }

  /** The tag templates of the method ({@code @CacheTags}); empty when it declares none. */
  public java.util.List<dev.granular.cache.tag.TagTemplate> tags() {
    return tags;
  }

  /** The tags of one call with its result, from the templates. */
  public java.util.Set<String> tagsOf(Object[] arguments, Object result) {
    java.util.Map<String, Object> byName = new java.util.HashMap<>();
    for (int i = 0; i < parameterNames.length; i++) {
      byName.put(parameterNames[i], arguments[i]);
    }
    return dev.granular.cache.tag.TagExpressions.evaluate(tags, byName, result);
  }

  /**
   * The tags of one call that its arguments alone decide: those a lookup can tell before it reads
   * the entry.
   */
  public java.util.Set<String> argumentTagsOf(Object[] arguments) {
    if (argumentTags.isEmpty()) {
      return java.util.Set.of();
    }
    java.util.Map<String, Object> byName = new java.util.HashMap<>();
    for (int i = 0; i < parameterNames.length; i++) {
      byName.put(parameterNames[i], arguments[i]);
    }
    return dev.granular.cache.tag.TagExpressions.evaluate(argumentTags, byName, null);
  }

  /** Completes the operation with its strategies; called once by the parser, before publication. */
  void use(CacheKeyGenerator keys, CacheResolver caches, CacheResolver exceptionCaches) {
    this.keyGenerator = keys;
    this.cacheResolver = caches;
    this.exceptionCacheResolver = exceptionCaches;
  }

  /** The context of one call of this method. */
  public CacheInvocation<A> invocation(Object target, Object[] arguments) {
    return new CacheInvocation<>(this, target, arguments);
  }

  public GeneratedCacheKey key(CacheInvocation<A> invocation) {
    return keyGenerator.generateCacheKey(invocation);
  }

  public CacheResolver cacheResolver() {
    return cacheResolver;
  }

  /** The resolver of the exception cache, or null when the operation caches no exceptions. */
  public CacheResolver exceptionCacheResolver() {
    return exceptionCacheResolver;
  }

  @Override
  public Method getMethod() {
    return method;
  }

  @Override
  public Set<Annotation> getAnnotations() {
    return annotations;
  }

  @Override
  public A getCacheAnnotation() {
    return cacheAnnotation;
  }

  @Override
  public String getCacheName() {
    return cacheName;
  }

  ParameterDetails parameter(int position) {
    return parameters[position];
  }

  /** The generic type of the {@code @CacheValue} parameter, or null when there is none. */
  public java.lang.reflect.Type valueType() {
    return valuePosition < 0 ? null : parameters[valuePosition].genericType();
  }

  int[] allPositions() {
    return allPositions;
  }

  int[] keyPositions() {
    return keyPositions;
  }

  int valuePosition() {
    return valuePosition;
  }

  @Override
  public String toString() {
    return cacheAnnotation.annotationType().getSimpleName() + " " + cacheName + " on " + method;
  }
}
