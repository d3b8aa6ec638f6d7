package io.acu.dpcontent.common;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** RFC 9457 problem details ({@code application/problem+json}), for both the Vert.x routes and the REST resources. */
public final class Problems {

    /** The media type of a problem document. */
    public static final String MEDIA_TYPE = "application/problem+json";

    private Problems() {
    }

    /**
     * Ends a Vert.x response with a problem document.
     *
     * @param response the response, headers not yet written
     * @param status the HTTP status, e.g. 400
     * @param title a short summary, e.g. {@code Bad Request}
     * @param detail what was wrong with this request
     */
    public static void send(HttpServerResponse response, int status, String title, String detail) {
        String body = new JsonObject().put("type", "about:blank").put("title", title).put("status", status)
                .put("detail", detail).encode();
        response.setStatusCode(status).putHeader("Content-Type", MEDIA_TYPE).end(body);
    }

    /**
     * A JAX-RS problem response.
     *
     * @param status the status
     * @param detail what was wrong with this request
     * @return the response
     */
    public static Response response(Response.Status status, String detail) {
        return Response.status(status).type(MEDIA_TYPE)
                .entity(Map.of("type", "about:blank", "title", status.getReasonPhrase(), "status", status.getStatusCode(), "detail", detail))
                .build();
    }
}
