package dev.granular.cache.portability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.granular.cache.CacheAnnotationsExtension;
import dev.granular.cache.interceptor.CachePutInterceptor;
import dev.granular.cache.interceptor.CacheRemoveAllInterceptor;
import dev.granular.cache.interceptor.CacheRemoveEntryInterceptor;
import dev.granular.cache.interceptor.CacheResultInterceptor;
import jakarta.enterprise.inject.spi.InterceptionType;
import jakarta.enterprise.inject.spi.Interceptor;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.lang.annotation.Annotation;
import java.util.List;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheRemoveAll;
import javax.cache.annotation.CacheResult;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RMap;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

/**
 * The library in plain CDI 4.0, outside any application server: Weld SE with discovery off sees
 * only the library's packages, its extension and one test bean, configured by system properties
 * alone (no MicroProfile Config, no JTA, no JAX-RS runtime). Redis is checked through a separate
 * client, so every assertion is about what Redis holds.
 */
class WeldSePortabilityIT {

  private static final String HASH = "cache:v1:" + PriceCatalog.CACHE;

  private static String previousRedisUrl;
  private static WeldContainer container;
  private static RedissonClient redis;
  private static PriceCatalog catalog;

  @BeforeAll
  static void boot() {
    String port = System.getProperty("test.redis.port");
    assertNotNull(port, "the build passes the tests' Redis port as test.redis.port");
    String url = "redis://127.0.0.1:" + port;
    previousRedisUrl = System.setProperty("REDIS_URL", url);

    Config config = new Config();
    config.setCodec(StringCodec.INSTANCE);
    config.useSingleServer().setAddress(url);
    redis = Redisson.create(config);
    redis.getKeys().deleteByPattern("*" + PriceCatalog.CACHE + "*");

    container =
        new Weld()
            .disableDiscovery()
            .addExtension(new CacheAnnotationsExtension())
            .addPackages(true, CacheAnnotationsExtension.class)
            .addBeanClasses(PriceCatalog.class)
            .initialize();
    catalog = container.select(PriceCatalog.class).get();
  }

  @AfterAll
  static void shutDown() {
    if (container != null) {
      container.shutdown();
    }
    if (redis != null) {
      redis.shutdown();
    }
    if (previousRedisUrl == null) {
      System.clearProperty("REDIS_URL");
    } else {
      System.setProperty("REDIS_URL", previousRedisUrl);
    }
  }

  @Test
  void theLibraryInterceptorsAreEnabledByTheirPriority() throws Exception {
    assertInterceptor(
        annotation("price", CacheResult.class, String.class), CacheResultInterceptor.class);
    assertInterceptor(
        annotation("update", CachePut.class, String.class, Price.class), CachePutInterceptor.class);
    assertInterceptor(
        annotation("discontinue", CacheRemove.class, String.class),
        CacheRemoveEntryInterceptor.class);
    assertInterceptor(annotation("reprice", CacheRemoveAll.class), CacheRemoveAllInterceptor.class);
  }

  @Test
  void secondResultCallIsAHitServedFromRedis() {
    String sku = uniqueSku();
    catalog.stock(new Price(sku, 1999));
    int before = catalog.lookups();

    assertEquals(new Price(sku, 1999), catalog.price(sku));
    assertEquals(new Price(sku, 1999), catalog.price(sku));

    assertEquals(before + 1, catalog.lookups(), "the second call is a hit");
    assertEquals(json(sku, 1999), storedJson(sku), "Redis holds the JSON value under the JSON key");
  }

  @Test
  void putStoresTheValue() {
    String sku = uniqueSku();
    int updates = catalog.updates();

    catalog.update(sku, new Price(sku, 500));

    assertEquals(updates + 1, catalog.updates(), "the method itself ran");
    assertEquals(json(sku, 500), storedJson(sku));
    int before = catalog.lookups();
    assertEquals(new Price(sku, 500), catalog.price(sku));
    assertEquals(before, catalog.lookups(), "the put value is served without running the method");
  }

  @Test
  void removeEvictsTheEntry() {
    String sku = uniqueSku();
    catalog.stock(new Price(sku, 700));
    catalog.price(sku);
    assertTrue(entries().containsKey(field(sku)));

    catalog.discontinue(sku);

    assertFalse(entries().containsKey(field(sku)), "@CacheRemove evicted the entry");
    int before = catalog.lookups();
    catalog.stock(new Price(sku, 750));
    assertEquals(new Price(sku, 750), catalog.price(sku));
    assertEquals(before + 1, catalog.lookups(), "after the eviction the method runs again");
  }

  @Test
  void removeAllEvictsEveryEntry() {
    String first = uniqueSku();
    String second = uniqueSku();
    catalog.stock(new Price(first, 100));
    catalog.stock(new Price(second, 200));
    catalog.price(first);
    catalog.price(second);
    assertTrue(entries().containsKey(field(first)));
    assertTrue(entries().containsKey(field(second)));

    catalog.reprice();

    assertTrue(entries().isEmpty(), "@CacheRemoveAll emptied the cache's hash");
    int before = catalog.lookups();
    catalog.price(first);
    catalog.price(second);
    assertEquals(before + 2, catalog.lookups(), "after the eviction both lookups run again");
  }

  @Test
  void nullResultDoesNotFail() {
    String sku = uniqueSku();
    int before = catalog.lookups();

    assertNull(catalog.price(sku));
    assertNull(catalog.price(sku));

    assertEquals(
        before + 1, catalog.lookups(), "the absent price is remembered (negative caching)");
    assertTrue(entries().containsKey(field(sku)), "Redis holds the negative entry");
  }

  private static void assertInterceptor(Annotation binding, Class<?> expected) {
    List<Interceptor<?>> resolved =
        container.getBeanManager().resolveInterceptors(InterceptionType.AROUND_INVOKE, binding);
    assertEquals(
        List.of(expected),
        resolved.stream().map(Interceptor::getBeanClass).toList(),
        "interceptors bound to @" + binding.annotationType().getSimpleName());
  }

  private static <A extends Annotation> A annotation(
      String method, Class<A> type, Class<?>... parameters) throws NoSuchMethodException {
    return PriceCatalog.class.getMethod(method, parameters).getAnnotation(type);
  }

  private static String uniqueSku() {
    return "sku-" + System.nanoTime();
  }

  /** The cache's Redis hash, read without the library. */
  private static RMap<String, String> entries() {
    return redis.getMap(HASH, StringCodec.INSTANCE);
  }

  /** A one-parameter key is that parameter as JSON. */
  private static String field(String sku) {
    return "\"" + sku + "\"";
  }

  private static JsonObject storedJson(String sku) {
    String stored = entries().get(field(sku));
    assertNotNull(stored, "Redis holds an entry for " + sku);
    // An entry is the digest of the versions it depends on and its tags ("~v..."), a newline, then
    // the value's JSON.
    String value = stored.startsWith("~v") ? stored.substring(stored.indexOf('\n') + 1) : stored;
    return Json.createReader(new StringReader(value)).readObject();
  }

  private static JsonObject json(String sku, long cents) {
    return Json.createObjectBuilder().add("sku", sku).add("cents", cents).build();
  }
}
