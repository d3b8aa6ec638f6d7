package io.acu.formats;

/**
 * Text that is not a valid value of a ConfigMgr format (version, SHA-256 hash, package ID, WMI
 * datetime). The message reads {@code '<input>' is not a <format>: <reason>}, with the input
 * shortened to 40 characters and control characters replaced, so it is safe to log and to return
 * to a client.
 *
 * <p>Unchecked, as an {@link IllegalArgumentException}: callers parse input they were handed and
 * either reject it or let it propagate.
 */
public class InvalidValueException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;
    private static final int MAX_QUOTED = 40;

    private final String format;

    /**
     * @param format the format's name as it should read in the message, e.g. {@code "version"}
     * @param input the rejected text (may be {@code null}), quoted in the message
     * @param reason why it was rejected, e.g. {@code "part 2 'x' is not a number"}
     */
    public InvalidValueException(String format, String input, String reason) {
        super("'" + excerpt(input) + "' is not a " + format + ": " + reason);
        this.format = format;
    }

    /** The format's name, e.g. {@code "version"}, {@code "SHA-256 hash"}. */
    public String format() {
        return format;
    }

    /**
     * Shortens and sanitises untrusted text for an error message: at most 40 characters (then
     * {@code ...}), control characters as {@code ?}, so a hostile value cannot flood or forge log
     * lines. {@code null} becomes {@code "null"}.
     */
    public static String excerpt(String input) {
        if (input == null) {
            return "null";
        }
        String shown = input.length() > MAX_QUOTED ? input.substring(0, MAX_QUOTED) + "..." : input;
        StringBuilder out = new StringBuilder(shown.length());
        for (int i = 0; i < shown.length(); i++) {
            char c = shown.charAt(i);
            out.append(Character.isISOControl(c) ? '?' : c);
        }
        return out.toString();
    }
}
