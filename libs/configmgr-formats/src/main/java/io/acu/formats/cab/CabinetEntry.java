package io.acu.formats.cab;

import java.time.LocalDateTime;
import java.util.Objects;

/**
 * One file in a cabinet (a CFFILE and its bytes).
 *
 * @param name the file name as stored, e.g. {@code ccmsetup.xml} or {@code x64\client.msi} ([MS-CAB] uses
 *     {@code \} as separator); 1 to 255 UTF-8 bytes, no NUL
 * @param data the file's bytes (kept by reference: do not change the array afterwards); at most
 *     {@link CabinetWriter#MAX_FOLDER_BYTES}
 * @param modified the local date and time stored in the CFFILE (MS-DOS format: 1980–2107, two-second precision;
 *     finer parts are dropped on writing)
 * @param attributes CFFILE {@code attribs}: {@link #ATTRIBUTE_READ_ONLY} and friends, without
 *     {@link #ATTRIBUTE_NAME_IS_UTF}, which the writer sets itself when the name is not ASCII
 */
public record CabinetEntry(String name, byte[] data, LocalDateTime modified, int attributes) {

    /** {@code _A_RDONLY}. */
    public static final int ATTRIBUTE_READ_ONLY = 0x01;
    /** {@code _A_HIDDEN}. */
    public static final int ATTRIBUTE_HIDDEN = 0x02;
    /** {@code _A_SYSTEM}. */
    public static final int ATTRIBUTE_SYSTEM = 0x04;
    /** {@code _A_ARCH}: the archive bit, what makecab sets on every file. */
    public static final int ATTRIBUTE_ARCHIVE = 0x20;
    /** {@code _A_EXEC}. */
    public static final int ATTRIBUTE_EXECUTE = 0x40;
    /** {@code _A_NAME_IS_UTF}: the name is UTF-8 rather than the cabinet's code page. */
    public static final int ATTRIBUTE_NAME_IS_UTF = 0x80;

    /** The earliest time MS-DOS dates can hold; the timestamp acu uses for reproducible cabinets. */
    public static final LocalDateTime DOS_EPOCH = LocalDateTime.of(1980, 1, 1, 0, 0);

    /**
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if the name is empty or has a NUL, or the time is outside 1980–2107
     */
    public CabinetEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(modified, "modified");
        if (name.isEmpty() || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("cabinet file name must be non-empty and without NUL: '" + name + "'");
        }
        if (modified.getYear() < 1980 || modified.getYear() > 2107) {
            throw new IllegalArgumentException("MS-DOS dates cover 1980-2107, not " + modified);
        }
    }

    /** An archive-bit file stamped {@link #DOS_EPOCH}: same bytes in, same cabinet out. */
    public static CabinetEntry of(String name, byte[] data) {
        return new CabinetEntry(name, data, DOS_EPOCH, ATTRIBUTE_ARCHIVE);
    }

    /** Size in bytes of {@link #data()}. */
    public int size() {
        return data.length;
    }
}
