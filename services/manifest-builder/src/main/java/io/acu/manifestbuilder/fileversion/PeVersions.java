package io.acu.manifestbuilder.fileversion;

import static io.acu.manifestbuilder.domain.HotfixRejectedException.Kind.UNPROCESSABLE;

import com.kichik.pecoff4j.io.ResourceParser;
import com.kichik.pecoff4j.resources.FixedFileInfo;
import com.kichik.pecoff4j.resources.VersionInfo;
import io.acu.formats.Version;
import io.acu.manifestbuilder.domain.HotfixRejectedException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * The file version of a Portable Executable: the {@code RT_VERSION} resource's VS_FIXEDFILEINFO
 * {@code dwFileVersionMS/LS} as four 16-bit numbers (major.minor.build.revision). That is the version Windows and
 * ccmsetup's File discovery compare; the StringFileInfo {@code FileVersion} text is free-form display text (e.g.
 * {@code "5.00.7804.9999 (beta)"}) and is ignored.
 *
 * <p>Read by seeking ({@link PeImage}), never the whole file: the headers, the three resource directory tables on
 * the way to {@code RT_VERSION} ("PE Format", The .rsrc Section: type, name, language) and the VS_VERSIONINFO
 * block, at most 64 KiB as its length is a 16-bit field; pecoff4j decodes that block. Its resource tree reader is
 * not used: it follows subdirectory offsets without a depth limit (a loop recurses until StackOverflowError) and
 * allocates every leaf's declared size, and a hotfix file is untrusted input. Memory per file is thus bounded by
 * constants, whatever the file's size.
 */
final class PeVersions {

    /** {@code VS_FIXEDFILEINFO.dwSignature}. */
    static final int FIXED_FILE_INFO_SIGNATURE = 0xFEEF04BD;
    /** {@code RT_VERSION}. */
    private static final int RT_VERSION = 16;
    /** {@code VS_VERSIONINFO.wLength} is a WORD: the block is never longer. */
    private static final int MAX_VERSION_INFO_BYTES = 0xFFFF;
    /** High bit of a directory entry's offset: it points at another directory table, not at a data entry. */
    private static final int SUBDIRECTORY = 0x80000000;

    private PeVersions() {
    }

    /**
     * Where the PE image ends in the file ({@link PeImage#imageEnd()}).
     *
     * @throws HotfixRejectedException (UNPROCESSABLE) if the headers are not those of a PE file
     */
    static long imageEnd(Path file, String name) throws IOException {
        try (PeImage image = PeImage.open(file, name)) {
            return image.imageEnd();
        }
    }

    /**
     * @param file the PE file, of any size
     * @param name the hotfix file's name, to begin every refusal's reason with
     * @return the VS_FIXEDFILEINFO file version
     * @throws HotfixRejectedException (UNPROCESSABLE) if the file is not a PE file, has no version resource, or its
     *     resource directory is corrupt (an offset beyond the file, a directory where a data entry belongs)
     * @throws IOException if reading fails
     */
    static Version read(Path file, String name) throws IOException {
        byte[] block;
        try (PeImage image = PeImage.open(file, name)) {
            block = versionBlock(image, name);
        }
        FixedFileInfo fixed;
        try {
            VersionInfo info = ResourceParser.readVersionInfo(block);
            fixed = info.getFixedFileInfo();
        } catch (IOException | RuntimeException e) {
            throw new HotfixRejectedException(UNPROCESSABLE, name + " has a corrupt version resource: " + e.getMessage());
        }
        if (fixed == null || fixed.getSignature() != FIXED_FILE_INFO_SIGNATURE) {
            throw new HotfixRejectedException(UNPROCESSABLE, name + " has a version resource without VS_FIXEDFILEINFO");
        }
        int ms = fixed.getFileVersionMS();
        int ls = fixed.getFileVersionLS();
        return Version.of(ms >>> 16, ms & 0xFFFF, ls >>> 16, ls & 0xFFFF);
    }

    /** The bytes of the first RT_VERSION resource: type → its first name → its first language → data entry. */
    private static byte[] versionBlock(PeImage image, String name) throws IOException {
        PeImage.DataDirectory resources = image.directory(PeImage.RESOURCE_TABLE).orElseThrow(() -> noVersion(name));
        long root = image.fileOffset(resources.address()).orElseThrow(() -> new HotfixRejectedException(UNPROCESSABLE,
                name + " is not a readable PE file: its resource table is outside every section"));
        int type = entry(image, root, OptionalInt.of(RT_VERSION), name).orElseThrow(() -> noVersion(name));
        int resource = entry(image, root + subdirectory(type, name), OptionalInt.empty(), name).orElseThrow(() -> noVersion(name));
        int language = entry(image, root + subdirectory(resource, name), OptionalInt.empty(), name).orElseThrow(() -> noVersion(name));
        if ((language & SUBDIRECTORY) != 0) {
            throw new HotfixRejectedException(UNPROCESSABLE, name + " has a corrupt resource directory: a fourth level below RT_VERSION");
        }
        ByteBuffer dataEntry = image.read(root + language, 16, "version resource data entry");
        long rva = Integer.toUnsignedLong(dataEntry.getInt(0));
        long size = Integer.toUnsignedLong(dataEntry.getInt(4));
        long offset = image.fileOffset(rva).orElseThrow(() -> new HotfixRejectedException(UNPROCESSABLE,
                name + " has a corrupt version resource: its data is outside every section"));
        // The declared size is the file's claim: read no more than a VS_VERSIONINFO can be, nor than the file holds.
        long length = Math.min(Math.min(size, MAX_VERSION_INFO_BYTES), image.size() - offset);
        return image.read(offset, (int) Math.max(0, length), "version resource").array();
    }

    /**
     * The offset field (relative to the resource table; high bit: a subdirectory) of an entry of the directory table
     * at file offset {@code table}: the ID entry {@code id}, or the first entry when {@code id} is empty.
     */
    private static OptionalInt entry(PeImage image, long table, OptionalInt id, String name) throws IOException {
        ByteBuffer header = image.read(table, 16, "resource directory");
        int named = Short.toUnsignedInt(header.getShort(12));
        int ids = Short.toUnsignedInt(header.getShort(14));
        if (named + ids == 0) {
            return OptionalInt.empty();
        }
        // Name entries come first, then ID entries; at most 128 Ki entries of 8 bytes: a bounded read.
        ByteBuffer entries = image.read(table + 16, 8 * (named + ids), "resource directory");
        if (id.isEmpty()) {
            return OptionalInt.of(entries.getInt(4));
        }
        for (int i = named; i < named + ids; i++) {
            if (entries.getInt(8 * i) == id.getAsInt()) {
                return OptionalInt.of(entries.getInt(8 * i + 4));
            }
        }
        return OptionalInt.empty();
    }

    /** The table an entry's offset points at, relative to the resource table. */
    private static long subdirectory(int offset, String name) {
        if ((offset & SUBDIRECTORY) == 0) {
            throw new HotfixRejectedException(UNPROCESSABLE, name + " has a corrupt resource directory: a data entry where RT_VERSION"
                    + " needs a directory table");
        }
        return offset & ~SUBDIRECTORY;
    }

    private static HotfixRejectedException noVersion(String name) {
        return new HotfixRejectedException(UNPROCESSABLE, name + " has no version resource (VS_VERSIONINFO);"
                + " a PE file must carry its FileVersion");
    }
}
