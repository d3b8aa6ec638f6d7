package io.acu.formats.cab;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads a Microsoft Cabinet file ([MS-CAB] 2) into its entries: single cabinets with any number of folders,
 * stored ({@code typeCompress} 0) or MSZIP (1) data, optional reserved areas (skipped), CFDATA checksums checked
 * when non-zero. Every offset and size is checked against the file and against a limit on the total uncompressed
 * size, so a hostile cabinet cannot make the reader run past the input or allocate without bound.
 *
 * <p>Refused, with a {@link MalformedCabinetException} naming the reason: Quantum and LZX folders, cabinets that
 * are part of a set ({@code cfhdrPREV_CABINET}/{@code cfhdrNEXT_CABINET}, files continued across cabinets), and
 * anything truncated or inconsistent. Names without {@code _A_NAME_IS_UTF} are read as Windows-1252 (what makecab
 * writes on western systems).
 */
public final class CabinetReader {

    /** Default limit on the sum of uncompressed entry sizes: 64 MiB, far above a ccmsetup.cab. */
    public static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;

    private static final int FLAG_PREV_CABINET = 0x0001;
    private static final int FLAG_NEXT_CABINET = 0x0002;
    private static final int FLAG_RESERVE_PRESENT = 0x0004;
    private static final Charset ANSI = Charset.forName("windows-1252");
    /** libmspack's bound on a compressed block: 32 KiB plus generous deflate overhead. */
    private static final int MAX_COMPRESSED_BLOCK = CabinetWriter.BLOCK_BYTES + 6144;

    private CabinetReader() {
    }

    /**
     * Reads every entry, with {@link #DEFAULT_MAX_BYTES}.
     *
     * @param cabinet the whole cabinet file
     * @return the entries in CFFILE order
     * @throws MalformedCabinetException if the cabinet is unreadable or unsupported (see the class notes)
     */
    public static List<CabinetEntry> read(byte[] cabinet) {
        return read(cabinet, DEFAULT_MAX_BYTES);
    }

