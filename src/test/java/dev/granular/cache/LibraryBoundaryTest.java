package dev.granular.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The library's dependency rules, checked on its sources: it never refers to the demo domain
 * (anything under {@code dev.granular} outside {@code dev.granular.cache}), and only its {@code
 * redis} package touches Redisson. Imports and fully qualified names in code count; comments do
 * not.
 */
class LibraryBoundaryTest {

  private static final Path LIBRARY = Path.of("src/main/java/dev/granular/cache");
  private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);
  private static final Pattern QUALIFIED_NAME =
      Pattern.compile("\\b(?:dev\\.granular|org\\.redisson)(?:\\s*\\.\\s*[\\w*]+)+");

  @Test
  void theLibraryNeverRefersToTheDomain() {
    List<String> violations = new ArrayList<>();
    for (Path file : librarySources()) {
      referencedNames(read(file)).stream()
          .filter(LibraryBoundaryTest::isOutsideTheLibrary)
          .forEach(name -> violations.add(LIBRARY.relativize(file) + " refers to " + name));
    }
    assertEquals(List.of(), violations);
  }

  @Test
  void onlyTheRedisPackageTouchesRedisson() {
    List<String> violations = new ArrayList<>();
    for (Path file : librarySources()) {
      if (isInRedisPackage(LIBRARY.relativize(file))) {
        continue;
      }
      referencedNames(read(file)).stream()
          .filter(LibraryBoundaryTest::isRedisson)
          .forEach(name -> violations.add(LIBRARY.relativize(file) + " refers to " + name));
    }
    assertEquals(List.of(), violations);
  }

  @Test
  void theScanSeesTheLibrary() {
    List<Path> sources = librarySources();
    assertTrue(
        sources.size() > 10, "too few sources under " + LIBRARY.toAbsolutePath() + ": " + sources);
    assertTrue(sources.stream().anyMatch(f -> isInRedisPackage(LIBRARY.relativize(f))));
  }

  @Test
  void domainReferencesAreFound() {
    String source =
        """
        package dev.granular.cache;

        import dev.granular.cache.operation.CacheOperation;
        import dev.granular.catalog.products.entity.Product;
        import static dev.granular.users.control.UserStore.ADMIN;
        import dev.granular.cachex.Lookalike;
        // dev.granular.platform.Problem in a comment is harmless
        /** Neither is {@link dev.granular.platform.Conflict} in Javadoc. */
        class Sample {
          dev.granular.users.entity.User owner;
        }
        """;

    Set<String> outside = new TreeSet<>();
    referencedNames(source).stream()
        .filter(LibraryBoundaryTest::isOutsideTheLibrary)
        .forEach(outside::add);

    assertEquals(
        Set.of(
            "dev.granular.catalog.products.entity.Product",
            "dev.granular.users.control.UserStore.ADMIN",
            "dev.granular.cachex.Lookalike",
            "dev.granular.users.entity.User"),
        outside);
  }

  @Test
  void redissonReferencesAreFoundOutsideTheRedisPackage() {
    String source =
        "import org.redisson.api.RedissonClient;\nclass Sample { org.redisson.api.RLock lock; }";

    assertEquals(
        Set.of("org.redisson.api.RedissonClient", "org.redisson.api.RLock"),
        Set.copyOf(
            referencedNames(source).stream().filter(LibraryBoundaryTest::isRedisson).toList()));
    assertTrue(isInRedisPackage(Path.of("redis", "RedisConnection.java")));
    assertTrue(isInRedisPackage(Path.of("lock", "RedissonRefillLock.java")));
    assertFalse(isInRedisPackage(Path.of("interceptor", "CacheResultInterceptor.java")));
    assertFalse(isInRedisPackage(Path.of("CacheAnnotationsExtension.java")));
  }

  static List<String> referencedNames(String source) {
    String code = COMMENT.matcher(source).replaceAll(" ");
    List<String> names = new ArrayList<>();
    Matcher matcher = QUALIFIED_NAME.matcher(code);
    while (matcher.find()) {
      names.add(matcher.group().replaceAll("\\s", ""));
    }
    return names;
  }

  static boolean isOutsideTheLibrary(String name) {
    boolean library = name.equals("dev.granular.cache") || name.startsWith("dev.granular.cache.");
    return name.startsWith("dev.granular.") && !library;
  }

  static boolean isRedisson(String name) {
    return name.startsWith("org.redisson.");
  }

  /**
   * The redis package, or a class named for its technology (RedisTagRegistry, RedissonRefillLock):
   * STYLE.md.
   */
  static boolean isInRedisPackage(Path relativeToLibrary) {
    String file = relativeToLibrary.getFileName().toString();
    boolean inPackage =
        relativeToLibrary.getNameCount() > 1
            && relativeToLibrary.getName(0).toString().equals("redis");
    return inPackage
        || (relativeToLibrary.getNameCount() > 1 && file.matches("Redis(son)?[A-Z].*\\.java"));
  }

  private static List<Path> librarySources() {
    assertTrue(Files.isDirectory(LIBRARY), "no library sources at " + LIBRARY.toAbsolutePath());
    try (Stream<Path> files = Files.walk(LIBRARY)) {
      return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
