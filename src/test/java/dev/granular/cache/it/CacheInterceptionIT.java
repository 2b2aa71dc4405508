package dev.granular.cache.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.granular.cache.interceptor.CachePutInterceptor;
import dev.granular.cache.interceptor.CacheRemoveAllInterceptor;
import dev.granular.cache.interceptor.CacheRemoveEntryInterceptor;
import dev.granular.cache.interceptor.CacheResultInterceptor;
import dev.granular.cache.redis.RedisConnection;
import dev.granular.support.Deployments;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.InterceptionType;
import jakarta.enterprise.inject.spi.Interceptor;
import jakarta.inject.Inject;
import jakarta.transaction.UserTransaction;
import java.lang.annotation.Annotation;
import java.net.URL;
import java.util.List;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheRemoveAll;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.CacheValue;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.redisson.api.RMap;
import org.redisson.api.RedissonClient;

/**
 * Inside Payara Micro: the JSR-107 annotations are served by this library's interceptors alone
 * (Payara's own are disabled), against the tests' real Redis.
 */
@ExtendWith(ArquillianExtension.class)
class CacheInterceptionIT {

  @Deployment
  static WebArchive deployment() {
    return Deployments.application("interception")
        .addClasses(GreetingService.class, CacheInterceptionIT.Samples.class)
        .addClasses(Counter.class, ResultBean.class, ResultBean.Item.class, DefaultNameBean.class)
        .addClasses(
            ClassLevelBean.class,
            RequestBean.class,
            WriteBean.class,
            InvalidatingWriteBean.class,
            CachedResource.class)
        .addClasses(CaseInsensitiveKeyGenerator.class, CountingResolverFactory.class);
  }

  @Inject BeanManager beans;
  @Inject GreetingService greetings;
  @Inject RedisConnection redis;
  @Inject ResultBean results;
  @Inject DefaultNameBean defaultName;
  @Inject ClassLevelBean classLevel;
  @Inject RequestBean requestScoped;
  @Inject WriteBean writes;
  @Inject InvalidatingWriteBean invalidatingWrites;
  @Inject UserTransaction transaction;
  @ArquillianResource URL base;

  private static String unique(String prefix) {
    return prefix + System.nanoTime();
  }

  /**
   * A stored entry: the digest of the versions it depends on, its declared tags, a newline, the
   * value's JSON.
   */
  static void assertPayload(String json, String stored) {
    assertTrue(
        stored != null
            && stored.matches("(?s)~v[0-9a-z]{1,13}(\t[^\n]*)?\n.*")
            && stored.endsWith("\n" + json),
        "stored: " + stored);
  }

  private RMap<String, String> redisHash(String cacheName) {
    return redis.client().getMap("cache:v1:" + cacheName);
  }

  @Test
  void resultHitsAfterOneLoad() {
    String key = unique("k");
    assertEquals("value-" + key + "-1", results.value(key));
    assertEquals("value-" + key + "-1", results.value(key));
    assertEquals(1, Counter.of("value:" + key));
  }

  @Test
  void skipGetAlwaysRunsAndStores() {
    String key = unique("k");
    assertEquals("refreshed-" + key + "-1", results.refreshed(key));
    assertEquals("refreshed-" + key + "-2", results.refreshed(key));
    assertPayload("\"refreshed-" + key + "-2\"", redisHash("it-results").get("\"" + key + "\""));
  }

  @Test
  void structuredValuesRoundTripThroughJsonAndCacheKeySelectsTheKey() {
    long id = System.nanoTime();
    ResultBean.Item first = results.item(id, "a");
    ResultBean.Item second = results.item(id, "b");
    assertEquals(first, second);
    assertEquals(1, Counter.of("item:" + id));
    String stored = redisHash("it-results").get(String.valueOf(id));
    assertTrue(stored.contains("\"tags\":[\"a\",\"b\"]"), stored);
  }

  @Test
  void cachedExceptionIsRethrownFromTheCacheOthersAreNot() {
    String key = unique("k");
    IllegalStateException first =
        assertThrows(IllegalStateException.class, () -> results.failing(key, false));
    IllegalStateException second =
        assertThrows(IllegalStateException.class, () -> results.failing(key, false));
    assertEquals(first.getMessage(), second.getMessage());
    assertEquals(
        1, Counter.of("failing:" + key), "the second exception came from the exception cache");
    String other = unique("k");
    assertThrows(IllegalArgumentException.class, () -> results.failing(other, true));
    assertThrows(IllegalArgumentException.class, () -> results.failing(other, true));
    assertEquals(2, Counter.of("failing:" + other), "nonmatching exceptions are not cached");
  }

