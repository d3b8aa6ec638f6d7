package io.acu.fleetsim.http;

import io.acu.fleetsim.domain.ClientPolicy;
import io.acu.fleetsim.domain.ClientTransport;
import io.acu.fleetsim.domain.DownloadGrant;
import io.acu.fleetsim.domain.SimulatedClient;
import io.acu.formats.Sha256;
import io.acu.formats.cab.CabinetEntry;
import io.acu.formats.cab.CabinetReader;
import io.acu.formats.ccmsetup.CcmSetupManifest;
import io.acu.formats.ccmsetup.CcmSetupXml;
import io.acu.formats.ccmsetup.ManifestItem;
import io.acu.formats.statemessage.Report;
import io.acu.formats.statemessage.ReportXml;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@link ClientTransport} over HTTP against the real services, for one package version:
 * <ul>
 *   <li>policy: rollout's {@code GET /api/client-policy/{packageId}?clientId&boundaryGroup}, the client's own;
 *   <li>download grant: rollout's {@code POST /api/download-grants} for the DP the content location named; 200/201
 *       grant, 429 busy (its Retry-After, capped as {@link RetryPolicy} caps it), 409 refused — handed to the caller,
 *       not retried here;
 *   <li>content location: dp-content's locator, {@code GET /api/content-locations?packageId&boundaryGroup&version}
 *       (the policy's version: a DP still on the previous one is no location for it), cached per (boundary group,
 *       version) for the run;
 *   <li>manifest: {@code GET <location>ccmsetup.cab}, its detached signature checked with manifest-builder's key
 *       ({@link CabinetSignature}), ccmsetup.xml extracted ({@link CabinetReader}) and parsed ({@link CcmSetupXml});
 *   <li>files: {@code GET <location><file>} streamed into SHA-256 (never held whole); a share of downloads is cut
 *       after about half the bytes and resumed with {@code Range: bytes=N-} and {@code If-Range: <ETag>} as BITS
 *       does (RFC 9110 §14.2, §13.1.5); a 200 to a resume (the file changed) starts the hash over;
 *   <li>status: Report XML POSTed to the fallback status point ({@code /SMS_FSP/.sms_fsp}) and to state-ingest's
 *       intake ({@code /api/state-messages}), spread over each service's replicas with failover ({@link Replicas});
 *       2xx is accepted; 4xx other than 429 is refused with the service's reason; a configurable share of clients
 *       sends each accepted report once more (same serial number).
 * </ul>
 * Connection errors, 429 and 5xx are retried as {@link RetryPolicy} says. Thread-safe; one instance serves a fleet.
 */
public final class HttpClientTransport implements ClientTransport {

    /** The manifest's name inside ccmsetup.cab. */
    public static final String MANIFEST_ENTRY = "ccmsetup.xml";
    /** The cabinet's name in the package folder. */
    public static final String CABINET_FILE = "ccmsetup.cab";
    /** The largest ccmsetup.cab accepted (a real one is a few KB). */
    static final int MAX_CABINET_BYTES = 4 * 1024 * 1024;
    private static final String XML = "application/xml";
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

    /**
     * The package version this transport fetches, and how it knows the cabinet is genuine.
     *
     * @param packageId the package, e.g. {@code CAS00006}
     * @param packageVersion the version, e.g. 5
     * @param cabSignature the cab's detached signature (manifest-builder's package version)
     * @param signingKey manifest-builder's signing key
     */
    public record PackageTarget(String packageId, int packageVersion, CabinetSignature cabSignature, PublicKey signingKey) {
        /** @throws NullPointerException for a missing part */
        public PackageTarget {
            Objects.requireNonNull(packageId, "packageId");
            Objects.requireNonNull(cabSignature, "cabSignature");
            Objects.requireNonNull(signingKey, "signingKey");
        }
    }

    /**
     * Transport-level behaviour drawn per client ({@link ClientDraws}).
     *
     * @param seed the run's seed
     * @param interruptedDownloads fraction 0..1 of file downloads cut after about half their bytes and resumed
     * @param duplicateReports fraction 0..1 of clients that send each accepted report a second time
     */
    public record Injections(long seed, double interruptedDownloads, double duplicateReports) {
        /** None: nothing interrupted, nothing duplicated. */
        public static final Injections NONE = new Injections(0, 0, 0);

