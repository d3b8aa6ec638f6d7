package io.acu.formats.cab;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.zip.Deflater;

/**
 * Writes a Microsoft Cabinet file ([MS-CAB] 2): one cabinet, one folder holding every entry in the order given,
 * data in 32 KiB CFDATA blocks with checksums, no reserved areas. Version 1.3, set ID 0.
 *
 * <p>Output is deterministic: the same entries (names, bytes, times, attributes) and compression always give the
 * same bytes. MSZIP blocks are independent deflate streams (ending in a final block) primed with the previous
 * block's data as dictionary, as [MS-MCI] requires and cabextract, gcab and Windows expect.
 *
 * <p>Whole cabinets are built in memory: meant for manifests and small payloads (ConfigMgr's ccmsetup.cab is a
 * few KiB), not for packing gigabytes.
 */
public final class CabinetWriter {

    /** Largest uncompressed block ([MS-CAB] 2.5: {@code cbUncomp} at most 32 768). */
    public static final int BLOCK_BYTES = 32 * 1024;
    /** Largest total of entry sizes in one folder ([MS-CAB] 2.4: {@code uoffFolderStart} below 0x7FFF8000). */
    public static final long MAX_FOLDER_BYTES = 0x7FFF8000L;
    /** Largest number of entries in one cabinet ({@code cFiles} is 16-bit). */
    public static final int MAX_ENTRIES = 0xFFFF;

    static final int HEADER_BYTES = 36;
    static final int FOLDER_BYTES = 8;
    static final int FILE_FIXED_BYTES = 16;
    static final int DATA_FIXED_BYTES = 8;
    static final byte[] SIGNATURE = {'M', 'S', 'C', 'F'};
    static final byte[] MSZIP_SIGNATURE = {'C', 'K'};

    private CabinetWriter() {
    }

    /**
     * The cabinet holding {@code entries}.
     *
     * @param entries 1 to {@link #MAX_ENTRIES} files, names unique (case-insensitively, as Windows extracts them)
     * @param compression how to store the data
     * @return the complete cabinet file
     * @throws IllegalArgumentException if there are no entries, too many, a duplicate or over-long name, or more
     *     than {@link #MAX_FOLDER_BYTES} of data
     */
    public static byte[] write(List<CabinetEntry> entries, Compression compression) {
        Objects.requireNonNull(compression, "compression");
        checkEntries(entries);
        ByteArrayOutputStream folderData = new ByteArrayOutputStream();
        for (CabinetEntry entry : entries) {
            folderData.writeBytes(entry.data());
        }
        List<byte[]> blocks = dataBlocks(folderData.toByteArray(), compression);

        List<byte[]> names = entries.stream().map(e -> e.name().getBytes(StandardCharsets.UTF_8)).toList();
        int filesBytes = 0;
        for (byte[] name : names) {
            filesBytes += FILE_FIXED_BYTES + name.length + 1;
        }
        int firstFile = HEADER_BYTES + FOLDER_BYTES;
        int firstData = firstFile + filesBytes;
        long total = firstData;
        for (byte[] block : blocks) {
            total += block.length;
        }
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("cabinet would be " + total + " bytes, over 2 GiB");
        }

