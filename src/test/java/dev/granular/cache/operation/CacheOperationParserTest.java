package dev.granular.cache.operation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.granular.cache.key.ParametersCacheKey;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.annotation.CacheDefaults;
import javax.cache.annotation.CacheInvocationParameter;
import javax.cache.annotation.CacheKey;
import javax.cache.annotation.CacheKeyGenerator;
import javax.cache.annotation.CacheKeyInvocationContext;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheRemoveAll;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.CacheValue;
import javax.cache.annotation.GeneratedCacheKey;
import org.junit.jupiter.api.Test;

/** The JSR-107 defaults the parser applies: cache names, key and value parameters, strategies. */
class CacheOperationParserTest {

  private final NoBeans<Object> beans = new NoBeans<>();
  private final RecordingCacheResolverFactory factory = new RecordingCacheResolverFactory();
  private final CacheOperationParser parser =
      new CacheOperationParser(new StrategyInstances(beans, factory));

  @Test
  void withoutAnyNameTheCacheIsNamedAfterTheMethodSignature() {
    CacheOperation<CacheResult> operation = parse(Products.class, "find", CacheResult.class);

    assertEquals(
        "dev.granular.cache.operation.CacheOperationParserTest$Products.find(long,java.lang.String)",
        operation.getCacheName());
  }

  @Test
  void theClassDefaultNamesTheCacheWhenTheAnnotationDoesNot() {
    assertEquals(
        "category-products",
        parse(CategoryProducts.class, "list", CacheResult.class).getCacheName());
    assertEquals(
        "category-products",
        parse(CategoryProducts.class, "clear", CacheRemoveAll.class).getCacheName());
  }

  @Test
  void theAnnotationsNameWinsOverTheClassDefault() {
    assertEquals(
        "featured", parse(CategoryProducts.class, "featured", CacheResult.class).getCacheName());
  }

  @Test
  void keyParametersAreTheCacheKeyOnesWhenAnyIsAnnotated() {
    CacheOperation<CacheResult> operation = parse(Products.class, "localized", CacheResult.class);
    CacheInvocation<CacheResult> invocation =
        operation.invocation(new Products(), new Object[] {5L, "en"});

    assertEquals(List.of(0), positions(invocation.getKeyParameters()));
    assertEquals(new ParametersCacheKey(new Object[] {5L}), operation.key(invocation));
  }

  @Test
  void withoutCacheKeyEveryParameterButTheValueIsPartOfTheKey() {
    CacheOperation<CachePut> operation = parse(Products.class, "put", CachePut.class);
    Object product = "Dune";
    CacheInvocation<CachePut> invocation =
        operation.invocation(new Products(), new Object[] {5L, product, "en"});

    assertEquals(List.of(0, 2), positions(invocation.getKeyParameters()));
    assertEquals(1, invocation.getValueParameter().getParameterPosition());
    assertSame(product, invocation.value());
    assertEquals(new ParametersCacheKey(new Object[] {5L, "en"}), operation.key(invocation));
  }

  @Test
  void theDefaultGeneratorKeysOnAllParametersInOrder() {
    CacheOperation<CacheResult> operation = parse(Products.class, "find", CacheResult.class);
    Products target = new Products();

    GeneratedCacheKey key = operation.key(operation.invocation(target, new Object[] {5L, "en"}));

    assertEquals(new ParametersCacheKey(new Object[] {5L, "en"}), key);
    assertSame(target, operation.invocation(target, new Object[] {5L, "en"}).getTarget());
  }

  @Test
  void aPutWithoutExactlyOneCacheValueIsRejected() {
    assertThrows(
        IllegalStateException.class,
        () -> parse(Products.class, "putWithoutValue", CachePut.class));
    assertThrows(
        IllegalStateException.class, () -> parse(Products.class, "putTwoValues", CachePut.class));
  }

  @Test
  void aMethodWithoutTheAnnotationIsRejected() {
    assertThrows(
        IllegalStateException.class, () -> parse(Products.class, "find", CacheRemove.class));
  }

  @Test
  void anAnnotationOnTheClassAppliesToItsMethods() {
    assertEquals(
        "everything", parse(ClearedAsAWhole.class, "reset", CacheRemoveAll.class).getCacheName());
  }

