package io.acu.dpcontent.manager;

import io.acu.dpcontent.library.PackageContent;
import io.acu.dpcontent.library.PackageFile;
import io.acu.dpcontent.library.StoredFile;
import io.acu.formats.Sha256;
import java.util.ArrayList;
import java.util.List;

/**
 * One distribution attempt of a package version to one distribution point: for each file the DP lacks, take it from
 * the site's content library (fetching it from the source share first if needed) and push it; the DP verifies each
 * hash before it commits. Then ask the DP to make the version available, which it does only if every file is there,
 * so a DP never reports INSTALLED with a missing or partial file. Files the DP already holds (same hash) are not
 * sent: that is the single-instance saving.
 */
public final class ContentTransfer {

    private ContentTransfer() {
    }

    /** Where content comes from: the site's library, filled from the source share on demand. */
    public interface Source {
        /**
         * @param file a package file
         * @return the file, verified, in the site library
         * @throws DistributionException if it cannot be fetched or does not match its hash
         */
        StoredFile fetch(PackageFile file);
    }

    /** The distribution point's content API. */
    public interface Target {
        /**
         * @param sha256 a hash
         * @return whether the DP's library already holds it
         * @throws DistributionException if the DP cannot be asked
         */
        boolean has(Sha256 sha256);

        /**
         * Sends a file; the DP commits it only if its hash matches.
         *
         * @throws DistributionException if the DP is unreachable or refuses the file
         */
        void push(PackageFile file, StoredFile content);

        /**
         * Makes the version available on the DP.
         *
         * @throws DistributionException if the DP is unreachable or lacks a file
         */
        void register(PackageContent content);
    }

    /**
     * A distribution attempt failed; the message says where and why. A <em>permanent</em> failure is one that
     * repeating the attempt cannot cure (the source share answered that the file is not there, or refuses
     * dp-content): the distribution goes to INSTALL_FAILED at once instead of retrying.
     */
    public static class DistributionException extends RuntimeException {
        private final long bytesSent;
        private final boolean permanent;

        /** @param message where and why */
        public DistributionException(String message) {
            this(message, 0, null);
        }

        /**
         * A transient failure.
         *
         * @param message where and why
         * @param bytesSent bytes pushed before the failure
         * @param cause the underlying error, or null
         */
        public DistributionException(String message, long bytesSent, Throwable cause) {
            this(message, bytesSent, cause, false);
        }

        /**
         * @param message where and why
         * @param bytesSent bytes pushed before the failure
         * @param cause the underlying error, or null
         * @param permanent whether retrying cannot help
         */
        public DistributionException(String message, long bytesSent, Throwable cause, boolean permanent) {
            super(message, cause);
            this.bytesSent = bytesSent;
            this.permanent = permanent;
        }

        /**
         * A permanent failure: retrying cannot help.
         *
         * @param message where and why
         * @return the exception
         */
        public static DistributionException permanent(String message) {
            return new DistributionException(message, 0, null, true);
        }

        /** @return bytes pushed in this attempt before it failed */
        public long bytesSent() {
            return bytesSent;
        }

        /** @return whether retrying cannot help, so the distribution fails at once */
        public boolean permanent() {
            return permanent;
        }
    }

    /**
     * What an attempt did.
     *
     * @param filesSent names of the files pushed, in package order
     * @param bytesSent their total size
     */
    public record Result(List<String> filesSent, long bytesSent) {
        /** Copies the list. */
        public Result {
            filesSent = List.copyOf(filesSent);
        }
    }

    /**
     * Runs one attempt.
     *
     * @param content the package version
     * @param source the site library
     * @param target the DP
     * @return the files and bytes sent
     * @throws DistributionException on any failure, carrying the bytes sent before it and whether it is permanent
     */
    public static Result distribute(PackageContent content, Source source, Target target) {
        List<String> sent = new ArrayList<>();
        long bytes = 0;
        try {
            for (PackageFile file : content.files()) {
                if (!target.has(file.sha256())) {
                    StoredFile stored = source.fetch(file);
                    target.push(file, stored);
                    sent.add(file.name());
                    bytes += stored.sizeBytes();
                }
            }
            target.register(content);
        } catch (DistributionException e) {
            throw new DistributionException(e.getMessage(), bytes, e.getCause(), e.permanent());
        } catch (RuntimeException e) {
            throw new DistributionException(String.valueOf(e.getMessage()), bytes, e);
        }
        return new Result(sent, bytes);
    }
}
