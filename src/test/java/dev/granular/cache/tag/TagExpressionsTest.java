package dev.granular.cache.tag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Tag templates evaluated against one call: arguments by name, property paths, the result, and
 * expansions.
 */
class TagExpressionsTest {

  /** A record: read through its accessor. */
  public record Item(Long id, Long categoryId) {}

  /** A bean: read through its getters. */
  public static final class Filter {
    private final Long categoryId;
    private final boolean archived;

    public Filter(Long categoryId, boolean archived) {
      this.categoryId = categoryId;
      this.archived = archived;
    }

    public Long getCategoryId() {
      return categoryId;
    }

    public boolean isArchived() {
      return archived;
    }
  }

  /** Public fields only. */
  public static final class Order {
    public Item item;
    public List<Item> lines;

    public Order(Item item, List<Item> lines) {
      this.item = item;
      this.lines = lines;
    }
  }

  private static List<String> tags(
      List<String> templates, Map<String, Object> arguments, Object result) {
    List<TagTemplate> parsed =
        templates.stream().map(t -> TagTemplate.parse(t, arguments.keySet())).toList();
    return List.copyOf(TagExpressions.evaluate(parsed, arguments, result));
  }

  private static List<String> tags(String template, Map<String, Object> arguments, Object result) {
    return tags(List.of(template), arguments, result);
  }

  private static Map<String, Object> args(Object... namesAndValues) {
    Map<String, Object> arguments = new HashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      arguments.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    return arguments;
  }

  @Test
  void aParameterIsItsStringForm() {
    assertEquals(List.of("product:42"), tags("product:{id}", args("id", 42L), null));
    assertEquals(List.of("user:alice"), tags("user:{name}", args("name", "alice"), null));
  }

  @Test
  void aRecordComponentIsReadThroughItsAccessor() {
    assertEquals(
        List.of("category:7"),
        tags("category:{item.categoryId}", args("item", new Item(1L, 7L)), null));
  }

  @Test
  void aBeanPropertyIsReadThroughItsGetter() {
    Filter filter = new Filter(7L, true);
    assertEquals(
        List.of("category:7"), tags("category:{filter.categoryId}", args("filter", filter), null));
    assertEquals(
        List.of("archived:true"), tags("archived:{filter.archived}", args("filter", filter), null));
  }

  @Test
  void aPublicFieldIsReadDirectly() {
    Order order = new Order(new Item(3L, 9L), List.of());
    assertEquals(
        List.of("category:9"),
        tags("category:{order.item.categoryId}", args("order", order), null));
  }

  @Test
  void anUnknownPropertyFailsNamingItAndTheType() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> tags("x:{item.price}", args("item", new Item(1L, 2L)), null));
    assertTrue(e.getMessage().contains("'price'"), e.getMessage());
    assertTrue(e.getMessage().contains(Item.class.getName()), e.getMessage());
  }

  @Test
  void theResultAndItsProperties() {
    Item item = new Item(5L, 8L);
    assertEquals(List.of("product:42"), tags("product:{result}", args(), 42));
    assertEquals(
        List.of("product:5", "category:8"),
        tags(List.of("product:{result.id}", "category:{result.categoryId}"), args(), item));
  }

  @Test
  void resultBracketsExpandAList() {
    List<Item> items = List.of(new Item(1L, 7L), new Item(2L, 7L), new Item(3L, 8L));
    assertEquals(
        List.of("product:1", "product:2", "product:3"),
        tags("product:{result[].id}", args(), items));
  }

  @Test
  void resultBracketsExpandAnArray() {
    Item[] items = {new Item(1L, 7L), new Item(2L, 7L)};
    assertEquals(List.of("product:1", "product:2"), tags("product:{result[].id}", args(), items));
  }

  @Test
  void parameterBracketsExpandCollectionsAndPrimitiveArrays() {
    assertEquals(
        List.of("category:1", "category:2"),
        tags("category:{ids[]}", args("ids", List.of(1L, 2L)), null));
    assertEquals(List.of("category:3"), tags("category:{ids[]}", args("ids", Set.of(3L)), null));
    assertEquals(
        List.of("category:4", "category:5"),
        tags("category:{ids[]}", args("ids", new int[] {4, 5}), null));
  }

  @Test
  void bracketsInsideThePathExpandThatProperty() {
    Order order = new Order(null, List.of(new Item(1L, 7L), new Item(2L, 8L)));
    assertEquals(
        List.of("category:7", "category:8"),
        tags("category:{order.lines[].categoryId}", args("order", order), null));
  }

  @Test
  void bracketsOnASingleValueYieldThatValue() {
    assertEquals(List.of("category:3"), tags("category:{id[]}", args("id", 3L), null));
  }

  @Test
  void twoExpansionsInOneTemplateYieldEveryCombination() {
    assertEquals(
        List.of("a1-b1", "a1-b2", "a2-b1", "a2-b2"),
        tags("{xs[]}-{ys[]}", args("xs", List.of("a1", "a2"), "ys", List.of("b1", "b2")), null));
  }

  @Test
  void aNullParameterDropsTheTag() {
    assertEquals(List.of("all"), tags(List.of("product:{id}", "all"), args("id", null), null));
  }

  @Test
  void aNullResultDropsTheTag() {
    assertEquals(List.of(), tags("product:{result.id}", args(), null));
    assertEquals(List.of(), tags("product:{result}", args(), null));
  }

  @Test
  void aNullPropertyOnThePathDropsTheTag() {
    assertEquals(
        List.of(), tags("category:{item.categoryId}", args("item", new Item(1L, null)), null));
    assertEquals(
        List.of(),
        tags("category:{order.item.categoryId}", args("order", new Order(null, null)), null));
    assertEquals(
        List.of(),
        tags("category:{filter.categoryId}", args("filter", new Filter(null, false)), null));
  }

  @Test
  void nullElementsAndNullPropertiesOfElementsAreSkipped() {
    List<Item> items = Arrays.asList(new Item(1L, 7L), null, new Item(null, 8L), new Item(4L, 9L));
    assertEquals(List.of("product:1", "product:4"), tags("product:{result[].id}", args(), items));
    Object[] array = {null, new Item(2L, 7L)};
    assertEquals(List.of("product:2"), tags("product:{result[].id}", args(), array));
  }

  @Test
  void anEmptyExpansionYieldsNoTag() {
    assertEquals(List.of(), tags("product:{result[].id}", args(), List.of()));
    assertEquals(List.of(), tags("product:{result[].id}", args(), new Item[0]));
  }

  @Test
  void duplicatesAreRemovedKeepingTheFirstOccurrence() {
    List<Item> items = List.of(new Item(1L, 7L), new Item(2L, 8L), new Item(3L, 7L));
    assertEquals(
        List.of("category:7", "category:8"), tags("category:{result[].categoryId}", args(), items));
    assertEquals(
        List.of("category:7", "category:8"),
        tags(List.of("category:{id}", "category:{result[].categoryId}"), args("id", 7L), items));
  }

  @Test
  void aLiteralOnlyTemplateIsAlwaysItself() {
    assertEquals(List.of("all-products"), tags("all-products", args("id", 1L), null));
  }

  @Test
  void noTemplatesNoTags() {
    assertEquals(List.of(), tags(List.of(), args("id", 1L), "x"));
  }
}
