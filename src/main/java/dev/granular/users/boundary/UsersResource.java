package dev.granular.users.boundary;

import dev.granular.cache.http.EntityTags;
import dev.granular.cache.http.HttpCaching;
import dev.granular.platform.NotFound;
import dev.granular.platform.PathIds;
import dev.granular.platform.PreconditionFailed;
import dev.granular.users.control.UserStore;
import dev.granular.users.entity.UserInput;
import dev.granular.users.entity.UserView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** {@code /api/users}: the user flow of the seed article. */
@Path("users")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class UsersResource {

  @Inject UserStore store;

  @POST
  public Response create(@Valid @NotNull UserInput input, @Context UriInfo uri) {
    UserView created = store.create(input);
    return Response.created(uri.getAbsolutePathBuilder().path(String.valueOf(created.id())).build())
        .entity(created)
        .build();
  }

  /**
   * The user, with a strong {@code ETag} of its state; a matching {@code If-None-Match} gets a 304
   * from the cache.
   */
  @GET
  @Path("{id}")
  public Response find(
      @PathParam("id") long id, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
    UserView user = store.find(PathIds.existing("user", id));
    if (user == null) {
      throw new NotFound("user", id);
    }
    return HttpCaching.conditional(ifNoneMatch, EntityTags.strong(user), "users", user);
  }

  /**
   * Updates the user; with {@code If-Match}, only if it is still in that state (checked with its
   * row locked): 412.
   */
  @PUT
  @Path("{id}")
  public Response update(
      @PathParam("id") long id,
      @Valid @NotNull UserInput input,
      @Context Request request,
      @Context HttpHeaders headers) {
    UserView updated =
        store.update(
            PathIds.existing("user", id),
            input,
            current ->
                PreconditionFailed.unlessIfMatch(
                    headers, request, EntityTags.strong(current), "user " + current.id()));
    return Response.ok(updated).tag(EntityTags.strong(updated)).build();
  }
}
