package dev.granular.catalog.products.boundary;

import dev.granular.cache.config.Settings;
import dev.granular.cache.http.EntityTags;
import dev.granular.cache.http.HttpCaching;
import dev.granular.catalog.products.control.ProductStore;
import dev.granular.catalog.products.entity.ProductInput;
import dev.granular.catalog.products.entity.ProductView;
import dev.granular.catalog.products.views.ProductViews;
import dev.granular.platform.NotFound;
import dev.granular.platform.PathIds;
import dev.granular.platform.PreconditionFailed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * {@code /api/products}: the product CRUD flow of the seed article. One instance serves every
 * request (request data comes in as parameters): creating a request-scoped resource with its
 * injections cost a hit more than its cache lookup.
 */
@Path("products")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ProductsResource {

  @Inject ProductStore store;
  @Inject ProductViews views;

  /**
   * {@code views.count-reads} (default true): a read counts a view. Off, a read shows the stored
   * count and touches nothing but the cache, for deployments that count views elsewhere; the
   * benchmark uses it to tell the cache's cost from the counter's.
   */
  private final boolean countReads = Settings.getBoolean("views.count-reads", true);

  @POST
  public Response create(@Valid @NotNull ProductInput input, @Context UriInfo uri) {
    ProductView created = store.create(input);
    return Response.created(uri.getAbsolutePathBuilder().path(String.valueOf(created.id())).build())
        .entity(created)
        .build();
  }

  /**
   * The product, counting one view: its {@code views} include this one and those not yet written
   * back. It carries a strong {@code ETag} of the product's state (every property but the live
   * {@code views}); a request whose {@code If-None-Match} names it gets a 304 from the cache,
   * without a body and without a database read.
   */
  @GET
  @Path("{id}")
  public Response find(
      @PathParam("id") long id, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
    long existing = PathIds.existing("product", id);
    if (!countReads) {
      ProductView product = store.find(existing);
      if (product == null) {
        throw new NotFound("product", id);
      }
      return HttpCaching.conditional(ifNoneMatch, entityTag(product), "products", product);
    }
    // The view is counted while the product is read (two round trips at once); taken back if there
    // is none.
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
    ProductView shown = views.viewed(view, product); // a revalidated copy is a view too
    return HttpCaching.conditional(ifNoneMatch, entityTag(product), "products", shown);
  }

  /**
   * The strong entity tag of a product's state: every property but {@code views}, which changes on
   * every read. Built from the fields, not from JSON: it is computed on every GET, and writing the
   * product twice cost more than the hash.
   */
  static EntityTag entityTag(ProductView product) {
    return EntityTags.ofFields(
        product.id(),
        product.name(),
        product.description(),
        product.price(),
        product.categoryId(),
        product.updatedAt());
  }

  /**
   * Updates the product. With {@code If-Match}, only if the product is still in the state that tag
   * names (checked with its row locked, so two clients cannot both win): else 412 and nothing
   * changes.
   */
  @PUT
  @Path("{id}")
  public Response update(
      @PathParam("id") long id,
      @Valid @NotNull ProductInput input,
      @Context Request request,
      @Context HttpHeaders headers) {
    ProductView updated =
        store.update(
            PathIds.existing("product", id),
            input,
            current ->
                PreconditionFailed.unlessIfMatch(
                    headers, request, entityTag(current), "product " + current.id()));
    return Response.ok(updated).tag(entityTag(updated)).build();
  }

  @DELETE
  @Path("{id}")
  public void delete(@PathParam("id") long id) {
    store.delete(PathIds.existing("product", id));
  }
}
