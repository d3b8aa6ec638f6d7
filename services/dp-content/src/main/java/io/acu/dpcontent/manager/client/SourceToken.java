package io.acu.dpcontent.manager.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The bearer token the distribution manager presents to manifest-builder's source share: none, a fixed value, or the
 * content of a file (a mounted Kubernetes Secret, which the kubelet replaces when the Secret is rotated) read again
 * whenever its modification time or size changes, so a rotated token is used without a restart. A file that cannot
 * be read keeps the last token read (and logs why); before any successful read there is none.
 *
 * <p>Thread-safe.
 */
public final class SourceToken {

    private static final Logger LOG = Logger.getLogger(SourceToken.class);
    private static final SourceToken NONE = new SourceToken(null, null);

    private final Path file;
    private final String fixed;
    private FileTime readModified;
    private long readSize = -1;
    private String fromFile;

    private SourceToken(Path file, String fixed) {
        this.file = file;
        this.fixed = fixed;
    }

    /** @return no token: a source share without authentication */
    public static SourceToken none() {
        return NONE;
    }

    /**
     * @param token the token, e.g. a JWT with group {@code acu-dp-content}
     * @return that token, always
     */
    public static SourceToken of(String token) {
        return new SourceToken(null, token.strip());
    }

    /**
     * @param file a file holding the token (surrounding whitespace ignored), e.g. {@code /var/run/secrets/acu/source/token}
     * @return the file's current token at each call
     */
    public static SourceToken fromFile(Path file) {
        return new SourceToken(file, null);
    }

    /** @return whether a token is configured (a fixed one, or a file) */
    public boolean configured() {
        return file != null || fixed != null;
    }

    /** @return the token to present now, if any */
    public synchronized Optional<String> current() {
        if (file == null) {
            return Optional.ofNullable(fixed);
        }
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            long size = Files.size(file);
            if (!modified.equals(readModified) || size != readSize) {
                String token = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (fromFile != null && !token.equals(fromFile)) {
                    LOG.infof("source-share token in %s changed; presenting the new one", file);
                }
                fromFile = token.isEmpty() ? null : token;
                readModified = modified;
                readSize = size;
            }
        } catch (IOException e) {
            LOG.warnf("cannot read the source-share token %s (%s); %s", file, e.toString(),
                    fromFile == null ? "presenting none" : "keeping the last one read");
        }
        return Optional.ofNullable(fromFile);
    }
}
