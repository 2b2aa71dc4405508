package dev.granular.catalog.categories.boundary;

import dev.granular.catalog.categories.control.CategoryStore;
import dev.granular.catalog.categories.entity.CategoryInput;
import dev.granular.catalog.categories.entity.CategoryView;
import dev.granular.platform.NotFound;
import dev.granular.platform.PathIds;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** {@code /api/categories}: create and read categories. */
@Path("categories")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class CategoriesResource {

  @Inject CategoryStore store;

  @POST
  public Response create(@Valid @NotNull CategoryInput input, @Context UriInfo uri) {
    CategoryView created = store.create(input);
    return Response.created(uri.getAbsolutePathBuilder().path(String.valueOf(created.id())).build())
        .entity(created)
        .build();
  }

  @GET
  @Path("{id}")
  public CategoryView find(@PathParam("id") long id) {
    CategoryView category = store.find(PathIds.existing("category", id));
    if (category == null) {
      throw new NotFound("category", id);
    }
    return category;
  }
}
