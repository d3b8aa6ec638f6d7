package io.acu.manifestbuilder.client;

import static io.acu.manifestbuilder.domain.HotfixRejectedException.Kind.INVALID;
import static io.acu.manifestbuilder.domain.HotfixRejectedException.Kind.UNPROCESSABLE;

import io.acu.manifestbuilder.domain.HotfixRejectedException;
import io.acu.manifestbuilder.domain.HotfixSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;

/**
 * {@link HotfixSource} over HTTP(S) with the JDK client: a plain {@code GET}, redirects followed (not from HTTPS
 * to HTTP), 10 s to connect and 30 min for the whole transfer; only a {@code 200} answer is content. The body is
 * streamed, never held in memory.
 */
@ApplicationScoped
public class HttpHotfixSource implements HotfixSource {

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(10)).build();

    /**
     * {@inheritDoc}
     *
     * @throws HotfixRejectedException INVALID for a scheme other than {@code http}/{@code https} or a URL the client
     *     refuses; UNPROCESSABLE when the server cannot be reached or answers anything but 200, with the status
     */
    @Override
    public InputStream open(String fileName, URI url) throws IOException {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new HotfixRejectedException(INVALID, fileName + ": sourceUrl must be http or https, not '" + url + "'");
        }
        HttpResponse<InputStream> response;
        try {
            response = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (IllegalArgumentException e) {
            throw new HotfixRejectedException(INVALID, fileName + ": bad sourceUrl: " + e.getMessage());
        } catch (IOException e) {
            throw new HotfixRejectedException(UNPROCESSABLE, fileName + ": cannot fetch " + url + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + url, e);
        }
        if (response.statusCode() != 200) {
            response.body().close();
            throw new HotfixRejectedException(UNPROCESSABLE, fileName + ": fetching " + url + " gave HTTP " + response.statusCode());
        }
        return response.body();
    }
}
