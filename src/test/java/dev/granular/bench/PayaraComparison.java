package dev.granular.bench;

import dev.granular.bench.greeting.GreetingResource;
import dev.granular.bench.greeting.Greetings;
import dev.granular.cache.CacheAnnotationsExtension;
import dev.granular.testredis.PrivateRedis;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.json.Json;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The ours_vs_payara row: the same {@code @CacheResult} method ({@link Greetings}) behind the same
 * JAX-RS endpoint, in two WARs deployed side by side in one Payara Micro (same JVM, same options as
 * the app): {@code ours.war} with this library (its extension vetoes Payara's interceptors there),
 * {@code payara.war} without it, so Payara's own JSR-107 interceptors ({@code
 * fish.payara.cdi.jsr107}, enabled for every application while Hazelcast runs, which it does even
 * with {@code --nocluster}) serve the annotation from Payara's default JCache provider: the
 * embedded Hazelcast member in the same JVM. Ours stores in Redis on loopback. So the ratio
 * compares the two interceptors each with its own default store, which is what a user switching
 * between them gets.
 */
final class PayaraComparison {

  private PayaraComparison() {}

  static Row row(BenchApp.Layout layout, PrivateRedis redis, Wrk wrk) throws Exception {
    Path ours = ours(layout);
    Path payara = export(greetingWar("payara"), layout.out().resolve("payara.war"));
    int port = PrivateRedis.freePort();
    Process process = start(layout, port, redis, List.of(ours, payara));
    try {
      String base = "http://127.0.0.1:" + port;
      awaitAnswer(base + "/ours/api/greetings/ready", process);
      awaitAnswer(base + "/payara/api/greetings/ready", process);
      List<String> oursIds =
          List.of("/ours/api/greetings/", "1", String.valueOf(HttpRows.HOT_PRODUCTS));
      List<String> oursNearIds =
          List.of("/ours/api/greetings/near/", "1", String.valueOf(HttpRows.HOT_PRODUCTS));
      List<String> payaraIds =
          List.of("/payara/api/greetings/", "1", String.valueOf(HttpRows.HOT_PRODUCTS));
      List<Double> oursWarmUp = wrk.untilSteady(base, "ids.lua", oursIds);
      List<Double> payaraWarmUp = wrk.untilSteady(base, "ids.lua", payaraIds);
      long oursBefore = Long.parseLong(answer(base + "/ours/api/greetings"));
      long payaraBefore = Long.parseLong(answer(base + "/payara/api/greetings"));
      Pairs onRedis = pairs(wrk, base, payaraIds, oursIds, redis);
      long oursCalls = Long.parseLong(answer(base + "/ours/api/greetings")) - oursBefore;
      long payaraCalls = Long.parseLong(answer(base + "/payara/api/greetings")) - payaraBefore;
      // Payara's store is in the JVM; ours with its near cache on is too, in front of Redis
      List<Double> nearWarmUp = wrk.untilSteady(base, "ids.lua", oursNearIds);
      long nearBefore = Long.parseLong(answer(base + "/ours/api/greetings"));
      Pairs near = pairs(wrk, base, payaraIds, oursNearIds, redis);
      long nearCalls = Long.parseLong(answer(base + "/ours/api/greetings")) - nearBefore;
      if (oursCalls > 0 || payaraCalls > 0 || nearCalls > 0) {
        throw new IOException(
            "not every call was a hit: the method ran "
                + oursCalls
                + " times under ours, "
                + nearCalls
                + " under ours with the near cache, "
                + payaraCalls
                + " under Payara's interceptor");
      }
      int median = onRedis.runs().medianIndex();
      return Row.measured(
          "ours_vs_payara",
          onRedis.runs().ratio(),
          Row.Goal.atLeast(1.0),
          Json.createObjectBuilder()
              .add(
                  "ours",
                  Figures.of(onRedis.runs().measured().get(median))
                      .add("methodCallsWhileMeasured", oursCalls)
                      .add(
                          "redisCommandsPerRequest",
                          Figures.round(onRedis.oursRedisCommandsPerRequest(), 3))
                      .add(
                          "redisScriptCallsPerRequest",
                          Figures.round(onRedis.oursRedisScriptCallsPerRequest(), 3)))
              .add(
                  "payara",
                  Figures.of(onRedis.runs().baseline().get(median))
                      .add("methodCallsWhileMeasured", payaraCalls))
              .add("measuredPairsRequestsPerSecond", onRedis.runs().json())
              .add(
                  "withNearCache",
                  Json.createObjectBuilder()
                      .add("ratio", Figures.round(near.runs().ratio(), 3))
                      .add("measuredPairsRequestsPerSecond", near.runs().json())
                      .add(
                          "redisCommandsPerRequest",
                          Figures.round(near.oursRedisCommandsPerRequest(), 3))
                      .add(
                          "redisScriptCallsPerRequest",
                          Figures.round(near.oursRedisScriptCallsPerRequest(), 3))
                      .add("methodCallsWhileMeasured", nearCalls)
                      .add(
                          "settings",
                          "ours: the same method under cache bench-greetings-near, with"
                              + " -Dcache.bench-greetings-near.near=true (an in-process copy in front of Redis, like"
                              + " Payara's in-JVM store); the same pairs, Payara's run again beside each"))
              .add(
                  "warmUpRequestsPerSecond",
                  Json.createObjectBuilder()
                      .add("ours", HttpRows.WarmUp.rates(oursWarmUp))
                      .add("oursNear", HttpRows.WarmUp.rates(nearWarmUp))
                      .add("payara", HttpRows.WarmUp.rates(payaraWarmUp)))
              .add(
                  "settings",
                  "one Payara Micro, two WARs with the same @CacheResult bean + JAX-RS endpoint"
                      + " (GET /<war>/api/greetings/{n}, "
                      + HttpRows.HOT_PRODUCTS
                      + " keys): ours.war = this library on"
                      + " Redis (loopback), payara.war = Payara's fish.payara.cdi.jsr107 interceptors on its embedded"
                      + " Hazelcast (same JVM, no network hop); each warmed up "
                      + Wrk.STEADY_DESCRIPTION
                      + ", then "
                      + HttpRows.ROUNDS
                      + " pairs of "
                      + HttpRows.SECONDS
                      + " s wrk runs (Payara's, then ours); the"
                      + " ratio is the median of the pairs' ratios, the figures the median pair's;"
                      + " redisCommandsPerRequest: Redis's total_commands_processed (a script's own commands included)"
                      + " over ours' runs, per request; redisScriptCallsPerRequest: its EVALSHA and EVAL calls")
              .build());
    } finally {
      process.descendants().forEach(ProcessHandle::destroy);
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  /**
   * {@value HttpRows#ROUNDS} alternating pairs of wrk runs, Payara's and then ours: one run of each
   * drifted with the machine as much as it measured. Counts the commands Redis processed during
   * ours.
   */
  private static Pairs pairs(
      Wrk wrk, String base, List<String> payaraIds, List<String> oursIds, PrivateRedis redis)
      throws Exception {
    List<Wrk.Run> payara = new ArrayList<>();
    List<Wrk.Run> ours = new ArrayList<>();
    long commands = 0;
    long scripts = 0;
    for (int round = 0; round < HttpRows.ROUNDS; round++) {
      payara.add(wrk.run(base, "ids.lua", HttpRows.SECONDS, payaraIds));
      String before = redisCounters(redis);
      ours.add(wrk.run(base, "ids.lua", HttpRows.SECONDS, oursIds));
      String after = redisCounters(redis);
      commands += counter(after, COMMANDS, true) - counter(before, COMMANDS, true);
      scripts +=
          counter(after, EVALSHA_CALLS, false)
              + counter(after, EVAL_CALLS, false)
              - counter(before, EVALSHA_CALLS, false)
              - counter(before, EVAL_CALLS, false);
    }
    return new Pairs(new RunPairs("payara", payara, "ours", ours), commands, scripts);
  }

  /** Every command Redis ran, those a script called included. */
  private static final Pattern COMMANDS = Pattern.compile("total_commands_processed:(\\d+)");

  /** Script calls: a script's own commands are counted apart, under their names. */
  private static final Pattern EVALSHA_CALLS = Pattern.compile("cmdstat_evalsha:calls=(\\d+)");

  private static final Pattern EVAL_CALLS = Pattern.compile("cmdstat_eval:calls=(\\d+)");

  /** Two small sections, each well within the one read of {@link PrivateRedis#command}. */
  private static String redisCounters(PrivateRedis redis) throws IOException {
    return PrivateRedis.command(redis.port(), "INFO", "stats")
        + PrivateRedis.command(redis.port(), "INFO", "commandstats");
  }

  /** The counter's value; an absent one is 0 (a command never called) unless {@code required}. */
  private static long counter(String info, Pattern counter, boolean required) throws IOException {
    Matcher matcher = counter.matcher(info);
    if (matcher.find()) {
      return Long.parseLong(matcher.group(1));
    }
    if (required) {
      throw new IOException("no " + counter.pattern() + " in Redis's INFO: " + info);
    }
    return 0;
  }

  /** Alternating runs, Payara's then ours, and what Redis ran during ours. */
  private record Pairs(RunPairs runs, long oursRedisCommands, long oursRedisScriptCalls) {

    /** Commands Redis ran per request of ours, those inside its scripts included. */
    double oursRedisCommandsPerRequest() {
      return perRequest(oursRedisCommands);
    }

    /** Scripts Redis ran per request of ours: its round trips, when it sends scripts only. */
    double oursRedisScriptCallsPerRequest() {
      return perRequest(oursRedisScriptCalls);
    }

    private double perRequest(long count) {
      long requests = runs.measured().stream().mapToLong(Wrk.Run::requests).sum();
      return requests == 0 ? 0 : (double) count / requests;
    }
  }

  /**
   * The greeting WAR plus this library, its extension, and the libraries the application WAR ships.
   */
  private static Path ours(BenchApp.Layout layout) throws IOException {
    WebArchive war =
        greetingWar("ours")
            .addPackages(true, CacheAnnotationsExtension.class.getPackage())
            .addAsServiceProvider(Extension.class, CacheAnnotationsExtension.class);
    for (File library : libraries(layout.war(), layout.out().resolve("ours-lib"))) {
      war.addAsLibrary(library);
    }
    return export(war, layout.out().resolve("ours.war"));
  }

  private static Path export(WebArchive war, Path file) {
    war.as(ZipExporter.class).exportTo(file.toFile(), true);
    return file;
  }

  private static WebArchive greetingWar(String name) {
    return ShrinkWrap.create(WebArchive.class, name + ".war")
        .addClasses(
            Greetings.class, GreetingResource.class, GreetingResource.GreetingApplication.class)
        .addAsWebInfResource(
            new StringAsset(
                "<beans xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"4.0\" bean-discovery-mode=\"annotated\"/>"),
            "beans.xml");
  }

  private static List<File> libraries(Path applicationWar, Path folder) throws IOException {
    Files.createDirectories(folder);
    List<File> libraries = new ArrayList<>();
    try (ZipFile zip = new ZipFile(applicationWar.toFile())) {
      for (ZipEntry entry : Collections.list(zip.entries())) {
        if (entry.getName().startsWith("WEB-INF/lib/") && entry.getName().endsWith(".jar")) {
          Path target = folder.resolve(entry.getName().substring("WEB-INF/lib/".length()));
          try (InputStream in = zip.getInputStream(entry)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
          }
          libraries.add(target.toFile());
        }
      }
    }
    return libraries;
  }

  private static Process start(
      BenchApp.Layout layout, int port, PrivateRedis redis, List<Path> wars) throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m",
                "-DREDIS_URL=" + redis.url(),
                "-DADMIN_PASSWORD=" + BenchApp.ADMIN_PASSWORD,
                "-Dcache." + Greetings.NEAR_CACHE + ".near=true",
                "-jar",
                layout.micro().toString(),
                "--port",
                String.valueOf(port)));
    for (Path war : wars) {
      command.addAll(List.of("--deploy", war.toString()));
    }
    command.addAll(
        List.of(
            "--nocluster",
            "--prebootcommandfile",
            layout.serverConfig().resolve("pre-boot-commands.asadmin").toString()));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(layout.out().resolve("ours-vs-payara.log").toFile())
        .start();
  }

  private static void awaitAnswer(String url, Process process) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
    while (process.isAlive() && Instant.now().isBefore(deadline)) {
      try {
        answer(url);
        return;
      } catch (IOException notYet) {
        Thread.sleep(500);
      }
    }
    throw new IOException(url + " never answered; see ours-vs-payara.log");
  }

  private static String answer(String url) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(url + " answered " + response.statusCode());
    }
    return response.body();
  }
}
