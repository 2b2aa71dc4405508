package dev.granular.catalog.products.views;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.granular.catalog.products.views.ViewFlushPause.Stage;
import org.junit.jupiter.api.Test;

class ViewFlushPauseTest {

  @Test
  void stagesAreNamedInKebabCase() {
    assertEquals(
        new ViewFlushPause(Stage.AFTER_CLAIM, 500), ViewFlushPause.parse("after-claim", 500));
    assertEquals(
        new ViewFlushPause(Stage.AFTER_COMMIT, 60_000),
        ViewFlushPause.parse(" AFTER-COMMIT ", 60_000));
  }

  @Test
  void offUnlessAKnownStageIsConfigured() {
    assertEquals(new ViewFlushPause(Stage.NONE, 0), ViewFlushPause.parse("", 500));
    assertEquals(new ViewFlushPause(Stage.NONE, 0), ViewFlushPause.parse("before-lunch", 500));
    assertEquals(new ViewFlushPause(Stage.NONE, 0), ViewFlushPause.parse("none", 500));
  }

  @Test
  void aPauseNeverSleepsAtAnotherStage() {
    long start = System.nanoTime();
    new ViewFlushPause(Stage.AFTER_COMMIT, 10_000)
        .at(Stage.AFTER_CLAIM, ClaimedBatch.of("b", java.util.Map.of()));
    assertEquals(0, (System.nanoTime() - start) / 1_000_000_000L);
  }
}
