package dev.granular.consistency;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.logging.Logger;

/**
 * A randomized checker of the consistency guarantee: once a write's HTTP response has returned, no
 * read that starts afterwards, on any instance, returns an older value, for single products and for
 * category listings.
 *
 * <p>One writer per product updates it through the REST API, alternating between instances; every
 * write gives the product a new version in its name ({@code p3-v17}) and moves it to a category
 * that follows from the version, so the expected state of each product after any returned write is
 * known. Readers GET products and listings on random instances; a read is stale when it shows a
 * product older than the last write that had returned before the read started, or misses a product
 * from a listing although the product's writer was idle around the whole read and had put it there.
 * After the writers stop, every product and listing is read on every instance once more.
 *
 * <p>Run by hand against running instances: {@code ConsistencyChecker <baseUrl> [<baseUrl>...]
 * [seconds]}.
 */
public final class ConsistencyChecker {

  private static final Logger LOG = Logger.getLogger(ConsistencyChecker.class.getName());
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** What one run found. */
  public record Report(
      long reads,
      long writes,
      long staleObservations,
      long staleAfterQuiescence,
      List<String> examples) {

    @Override
    public String toString() {
      return "reads="
          + reads
          + " writes="
          + writes
          + " staleObservations="
          + staleObservations
          + " staleAfterQuiescence="
          + staleAfterQuiescence
          + (examples.isEmpty() ? "" : " e.g. " + examples);
    }
  }

  /**
   * The shape of a run: a writer pauses between {@code writePause} and twice that after each write;
   * a reader reads a listing instead of a product with probability {@code listingShare}.
   */
  public record Options(
      int products,
      int categories,
      int readers,
      int minReads,
      Duration maxDuration,
      Duration writePause,
      double listingShare) {}

  private final List<String> instances;
  private final Options options;
  private final long[] productIds;
  private final long[] categoryIds;
  private final AtomicLongArray returned; // the version of the last write whose response came back
  private final AtomicLongArray inFlight; // 1 while a write of the product is on its way
  private final AtomicLong reads = new AtomicLong();
  private final AtomicLong writes = new AtomicLong();
  private final AtomicLong stale = new AtomicLong();
  private final ConcurrentLinkedQueue<String> examples = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean running = new AtomicBoolean(true);

  public ConsistencyChecker(List<String> instances, Options options) {
    this.instances = instances.stream().map(u -> u.endsWith("/") ? u : u + "/").toList();
    this.options = options;
    this.productIds = new long[options.products()];
    this.categoryIds = new long[options.categories()];
    this.returned = new AtomicLongArray(options.products());
    this.inFlight = new AtomicLongArray(options.products());
  }

  public static void main(String[] args) throws Exception {
    List<String> urls = new ArrayList<>();
    int seconds = 30;
    for (String arg : args) {
      if (arg.matches("\\d+")) {
        seconds = Integer.parseInt(arg);
      } else {
        urls.add(arg);
      }
    }
    Options options =
        new Options(30, 4, 16, 10_000, Duration.ofSeconds(seconds), Duration.ofMillis(300), 0.3);
    System.out.println(new ConsistencyChecker(urls, options).run());
  }

  public Report run() throws Exception {
    setUp();
    ExecutorService threads = Executors.newFixedThreadPool(options.products() + options.readers());
    for (int p = 0; p < options.products(); p++) {
      int product = p;
      threads.execute(() -> loop(() -> write(product)));
    }
    for (int r = 0; r < options.readers(); r++) {
      threads.execute(() -> loop(this::readOnce));
    }
    long deadline = System.nanoTime() + options.maxDuration().toNanos();
    while (System.nanoTime() < deadline && reads.get() < options.minReads()) {
      Thread.sleep(100);
    }
    running.set(false);
    threads.shutdown();
    threads.awaitTermination(2, TimeUnit.MINUTES);
    long afterQuiescence = checkQuiescent();
    return new Report(
        reads.get(), writes.get(), stale.get(), afterQuiescence, List.copyOf(examples));
  }

  private void setUp() throws Exception {
    for (int c = 0; c < categoryIds.length; c++) {
      categoryIds[c] =
          post("categories", "{\"name\":\"checker-" + c + "-" + System.nanoTime() + "\"}");
    }
    for (int p = 0; p < productIds.length; p++) {
      productIds[p] = post("products", body(p, 0));
    }
  }

  private void loop(Step step) {
    while (running.get()) {
      try {
        step.run();
      } catch (Exception e) {
        LOG.warning("checker step failed: " + e);
      }
    }
  }

  private interface Step {
    void run() throws Exception;
  }

