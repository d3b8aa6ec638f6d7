package io.acu.manifestbuilder.domain;

import static io.acu.manifestbuilder.domain.HotfixRejectedException.Kind.INVALID;

/**
 * Rules for the file names a hotfix may carry: a manifest Item FileName is a path relative to the package root,
 * {@code /}-separated as ConfigMgr writes it (e.g. {@code x64/client.msi}). Because files are served back under
 * these names, nothing may escape the package: no {@code .} or {@code ..} segment, no absolute path, no drive, no
 * backslash, no control character.
 */
public final class FileNames {

    /** Longest accepted name in characters (Windows' MAX_PATH less room for the ccmsetup folder). */
    public static final int MAX_LENGTH = 200;

    private FileNames() {
    }

    /**
     * Checks a name.
     *
     * @param name a file name from a hotfix, e.g. {@code SCEPInstall.exe}
     * @return {@code name} unchanged
     * @throws HotfixRejectedException (INVALID) naming the rule the name breaks
     */
    public static String check(String name) {
        if (name == null || name.isBlank()) {
            throw new HotfixRejectedException(INVALID, "a file has no name");
        }
        String shown = name.length() > 80 ? name.substring(0, 80) + "..." : name;
        if (name.length() > MAX_LENGTH) {
            throw new HotfixRejectedException(INVALID, "file name '" + shown + "' is longer than " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7F || c == '\\' || c == ':' || c == '*' || c == '?' || c == '"' || c == '<' || c == '>' || c == '|') {
                throw new HotfixRejectedException(INVALID, "file name '" + shown.replaceAll("\\p{Cntrl}", "?")
                        + "' contains a character Windows does not allow in a path: " + (c < 0x20 ? "control character" : "'" + c + "'"));
            }
        }
        if (name.startsWith("/")) {
            throw new HotfixRejectedException(INVALID, "file name '" + shown + "' is an absolute path; give it relative to the package");
        }
        for (String segment : name.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..") || segment.endsWith(".") || segment.endsWith(" ")) {
                throw new HotfixRejectedException(INVALID, "file name '" + shown + "' is path-like: segments must be plain names"
                        + " (no empty, '.', '..' or trailing dot/space)");
            }
        }
        return name;
    }
}
