package io.acu.manifestbuilder.fileversion;

import static io.acu.manifestbuilder.domain.HotfixRejectedException.Kind.UNPROCESSABLE;

import io.acu.formats.InvalidValueException;
import io.acu.formats.Version;
import io.acu.manifestbuilder.domain.HotfixRejectedException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.poifs.filesystem.DirectoryEntry;
import org.apache.poi.poifs.filesystem.DocumentEntry;
import org.apache.poi.poifs.filesystem.DocumentInputStream;
import org.apache.poi.poifs.filesystem.Entry;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;

/**
 * The ProductVersion of a Windows Installer database (.msi) read from its Property table. Apache POI opens the
 * OLE2 compound file; the table encoding is the one Windows Installer uses (documented by the Wine and msitools
 * implementations): stream names compressed six bits per character into U+3800–U+4840, the string pool in
 * {@code _StringPool} (per string: length and reference count, 16-bit each; a zero length with a non-zero count
 * announces a 32-bit length in the next entry) and {@code _StringData}, and tables stored column by column with
 * string references of 2 bytes, or 3 when the pool header's bit 31 is set.
 *
 * <p>.msp patches have no Property table; their version must come from the hotfix metadata.
 */
final class MsiVersions {

    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz._";
    /** A database stream the Property table or string pool never exceeds in a sane package. */
    private static final int MAX_STREAM_BYTES = 64 * 1024 * 1024;

    private MsiVersions() {
    }

    /**
     * @return the ProductVersion property
     * @throws HotfixRejectedException (UNPROCESSABLE) if the file is no MSI database or has no valid ProductVersion
     * @throws IOException if reading fails
     */
    static Version read(Path file, String name) throws IOException {
        try (POIFSFileSystem fs = new POIFSFileSystem(file.toFile(), true)) {
            DirectoryEntry root = fs.getRoot();
            byte[] pool = stream(root, "!_StringPool", name);
            byte[] data = stream(root, "!_StringData", name);
            byte[] property = stream(root, "!Property", name);
            ByteBuffer header = ByteBuffer.wrap(pool).order(ByteOrder.LITTLE_ENDIAN);
            if (pool.length < 4) {
                throw new HotfixRejectedException(UNPROCESSABLE, name + ": MSI string pool is empty");
            }
            int codepage = header.getInt(0);
            int refSize = (codepage & 0x80000000) != 0 ? 3 : 2;
            List<String> strings = strings(pool, data, charset(codepage & 0x7FFFFFFF));
            int rowBytes = 2 * refSize;
            if (property.length % rowBytes != 0) {
                throw new HotfixRejectedException(UNPROCESSABLE, name + ": MSI Property table has a torn row");
            }
            int rows = property.length / rowBytes;
            for (int row = 0; row < rows; row++) {
                if ("ProductVersion".equals(string(strings, ref(property, row * refSize, refSize)))) {
                    String value = string(strings, ref(property, rows * refSize + row * refSize, refSize));
                    try {
                        return Version.parse(value == null ? "" : value);
                    } catch (InvalidValueException e) {
                        throw new HotfixRejectedException(UNPROCESSABLE, name + ": ProductVersion '" + value + "' is not a version");
                    }
                }
            }
            throw new HotfixRejectedException(UNPROCESSABLE, name + " has no ProductVersion property");
        } catch (IOException | RuntimeException e) {
            if (e instanceof HotfixRejectedException rejected) {
                throw rejected;
            }
            throw new HotfixRejectedException(UNPROCESSABLE, name + " is not a readable Windows Installer database: " + e.getMessage());
        }
    }

    private static byte[] stream(DirectoryEntry root, String wanted, String name) throws IOException {
        for (Entry entry : root) {
            if (entry instanceof DocumentEntry document && decode(entry.getName()).equals(wanted)) {
                if (document.getSize() > MAX_STREAM_BYTES) {
                    throw new HotfixRejectedException(UNPROCESSABLE, name + ": MSI stream " + wanted + " is implausibly large");
                }
                try (InputStream in = new DocumentInputStream(document)) {
                    return in.readAllBytes();
                }
            }
        }
        throw new HotfixRejectedException(UNPROCESSABLE, name + " is not a Windows Installer database (no " + wanted + " stream)");
    }

    /** Undoes Windows Installer's stream name compression; {@code !} marks a table stream. */
    static String decode(String encoded) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c >= 0x3800 && c < 0x4800) {
                int v = c - 0x3800;
                out.append(ALPHABET.charAt(v & 0x3F)).append(ALPHABET.charAt((v >> 6) & 0x3F));
            } else if (c >= 0x4800 && c < 0x4840) {
                out.append(ALPHABET.charAt(c - 0x4800));
            } else if (c == 0x4840) {
                out.append('!');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static List<String> strings(byte[] pool, byte[] data, Charset charset) {
        ByteBuffer entries = ByteBuffer.wrap(pool).order(ByteOrder.LITTLE_ENDIAN);
        List<String> strings = new ArrayList<>();
        strings.add(null); // string reference 0 is the null string
        int offset = 0;
        for (int i = 4; i + 4 <= pool.length; i += 4) {
            long length = Short.toUnsignedInt(entries.getShort(i));
            int refs = Short.toUnsignedInt(entries.getShort(i + 2));
            if (length == 0 && refs != 0 && i + 8 <= pool.length) {
                i += 4;
                length = Short.toUnsignedInt(entries.getShort(i)) | (long) Short.toUnsignedInt(entries.getShort(i + 2)) << 16;
            }
            if (offset + length > data.length) {
                throw new HotfixRejectedException(UNPROCESSABLE, "MSI string pool points past its string data");
            }
            strings.add(new String(data, offset, (int) length, charset));
            offset += (int) length;
        }
        return strings;
    }

    private static Charset charset(int codepage) {
        if (codepage == 65001) {
            return StandardCharsets.UTF_8;
        }
        try {
            return codepage == 0 ? Charset.forName("windows-1252") : Charset.forName("windows-" + codepage);
        } catch (RuntimeException e) {
            return Charset.forName("windows-1252");
        }
    }

    private static int ref(byte[] table, int offset, int size) {
        int value = (table[offset] & 0xFF) | (table[offset + 1] & 0xFF) << 8;
        return size == 3 ? value | (table[offset + 2] & 0xFF) << 16 : value;
    }

    private static String string(List<String> strings, int ref) {
        return ref >= 0 && ref < strings.size() ? strings.get(ref) : null;
    }
}
