package io.acu.dpcontent.manager.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.acu.dpcontent.core.RetryPolicy;
import io.acu.dpcontent.directory.DistributionPoint;
import io.acu.dpcontent.library.ContentLibrary;
import io.acu.dpcontent.library.HashMismatchException;
import io.acu.dpcontent.library.PackageContent;
import io.acu.dpcontent.library.PackageFile;
import io.acu.dpcontent.library.StoredFile;
import io.acu.dpcontent.library.ValidationReport;
import io.acu.dpcontent.manager.ContentTransfer.DistributionException;
import io.acu.dpcontent.manager.ContentTransfer;
import io.acu.formats.Sha256;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.instrumentation.javahttpclient.JavaHttpClientTelemetry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The distribution manager's HTTP side, on the JDK's {@link HttpClient} (blocking calls, made from the manager's
 * worker threads): fetching files from manifest-builder's source share into the site library, and the DP content
 * API of {@code io.acu.dpcontent.point.http.ContentApiRoutes}. Every failure becomes a
 * {@link DistributionException} whose message names the DP or URL and the reason; a source-share answer that retrying
 * cannot change ({@link RetryPolicy#isPermanentSourceStatus}) is a permanent one.
 *
 * <p>The source-share token goes only to URLs under the configured source share
 * ({@code dp-content.manager.source-share-url}): a ManifestUpdated's {@code contentSourceUrl} is input, and following
 * it with the token to any host would hand the service's credential to whoever wrote the event. A URL outside the
 * share is not fetched at all (a permanent failure naming the URL and the share, recorded as the distribution's
 * last error); without a token there is nothing to leak and any URL is fetched. The client follows no redirects.
 */
public final class HttpTransfers {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final HttpClient http;
    private final Duration answerTimeout;
    private final Duration requestTimeout;
    private final SourceToken sourceToken;
    private final AtomicLong sourceRefusals = new AtomicLong();
    private final Optional<URI> sourceShareUrl;
    private final Optional<String> contentApiToken;
    private final ConcurrentHashMap<Sha256, Object> fetching = new ConcurrentHashMap<>();

    /**
     * @param connectTimeout TCP connect timeout
     * @param answerTimeout longest wait for the answer (status and headers) of an exchange that sends no file: a DP's
     *     library check, registration and package list, and the source share's answer to a file request; a peer that
     *     accepts the connection and never answers fails the exchange after this
     * @param requestTimeout longest time a file push to a DP may take, answer included
     * @param sourceToken bearer token for the source share (manifest-builder serves it to dp-content only), if any
     * @param sourceShareUrl the source share's base URL, e.g. {@code http://manifest-builder/source/}; with a token,
     *     only URLs under it (same scheme, host and port, path under its path) are fetched
     * @param contentApiToken bearer token the DPs' content API demands, if any
     */
    public HttpTransfers(Duration connectTimeout, Duration answerTimeout, Duration requestTimeout, Optional<String> sourceToken,
            Optional<URI> sourceShareUrl, Optional<String> contentApiToken) {
        this(connectTimeout, answerTimeout, requestTimeout, sourceToken.map(SourceToken::of).orElse(SourceToken.none()), sourceShareUrl,
                contentApiToken);
    }

    /**
     * As {@link #HttpTransfers(Duration, Duration, Duration, Optional, Optional, Optional)} with a token that may be
     * rotated (read from a file at each fetch when it changed).
     *
     * @param sourceToken the source-share token
     */
    public HttpTransfers(Duration connectTimeout, Duration answerTimeout, Duration requestTimeout, SourceToken sourceToken,
            Optional<URI> sourceShareUrl, Optional<String> contentApiToken) {
        this(connectTimeout, answerTimeout, requestTimeout, sourceToken, sourceShareUrl, contentApiToken, OpenTelemetry.noop());
    }

    /**
     * As {@link #HttpTransfers(Duration, Duration, Duration, SourceToken, Optional, Optional)}, traced: every
     * exchange (source-share fetch, DP library check, push, registration, package list) is an HTTP client span,
     * child of the span current on the calling thread, and carries that span in a W3C {@code traceparent} header
     * (OpenTelemetry's instrumentation of the JDK client), so the DP's server span joins the trace.
     *
     * @param openTelemetry the service's OpenTelemetry; its no-op instance leaves the client as it is
     */
    public HttpTransfers(Duration connectTimeout, Duration answerTimeout, Duration requestTimeout, SourceToken sourceToken,
            Optional<URI> sourceShareUrl, Optional<String> contentApiToken, OpenTelemetry openTelemetry) {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(connectTimeout).build();
        this.http = openTelemetry == OpenTelemetry.noop() ? client : JavaHttpClientTelemetry.create(openTelemetry).newHttpClient(client);
        this.answerTimeout = answerTimeout;
        this.requestTimeout = requestTimeout;
        this.sourceToken = sourceToken;
        this.sourceShareUrl = sourceShareUrl.map(HttpTransfers::asDirectory);
        this.contentApiToken = contentApiToken;
    }

    /** @return how many times the source share refused the token (401 or 403) since start */
    public long sourceRefusals() {
        return sourceRefusals.get();
    }

    /**
     * The source share of one package version, filling the site library.
     *
     * @param contentSourceUrl the version's base URL from ManifestUpdated, ending in {@code /}
     * @param siteLibrary the site's content library
     * @return the source
     */
    public ContentTransfer.Source source(String contentSourceUrl, ContentLibrary siteLibrary) {
        return file -> siteLibrary.file(file.sha256()).orElseGet(() -> {
            // Attempts for several DPs run in parallel: one fetches, the others wait and find it in the library.
            Object lock = fetching.computeIfAbsent(file.sha256(), h -> new Object());
            synchronized (lock) {
                try {
                    return siteLibrary.file(file.sha256()).orElseGet(() -> fetch(contentSourceUrl, file, siteLibrary));
                } finally {
                    fetching.remove(file.sha256(), lock);
                }
            }
        });
    }

    private StoredFile fetch(String base, PackageFile file, ContentLibrary siteLibrary) {
        URI uri = URI.create(base.endsWith("/") ? base : base + "/").resolve(encodePath(file.name()));
        if (sourceToken.configured() && (sourceShareUrl.isEmpty() || !isUnder(uri, sourceShareUrl.get()))) {
            throw DistributionException.permanent("not fetching " + uri + " with the source-share token: it is not under the source share "
                    + sourceShareUrl.map(URI::toString).orElse("(dp-content.manager.source-share-url is not set)"));
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(answerTimeout).GET();
        sourceToken.current().ifPresent(token -> builder.header("Authorization", "Bearer " + token));
        HttpRequest request = builder.build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() == 401 || response.statusCode() == 403) {
                    // The credentials, not the package: retried with backoff (a rotated token may arrive), counted for alerting.
                    sourceRefusals.incrementAndGet();
                    throw new DistributionException("source share refused dp-content's token (" + response.statusCode() + ") for " + uri
                            + "; check dp-content.manager.source-token(-file)");
                }
                if (response.statusCode() != 200) {
                    String error = "source share answered " + response.statusCode() + " for " + uri;
                    throw RetryPolicy.isPermanentSourceStatus(response.statusCode())
                            ? DistributionException.permanent(error) : new DistributionException(error);
                }
                return siteLibrary.ingest(body, file.sha256());
            }
        } catch (HashMismatchException e) {
            throw new DistributionException("source share file " + uri + " does not match the manifest: " + e.getMessage());
        } catch (IOException | UncheckedIOException e) {
            throw new DistributionException("cannot fetch " + uri + ": " + describe(e), 0, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DistributionException("interrupted fetching " + uri, 0, e);
        }
    }

    /**
     * The content API of one distribution point.
     *
     * @param dp the DP
     * @return the target
     */
    public ContentTransfer.Target target(DistributionPoint dp) {
        URI api = URI.create(dp.contentApiUrl().toString().replaceAll("/+$", "") + "/api/dp/");
        return new ContentTransfer.Target() {
            @Override
            public boolean has(Sha256 sha256) {
                HttpResponse<Void> r = exchange(dp, HttpRequest.newBuilder(api.resolve("library/" + sha256.hex()))
                        .method("HEAD", HttpRequest.BodyPublishers.noBody()), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200 || r.statusCode() == 404) {
                    return r.statusCode() == 200;
                }
                throw new DistributionException(dp.name() + " answered " + r.statusCode() + " when asked for " + sha256);
            }

            @Override
            public void push(PackageFile file, StoredFile content) {
                HttpRequest.BodyPublisher body;
                try {
                    body = HttpRequest.BodyPublishers.ofFile(content.path());
                } catch (IOException e) {
                    throw new DistributionException("site library lost " + file.name() + ": " + describe(e), 0, e);
                }
                HttpResponse<String> r = exchange(dp, HttpRequest.newBuilder(api.resolve("library/" + content.sha256().hex()))
                        .header("Content-Type", "application/octet-stream").PUT(body), HttpResponse.BodyHandlers.ofString(), requestTimeout);
                if (r.statusCode() != 201 && r.statusCode() != 200) {
                    throw new DistributionException(dp.name() + " refused " + file.name() + " (" + r.statusCode() + "): " + detail(r.body()));
                }
            }

            @Override
            public void register(PackageContent content) {
                Map<String, Object> index = Map.of("files", content.files().stream()
                        .map(f -> Map.of("name", f.name(), "sha256", f.sha256().hex(), "sizeBytes", f.sizeBytes())).toList());
                String json;
                try {
                    json = JSON.writeValueAsString(index);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                HttpResponse<String> r = exchange(dp, HttpRequest.newBuilder(api.resolve("packages/" + content.packageId() + "/" + content.version()))
                        .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    throw new DistributionException(dp.name() + " did not make " + content.packageId() + " v" + content.version()
                            + " available (" + r.statusCode() + "): " + detail(r.body()));
                }
            }
        };
    }

    /**
     * The package versions a DP has available ({@code GET /api/dp/packages}).
     *
     * @param dp the DP
     * @return package ID and version of each
     * @throws DistributionException if the DP cannot be asked
     */
    public Set<ValidationReport.PackageVersionRef> available(DistributionPoint dp) {
        URI uri = URI.create(dp.contentApiUrl().toString().replaceAll("/+$", "") + "/api/dp/packages");
        HttpResponse<String> r = exchange(dp, HttpRequest.newBuilder(uri).GET(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new DistributionException(dp.name() + " answered " + r.statusCode() + " for its package list");
        }
        try {
            Set<ValidationReport.PackageVersionRef> refs = new HashSet<>();
            for (var node : JSON.readTree(r.body())) {
                refs.add(new ValidationReport.PackageVersionRef(node.get("packageId").asText(), node.get("version").asInt()));
            }
            return refs;
        } catch (IOException | RuntimeException e) {
            throw new DistributionException(dp.name() + " sent an unreadable package list: " + e.getMessage(), 0, e);
        }
    }

    private <T> HttpResponse<T> exchange(DistributionPoint dp, HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) {
        return exchange(dp, request, handler, answerTimeout);
    }

    private <T> HttpResponse<T> exchange(DistributionPoint dp, HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler, Duration timeout) {
        contentApiToken.ifPresent(token -> request.header("Authorization", "Bearer " + token));
        HttpRequest built = request.timeout(timeout).build();
        try {
            return http.send(built, handler);
        } catch (IOException e) {
            throw new DistributionException(dp.name() + " unreachable at " + built.uri() + ": " + describe(e), 0, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DistributionException("interrupted talking to " + dp.name(), 0, e);
        }
    }

    /** The {@code detail} of a problem document, or the body itself. */
    private static String detail(String body) {
        try {
            var node = JSON.readTree(body);
            if (node != null && node.hasNonNull("detail")) {
                return node.get("detail").asText();
            }
        } catch (IOException e) {
            // not JSON: show it as it is
        }
        return body.length() > 300 ? body.substring(0, 300) : body;
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : " " + message);
    }

    /**
     * Whether {@code url} lies under {@code base} (ending in {@code /}): same scheme, host and port, and its
     * normalized path starts with the base's. An encoded dot or slash, which a server may decode into a way out, is
     * never under.
     */
    static boolean isUnder(URI url, URI base) {
        if (url.getScheme() == null || url.getHost() == null || url.getRawUserInfo() != null
                || !url.getScheme().equalsIgnoreCase(base.getScheme()) || !url.getHost().equalsIgnoreCase(base.getHost())
                || port(url) != port(base)) {
            return false;
        }
        String rawPath = url.getRawPath() == null ? "" : url.getRawPath().toLowerCase(java.util.Locale.ROOT);
        if (rawPath.contains("%2e") || rawPath.contains("%2f") || rawPath.contains("%5c")) {
            return false;
        }
        String path = url.normalize().getRawPath();
        return (path == null || path.isEmpty() ? "/" : path).startsWith(base.getRawPath());
    }

    private static int port(URI url) {
        return url.getPort() != -1 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
    }

    private static URI asDirectory(URI base) {
        URI normalized = base.normalize();
        String path = normalized.getRawPath() == null || normalized.getRawPath().isEmpty() ? "/" : normalized.getRawPath();
        return URI.create(normalized.getScheme() + "://" + normalized.getRawAuthority() + (path.endsWith("/") ? path : path + "/"));
    }

    /** Percent-encodes each segment of a package-relative path for a URL. */
    static String encodePath(String name) {
        return List.of(name.split("/")).stream()
                .map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"))
                .collect(Collectors.joining("/"));
    }
}
