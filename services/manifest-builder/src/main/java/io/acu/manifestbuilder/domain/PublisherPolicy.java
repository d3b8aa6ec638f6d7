package io.acu.manifestbuilder.domain;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Port: the site's Authenticode trusted-publisher rule for PE files (ConfigMgr's client checks "is the file signed
 * by a trusted publisher", and reports state 316 when not). With no trusted publishers configured every file
 * passes.
 */
public interface PublisherPolicy {

    /**
     * Checks one PE file.
     *
     * @param fileName the file's name in the hotfix, for the message
     * @param file the file on local disk
     * @throws HotfixRejectedException (UNPROCESSABLE) if trusted publishers are configured and the file is
     *     unsigned, its signature is invalid, or its signer is not one of them
     * @throws IOException if the file cannot be read
     */
    void check(String fileName, Path file) throws IOException;
}
