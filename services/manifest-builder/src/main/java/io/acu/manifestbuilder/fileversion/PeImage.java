package io.acu.manifestbuilder.fileversion;

import static io.acu.manifestbuilder.domain.HotfixRejectedException.Kind.UNPROCESSABLE;

import io.acu.manifestbuilder.domain.HotfixRejectedException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A PE file opened for reading by position ("PE Format", Microsoft Learn): its headers and section table are read
 * once (at most {@value #HEADER_PROBE_BYTES} bytes), everything else on request through {@link #read}, so reading a
 * structure costs its own bytes, never the file's. Hotfix files are untrusted input: every offset and size taken
 * from the file is checked against the file before it is read.
 */
final class PeImage implements Closeable {

    /** Data directory index of the resource table ({@code .rsrc}). */
    static final int RESOURCE_TABLE = 2;
    /** Data directory index of the attribute certificate table; its address is a file offset, not an RVA. */
    static final int CERTIFICATE_TABLE = 4;

    /** Headers and section table of any real PE file fit here (PE headers are at most a few KiB). */
    private static final int HEADER_PROBE_BYTES = 64 * 1024;
    private static final int PE32_PLUS = 0x20B;

    /** One data directory entry: where a table is (an RVA, or a file offset for the certificate table) and its size. */
    record DataDirectory(long address, long size) {
    }

    private record Section(long virtualAddress, long virtualSize, long rawOffset, long rawSize) {
    }

    private final FileChannel channel;
    private final String name;
    private final long size;
    private final Section[] sections;
    private final DataDirectory[] directories;
    private final long imageEnd;

    private PeImage(FileChannel channel, String name, long size, Section[] sections, DataDirectory[] directories, long imageEnd) {
        this.channel = channel;
        this.name = name;
        this.size = size;
        this.sections = sections;
        this.directories = directories;
        this.imageEnd = imageEnd;
    }

    /**
     * Opens {@code file} and reads its headers.
     *
     * @param name the hotfix file's name, to begin every refusal's reason with
     * @throws HotfixRejectedException (UNPROCESSABLE) if the headers are not those of a PE file
     * @throws IOException if reading fails
     */
    static PeImage open(Path file, String name) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            long size = channel.size();
            ByteBuffer b = ByteBuffer.allocate((int) Math.min(size, HEADER_PROBE_BYTES)).order(ByteOrder.LITTLE_ENDIAN);
            while (b.hasRemaining() && channel.read(b, b.position()) > 0) {
                // a positional read may return fewer bytes than asked
            }
            int length = b.position();
            if (length < 0x40 || b.getShort(0) != 0x5A4D) {
                throw new HotfixRejectedException(UNPROCESSABLE, name + " is not a readable PE file: no MZ header");
            }
            int pe = b.getInt(0x3C);
            if (pe < 0 || pe > length - 24 || b.getInt(pe) != 0x00004550) { // pe + 24 would overflow for e_lfanew near 2^31
                throw new HotfixRejectedException(UNPROCESSABLE, name + " is not a readable PE file: no PE signature");
            }
            int sectionCount = Short.toUnsignedInt(b.getShort(pe + 6));
            int optionalSize = Short.toUnsignedInt(b.getShort(pe + 20));
            int optional = pe + 24;
            int table = optional + optionalSize;
            if (table + 40L * sectionCount > length || optional + 64 > length) {
                throw new HotfixRejectedException(UNPROCESSABLE, name + " is not a readable PE file: section table beyond the headers");
            }
            long end = Integer.toUnsignedLong(b.getInt(optional + 60)); // SizeOfHeaders
            Section[] sections = new Section[sectionCount];
            for (int i = 0; i < sectionCount; i++) {
                int at = table + 40 * i;
                sections[i] = new Section(Integer.toUnsignedLong(b.getInt(at + 12)), Integer.toUnsignedLong(b.getInt(at + 8)),
                        Integer.toUnsignedLong(b.getInt(at + 20)), Integer.toUnsignedLong(b.getInt(at + 16)));
                end = Math.max(end, sections[i].rawOffset() + sections[i].rawSize());
            }
            boolean plus = Short.toUnsignedInt(b.getShort(optional)) == PE32_PLUS;
            int countField = optional + (plus ? 108 : 92);
            int first = optional + (plus ? 112 : 96);
            // NumberOfRvaAndSizes is the file's claim; the optional header's size bounds it.
            long declared = countField + 4 <= table ? Integer.toUnsignedLong(b.getInt(countField)) : 0;
            int count = (int) Math.max(0, Math.min(declared, (table - first) / 8));
            DataDirectory[] directories = new DataDirectory[count];
            for (int i = 0; i < count; i++) {
                directories[i] = new DataDirectory(Integer.toUnsignedLong(b.getInt(first + 8 * i)),
                        Integer.toUnsignedLong(b.getInt(first + 8 * i + 4)));
            }
            return new PeImage(channel, name, size, sections, directories, Math.min(end, size));
        } catch (IndexOutOfBoundsException e) {
            channel.close();
            // Any header field pointing outside what was read: the file's fault, never a server error.
            throw new HotfixRejectedException(UNPROCESSABLE, name + " is not a readable PE file: a header points outside the file");
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * @return where the image ends in the file, in bytes: the end of the headers or of the last section's raw data,
     *     whichever is later, at most the file's size. Bytes after it are the overlay (installer payloads, the
     *     Authenticode certificate table).
     */
    long imageEnd() {
        return imageEnd;
    }

    /** @return the file's size in bytes */
    long size() {
        return size;
    }

    /** @return data directory {@code index} if the file has it and it is not empty */
    Optional<DataDirectory> directory(int index) {
        if (index >= directories.length || directories[index].address() == 0 || directories[index].size() == 0) {
            return Optional.empty();
        }
        return Optional.of(directories[index]);
    }

    /** @return the file offset of {@code rva}, if a section's raw data holds it */
    OptionalLong fileOffset(long rva) {
        for (Section s : sections) {
            long extent = Math.min(s.rawSize(), s.virtualSize() == 0 ? s.rawSize() : s.virtualSize());
            if (rva >= s.virtualAddress() && rva < s.virtualAddress() + extent) {
                return OptionalLong.of(s.rawOffset() + rva - s.virtualAddress());
            }
        }
        return OptionalLong.empty();
    }

    /**
     * Reads {@code length} bytes at file offset {@code offset}.
     *
     * @param what what is read, for the refusal's reason (e.g. {@code "resource directory"})
     * @return the bytes, little-endian, position 0
     * @throws HotfixRejectedException (UNPROCESSABLE) if the range is not inside the file
     * @throws IOException if reading fails
     */
    ByteBuffer read(long offset, int length, String what) throws IOException {
        if (offset < 0 || length < 0 || offset + length > size) {
            throw new HotfixRejectedException(UNPROCESSABLE, name + " is not a readable PE file: its " + what + " ("
                    + length + " bytes at " + offset + ") lies beyond the end of the file (" + size + " bytes)");
        }
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, offset + buffer.position()) < 0) {
                throw new IOException(name + ": unexpected end of file reading its " + what);
            }
        }
        return buffer.flip();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
