package dev.granular.cache.operation;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which exceptions an operation's include and exclude lists select. */
class ExceptionFilterTest {

  @Test
  void withNothingListedTheDefaultDecides() {
    assertTrue(
        new ExceptionFilter(List.of(), List.of(), true).matches(new IllegalStateException()));
    assertFalse(
        new ExceptionFilter(List.of(), List.of(), false).matches(new IllegalStateException()));
  }

  @Test
  void anIncludeListSelectsOnlyItsExceptions() {
    ExceptionFilter filter = new ExceptionFilter(List.of(IOException.class), List.of(), false);

    assertTrue(filter.matches(new IOException()));
    assertFalse(filter.matches(new IllegalStateException()));
  }

  @Test
  void anExcludeListAloneSelectsEverythingElse() {
    ExceptionFilter filter = new ExceptionFilter(List.of(), List.of(IOException.class), false);

    assertTrue(filter.matches(new IllegalStateException()));
    assertFalse(filter.matches(new IOException()));
  }

  @Test
  void anExclusionWinsOverAnInclusion() {
    ExceptionFilter filter =
        new ExceptionFilter(List.of(IOException.class), List.of(FileNotFoundException.class), true);

    assertTrue(filter.matches(new IOException()));
    assertFalse(filter.matches(new FileNotFoundException()));
  }

  @Test
  void subclassesMatchTheirListedSuperclass() {
    ExceptionFilter filter = new ExceptionFilter(List.of(RuntimeException.class), List.of(), false);

    assertTrue(filter.matches(new UncheckedIOException(new IOException())));
    assertFalse(filter.matches(new Exception()));
  }

  @Test
  @SuppressWarnings("unchecked")
  void ofTakesTheAnnotationsArrays() {
    ExceptionFilter filter =
        ExceptionFilter.of(
            new Class[] {IOException.class}, new Class[] {FileNotFoundException.class}, false);

    assertTrue(filter.matches(new IOException()));
    assertFalse(filter.matches(new FileNotFoundException()));
  }
}
