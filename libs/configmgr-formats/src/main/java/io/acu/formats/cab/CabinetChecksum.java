package io.acu.formats.cab;

/**
 * The CFDATA checksum of [MS-CAB] 2.5 ({@code CSUMCompute}): 32-bit little-endian words XORed together, the
 * 1–3 trailing bytes packed big-end first. A block's checksum is computed over its data, then continued over the
 * CFDATA fields after {@code csum} ({@code cbData}, {@code cbUncomp}, reserved bytes). 0 means "not computed".
 */
final class CabinetChecksum {

    private CabinetChecksum() {
    }

    /** {@code CSUMCompute(bytes[offset..offset+length), seed)}. */
    static int compute(byte[] bytes, int offset, int length, int seed) {
        int csum = seed;
        int i = offset;
        for (int words = length / 4; words > 0; words--, i += 4) {
            csum ^= (bytes[i] & 0xFF) | (bytes[i + 1] & 0xFF) << 8 | (bytes[i + 2] & 0xFF) << 16 | (bytes[i + 3] & 0xFF) << 24;
        }
        int last = 0;
        switch (length % 4) {
            case 3:
                last |= (bytes[i++] & 0xFF) << 16;
                // fall through: the reference implementation packs the tail this way
            case 2:
                last |= (bytes[i++] & 0xFF) << 8;
                // fall through
            case 1:
                last |= bytes[i] & 0xFF;
                break;
            default:
                break;
        }
        return csum ^ last;
    }

    /** The checksum of one CFDATA block with no reserved bytes. */
    static int ofBlock(byte[] data, int offset, int compressedLength, int uncompressedLength) {
        int seed = compute(data, offset, compressedLength, 0);
        byte[] sizes = {
            (byte) compressedLength, (byte) (compressedLength >>> 8),
            (byte) uncompressedLength, (byte) (uncompressedLength >>> 8)};
        return compute(sizes, 0, 4, seed);
    }
}