        ByteBuffer out = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
        // CFHEADER
        out.put(SIGNATURE).putInt(0).putInt((int) total).putInt(0).putInt(firstFile).putInt(0)
                .put((byte) 3).put((byte) 1)
                .putShort((short) 1).putShort((short) entries.size())
                .putShort((short) 0).putShort((short) 0).putShort((short) 0);
        // CFFOLDER
        out.putInt(firstData).putShort((short) blocks.size()).putShort((short) compression.code());
        // CFFILE
        long offset = 0;
        for (int i = 0; i < entries.size(); i++) {
            CabinetEntry entry = entries.get(i);
            byte[] name = names.get(i);
            boolean ascii = name.length == entry.name().length();
            int attributes = (entry.attributes() & ~CabinetEntry.ATTRIBUTE_NAME_IS_UTF)
                    | (ascii ? 0 : CabinetEntry.ATTRIBUTE_NAME_IS_UTF);
            out.putInt(entry.size()).putInt((int) offset).putShort((short) 0)
                    .putShort((short) dosDate(entry.modified())).putShort((short) dosTime(entry.modified()))
                    .putShort((short) attributes).put(name).put((byte) 0);
            offset += entry.size();
        }
        for (byte[] block : blocks) {
            out.put(block);
        }
        return out.array();
    }

    private static void checkEntries(List<CabinetEntry> entries) {
        Objects.requireNonNull(entries, "entries");
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("a cabinet needs at least one file");
        }
        if (entries.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException("a cabinet holds at most " + MAX_ENTRIES + " files, not " + entries.size());
        }
        Set<String> seen = new HashSet<>();
        long total = 0;
        for (CabinetEntry entry : entries) {
            if (!seen.add(entry.name().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("duplicate cabinet file name '" + entry.name() + "'");
            }
            if (entry.name().getBytes(StandardCharsets.UTF_8).length > 255) {
                throw new IllegalArgumentException("cabinet file name longer than 255 bytes: '" + entry.name() + "'");
            }
            total += entry.size();
        }
        if (total > MAX_FOLDER_BYTES) {
            throw new IllegalArgumentException("a cabinet folder holds at most " + MAX_FOLDER_BYTES + " bytes, not " + total);
        }
    }

    /** Complete CFDATA records (header and payload) for the folder's uncompressed bytes. */
    private static List<byte[]> dataBlocks(byte[] data, Compression compression) {
        List<byte[]> blocks = new ArrayList<>();
        // An empty folder still gets one empty block: readers expect cCFData >= 1 for a folder with files.
        int count = Math.max(1, (data.length + BLOCK_BYTES - 1) / BLOCK_BYTES);
        for (int b = 0; b < count; b++) {
            int start = b * BLOCK_BYTES;
            int length = Math.min(BLOCK_BYTES, data.length - start);
            byte[] payload = compression == Compression.MSZIP ? mszip(data, start, length) : slice(data, start, length);
            ByteBuffer block = ByteBuffer.allocate(DATA_FIXED_BYTES + payload.length).order(ByteOrder.LITTLE_ENDIAN);
            block.putInt(CabinetChecksum.ofBlock(payload, 0, payload.length, length))
                    .putShort((short) payload.length).putShort((short) length).put(payload);
            blocks.add(block.array());
        }
        return blocks;
    }

    private static byte[] mszip(byte[] data, int start, int length) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        try {
            if (start > 0) {
                int dictionaryStart = Math.max(0, start - BLOCK_BYTES);
                deflater.setDictionary(data, dictionaryStart, start - dictionaryStart);
            }
            deflater.setInput(data, start, length);
            deflater.finish();
            // Incompressible input grows by at most 5 bytes per 16 KiB stored block plus a few more.
            byte[] buffer = new byte[length + length / 1000 + 64];
            buffer[0] = MSZIP_SIGNATURE[0];
            buffer[1] = MSZIP_SIGNATURE[1];
            int n = 2;
            while (!deflater.finished()) {
                if (n == buffer.length) {
                    buffer = java.util.Arrays.copyOf(buffer, buffer.length * 2);
                }
                n += deflater.deflate(buffer, n, buffer.length - n);
            }
            if (n > BLOCK_BYTES + 12) {
                // cbData is 16-bit and readers cap it at 32 KiB plus MSZIP overhead; deflate never expands this far.
                throw new IllegalStateException("MSZIP block of " + n + " bytes");
            }
            return java.util.Arrays.copyOf(buffer, n);
        } finally {
            deflater.end();
        }
    }

    private static byte[] slice(byte[] data, int start, int length) {
        byte[] copy = new byte[length];
        System.arraycopy(data, start, copy, 0, length);
        return copy;
    }

    /** MS-DOS date: bits 15–9 year − 1980, 8–5 month, 4–0 day. */
    static int dosDate(LocalDateTime time) {
        return (time.getYear() - 1980) << 9 | time.getMonthValue() << 5 | time.getDayOfMonth();
    }

    /** MS-DOS time: bits 15–11 hour, 10–5 minute, 4–0 seconds / 2. */
    static int dosTime(LocalDateTime time) {
        return time.getHour() << 11 | time.getMinute() << 5 | time.getSecond() / 2;
    }
}
