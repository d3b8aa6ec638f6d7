package io.acu.manifestbuilder.client;

import static io.acu.manifestbuilder.domain.HotfixRejectedException.Kind.INVALID;
import static io.acu.manifestbuilder.domain.HotfixRejectedException.Kind.UNPROCESSABLE;

import io.acu.manifestbuilder.domain.HotfixRejectedException;
import io.acu.manifestbuilder.domain.HotfixSource;
import io.acu.manifestbuilder.domain.SourceUrlPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@link HotfixSource} over HTTP(S) with the JDK client: a plain {@code GET} of a URL the {@link SourceUrlPolicy}
 * allows ({@code acu.hotfix-source.allowed-base-urls}; unset: none), 10 s to connect and 30 min for the whole
 * transfer; only a {@code 200} answer is content. The body is streamed, never held in memory. Redirects are not left
 * to the client: each {@code Location} (at most {@value #MAX_REDIRECTS} hops, never from HTTPS to HTTP) passes the
 * same policy as the first URL before it is requested, so a redirect cannot lead outside the allowed bases.
 */
@ApplicationScoped
public class HttpHotfixSource implements HotfixSource {

    /** Hops followed before the fetch is refused. */
    static final int MAX_REDIRECTS = 5;
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final SourceUrlPolicy policy;

    @Inject
    HttpHotfixSource(@ConfigProperty(name = "acu.hotfix-source.allowed-base-urls") Optional<List<String>> allowedBaseUrls) {
        this(SourceUrlPolicy.of(allowedBaseUrls.orElse(List.of())));
    }

    /** @param policy which URLs may be fetched */
    HttpHotfixSource(SourceUrlPolicy policy) {
        this.policy = policy;
    }

    /**
     * {@inheritDoc}
     *
     * @throws HotfixRejectedException INVALID for a URL (or redirect target) the {@link SourceUrlPolicy} refuses or the
     *     client cannot use, a redirect from HTTPS to HTTP, or more than {@value #MAX_REDIRECTS} redirects;
     *     UNPROCESSABLE when the server cannot be reached or answers anything but 200 (or a redirect), with the status
     */
    @Override
    public InputStream open(String fileName, URI url) throws IOException {
        URI current = url;
        for (int redirects = 0; ; redirects++) {
            policy.check(fileName, current);
            HttpResponse<InputStream> response = send(fileName, current);
            int status = response.statusCode();
            if (status == 200) {
                return response.body();
            }
            response.body().close();
            if (!REDIRECTS.contains(status)) {
                throw new HotfixRejectedException(UNPROCESSABLE, fileName + ": fetching " + current + " gave HTTP " + status);
            }
            Optional<String> location = response.headers().firstValue("Location");
            if (location.isEmpty()) {
                throw new HotfixRejectedException(UNPROCESSABLE, fileName + ": fetching " + current + " gave HTTP " + status
                        + " without a Location");
            }
            if (redirects == MAX_REDIRECTS) {
                throw new HotfixRejectedException(INVALID, fileName + ": " + url + " redirects more than " + MAX_REDIRECTS + " times");
            }
            URI next;
            try {
                next = current.resolve(location.get());
            } catch (IllegalArgumentException e) {
                throw new HotfixRejectedException(INVALID, fileName + ": " + current + " redirects to a bad URL: " + e.getMessage());
            }
            if ("https".equalsIgnoreCase(current.getScheme()) && !"https".equalsIgnoreCase(next.getScheme())) {
                throw new HotfixRejectedException(INVALID, fileName + ": " + current + " redirects from HTTPS to " + next);
            }
            current = next;
        }
    }

    private HttpResponse<InputStream> send(String fileName, URI url) throws IOException {
        try {
            return http.send(HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (IllegalArgumentException e) {
            throw new HotfixRejectedException(INVALID, fileName + ": bad sourceUrl: " + e.getMessage());
        } catch (IOException e) {
            throw new HotfixRejectedException(UNPROCESSABLE, fileName + ": cannot fetch " + url + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + url, e);
        }
    }
}
