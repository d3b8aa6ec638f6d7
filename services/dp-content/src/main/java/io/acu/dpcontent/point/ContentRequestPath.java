package io.acu.dpcontent.point;

import io.acu.dpcontent.library.PackagePath;
import io.acu.formats.InvalidValueException;
import io.acu.formats.PackageId;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * A client's request path on a distribution point, as ConfigMgr clients form it:
 * {@code /SMS_DP_SMSPKG$/<packageId>/<file path>} for the package's current version, or
 * {@code /SMS_DP_SMSPKG$/<packageId>.<version>/<file path>} for an explicit one (after ConfigMgr's
 * {@code Content_<id>.<version>} folders).
 *
 * <p>The path is parsed from its raw (still percent-encoded) form, segment by segment, so nothing outside the
 * package can be named: {@code .} and {@code ..} segments, empty segments, percent-encoded {@code /}, {@code \} or
 * control characters, and malformed percent-encoding are refused.
 *
 * @param packageId the package
 * @param version the explicit version, or empty for the current one
 * @param fileName the decoded file path inside the package, {@code /}-separated
 */
public record ContentRequestPath(PackageId packageId, OptionalInt version, String fileName) {

    /** The share name ConfigMgr DPs publish package content under. */
    public static final String SHARE = "SMS_DP_SMSPKG$";

    /** The raw path was refused; {@link #getMessage()} says why. */
    public static class RefusedPathException extends RuntimeException {
        /** @param reason why, for the problem detail */
        public RefusedPathException(String reason) {
            super(reason);
        }
    }

    /**
     * Parses the part of the raw request path after {@code /SMS_DP_SMSPKG$/}.
     *
     * @param rawRest e.g. {@code CAS00006/SCEPInstall.exe}, {@code CAS00006.5/x64/client.msi}, still percent-encoded
     * @return the parsed path
     * @throws RefusedPathException if a segment is unsafe, the package ID is malformed, the version is not a
     *     positive number, or no file is named
     */
    public static ContentRequestPath parse(String rawRest) {
        String[] segments = rawRest.split("/", -1);
        if (segments.length < 2) {
            throw new RefusedPathException("no file named after the package ID");
        }
        List<String> decoded = new ArrayList<>();
        for (String segment : segments) {
            String d = decode(segment);
            if (d.isEmpty() || d.equals(".") || d.equals("..")) {
                throw new RefusedPathException("path segment '" + segment + "' is not allowed");
            }
            for (int i = 0; i < d.length(); i++) {
                char c = d.charAt(i);
                if (c == '/' || c == '\\' || c < 0x20 || c == 0x7f) {
                    throw new RefusedPathException("path segment '" + segment + "' contains an encoded separator or control character");
                }
            }
            decoded.add(d);
        }
        String head = decoded.get(0);
        OptionalInt version = OptionalInt.empty();
        int dot = head.indexOf('.');
        if (dot >= 0) {
            String v = head.substring(dot + 1);
            if (!v.matches("[1-9][0-9]{0,8}")) {
                throw new RefusedPathException("'" + v + "' is not a package version");
            }
            version = OptionalInt.of(Integer.parseInt(v));
            head = head.substring(0, dot);
        }
        PackageId packageId;
        try {
            packageId = PackageId.parse(head);
        } catch (InvalidValueException e) {
            throw new RefusedPathException(e.getMessage());
        }
        String fileName = String.join("/", decoded.subList(1, decoded.size()));
        try {
            return new ContentRequestPath(packageId, version, PackagePath.check(fileName));
        } catch (IllegalArgumentException e) {
            throw new RefusedPathException(e.getMessage());
        }
    }

    /** Percent-decodes one segment as UTF-8 ('+' stays '+': this is a path, not a form). */
    private static String decode(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%') {
                if (i + 2 >= segment.length() || Character.digit(segment.charAt(i + 1), 16) < 0
                        || Character.digit(segment.charAt(i + 2), 16) < 0) {
                    throw new RefusedPathException("malformed percent-encoding in '" + segment + "'");
                }
                bytes.write(Integer.parseInt(segment.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                byte[] raw = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(raw, 0, raw.length);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new RefusedPathException("'" + segment + "' is not UTF-8");
        }
    }
}
