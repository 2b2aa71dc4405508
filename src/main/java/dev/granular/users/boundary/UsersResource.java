package dev.granular.users.boundary;

import dev.granular.platform.NotFound;
import dev.granular.platform.PathIds;
import dev.granular.users.control.UserStore;
import dev.granular.users.entity.UserInput;
import dev.granular.users.entity.UserView;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
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

/** {@code /api/users}: the user flow of the seed article. */
@Path("users")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class UsersResource {

  @Inject UserStore store;
  @Context UriInfo uri;

  @POST
  public Response create(@Valid @NotNull UserInput input) {
    UserView created = store.create(input);
    return Response.created(uri.getAbsolutePathBuilder().path(String.valueOf(created.id())).build())
        .entity(created)
        .build();
  }

  @GET
  @Path("{id}")
  public UserView find(@PathParam("id") long id) {
    UserView user = store.find(PathIds.existing("user", id));
    if (user == null) {
      throw new NotFound("user", id);
    }
    return user;
  }

  @PUT
  @Path("{id}")
  public UserView update(@PathParam("id") long id, @Valid @NotNull UserInput input) {
    return store.update(PathIds.existing("user", id), input);
  }
}
