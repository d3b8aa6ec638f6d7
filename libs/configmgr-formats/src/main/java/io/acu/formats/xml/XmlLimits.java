package io.acu.formats.xml;

/**
 * Bounds applied by {@link SafeXml} before and while parsing, so that a hostile document costs at
 * most a known amount of memory and time.
 *
 * @param maxBytes largest accepted document in bytes (encoded, BOM included); larger input is
 *     refused before any parsing
 * @param maxDepth deepest accepted element nesting; the root element is depth 1
 * @param maxElements most elements accepted in one document
 */
public record XmlLimits(long maxBytes, int maxDepth, int maxElements) {

    /** 4 MiB: the default bound on one document. */
    public static final long DEFAULT_MAX_BYTES = 4L * 1024 * 1024;

    /**
     * 4 MiB, depth 32, 100,000 elements: room for a report batching thousands of state messages
     * (depth 5, about 8 elements each), far beyond any ccmsetup.xml.
     */
    public static final XmlLimits DEFAULT = new XmlLimits(DEFAULT_MAX_BYTES, 32, 100_000);

    /** @throws IllegalArgumentException if a bound is not positive */
    public XmlLimits {
        if (maxBytes <= 0 || maxDepth <= 0 || maxElements <= 0) {
            throw new IllegalArgumentException("XML limits must be positive: " + maxBytes + " bytes, depth "
                    + maxDepth + ", " + maxElements + " elements");
        }
    }

    /** These limits with another {@link #maxBytes()}. */
    public XmlLimits withMaxBytes(long bytes) {
        return new XmlLimits(bytes, maxDepth, maxElements);
    }

    /** These limits with another {@link #maxDepth()}. */
    public XmlLimits withMaxDepth(int depth) {
        return new XmlLimits(maxBytes, depth, maxElements);
    }

    /** These limits with another {@link #maxElements()}. */
    public XmlLimits withMaxElements(int elements) {
        return new XmlLimits(maxBytes, maxDepth, elements);
    }
}