  @Test
  void nullIsRememberedForTheNegativeTtlOnly() throws Exception {
    String key = unique("k");
    assertNull(results.absent(key));
    assertNull(results.absent(key));
    assertEquals(
        1, Counter.of("absent:" + key), "the second lookup was answered by the negative entry");
    Thread.sleep(1500); // cache.it-nulls.negative-ttl=1s (arquillian.xml)
    assertNull(results.absent(key));
    assertEquals(2, Counter.of("absent:" + key), "the negative entry expired");
  }

  @Test
  void unreadablePayloadIsAMissNotAnError() {
    String key = unique("k");
    redisHash("it-results").put("\"" + key + "\"", "{not json");
    assertEquals("value-" + key + "-1", results.value(key));
    assertEquals("value-" + key + "-1", results.value(key));
  }

  @Test
  void customKeyGeneratorAndResolverFactoryAreCreatedOnceAndUsed() {
    String key = unique("k");
    assertEquals(key + "-1", results.caseInsensitive(key));
    assertEquals(
        key.toUpperCase() + "-1", results.caseInsensitive(key.toUpperCase()).toUpperCase());
    assertEquals(1, Counter.of("case:" + key.toLowerCase()));
    int generators = CaseInsensitiveKeyGenerator.INSTANCES.get();
    results.resolved(key);
    results.resolved(key);
    results.resolved(unique("k"));
    assertEquals(1, Counter.of("resolved:" + key));
    assertEquals(1, CountingResolverFactory.RESOLVERS.get(), "one resolver per method, made once");
    results.caseInsensitive(unique("k"));
    assertEquals(
        generators, CaseInsensitiveKeyGenerator.INSTANCES.get(), "the generator is reused");
  }

  @Test
  void defaultCacheNameIsTheMethodSignature() {
    String name = unique("n");
    defaultName.greet(name, 2);
    defaultName.greet(name, 2);
    assertEquals(1, Counter.of("default-name:" + name), "a dependent bean is intercepted too");
    String cacheName = DefaultNameBean.class.getName() + ".greet(java.lang.String,int)";
    assertPayload(
        "\"hi " + name + " hi " + name + "\"", redisHash(cacheName).get("\"" + name + "\",2"));
  }

  @Test
  void classLevelAnnotationAndOtherScopesAreIntercepted() {
    String key = unique("k");
    classLevel.first(key);
    classLevel.first(key);
    classLevel.second(key);
    classLevel.second(key);
    assertEquals(1, Counter.of("first:" + key));
    assertEquals(1, Counter.of("second:" + key));
    requestScoped.value(key);
    requestScoped.value(key);
    assertEquals(1, Counter.of("request:" + key));
  }

  @Test
  void jaxRsResourceMethodsAreIntercepted() throws Exception {
    String q = unique("q");
    var client = java.net.http.HttpClient.newHttpClient();
    var request =
        java.net.http.HttpRequest.newBuilder(base.toURI().resolve("api/it-cached?q=" + q)).build();
    String first = client.send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    String second = client.send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    assertEquals(q + "-1", first);
    assertEquals(first, second);
    assertEquals(1, Counter.of("rest:" + q));
  }

  @Test
  void putStoresTheValueAfterSuccessOrForMatchingExceptions() {
    String key = unique("k");
    writes.put(key, "put-value");
    assertEquals("put-value", writes.read(key), "read served from the put");
    assertEquals(0, Counter.of("read:" + key));

    String before = unique("k");
    assertThrows(IllegalStateException.class, () -> writes.putBeforeFailing(before, "early"));
    assertEquals("early", writes.read(before), "afterInvocation=false puts before the method runs");

    String matching = unique("k");
    assertThrows(IllegalStateException.class, () -> writes.putFailing(matching, "kept", true));
    assertEquals("kept", writes.read(matching), "cacheFor matched");
    String other = unique("k");
    assertThrows(IllegalArgumentException.class, () -> writes.putFailing(other, "dropped", false));
    assertEquals("loaded-" + other + "-1", writes.read(other), "no put for other exceptions");
  }

  @Test
  void putInsideATransactionStoresOnlyOnceItCommits() throws Exception {
    String committed = unique("k");
    transaction.begin();
    writes.put(committed, "after-commit");
    transaction.commit();
    assertEquals("after-commit", writes.read(committed), "written through after commit");
    assertEquals(0, Counter.of("read:" + committed));

    String rolledBack = unique("k");
    transaction.begin();
    writes.put(rolledBack, "never");
    transaction.rollback();
    assertEquals(
        "loaded-" + rolledBack + "-1", writes.read(rolledBack), "a rolled-back put stores nothing");
  }

  @Test
  void putRacingALaterWriterLeavesTheEntryAbsent() throws Exception {
    String key = unique("k");
    transaction.begin();
    writes.put(key, "older"); // reads the invalidation clock here, inside the transaction
    // Another writer's invalidation lands after that reading, before this commit: its value may be
    // the newer one.
    Thread other = new Thread(() -> writes.remove(key, "a later writer"));
    other.start();
    other.join();
    transaction.commit();
    assertEquals("loaded-" + key + "-1", writes.read(key), "not stored: the next read loads");
  }

