package dev.granular.catalog.products.boundary;

import dev.granular.cache.http.CachedResponse;
import dev.granular.cache.http.EntityTags;
import dev.granular.cache.http.HttpCaching;
import dev.granular.catalog.categories.control.CategoryStore;
import dev.granular.catalog.products.control.ProductStore;
import dev.granular.catalog.products.entity.ProductView;
import dev.granular.platform.NotFound;
import dev.granular.platform.PathIds;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * {@code /api/categories/{id}/products}: the products of one category, kept with the products
 * feature, as JSON or CSV. Whole responses are cached ({@link CachedResponse}, cache {@value
 * #PAGES}), one entry per representation; a change to the category or to any listed product voids
 * them through the tags of the cached values they were built from.
 */
@Path("categories/{id}/products")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class CategoryProductsResource {

  @Inject ProductStore products;
  @Inject CategoryStore categories;

  /** The cache of whole listing responses. */
  public static final String PAGES = "category-product-pages";

  /**
   * The listing, with a strong {@code ETag} of it; a matching {@code If-None-Match} gets a 304 from
   * the cache.
   */
  @GET
  @CachedResponse(cacheName = PAGES, tags = "category:{id}")
  public Response list(
      @PathParam("id") long categoryId,
      @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
    List<ProductView> listing = listing(categoryId);
    return HttpCaching.conditional(
        ifNoneMatch, EntityTags.strong(listing), "category-products", listing);
  }

  /** The listing as CSV ({@code id,name,price,updatedAt}), for spreadsheets. */
  @GET
  @Produces(CSV)
  @CachedResponse(cacheName = PAGES, tags = "category:{id}")
  public Response listAsCsv(
      @PathParam("id") long categoryId,
      @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
    List<ProductView> listing = listing(categoryId);
    StringBuilder csv = new StringBuilder("id,name,price,updatedAt\r\n");
    for (ProductView product : listing) {
      csv.append(product.id())
          .append(',')
          .append(csvField(product.name()))
          .append(',')
          .append(product.price())
          .append(',')
          .append(product.updatedAt())
          .append("\r\n");
    }
    String body = csv.toString();
    return HttpCaching.conditional(ifNoneMatch, EntityTags.strong(body), "category-products", body);
  }

  static final String CSV = "text/csv";

  private List<ProductView> listing(long categoryId) {
    if (categories.find(PathIds.existing("category", categoryId)) == null) {
      throw new NotFound("category", categoryId);
    }
    return products.inCategory(categoryId);
  }

  /** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
  private static String csvField(String text) {
    if (text.chars().noneMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r')) {
      return text;
    }
    return '"' + text.replace("\"", "\"\"") + '"';
  }
}