        /** @throws IllegalArgumentException for a share outside 0..1 */
        public Injections {
            for (double share : new double[] {interruptedDownloads, duplicateReports}) {
                if (!(share >= 0 && share <= 1)) {
                    throw new IllegalArgumentException("a share is a fraction 0..1, was " + share);
                }
            }
        }
    }

    private final ServiceEndpoints endpoints;
    private final Replicas fspReplicas;
    private final Replicas stateIngestReplicas;
    private final HttpExchanges http;
    private final TransportCounters counters;
    private final PackageTarget target;
    private final Injections injections;
    private final ClientCredentials credentials;
    private final ConcurrentMap<String, CompletableFuture<ServiceJson.ContentLocation>> locations = new ConcurrentHashMap<>();

    /**
     * @param endpoints the services
     * @param http the run's HTTP client (its counters receive this transport's counts)
     * @param target the package version and its signature
     * @param injections interrupted downloads and duplicate reports
     */
    public HttpClientTransport(ServiceEndpoints endpoints, HttpExchanges http, PackageTarget target, Injections injections) {
        this(endpoints, http, target, injections, ClientCredentials.NONE);
    }

    /**
     * @param endpoints the services
     * @param http the run's HTTP client (its counters receive this transport's counts)
     * @param target the package version and its signature
     * @param injections interrupted downloads and duplicate reports
     * @param credentials each client's token for the management point's intake and rollout's policy and grants
     */
    public HttpClientTransport(ServiceEndpoints endpoints, HttpExchanges http, PackageTarget target, Injections injections,
            ClientCredentials credentials) {
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
        this.fspReplicas = new Replicas(endpoints.fspReplicas());
        this.stateIngestReplicas = new Replicas(endpoints.stateIngestReplicas());
        this.http = Objects.requireNonNull(http, "http");
        this.counters = http.counters();
        this.target = Objects.requireNonNull(target, "target");
        this.injections = Objects.requireNonNull(injections, "injections");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
    }

    /** @return the counters this transport adds to */
    public TransportCounters counters() {
        return counters;
    }

    /**
     * The client's distribution point folder for the package, asked once per boundary group.
     *
     * @throws TransportException when the locator is unreachable, answers 404 (no DP has the package) or no location
     */
    public ServiceJson.ContentLocation location(SimulatedClient client) {
        String key = client.boundaryGroup() + "@" + target.packageVersion();
        CompletableFuture<ServiceJson.ContentLocation> mine = new CompletableFuture<>();
        CompletableFuture<ServiceJson.ContentLocation> known = locations.putIfAbsent(key, mine);
        if (known != null) {
            // Another client of the group asked (or is asking): one request per group, the others wait for it.
            try {
                return known.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof TransportException t ? t : new TransportException("content location lookup failed", e.getCause());
            }
        }
        try {
            ServiceJson.ContentLocation location = lookUp(client.boundaryGroup());
            mine.complete(location);
            return location;
        } catch (RuntimeException e) {
            // Not cached: a later client asks again (the package may be distributed by then).
            locations.remove(key, mine);
            mine.completeExceptionally(e);
            throw e;
        }
    }

    private ServiceJson.ContentLocation lookUp(String boundaryGroup) {
        URI url = ServiceEndpoints.at(endpoints.dpLocator(), "/api/content-locations?packageId=" + encode(target.packageId())
                + "&boundaryGroup=" + encode(boundaryGroup) + "&version=" + target.packageVersion());
        HttpResponse<byte[]> response = http.send(() -> http.request(url).GET().header("Accept", "application/json").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new TransportException("GET " + url + " answered " + response.statusCode() + ": " + ServiceJson.problemReason(response.body()));
        }
        ServiceJson.ContentLocations answer;
        try {
            answer = ServiceJson.contentLocations(response.body());
        } catch (IllegalArgumentException e) {
            throw new TransportException("dp-content's " + e.getMessage(), e);
        }
        return answer.preferred()
                .orElseThrow(() -> new TransportException("no distribution point offers " + target.packageId() + " to " + boundaryGroup));
    }

