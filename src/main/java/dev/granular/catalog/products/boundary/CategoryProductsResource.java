package dev.granular.catalog.products.boundary;

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
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** {@code /api/categories/{id}/products}: the products of one category, kept with the products feature. */
@Path("categories/{id}/products")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class CategoryProductsResource {

  @Inject ProductStore products;
  @Inject CategoryStore categories;

  @GET
  public List<ProductView> list(@PathParam("id") long categoryId) {
    if (categories.find(PathIds.existing("category", categoryId)) == null) {
      throw new NotFound("category", categoryId);
    }
    return products.inCategory(categoryId);
  }
}