  @Test
  void invalidateStrategyOnlyVoidsTheEntry() {
    String key = unique("k");
    assertEquals("loaded-" + key + "-1", invalidatingWrites.read(key));
    invalidatingWrites.put(key, "ignored");
    assertEquals(
        "loaded-" + key + "-2",
        invalidatingWrites.read(key),
        "put voided the entry; the read loaded");
    assertEquals("loaded-" + key + "-2", invalidatingWrites.read(key));
  }

  @Test
  void removeEvictsAfterSuccessOrForMatchingExceptions() {
    String key = unique("k");
    writes.put(key, "v");
    writes.remove(key, "only the @CacheKey parameter is the key");
    assertEquals("loaded-" + key + "-1", writes.read(key));

    writes.put(key, "v2");
    assertThrows(IllegalArgumentException.class, () -> writes.removeFailing(key, false));
    assertEquals("v2", writes.read(key), "no eviction for exceptions outside evictFor");
    assertThrows(IllegalStateException.class, () -> writes.removeFailing(key, true));
    assertEquals("loaded-" + key + "-2", writes.read(key), "evictFor matched");

    writes.put(key, "v3");
    assertThrows(IllegalStateException.class, () -> writes.removeBeforeFailing(key));
    assertEquals("loaded-" + key + "-3", writes.read(key), "afterInvocation=false removes first");
  }

  @Test
  void removeAllEmptiesTheCache() {
    String a = unique("a");
    String b = unique("b");
    writes.put(a, "1");
    writes.put(b, "2");
    writes.clear();
    assertEquals("loaded-" + a + "-1", writes.read(a));
    assertEquals("loaded-" + b + "-1", writes.read(b));
    writes.put(a, "3");
    assertThrows(IllegalStateException.class, () -> writes.clearBeforeFailing());
    assertEquals("loaded-" + a + "-2", writes.read(a));
  }

  @Test
  void onlyOurInterceptorsServeTheAnnotations() throws Exception {
    assertInterceptors(
        Samples.annotation("result", CacheResult.class), CacheResultInterceptor.class);
    assertInterceptors(Samples.annotation("put", CachePut.class), CachePutInterceptor.class);
    assertInterceptors(
        Samples.annotation("remove", CacheRemove.class), CacheRemoveEntryInterceptor.class);
    assertInterceptors(
        Samples.annotation("removeAll", CacheRemoveAll.class), CacheRemoveAllInterceptor.class);
  }

  @Test
  void resultIsCachedInRedisAndRemoved() {
    RedissonClient client = redis.client();
    String name = "ada-" + System.nanoTime();
    int before = greetings.greetings();
    assertEquals("Hello, " + name, greetings.greet(name));
    assertEquals("Hello, " + name, greetings.greet(name));
    assertEquals(before + 1, greetings.greetings(), "the second call is a hit");
    Object stored = client.getMap("cache:v1:greetings").get("\"" + name + "\"");
    assertPayload("\"Hello, " + name + "\"", (String) stored);

    greetings.forget(name);
    assertNull(client.getMap("cache:v1:greetings").get("\"" + name + "\""));
    greetings.greet(name);
    assertEquals(before + 2, greetings.greetings(), "after @CacheRemove the method runs again");
  }

  @Test
  void nullResultDoesNotFail() {
    String nobody = unique("nobody");
    int before = greetings.lookups();
    assertNull(greetings.nothingFor(nobody));
    assertNull(greetings.nothingFor(nobody));
    assertEquals(before + 1, greetings.lookups(), "remembered as absent for the negative TTL");
  }

  private void assertInterceptors(Annotation binding, Class<?> expected) {
    List<Interceptor<?>> resolved =
        beans.resolveInterceptors(InterceptionType.AROUND_INVOKE, binding);
    assertEquals(
        List.of(expected),
        resolved.stream().map(Interceptor::getBeanClass).toList(),
        "interceptors bound to @" + binding.annotationType().getSimpleName());
  }

  /** Methods that only carry the annotations whose instances the test needs. */
  static class Samples {
    @CacheResult(cacheName = "samples")
    void result() {}

    @CachePut(cacheName = "samples")
    void put(@CacheValue String value) {}

    @CacheRemove(cacheName = "samples")
    void remove() {}

    @CacheRemoveAll(cacheName = "samples")
    void removeAll() {}

    static <A extends Annotation> A annotation(String method, Class<A> type) throws Exception {
      for (var candidate : Samples.class.getDeclaredMethods()) {
        if (candidate.getName().equals(method)) {
          return candidate.getAnnotation(type);
        }
      }
      throw new IllegalArgumentException(method);
    }
  }
}
