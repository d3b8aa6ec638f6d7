package io.acu.formats;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;

/** The ConfigMgr sample documents copied into test resources. */
public final class Samples {

    public static final String CCMSETUP_BEFORE = "ccmsetup-before.xml";
    public static final String CCMSETUP_AFTER = "ccmsetup-after.xml";
    public static final String FSP_SUCCEEDED = "fsp-client-deployment-succeeded.xml";
    public static final String EP_INSTALLED = "state-message-ep-installed.xml";
    public static final String EP_INSTALLED_UTF16 = "state-message-ep-installed-utf16.xml";

    private Samples() {
    }

    public static byte[] bytes(String name) {
        try (InputStream in = Objects.requireNonNull(Samples.class.getResourceAsStream("/samples/" + name), name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
