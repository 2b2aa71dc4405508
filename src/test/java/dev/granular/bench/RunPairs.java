package dev.granular.bench;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Alternating wrk runs of a baseline and of what is measured against it, pair {@code i} being
 * {@code baseline(i)} then {@code measured(i)}: one run of each drifted with this machine as much
 * as it measured, so a row's ratio is the median of the pairs' ratios, and its figures are the
 * median pair's.
 *
 * @param baselineName the baseline's key in {@link #json}, {@code measuredName} the other's
 */
record RunPairs(
    String baselineName, List<Wrk.Run> baseline, String measuredName, List<Wrk.Run> measured) {

  /** One side of a comparison: its name in the details and the arguments its wrk script gets. */
  record Side(String name, List<String> args) {}

  /**
   * {@value HttpRows#ROUNDS} pairs of {@code seconds}-long runs of the same wrk script on {@code
   * url}, the baseline first in each pair; both sides warmed up already.
   */
  static RunPairs alternate(
      Wrk wrk, String url, String script, int seconds, Side baseline, Side measured)
      throws IOException, InterruptedException {
    List<Wrk.Run> baselineRuns = new ArrayList<>();
    List<Wrk.Run> measuredRuns = new ArrayList<>();
    for (int round = 0; round < HttpRows.ROUNDS; round++) {
      baselineRuns.add(wrk.run(url, script, seconds, baseline.args()));
      measuredRuns.add(wrk.run(url, script, seconds, measured.args()));
    }
    return new RunPairs(baseline.name(), baselineRuns, measured.name(), measuredRuns);
  }

  /** The baseline's run of the median pair. */
  Wrk.Run medianBaseline() {
    return baseline.get(medianIndex());
  }

  /** The measured run of the median pair. */
  Wrk.Run medianMeasured() {
    return measured.get(medianIndex());
  }

  /** Each pair's measured requests/s over its baseline's. */
  double[] ratios() {
    double[] ratios = new double[measured.size()];
    for (int i = 0; i < ratios.length; i++) {
      ratios[i] = measured.get(i).requestsPerSecond() / baseline.get(i).requestsPerSecond();
    }
    return ratios;
  }

  /** The index of the median pair, by ratio. */
  int medianIndex() {
    return HttpRows.medianIndex(ratios());
  }

  /** The median of the pairs' ratios. */
  double ratio() {
    return ratios()[medianIndex()];
  }

  /**
   * Every pair: {@code {<baselineName>: req/s, <measuredName>: req/s, "ratio": ...}}, in the order
   * run.
   */
  JsonArray json() {
    double[] ratios = ratios();
    JsonArrayBuilder pairs = Json.createArrayBuilder();
    for (int i = 0; i < ratios.length; i++) {
      pairs.add(
          Json.createObjectBuilder()
              .add(baselineName, Math.round(baseline.get(i).requestsPerSecond()))
              .add(measuredName, Math.round(measured.get(i).requestsPerSecond()))
              .add("ratio", Figures.round(ratios[i], 3)));
    }
    return pairs.build();
  }
}
