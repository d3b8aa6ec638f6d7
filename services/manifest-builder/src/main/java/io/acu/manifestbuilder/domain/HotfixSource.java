package io.acu.manifestbuilder.domain;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;

/**
 * Port: where the bytes of a hotfix file named by URL come from (a HotfixArrived event's {@code sourceUrl}, e.g.
 * a patch feed or a package source share served over HTTP). Intake streams what it opens into the content library,
 * which hashes it; the source promises nothing about the content itself.
 */
public interface HotfixSource {

    /**
     * Opens the content at {@code url}.
     *
     * @param fileName the hotfix file's name, to begin every refusal's reason with (e.g. {@code SCEPInstall.exe})
     * @param url where the bytes are, as the sender gave it
     * @return the content from its first byte; the caller reads it and closes it
     * @throws HotfixRejectedException {@link HotfixRejectedException.Kind#INVALID} when the source cannot or may not
     *     use such a URL (scheme, form, not allowed by {@link SourceUrlPolicy}); {@link HotfixRejectedException.Kind#UNPROCESSABLE} when the content cannot be reached
     *     or is not there (e.g. HTTP 404). Refused, not retried: an event naming a source that does not answer
     *     would otherwise hold up every hotfix behind it on its partition; it is dead-lettered and replayable.
     * @throws IOException if the wait is interrupted (the thread's interrupt flag is set again)
     */
    InputStream open(String fileName, URI url) throws IOException;
}