    /**
     * Reads every entry.
     *
     * @param cabinet the whole cabinet file
     * @param maxBytes the most uncompressed bytes to produce across all folders
     * @return the entries in CFFILE order
     * @throws MalformedCabinetException if the cabinet is unreadable, unsupported or over {@code maxBytes}
     */
    public static List<CabinetEntry> read(byte[] cabinet, long maxBytes) {
        ByteBuffer in = ByteBuffer.wrap(cabinet).order(ByteOrder.LITTLE_ENDIAN);
        require(in, 0, CabinetWriter.HEADER_BYTES, "CFHEADER");
        for (int i = 0; i < 4; i++) {
            if (cabinet[i] != CabinetWriter.SIGNATURE[i]) {
                throw new MalformedCabinetException("not a cabinet: signature is not MSCF");
            }
        }
        long cbCabinet = Integer.toUnsignedLong(in.getInt(8));
        if (cbCabinet > cabinet.length) {
            throw new MalformedCabinetException("truncated: header says " + cbCabinet + " bytes, got " + cabinet.length);
        }
        long coffFiles = Integer.toUnsignedLong(in.getInt(16));
        int versionMinor = in.get(24) & 0xFF;
        int versionMajor = in.get(25) & 0xFF;
        if (versionMajor != 1) {
            throw new MalformedCabinetException("unsupported cabinet version " + versionMajor + "." + versionMinor);
        }
        int folderCount = Short.toUnsignedInt(in.getShort(26));
        int fileCount = Short.toUnsignedInt(in.getShort(28));
        int flags = Short.toUnsignedInt(in.getShort(30));
        if ((flags & (FLAG_PREV_CABINET | FLAG_NEXT_CABINET)) != 0) {
            throw new MalformedCabinetException("multi-cabinet sets are not supported (flags 0x" + Integer.toHexString(flags) + ")");
        }
        int position = CabinetWriter.HEADER_BYTES;
        int folderReserve = 0;
        int dataReserve = 0;
        if ((flags & FLAG_RESERVE_PRESENT) != 0) {
            require(in, position, 4, "CFHEADER reserve sizes");
            int headerReserve = Short.toUnsignedInt(in.getShort(position));
            folderReserve = in.get(position + 2) & 0xFF;
            dataReserve = in.get(position + 3) & 0xFF;
            position += 4 + headerReserve;
        }
        if (folderCount == 0 && fileCount > 0) {
            throw new MalformedCabinetException("cabinet lists " + fileCount + " files but no folder");
        }

        List<Folder> folders = new ArrayList<>();
        for (int f = 0; f < folderCount; f++) {
            String where = "CFFOLDER " + (f + 1);
            require(in, position, CabinetWriter.FOLDER_BYTES + folderReserve, where);
            long firstBlock = Integer.toUnsignedLong(in.getInt(position));
            int blockCount = Short.toUnsignedInt(in.getShort(position + 4));
            int type = Short.toUnsignedInt(in.getShort(position + 6)) & 0x000F;
            if (type != Compression.NONE.code() && type != Compression.MSZIP.code()) {
                throw new MalformedCabinetException(where + ": compression type " + type
                        + (type == 2 ? " (Quantum)" : type == 3 ? " (LZX)" : "") + " is not supported");
            }
            folders.add(new Folder(firstBlock, blockCount, type == 1 ? Compression.MSZIP : Compression.NONE, dataReserve));
            position += CabinetWriter.FOLDER_BYTES + folderReserve;
        }

        List<FileRecord> files = new ArrayList<>();
        position = checkedOffset(coffFiles, cabinet.length, "coffFiles");
        for (int i = 0; i < fileCount; i++) {
            String where = "CFFILE " + (i + 1);
            require(in, position, CabinetWriter.FILE_FIXED_BYTES + 1, where);
            long size = Integer.toUnsignedLong(in.getInt(position));
            long folderOffset = Integer.toUnsignedLong(in.getInt(position + 4));
            int folderIndex = Short.toUnsignedInt(in.getShort(position + 8));
            int date = Short.toUnsignedInt(in.getShort(position + 10));
            int time = Short.toUnsignedInt(in.getShort(position + 12));
            int attributes = Short.toUnsignedInt(in.getShort(position + 14));
            int nameStart = position + CabinetWriter.FILE_FIXED_BYTES;
            int nameEnd = nameStart;
            while (nameEnd < cabinet.length && cabinet[nameEnd] != 0 && nameEnd - nameStart <= 256) {
                nameEnd++;
            }
            if (nameEnd >= cabinet.length || cabinet[nameEnd] != 0 || nameEnd == nameStart) {
                throw new MalformedCabinetException(where + ": name is empty, unterminated or longer than 256 bytes");
            }
            if (folderIndex >= 0xFFFD) {
                throw new MalformedCabinetException(where + ": continued across cabinets (iFolder 0x"
                        + Integer.toHexString(folderIndex) + "), not supported");
            }
            if (folderIndex >= folders.size()) {
                throw new MalformedCabinetException(where + ": folder " + folderIndex + " does not exist");
            }
            Charset charset = (attributes & CabinetEntry.ATTRIBUTE_NAME_IS_UTF) != 0 ? StandardCharsets.UTF_8 : ANSI;
            String name = new String(cabinet, nameStart, nameEnd - nameStart, charset);
            files.add(new FileRecord(name, size, folderOffset, folderIndex, dosDateTime(date, time, where),
                    attributes & ~CabinetEntry.ATTRIBUTE_NAME_IS_UTF));
            position = nameEnd + 1;
        }

        long budget = maxBytes;
        List<byte[]> folderData = new ArrayList<>();
        for (int f = 0; f < folders.size(); f++) {
            byte[] data = readFolder(in, folders.get(f), f + 1, budget);
            budget -= data.length;
            folderData.add(data);
        }

        List<CabinetEntry> entries = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            FileRecord file = files.get(i);
            byte[] data = folderData.get(file.folder);
            if (file.offset + file.size > data.length) {
                throw new MalformedCabinetException("CFFILE " + (i + 1) + " '" + file.name + "': bytes " + file.offset + "+"
                        + file.size + " lie beyond folder " + (file.folder + 1) + "'s " + data.length + " bytes");
            }
            byte[] content = new byte[(int) file.size];
            System.arraycopy(data, (int) file.offset, content, 0, content.length);
            entries.add(new CabinetEntry(file.name, content, file.modified, file.attributes));
        }
        return entries;
    }

    /**
     * The entry called {@code name} (case-insensitively, as Windows extracts), if present.
     *
     * @throws MalformedCabinetException as {@link #read(byte[])}
     */
    public static Optional<CabinetEntry> find(byte[] cabinet, String name) {
        return read(cabinet).stream().filter(e -> e.name().equalsIgnoreCase(name)).findFirst();
    }

    private static byte[] readFolder(ByteBuffer in, Folder folder, int number, long budget) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int position = checkedOffset(folder.firstBlock, in.capacity(), "CFFOLDER " + number + " coffCabStart");
        byte[] window = new byte[0];
        for (int b = 0; b < folder.blockCount; b++) {
            String where = "CFDATA block " + (b + 1) + " of folder " + number;
            require(in, position, CabinetWriter.DATA_FIXED_BYTES + folder.dataReserve, where);
            int checksum = in.getInt(position);
            int compressed = Short.toUnsignedInt(in.getShort(position + 4));
            int uncompressed = Short.toUnsignedInt(in.getShort(position + 6));
            int payload = position + CabinetWriter.DATA_FIXED_BYTES + folder.dataReserve;
            require(in, payload, compressed, where);
            if (uncompressed > CabinetWriter.BLOCK_BYTES || compressed > MAX_COMPRESSED_BLOCK) {
                throw new MalformedCabinetException(where + ": block sizes " + compressed + "/" + uncompressed
                        + " exceed 32 KiB");
            }
            if (out.size() + (long) uncompressed > budget) {
                throw new MalformedCabinetException("cabinet expands beyond the limit of " + budget + " bytes");
            }
            if (checksum != 0) {
                int seed = CabinetChecksum.compute(in.array(), payload, compressed, 0);
                int computed = CabinetChecksum.compute(in.array(), position + 4, 4 + folder.dataReserve, seed);
                if (computed != checksum) {
                    throw new MalformedCabinetException(where + ": checksum 0x" + Integer.toHexString(checksum)
                            + ", computed 0x" + Integer.toHexString(computed));
                }
            }
            byte[] block;
            if (folder.compression == Compression.NONE) {
                if (compressed != uncompressed) {
                    throw new MalformedCabinetException(where + ": stored block of " + compressed + " bytes claims "
                            + uncompressed + " uncompressed");
                }
                block = new byte[compressed];
                System.arraycopy(in.array(), payload, block, 0, compressed);
            } else {
                block = inflate(in.array(), payload, compressed, uncompressed, window, where);
                window = lastWindow(window, block);
            }
            out.writeBytes(block);
            position = payload + compressed;
        }
        return out.toByteArray();
    }

    private static byte[] inflate(byte[] source, int offset, int length, int expected, byte[] dictionary, String where) {
        if (length < 2 || source[offset] != 'C' || source[offset + 1] != 'K') {
            throw new MalformedCabinetException(where + ": MSZIP block does not start with CK");
        }
        Inflater inflater = new Inflater(true);
        try {
            if (dictionary.length > 0) {
                // Raw deflate takes its preset dictionary up front; it never asks for one.
                inflater.setDictionary(dictionary);
            }
            inflater.setInput(source, offset + 2, length - 2);
            byte[] out = new byte[expected];
            int n = 0;
            while (n < expected && !inflater.finished()) {
                int got = inflater.inflate(out, n, expected - n);
                if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                n += got;
            }
            if (n != expected) {
                throw new MalformedCabinetException(where + ": MSZIP block inflates to " + n + " bytes, header says " + expected);
            }
            return out;
        } catch (DataFormatException e) {
            throw new MalformedCabinetException(where + ": corrupt MSZIP data: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }

    /** The last 32 KiB of everything inflated so far: the next MSZIP block's dictionary. */
    private static byte[] lastWindow(byte[] window, byte[] block) {
        if (block.length >= CabinetWriter.BLOCK_BYTES) {
            return block;
        }
        int keep = Math.min(window.length, CabinetWriter.BLOCK_BYTES - block.length);
        byte[] joined = new byte[keep + block.length];
        System.arraycopy(window, window.length - keep, joined, 0, keep);
        System.arraycopy(block, 0, joined, keep, block.length);
        return joined;
    }

    private static void require(ByteBuffer in, long offset, long length, String where) {
        if (offset < 0 || offset + length > in.capacity()) {
            throw new MalformedCabinetException("truncated: " + where + " needs bytes " + offset + "-"
                    + (offset + length) + " of " + in.capacity());
        }
    }

    private static int checkedOffset(long offset, int length, String field) {
        if (offset > length) {
            throw new MalformedCabinetException(field + " " + offset + " lies beyond the " + length + "-byte cabinet");
        }
        return (int) offset;
    }

    private static LocalDateTime dosDateTime(int date, int time, String where) {
        try {
            return LocalDateTime.of(1980 + (date >>> 9), Math.max(1, (date >>> 5) & 0x0F), Math.max(1, date & 0x1F),
                    time >>> 11, (time >>> 5) & 0x3F, Math.min(59, (time & 0x1F) * 2));
        } catch (DateTimeException e) {
            // Some tools write garbage times; the timestamp never decides anything, so fall back rather than refuse.
            return CabinetEntry.DOS_EPOCH;
        }
    }

    private record Folder(long firstBlock, int blockCount, Compression compression, int dataReserve) {
    }

    private record FileRecord(String name, long size, long offset, int folder, LocalDateTime modified, int attributes) {
    }
}
