package io.acu.dpcontent.location.rest;

import io.acu.dpcontent.directory.DistributionPointDirectory;
import io.acu.dpcontent.location.ContentLocations;
import io.acu.dpcontent.location.IpSubnet;
import io.acu.dpcontent.manager.persistence.DistributionStore;
import io.acu.formats.InvalidValueException;
import io.acu.formats.PackageId;
import io.acu.problem.Problem;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.InetAddress;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Content locations by boundary group: ConfigMgr's management point location reply, answered from the distribution
 * manager's directory and per-DP status. Unauthenticated and read-only, like the location request a client sends.
 */
@Path("/api/content-locations")
@Produces(MediaType.APPLICATION_JSON)
public class ContentLocationResource {

    private final DistributionStore store;
    private final DistributionPointDirectory directory;

    ContentLocationResource(DistributionStore store, DistributionPointDirectory directory) {
        this.store = store;
        this.directory = directory;
    }

    /**
     * {@code GET /api/content-locations?packageId=CAS00006&boundaryGroup=BG-HQ[&clientIp=10.1.2.3][&version=5]}.
     *
     * @param packageId the package, e.g. {@code CAS00006} (required)
     * @param boundaryGroup the client's boundary group name
     * @param clientIp the client's IP address, matched against DPs' CIDR boundaries
     * @param version the package version; by default the highest INSTALLED on an enabled DP
     * @return 200 with a {@link ContentLocations.Reply}
     *     ({@code {"packageId","packageVersion","boundaryGroup","locations":[{"distributionPoint","url","fallback"}]}});
     *     400 problem for a missing or malformed packageId, a version that is not a positive integer, a clientIp that
     *     is not an IP address, or neither boundaryGroup nor clientIp; 404 problem when no enabled DP has any version
     *     of the package INSTALLED
     */
    @GET
    public Uni<Response> locate(@QueryParam("packageId") String packageId, @QueryParam("boundaryGroup") String boundaryGroup,
                                @QueryParam("clientIp") String clientIp, @QueryParam("version") String version) {
        ContentLocations.Request request;
        try {
            request = request(packageId, boundaryGroup, clientIp, version);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().item(Problem.of(400, e.getMessage()).toResponse());
        }
        return store.installed(request.packageId().toString()).map(installed -> ContentLocations
                .locate(request, directory.distributionPoints(), installed)
                .map(reply -> Response.ok(reply).build())
                .orElseGet(() -> Problem.of(404, request.packageId() + " is not INSTALLED on any enabled distribution point").toResponse()));
    }

    private static ContentLocations.Request request(String packageId, String boundaryGroup, String clientIp, String version) {
        if (packageId == null || packageId.isBlank()) {
            throw new IllegalArgumentException("packageId is required, e.g. packageId=CAS00006");
        }
        PackageId id;
        try {
            id = PackageId.parse(packageId.trim());
        } catch (InvalidValueException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        OptionalInt wanted = OptionalInt.empty();
        if (version != null) {
            if (!version.matches("[0-9]{1,9}") || Integer.parseInt(version) < 1) {
                throw new IllegalArgumentException("version must be a package version number (1 or more), got '" + version + "'");
            }
            wanted = OptionalInt.of(Integer.parseInt(version));
        }
        Optional<InetAddress> address = Optional.empty();
        if (clientIp != null) {
            address = IpSubnet.address(clientIp);
            if (address.isEmpty()) {
                throw new IllegalArgumentException("clientIp must be an IPv4 or IPv6 address, got '" + clientIp + "'");
            }
        }
        Optional<String> group = Optional.ofNullable(boundaryGroup).map(String::trim).filter(g -> !g.isEmpty());
        if (group.isEmpty() && address.isEmpty()) {
            throw new IllegalArgumentException("give the client's boundaryGroup (e.g. boundaryGroup=BG-HQ) or its clientIp");
        }
        return new ContentLocations.Request(id, wanted, group, address);
    }
}
