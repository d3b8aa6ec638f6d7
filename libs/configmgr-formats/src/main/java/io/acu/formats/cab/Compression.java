package io.acu.formats.cab;

/** How a cabinet folder's data blocks are compressed: the CFFOLDER {@code typeCompress} field ([MS-CAB] 2.3). */
public enum Compression {
    /** {@code tcompTYPE_NONE} (0): blocks hold the bytes as they are. */
    NONE(0),
    /**
     * {@code tcompTYPE_MSZIP} (1): each block is {@code "CK"} followed by a complete RFC 1951 deflate stream of at
     * most 32 KiB of input, whose dictionary is the previous block's uncompressed data ([MS-MCI] MSZIP).
     */
    MSZIP(1);

    private final int code;

    Compression(int code) {
        this.code = code;
    }

    /** The low 4 bits of {@code typeCompress}: 0 or 1. */
    public int code() {
        return code;
    }
}
