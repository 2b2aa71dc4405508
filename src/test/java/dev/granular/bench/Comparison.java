package dev.granular.bench;

/**
 * The locked and unlocked latencies of one case, measured in the same rounds, and how many loads
 * ran meanwhile.
 */
record Comparison(
    String label, Latencies locked, Latencies unlocked, int lockedLoads, int unlockedLoads) {

  double p50Ratio() {
    return locked.p50() / unlocked.p50();
  }

  double meanRatio() {
    return locked.meanMicros() / unlocked.meanMicros();
  }
}