    /** Adds the client's token, where it has one, as rollout's client endpoints ask for it. */
    private HttpRequest.Builder asClient(HttpRequest.Builder request, SimulatedClient client) {
        credentials.tokenFor(client.clientId()).ifPresent(token -> request.header("Authorization", "Bearer " + token));
        return request;
    }

    @Override
    public ClientPolicy readPolicy(SimulatedClient client) {
        URI url = ServiceEndpoints.at(endpoints.rollout(), "/api/client-policy/" + encode(target.packageId()) + "?clientId="
                + encode(client.clientId()) + "&boundaryGroup=" + encode(client.boundaryGroup()));
        HttpResponse<byte[]> response = timed(counters.policyPhase, () -> http.send(() -> asClient(http.request(url).GET()
                .header("Accept", "application/json"), client).build(), HttpResponse.BodyHandlers.ofByteArray()));
        counters.policyReads.increment();
        if (response.statusCode() != 200) {
            throw new TransportException("GET " + url + " answered " + response.statusCode() + ": " + ServiceJson.problemReason(response.body()));
        }
        try {
            return ServiceJson.clientPolicy(response.body());
        } catch (IllegalArgumentException e) {
            throw new TransportException("rollout's " + e.getMessage(), e);
        }
    }

    @Override
    public DownloadGrant requestGrant(SimulatedClient client, int packageVersion) {
        String distributionPoint = location(client).distributionPoint();
        URI url = ServiceEndpoints.at(endpoints.rollout(), "/api/download-grants");
        byte[] body = ("{\"packageId\":" + ServiceJson.quote(target.packageId()) + ",\"packageVersion\":" + packageVersion + ",\"clientId\":"
                + ServiceJson.quote(client.clientId()) + ",\"distributionPoint\":" + ServiceJson.quote(distributionPoint) + ",\"boundaryGroup\":"
                + ServiceJson.quote(client.boundaryGroup()) + "}").getBytes(StandardCharsets.UTF_8);
        counters.grantRequests.increment();
        // 429 is the caller's to honour (it counts and waits); only connection errors and 5xx are retried here.
        HttpResponse<byte[]> response = timed(counters.grantPhase, () -> http.send(() -> asClient(http.request(url)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", "application/json").header("Accept", "application/json"),
                client).build(), HttpResponse.BodyHandlers.ofByteArray(), status -> status >= 500));
        int status = response.statusCode();
        if (status == 200 || status == 201) {
            try {
                return ServiceJson.grant(response.body());
            } catch (IllegalArgumentException e) {
                throw new TransportException("rollout's " + e.getMessage(), e);
            }
        }
        if (status == 429) {
            counters.grantsBusy.increment();
            Duration wait = http.retry().delayAfter(1, response.headers().firstValue("Retry-After"), Clock.systemUTC());
            return new DownloadGrant.Busy(distributionPoint, wait, ServiceJson.problemReason(response.body()));
        }
        if (status == 409) {
            counters.grantsRefused.increment();
            return new DownloadGrant.Refused(ServiceJson.problemReason(response.body()));
        }
        throw new TransportException("POST " + url + " answered " + status + ": " + ServiceJson.problemReason(response.body()));
    }

    @Override
    public CcmSetupManifest fetchManifest(SimulatedClient client) {
        URI url = URI.create(location(client).url() + CABINET_FILE);
        HttpResponse<byte[]> response = http.send(() -> http.request(url).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new TransportException("GET " + url + " answered " + response.statusCode());
        }
        byte[] cabinet = response.body();
        counters.bytesDownloaded.add(cabinet.length);
        if (cabinet.length > MAX_CABINET_BYTES) {
            throw new TransportException(url + " is " + cabinet.length + " bytes, more than a ccmsetup.cab can be");
        }
        if (!target.cabSignature().verifies(cabinet, target.signingKey())) {
            throw new TransportException(url + " fails its signature check (" + target.cabSignature().algorithm() + ")");
        }
        try {
            CabinetEntry entry = CabinetReader.find(cabinet, MANIFEST_ENTRY)
                    .orElseThrow(() -> new TransportException(url + " holds no " + MANIFEST_ENTRY));
            CcmSetupManifest manifest = CcmSetupXml.read(entry.data());
            counters.manifestsFetched.increment();
            return manifest;
        } catch (TransportException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new TransportException(url + " is unreadable: " + e.getMessage(), e);
        }
    }

