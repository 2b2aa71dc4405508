package dev.granular.bench;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import java.util.List;

/**
 * Alternating wrk runs of a baseline and of what is measured against it, pair {@code i} being {@code baseline(i)}
 * then {@code measured(i)}: one run of each drifted with this machine as much as it measured, so a row's ratio is
 * the median of the pairs' ratios, and its figures are the median pair's.
 *
 * @param baselineName the baseline's key in {@link #json}, {@code measuredName} the other's
 */
record RunPairs(String baselineName, List<Wrk.Run> baseline, String measuredName, List<Wrk.Run> measured) {

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

  /** Every pair: {@code {<baselineName>: req/s, <measuredName>: req/s, "ratio": ...}}, in the order run. */
  JsonArray json() {
    double[] ratios = ratios();
    JsonArrayBuilder pairs = Json.createArrayBuilder();
    for (int i = 0; i < ratios.length; i++) {
      pairs.add(Json.createObjectBuilder()
          .add(baselineName, Math.round(baseline.get(i).requestsPerSecond()))
          .add(measuredName, Math.round(measured.get(i).requestsPerSecond()))
          .add("ratio", Figures.round(ratios[i], 3)));
    }
    return pairs.build();
  }
}
