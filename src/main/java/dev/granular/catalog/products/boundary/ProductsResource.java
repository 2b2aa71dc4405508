package dev.granular.catalog.products.boundary;

import dev.granular.catalog.products.control.ProductStore;
import dev.granular.catalog.products.entity.ProductInput;
import dev.granular.catalog.products.entity.ProductView;
import dev.granular.catalog.products.views.ProductViews;
import dev.granular.platform.NotFound;
import dev.granular.platform.PathIds;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** {@code /api/products}: the product CRUD flow of the seed article. */
@Path("products")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ProductsResource {

  @Inject ProductStore store;
  @Inject ProductViews views;
  @Context UriInfo uri;

  @POST
  public Response create(@Valid @NotNull ProductInput input) {
    ProductView created = store.create(input);
    return Response.created(uri.getAbsolutePathBuilder().path(String.valueOf(created.id())).build())
        .entity(created)
        .build();
  }

  /** The product, counting one view: its {@code views} include this one and those not yet written back. */
  @GET
  @Path("{id}")
  public ProductView find(@PathParam("id") long id) {
    long existing = PathIds.existing("product", id);
    // The view is counted while the product is read (two round trips at once); taken back if there is none.
    ProductViews.Counting view = views.start(existing);
    ProductView product;
    try {
      product = store.find(existing);
    } catch (RuntimeException e) {
      views.abandon(view);
      throw e;
    }
    if (product == null) {
      views.abandon(view);
      throw new NotFound("product", id);
    }
    return views.viewed(view, product);
  }

  @PUT
  @Path("{id}")
  public ProductView update(@PathParam("id") long id, @Valid @NotNull ProductInput input) {
    return store.update(PathIds.existing("product", id), input);
  }

  @DELETE
  @Path("{id}")
  public void delete(@PathParam("id") long id) {
    store.delete(PathIds.existing("product", id));
  }
}
