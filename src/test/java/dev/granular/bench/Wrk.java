package dev.granular.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@code wrk --latency} with one of the suite's Lua scripts and reads its summary. A run with
 * non-2xx responses (unless the script counts them itself, see {@link Run#statuses}) or with
 * connect, read or write errors is an error of the benchmark, not a result: {@link #run} throws.
 */
final class Wrk {

  private static final Logger LOG = Logger.getLogger(Wrk.class.getName());
  private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([\\d.]+)");
  private static final Pattern TOTAL = Pattern.compile("(\\d+) requests in ([\\d.]+)(\\w+),");
  private static final Pattern PERCENTILE =
      Pattern.compile("^\\s+(50|99)(?:\\.000)?%\\s+([\\d.]+)(us|ms|s)\\s*$");
  private static final Pattern SOCKET =
      Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
  private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
  private static final Pattern STATUS = Pattern.compile("^status (\\d+) (\\d+)$");

  static final int THREADS = 2;
  static final int CONNECTIONS = 8;

  /**
   * One run's summary; {@code statuses} only when the script counted them (its {@code done} prints
   * them).
   */
  record Run(
      double requestsPerSecond,
      long requests,
      double p50Millis,
      double p99Millis,
      long timeouts,
      long non2xx,
      Map<Integer, Long> statuses,
      String output) {}

  private final Path scripts;

  Wrk(Path scripts) {
    this.scripts = scripts;
  }

  /**
   * The warm-up's round length, and the growth between two windows of rounds below which a server
   * is steady.
   */
  static final int STEADY_ROUND_SECONDS = 5;

  static final int STEADY_WINDOW = 3;
  static final double STEADY_GROWTH = 0.05;
  static final int STEADY_MAX_ROUNDS = 24;

  /** How {@link #untilSteady} decides, for the settings in the report. */
  static final String STEADY_DESCRIPTION =
      "until steady ("
          + STEADY_ROUND_SECONDS
          + " s rounds until the mean of the last "
          + STEADY_WINDOW
          + " is within "
          + Math.round(STEADY_GROWTH * 100)
          + " % of the "
          + STEADY_WINDOW
          + " before)";

  /**
   * Warms a server up with {@code script} until its throughput stops growing: rounds of {@value
   * #STEADY_ROUND_SECONDS} s until the mean of the last {@value #STEADY_WINDOW} is no more than
   * {@value #STEADY_GROWTH} above the mean of the {@value #STEADY_WINDOW} before (at most {@value
   * #STEADY_MAX_ROUNDS} rounds). A fresh Payara Micro keeps compiling the code of a cache hit for
   * about a minute on 2 cores, its throughput growing tenfold meanwhile: a fixed 10 s warm-up
   * measured the JIT, not the code. Comparing windows, not two single rounds, neither stops on a
   * slow climb (+4 % a round) nor waits forever on the noise of a steady server (±10 % a round
   * here). Returns each round's requests/s, for the report.
   */
  List<Double> untilSteady(String url, String script, List<String> args)
      throws IOException, InterruptedException {
    List<Double> rates = new ArrayList<>();
    for (int round = 0; round < STEADY_MAX_ROUNDS; round++) {
      rates.add(run(url, script, STEADY_ROUND_SECONDS, args).requestsPerSecond());
      if (isSteady(rates)) {
        return rates;
      }
    }
    LOG.warning(
        () ->
            "not steady after "
                + STEADY_MAX_ROUNDS
                + " warm-up rounds of "
                + script
                + " "
                + args
                + ": "
                + rates);
    return rates;
  }

  /**
   * True when the last {@value #STEADY_WINDOW} rounds are no faster on average than the ones
   * before, within {@value #STEADY_GROWTH}.
   */
  static boolean isSteady(List<Double> rates) {
    int n = rates.size();
    if (n < 2 * STEADY_WINDOW) {
      return false;
    }
    double last = mean(rates.subList(n - STEADY_WINDOW, n));
    double before = mean(rates.subList(n - 2 * STEADY_WINDOW, n - STEADY_WINDOW));
    return last <= before * (1 + STEADY_GROWTH);
  }

  private static double mean(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
  }

  /** {@code script} is a resource under {@code bench/}; {@code args} go to its {@code init}. */
  Run run(String url, String script, int seconds, List<String> args)
      throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                "wrk",
                "-t" + THREADS,
                "-c" + CONNECTIONS,
                "-d" + seconds + "s",
                "--timeout",
                "5s",
                "--latency",
                "-s",
                script(script).toString(),
                url));
    if (!args.isEmpty()) {
      command.add("--");
      command.addAll(args);
    }
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IOException("wrk failed: " + command + "\n" + output);
    }
    Run run = parse(output);
    LOG.info(
        () ->
            "wrk "
                + script
                + " "
                + args
                + ": "
                + Math.round(run.requestsPerSecond())
                + " req/s, p50 "
                + run.p50Millis()
                + " ms, p99 "
                + run.p99Millis()
                + " ms");
    boolean countedByScript = !run.statuses().isEmpty();
    if (run.non2xx() > 0 && !countedByScript) {
      throw new IOException(run.non2xx() + " non-2xx responses from " + url + "\n" + output);
    }
    return run;
  }

  static Run parse(String output) throws IOException {
    Matcher rate = RATE.matcher(output);
    if (!rate.find()) {
      throw new IOException("no Requests/sec in wrk output:\n" + output);
    }
    Matcher total = TOTAL.matcher(output);
    long requests = total.find() ? Long.parseLong(total.group(1)) : 0;
    double p50 = Double.NaN;
    double p99 = Double.NaN;
    long non2xx = 0;
    long timeouts = 0;
    Map<Integer, Long> statuses = new LinkedHashMap<>();
    for (String line : output.split("\n")) {
      Matcher percentile = PERCENTILE.matcher(line);
      if (percentile.matches()) {
        double millis = millis(Double.parseDouble(percentile.group(2)), percentile.group(3));
        if (percentile.group(1).equals("50")) {
          p50 = millis;
        } else {
          p99 = millis;
        }
      }
      Matcher socket = SOCKET.matcher(line);
      if (socket.find()) {
        long errors =
            Long.parseLong(socket.group(1))
                + Long.parseLong(socket.group(2))
                + Long.parseLong(socket.group(3));
        if (errors > 0) {
          throw new IOException("wrk socket errors:\n" + output);
        }
        timeouts = Long.parseLong(socket.group(4));
      }
      Matcher bad = NON_2XX.matcher(line);
      if (bad.find()) {
        non2xx = Long.parseLong(bad.group(1));
      }
      Matcher status = STATUS.matcher(line.strip());
      if (status.matches()) {
        statuses.put(Integer.parseInt(status.group(1)), Long.parseLong(status.group(2)));
      }
    }
    return new Run(
        Double.parseDouble(rate.group(1)), requests, p50, p99, timeouts, non2xx, statuses, output);
  }

  private static double millis(double value, String unit) {
    return switch (unit) {
      case "us" -> value / 1000;
      case "s" -> value * 1000;
      default -> value;
    };
  }

  private Path script(String name) throws IOException {
    Path file = scripts.resolve(name);
    Files.createDirectories(scripts);
    try (InputStream in = Wrk.class.getResourceAsStream("/bench/" + name)) {
      if (in == null) {
        throw new IOException("no script bench/" + name);
      }
      Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    return file;
  }
}
