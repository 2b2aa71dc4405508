package dev.granular.cache.tag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ReadDependenciesTest {

  @Test
  void recordsOnlyWhileOpenAndOnlyOnItsThread() throws Exception {
    ReadDependencies.record(List.of("before"));
    ReadDependencies.Capture capture = ReadDependencies.open();
    ReadDependencies.record(List.of("product:1", "#products:1"));
    Thread other = new Thread(() -> ReadDependencies.record(List.of("elsewhere")));
    other.start();
    other.join();
    capture.close();
    ReadDependencies.record(List.of("after"));
    assertEquals(Set.of("product:1", "#products:1"), capture.tags());
    assertFalse(capture.untracked());
    assertFalse(ReadDependencies.capturing());
  }

  @Test
  void aPartWithoutVersionsOrAnUntrackedOneMakesTheWholeUntracked() {
    ReadDependencies.Capture empty = ReadDependencies.open();
    ReadDependencies.record(List.of());
    empty.close();
    assertTrue(empty.untracked());

    ReadDependencies.Capture switchedOff = ReadDependencies.open();
    ReadDependencies.record(List.of("a"));
    ReadDependencies.untracked();
    ReadDependencies.record(List.of("b"));
    switchedOff.close();
    assertTrue(switchedOff.untracked());
  }

  @Test
  void aCaptureLeftOpenCannotGrowWithoutBound() {
    ReadDependencies.Capture capture = ReadDependencies.open();
    IntStream.range(0, ReadDependencies.MAX_TAGS + 10)
        .forEach(i -> ReadDependencies.record(List.of("t" + i)));
    assertTrue(capture.untracked());
    assertTrue(capture.tags().isEmpty());
    ReadDependencies.Capture next = ReadDependencies.open();
    assertFalse(next.untracked(), "a new capture replaces the one left open");
    next.close();
  }
}
