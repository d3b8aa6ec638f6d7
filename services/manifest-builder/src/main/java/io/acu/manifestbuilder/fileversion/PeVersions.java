package io.acu.manifestbuilder.fileversion;

import static io.acu.manifestbuilder.domain.HotfixRejectedException.Kind.UNPROCESSABLE;

import com.kichik.pecoff4j.PE;
import com.kichik.pecoff4j.ResourceDirectory;
import com.kichik.pecoff4j.ResourceEntry;
import com.kichik.pecoff4j.constant.ResourceType;
import com.kichik.pecoff4j.io.ByteArrayDataReader;
import com.kichik.pecoff4j.io.PEParser;
import com.kichik.pecoff4j.io.ResourceParser;
import com.kichik.pecoff4j.resources.FixedFileInfo;
import com.kichik.pecoff4j.resources.VersionInfo;
import com.kichik.pecoff4j.util.ResourceHelper;
import io.acu.formats.Version;
import io.acu.manifestbuilder.domain.HotfixRejectedException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The file version of a Portable Executable, read with pecoff4j: the {@code RT_VERSION} resource's
 * VS_FIXEDFILEINFO {@code dwFileVersionMS/LS} as four 16-bit numbers (major.minor.build.revision). That is the
 * version Windows and ccmsetup's File discovery compare; the StringFileInfo {@code FileVersion} text is free-form
 * display text (e.g. {@code "5.00.7804.9999 (beta)"}) and is ignored.
 */
final class PeVersions {

    /**
     * Where the PE image ends in the file: the end of the headers or of the last section's raw data, whichever is
     * later. Bytes after it (the overlay: appended payloads of installers, the Authenticode certificate table) hold
     * no resources, so the version is read from the image alone and a 2 GB self-extracting installer costs a few
     * KiB to MiB of reading.
     *
     * @throws HotfixRejectedException (UNPROCESSABLE) if the headers are not those of a PE file
     */
    static long imageEnd(Path file, String name) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(HEADER_PROBE_BYTES);
        }
        ByteBuffer b = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
        if (head.length < 0x40 || b.getShort(0) != 0x5A4D) {
            throw new HotfixRejectedException(UNPROCESSABLE, name + " is not a readable PE file: no MZ header");
        }
        int pe = b.getInt(0x3C);
        if (pe < 0 || pe + 24 > head.length || b.getInt(pe) != 0x00004550) {
            throw new HotfixRejectedException(UNPROCESSABLE, name + " is not a readable PE file: no PE signature");
        }
        int sections = Short.toUnsignedInt(b.getShort(pe + 6));
        int optionalSize = Short.toUnsignedInt(b.getShort(pe + 20));
        int table = pe + 24 + optionalSize;
        if (table + 40L * sections > head.length || pe + 24 + 64 > head.length) {
            throw new HotfixRejectedException(UNPROCESSABLE, name + " is not a readable PE file: section table beyond the headers");
        }
        long end = Integer.toUnsignedLong(b.getInt(pe + 24 + 60)); // SizeOfHeaders
        for (int i = 0; i < sections; i++) {
            int section = table + 40 * i;
            end = Math.max(end, Integer.toUnsignedLong(b.getInt(section + 20)) + Integer.toUnsignedLong(b.getInt(section + 16)));
        }
        return Math.min(end, Files.size(file));
    }

    /** Headers and section table of any real PE file fit here (PE headers are at most a few KiB). */
    private static final int HEADER_PROBE_BYTES = 64 * 1024;

    /** {@code VS_FIXEDFILEINFO.dwSignature}. */
    static final int FIXED_FILE_INFO_SIGNATURE = 0xFEEF04BD;

    private PeVersions() {
    }

    /**
     * @throws HotfixRejectedException (UNPROCESSABLE) if the file is not a PE file or has no version resource
     * @throws IOException if reading fails
     */
    static Version read(Path file, String name, long maxImageBytes) throws IOException {
        long imageEnd = imageEnd(file, name);
        if (imageEnd > maxImageBytes) {
            throw new HotfixRejectedException(UNPROCESSABLE, name + " has " + imageEnd + " bytes of headers and sections, over "
                    + maxImageBytes + ", too large to read its version resource; declare fileVersion");
        }
        byte[] image;
        try (InputStream in = Files.newInputStream(file)) {
            image = in.readNBytes((int) imageEnd);
        }
        PE pe;
        try {
            pe = PEParser.read(new ByteArrayDataReader(image));
        } catch (IOException | RuntimeException e) {
            throw new HotfixRejectedException(UNPROCESSABLE, name + " is not a readable PE file: " + e.getMessage());
        }
        ResourceDirectory resources = pe.getImageData() == null ? null : pe.getImageData().getResourceTable();
        ResourceEntry[] entries = resources == null ? new ResourceEntry[0] : ResourceHelper.findResources(resources, ResourceType.VERSION_INFO);
        if (entries.length == 0) {
            throw new HotfixRejectedException(UNPROCESSABLE, name + " has no version resource (VS_VERSIONINFO);"
                    + " a PE file must carry its FileVersion");
        }
        FixedFileInfo fixed;
        try {
            VersionInfo info = ResourceParser.readVersionInfo(entries[0].getData());
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
}
