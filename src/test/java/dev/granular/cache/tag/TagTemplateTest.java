package dev.granular.cache.tag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.granular.cache.tag.TagTemplate.Literal;
import dev.granular.cache.tag.TagTemplate.Placeholder;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A tag template is parsed once into literals and placeholders whose roots are checked against the
 * parameters.
 */
class TagTemplateTest {

  private static final Set<String> PARAMETERS = Set.of("id", "filter", "ids");

  private static TagTemplate parse(String source) {
    return TagTemplate.parse(source, PARAMETERS);
  }

  @Test
  void aLiteralOnlyTemplateIsOneLiteral() {
    assertEquals(List.of(new Literal("all-products")), parse("all-products").parts());
  }

  @Test
  void literalsAndPlaceholdersKeepTheirOrder() {
    assertEquals(
        List.of(
            new Literal("product:"),
            new Placeholder("id", false, List.of()),
            new Literal(":in:"),
            new Placeholder("filter", false, List.of("categoryId"))),
        parse("product:{id}:in:{filter.categoryId}").parts());
  }

  @Test
  void thePlaceholderIsTheWholeTemplateWhenThereIsNoLiteral() {
    assertEquals(List.of(new Placeholder("id", false, List.of())), parse("{id}").parts());
  }

  @Test
  void whitespaceInsideBracesIsIgnored() {
    assertEquals(
        List.of(new Literal("c:"), new Placeholder("filter", false, List.of("categoryId"))),
        parse("c:{ filter.categoryId }").parts());
  }

  @Test
  void bracketsAfterTheRootExpandIt() {
    assertEquals(
        List.of(new Literal("category:"), new Placeholder("ids", true, List.of())),
        parse("category:{ids[]}").parts());
  }

  @Test
  void bracketsInThePathStayOnTheirSegment() {
    assertEquals(
        List.of(
            new Literal("product:"),
            new Placeholder("result", true, List.of("lines[]", "productId"))),
        parse("product:{result[].lines[].productId}").parts());
  }

  @Test
  void theSourceIsKept() {
    assertEquals("product:{result.id}", parse("product:{result.id}").source());
  }

  @Test
  void aClosingBraceWithoutOpeningOneIsLiteral() {
    assertEquals(List.of(new Literal("a}b")), parse("a}b").parts());
  }

  @Test
  void anUnknownRootIsRejectedNamingTheTemplateAndTheParameters() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TagTemplate.parse("product:{productId}", Set.of("id")));
    assertTrue(e.getMessage().contains("'product:{productId}'"), e.getMessage());
    assertTrue(
        e.getMessage().contains("'productId' is neither 'result' nor a parameter name [id]"),
        e.getMessage());
    assertTrue(e.getMessage().contains("-parameters"), e.getMessage());
  }

  @Test
  void anUnknownExpandedRootIsRejected() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> parse("c:{names[]}"));
    assertTrue(e.getMessage().contains("'names'"), e.getMessage());
  }

  @Test
  void anEmptyPlaceholderIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> parse("product:{}"));
  }

  @Test
  void anEmptyPropertyNameIsRejected() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> parse("c:{filter..id}"));
    assertTrue(e.getMessage().contains("empty property name"), e.getMessage());
  }

  @Test
  void anUnclosedBraceIsRejected() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> parse("product:{id"));
    assertEquals("Unclosed placeholder in tag template 'product:{id'", e.getMessage());
  }

  @Test
  void anUnclosedBraceAfterAGoodPlaceholderIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> parse("{id}:{filter"));
  }

  @Test
  void readsResultWhenAPlaceholderStartsAtTheResult() {
    assertTrue(parse("product:{result}").readsResult());
    assertTrue(parse("product:{result.id}").readsResult());
    assertTrue(parse("product:{result[].id}").readsResult());
    assertTrue(parse("{id}:{result.categoryId}").readsResult());
  }

  @Test
  void doesNotReadResultOtherwise() {
    assertFalse(parse("product:{id}").readsResult());
    assertFalse(parse("all-products").readsResult());
    assertFalse(parse("result").readsResult());
  }

  @Test
  void aTrailingDotIsAnEmptyPropertyNameNotTheParameterItself() {
    assertThrows(IllegalArgumentException.class, () -> parse("category:{filter.}"));
  }
}