  private void write(int product) throws Exception {
    long version = returned.get(product) + 1;
    inFlight.set(product, 1);
    String instance = instances.get((int) (version % instances.size()));
    HttpResponse<String> response =
        send(instance, "PUT", "products/" + productIds[product], body(product, version));
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "write failed: " + response.statusCode() + " " + response.body());
    }
    returned.set(product, version);
    inFlight.set(product, 0);
    writes.incrementAndGet();
    long pause = options.writePause().toMillis();
    Thread.sleep(ThreadLocalRandom.current().nextLong(pause, 2 * pause + 1));
  }

  private void readOnce() throws Exception {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    String instance = instances.get(random.nextInt(instances.size()));
    if (random.nextDouble() >= options.listingShare()) {
      int product = random.nextInt(productIds.length);
      long floor = returned.get(product);
      JsonObject read =
          json(send(instance, "GET", "products/" + productIds[product], null)).asJsonObject();
      reads.incrementAndGet();
      check(product, version(read), floor, "product " + product + " on " + instance);
    } else {
      readListing(instance, random.nextInt(categoryIds.length));
    }
  }

  private void readListing(String instance, int category) throws Exception {
    long[] floor = new long[productIds.length];
    boolean[] idle = new boolean[productIds.length];
    for (int p = 0; p < productIds.length; p++) {
      idle[p] = inFlight.get(p) == 0;
      floor[p] = returned.get(p);
    }
    JsonArray listing =
        json(send(instance, "GET", "categories/" + categoryIds[category] + "/products", null))
            .asJsonArray();
    reads.incrementAndGet();
    boolean[] listed = new boolean[productIds.length];
    for (JsonValue value : listing) {
      JsonObject product = value.asJsonObject();
      int index = indexOf(product);
      listed[index] = true;
      check(index, version(product), floor[index], "listing " + category + " on " + instance);
    }
    for (int p = 0; p < productIds.length; p++) {
      boolean stillIdle = idle[p] && inFlight.get(p) == 0 && returned.get(p) == floor[p];
      if (stillIdle && categoryOf(p, floor[p]) == category && !listed[p]) {
        stale("listing " + category + " on " + instance + " lacks product " + p + " v" + floor[p]);
      }
    }
  }

  private void check(int product, long seen, long floor, String where) {
    if (seen < floor) {
      stale(where + ": v" + seen + " after v" + floor + " had returned");
    }
  }

  private void stale(String example) {
    if (stale.incrementAndGet() <= 10) {
      examples.add(example);
    }
  }

  /**
   * Reads everything on every instance once the writers stopped: all must show the last versions.
   */
  private long checkQuiescent() throws Exception {
    long found = 0;
    for (String instance : instances) {
      for (int p = 0; p < productIds.length; p++) {
        JsonObject read =
            json(send(instance, "GET", "products/" + productIds[p], null)).asJsonObject();
        if (version(read) != returned.get(p)) {
          found++;
          examples.add("after quiescence: product " + p + " v" + version(read) + " on " + instance);
        }
      }
      for (int c = 0; c < categoryIds.length; c++) {
        JsonArray listing =
            json(send(instance, "GET", "categories/" + categoryIds[c] + "/products", null))
                .asJsonArray();
        for (JsonValue value : listing) {
          int p = indexOf(value.asJsonObject());
          if (version(value.asJsonObject()) != returned.get(p)
              || categoryOf(p, returned.get(p)) != c) {
            found++;
          }
        }
      }
    }
    return found;
  }

  private int categoryOf(int product, long version) {
    return (int) ((product + version) % categoryIds.length);
  }

  private String body(int product, long version) {
    return "{\"name\":\"p"
        + product
        + "-v"
        + version
        + "\",\"price\":\""
        + (version % 1000)
        + ".00\",\"categoryId\":"
        + categoryIds[categoryOf(product, version)]
        + "}";
  }

  private static long version(JsonObject product) {
    String name = product.getString("name");
    return Long.parseLong(name.substring(name.lastIndexOf("-v") + 2));
  }

  private static int indexOf(JsonObject product) {
    String name = product.getString("name");
    return Integer.parseInt(name.substring(1, name.lastIndexOf("-v")));
  }

  private long post(String path, String body) throws Exception {
    HttpResponse<String> response = send(instances.get(0), "POST", path, body);
    if (response.statusCode() != 201) {
      throw new IllegalStateException(path + ": " + response.statusCode() + " " + response.body());
    }
    return json(response).asJsonObject().getJsonNumber("id").longValue();
  }

  private static HttpResponse<String> send(String instance, String method, String path, String body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(instance + "api/" + path))
            .timeout(Duration.ofSeconds(30));
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonValue json(HttpResponse<String> response) {
    if (response.statusCode() != 200 && response.statusCode() != 201) {
      throw new IllegalStateException(response.statusCode() + " " + response.body());
    }
    return Json.createReader(new StringReader(response.body())).readValue();
  }
}