  @Test
  void aNamedKeyGeneratorIsCreatedOnceAndShared() {
    int before = CountingKeyGenerator.CREATED.get();

    CacheOperation<CacheResult> read = parse(Counted.class, "read", CacheResult.class);
    CacheOperation<CacheRemove> remove = parse(Counted.class, "remove", CacheRemove.class);
    GeneratedCacheKey readKey = read.key(read.invocation(new Counted(), new Object[] {5L}));
    GeneratedCacheKey removeKey = remove.key(remove.invocation(new Counted(), new Object[] {5L}));

    assertEquals(before + 1, CountingKeyGenerator.CREATED.get());
    assertEquals(1, beans.selections);
    assertEquals(readKey, removeKey);
    assertEquals(new ParametersCacheKey(new Object[] {"generator " + (before + 1), 5L}), readKey);
  }

  @Test
  void theResolverFactoryIsAskedOnceWithTheParsedOperation() {
    CacheOperation<CacheResult> operation = parse(Products.class, "find", CacheResult.class);

    assertEquals(List.of(operation), factory.details);
    assertSame(RecordingCacheResolverFactory.NO_CACHE, operation.cacheResolver());
    assertTrue(operation.getAnnotations().stream().anyMatch(CacheResult.class::isInstance));
  }

  @Test
  void anExceptionCacheResolverExistsOnlyWhenAnExceptionCacheIsNamed() {
    assertNull(parse(Products.class, "find", CacheResult.class).exceptionCacheResolver());

    CacheOperation<CacheResult> guarded = parse(Products.class, "guarded", CacheResult.class);

    assertNotNull(guarded.exceptionCacheResolver());
    assertEquals(List.of(guarded), factory.exceptionDetails);
  }

  private <A extends Annotation> CacheOperation<A> parse(
      Class<?> type, String name, Class<A> annotation) {
    Method method =
        Arrays.stream(type.getDeclaredMethods())
            .filter(m -> m.getName().equals(name))
            .findFirst()
            .orElseThrow();
    return parser.parse(method, annotation);
  }

  private static List<Integer> positions(CacheInvocationParameter[] parameters) {
    return Arrays.stream(parameters).map(CacheInvocationParameter::getParameterPosition).toList();
  }

  static class Products {
    @CacheResult
    Object find(long id, String locale) {
      return null;
    }

    @CacheResult(cacheName = "products")
    Object localized(@CacheKey long id, String locale) {
      return null;
    }

    @CacheResult(cacheName = "products", exceptionCacheName = "product-failures")
    Object guarded(long id) {
      return null;
    }

    @CachePut(cacheName = "products")
    void put(long id, @CacheValue Object product, String locale) {}

    @CachePut(cacheName = "products")
    void putWithoutValue(long id, Object product) {}

    @CachePut(cacheName = "products")
    void putTwoValues(@CacheValue Object product, @CacheValue Object other) {}
  }

  @CacheDefaults(cacheName = "category-products")
  static class CategoryProducts {
    @CacheResult
    Object list(long categoryId) {
      return null;
    }

    @CacheResult(cacheName = "featured")
    Object featured(long categoryId) {
      return null;
    }

    @CacheRemoveAll
    void clear() {}
  }

  @CacheRemoveAll(cacheName = "everything")
  static class ClearedAsAWhole {
    void reset() {}
  }

  static class Counted {
    @CacheResult(cacheName = "counted", cacheKeyGenerator = CountingKeyGenerator.class)
    Object read(long id) {
      return null;
    }

    @CacheRemove(cacheName = "counted", cacheKeyGenerator = CountingKeyGenerator.class)
    void remove(long id) {}
  }

  /** Numbers its instances and puts the number in every key, so a shared instance shows. */
  public static final class CountingKeyGenerator implements CacheKeyGenerator {
    static final AtomicInteger CREATED = new AtomicInteger();
    private final int number = CREATED.incrementAndGet();

    public CountingKeyGenerator() {}

    @Override
    public GeneratedCacheKey generateCacheKey(
        CacheKeyInvocationContext<? extends Annotation> context) {
      return new ParametersCacheKey(
          new Object[] {"generator " + number, context.getKeyParameters()[0].getValue()});
    }
  }
}
