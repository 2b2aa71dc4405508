package dev.granular.catalog.products.boundary;

import dev.granular.cache.http.EntityTags;
import dev.granular.cache.http.HttpCaching;
import dev.granular.catalog.categories.control.CategoryStore;
import dev.granular.catalog.products.control.ProductStore;
import dev.granular.catalog.products.entity.ProductView;
import dev.granular.platform.NotFound;
import dev.granular.platform.PathIds;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** {@code /api/categories/{id}/products}: the products of one category, kept with the products feature. */
@Path("categories/{id}/products")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class CategoryProductsResource {

  @Inject ProductStore products;
  @Inject CategoryStore categories;

  /** The listing, with a strong {@code ETag} of it; a matching {@code If-None-Match} gets a 304 from the cache. */
  @GET
  public Response list(@PathParam("id") long categoryId, @Context Request request) {
    if (categories.find(PathIds.existing("category", categoryId)) == null) {
      throw new NotFound("category", categoryId);
    }
    List<ProductView> listing = products.inCategory(categoryId);
    return HttpCaching.conditional(request, EntityTags.strong(listing), "category-products", listing);
  }
}