    @Override
    public String contentSource(SimulatedClient client, CcmSetupManifest manifest) {
        try {
            return location(client).url();
        } catch (TransportException e) {
            return "";
        }
    }

    @Override
    public Sha256 downloadFile(SimulatedClient client, CcmSetupManifest manifest, ManifestItem item, boolean corrupt) {
        URI url = URI.create(location(client).url() + encodePath(item.fileName()));
        boolean interrupt = ClientDraws.downloadInterrupted(injections.seed(), client.index(), item.fileName(), injections.interruptedDownloads());
        return download(url, interrupt, corrupt);
    }

    /**
     * Downloads {@code url} into a SHA-256, as BITS: on an injected cut or a broken transfer it resumes from the
     * bytes it has with {@code Range} + {@code If-Range}.
     *
     * @param interrupt cut the transfer after about half the bytes (once), then resume
     * @param corrupt flip the first byte received
     */
    Sha256 download(URI url, boolean interrupt, boolean corrupt) {
        Sha256.Hasher hasher = Sha256.hasher();
        long received = 0;
        String etag = null;
        boolean cutPending = interrupt;
        byte[] buffer = new byte[64 * 1024];
        for (int attempt = 1; ; ) {
            HttpRequest.Builder request = http.request(url).GET();
            boolean resuming = received > 0;
            if (resuming) {
                request.header("Range", "bytes=" + received + "-");
                if (etag != null) {
                    request.header("If-Range", etag);
                }
                counters.resumedDownloads.increment();
            }
            HttpResponse<InputStream> response;
            try {
                response = http.sendOnce(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                attempt = failedAttempt(url, attempt, null, HttpExchanges.describe(e), e);
                continue;
            }
            int status = response.statusCode();
            InputStream body = response.body();
            try {
                if (RetryPolicy.retriable(status)) {
                    attempt = failedAttempt(url, attempt, response.headers().firstValue("Retry-After").orElse(null), "answered " + status, null);
                    continue;
                }
                long total;
                if (status == 200) {
                    if (resuming) {
                        // The file changed since the first part (If-Range did not match): start over.
                        hasher = Sha256.hasher();
                        received = 0;
                    }
                    total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
                } else if (status == 206 && resuming) {
                    String contentRange = response.headers().firstValue("Content-Range").orElse("");
                    Matcher range = CONTENT_RANGE.matcher(contentRange);
                    if (!range.matches() || Long.parseLong(range.group(1)) != received) {
                        throw new TransportException("GET " + url + " with Range bytes=" + received + "- answered Content-Range '" + contentRange + "'");
                    }
                    total = "*".equals(range.group(3)) ? -1 : Long.parseLong(range.group(3));
                } else {
                    throw new TransportException("GET " + url + " answered " + status);
                }
                etag = response.headers().firstValue("ETag").orElse(etag);
                long cutAt = cutPending && total >= 2 ? total / 2 : -1;
                try {
                    while (true) {
                        int want = cutAt >= 0 ? (int) Math.min(buffer.length, cutAt - received) : buffer.length;
                        int n = body.read(buffer, 0, want);
                        if (n < 0) {
                            break;
                        }
                        if (corrupt && received == 0 && n > 0) {
                            buffer[0] ^= 0x01;
                        }
                        hasher.update(buffer, 0, n);
                        received += n;
                        counters.bytesDownloaded.add(n);
                        if (cutAt >= 0 && received >= cutAt) {
                            break;
                        }
                    }
                } catch (IOException e) {
                    attempt = failedAttempt(url, attempt, null, "transfer broke after " + received + " bytes: " + HttpExchanges.describe(e), e);
                    continue;
                }
                if (cutAt >= 0 && received >= cutAt) {
                    // The injected cut: closing the body drops the connection mid-transfer; BITS resumes from here.
                    cutPending = false;
                    continue;
                }
                if (total >= 0 && received != total) {
                    attempt = failedAttempt(url, attempt, null, "transfer ended after " + received + " of " + total + " bytes", null);
                    continue;
                }
                counters.downloads.increment();
                return hasher.finish();
            } finally {
                closeQuietly(body);
            }
        }
    }

    private static void closeQuietly(InputStream body) {
        try {
            body.close();
        } catch (IOException e) {
            // the transfer is over either way; a failed close only loses the connection
        }
    }

    private int failedAttempt(URI url, int attempt, String retryAfter, String what, Exception cause) {
        if (!http.retry().hasAttemptAfter(attempt)) {
            if (cause instanceof java.net.ConnectException || cause instanceof java.net.http.HttpConnectTimeoutException) {
                counters.unreachable.increment();
            }
            throw new TransportException("GET " + url + " failed after " + attempt + " attempts: " + what, cause);
        }
        http.pauseBeforeRetry(attempt, retryAfter);
        return attempt + 1;
    }

    @Override
    public void sendFallbackStatus(SimulatedClient client, Report report) {
        post(fspReplicas, "/SMS_FSP/.sms_fsp", client, report, null); // the fallback status point is open, as ConfigMgr's
    }

    @Override
    public void sendStateMessage(SimulatedClient client, Report report) {
        post(stateIngestReplicas, "/api/state-messages", client, report,
                credentials.tokenFor(client.clientId()).map(token -> "Bearer " + token).orElse(null));
    }

    private void post(Replicas replicas, String path, SimulatedClient client, Report report, String authorization) {
        byte[] body = ReportXml.write(report);
        counters.messagesSent.increment();
        HttpResponse<byte[]> response;
        try {
            response = postOnce(replicas, path, body, authorization);
        } catch (TransportException e) {
            counters.messagesRejected.increment();
            throw e;
        }
        if (!successful(response.statusCode())) {
            counters.messagesRejected.increment();
            throw new TransportException("POST " + response.uri() + " answered " + response.statusCode() + ": "
                    + ServiceJson.problemReason(response.body()));
        }
        counters.messagesAccepted.increment();
        if (ClientDraws.sendsDuplicates(injections.seed(), client.index(), injections.duplicateReports())) {
            counters.duplicatesSent.increment();
            try {
                if (successful(postOnce(replicas, path, body, authorization).statusCode())) {
                    counters.duplicatesAccepted.increment();
                }
            } catch (TransportException e) {
                // a lost duplicate changes nothing for the client: its report was accepted already
            }
        }
    }

    /** Posts a report to {@code path} of the service's replicas (one request, its retries and failovers included). */
    private HttpResponse<byte[]> postOnce(Replicas replicas, String path, byte[] body, String authorization) {
        return timed(counters.reportPhase, () -> http.send(replicas, base -> {
            HttpRequest.Builder request = http.request(ServiceEndpoints.at(base, path)).POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .header("Content-Type", XML);
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            return request.build();
        }, HttpResponse.BodyHandlers.ofByteArray()));
    }

    /** Runs one request (its retries included) as part of {@code phase}. */
    private static <T> T timed(TransportCounters.PhaseClock phase, java.util.function.Supplier<T> request) {
        TransportCounters.PhaseClock.Started started = phase.started();
        try {
            return request.get();
        } finally {
            phase.ended(started);
        }
    }

    private static boolean successful(int status) {
        return status >= 200 && status <= 299;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Percent-encodes each segment of a manifest file name such as {@code x64/client.msi} (spaces as %20). */
    static String encodePath(String fileName) {
        return Arrays.stream(fileName.replace('\\', '/').split("/"))
                .map(segment -> URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"))
                .collect(Collectors.joining("/"));
    }

    /** @return the transport and its package version, for logs, e.g. {@code HttpClientTransport[CAS00006 v5]} */
    @Override
    public String toString() {
        return "HttpClientTransport[" + target.packageId() + " v" + target.packageVersion() + "]";
    }
}
