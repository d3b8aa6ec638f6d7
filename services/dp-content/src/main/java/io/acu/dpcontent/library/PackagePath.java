package io.acu.dpcontent.library;

import java.util.Locale;
import java.util.Objects;

/**
 * The rule for names inside a package (a manifest Item's FileName, a path a client asks for under
 * {@code SMS_DP_SMSPKG$/<packageId>/}): relative, {@code /}-separated, never leaving the package. Names are only
 * ever looked up in a package's index, never joined to a filesystem path, so this check is a second line of
 * defence and a clear error for bad input.
 */
public final class PackagePath {

    private PackagePath() {
    }

    /**
     * Checks a name.
     *
     * @param name e.g. {@code SCEPInstall.exe} or {@code i386/vcredist_x86.exe}
     * @return the name unchanged
     * @throws IllegalArgumentException if it is empty, absolute, has an empty, {@code .} or {@code ..} segment, or
     *     contains a backslash, a colon, or a control character
     * @throws NullPointerException if {@code name} is null
     */
    public static String check(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty file name");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '\\' || c == ':' || c < 0x20 || c == 0x7f) {
                throw new IllegalArgumentException("file name '" + printable(name) + "' contains a forbidden character at " + (i + 1));
            }
        }
        for (String segment : name.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("file name '" + printable(name) + "' is not a relative path inside the package");
            }
        }
        return name;
    }

    /**
     * The form names are compared in: Windows file names (and IIS on a ConfigMgr DP) are case-insensitive.
     *
     * @param name a checked name
     * @return the name upper-cased with {@link Locale#ROOT}
     */
    public static String key(String name) {
        return name.toUpperCase(Locale.ROOT);
    }

    private static String printable(String name) {
        return name.replaceAll("\\p{Cntrl}", "?");
    }
}
