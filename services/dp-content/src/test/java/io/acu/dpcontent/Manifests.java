package io.acu.dpcontent;

import io.acu.contracts.CabinetFile;
import io.acu.contracts.EventEnvelope;
import io.acu.contracts.ManifestItem;
import io.acu.contracts.ManifestUpdated;
import io.acu.formats.Sha256;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Recorded-style ManifestUpdated events (as manifest-builder publishes them) and their files, for tests. */
public final class Manifests {

    private Manifests() {
    }

    /** Deterministic pseudo-random content of a given size. */
    public static byte[] bytes(long seed, int size) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /**
     * A ManifestUpdated whose files are also put on the source share.
     *
     * @param items file name → content, in manifest order (the cab is {@code ccmsetup.cab}, given separately)
     */
    public static EventEnvelope<ManifestUpdated> publishAndDescribe(DistributionFixture fixture, String packageId, int version,
                                                             Map<String, byte[]> items, byte[] cab) {
        String base = packageId + "/" + version + "/";
        List<ManifestItem> manifestItems = new ArrayList<>();
        int order = 1;
        for (Map.Entry<String, byte[]> item : items.entrySet()) {
            fixture.putSource(base + item.getKey(), item.getValue());
            manifestItems.add(new ManifestItem(item.getKey(), Sha256.compute(item.getValue()).hex(), "4.3.215.0",
                    item.getValue().length, order++, true));
        }
        fixture.putSource(base + "ccmsetup.cab", cab);
        return envelope(fixture, packageId, version, manifestItems, cab);
    }

    /** A ManifestUpdated naming files without putting them on the source share. */
    public static EventEnvelope<ManifestUpdated> envelope(DistributionFixture fixture, String packageId, int version,
                                                   List<ManifestItem> items, byte[] cab) {
        return envelope(packageId, version, items, cab, fixture.sourceUrl() + packageId + "/" + version + "/");
    }

    /** A ManifestUpdated naming files at {@code contentSourceUrl}, wherever that is. */
    public static EventEnvelope<ManifestUpdated> envelope(String packageId, int version, List<ManifestItem> items, byte[] cab,
                                                   String contentSourceUrl) {
        ManifestUpdated payload = new ManifestUpdated(packageId, version, version > 1 ? version - 1 : null, "5.00.7804.1000",
                "5.00.7783.1000", "KB2907566", items,
                new CabinetFile("ccmsetup.cab", Sha256.compute(cab).hex(), cab.length, "c2lnbmF0dXJl", "SHA256withECDSA",
                        "http://mb/api/signing-key"),
                contentSourceUrl);
        return EventEnvelope.of(payload, "manifest-builder", Instant.parse("2026-11-29T10:00:00Z"));
    }

    /** An ordered map literal. */
    public static Map<String, byte[]> files(Object... nameThenContent) {
        Map<String, byte[]> map = new LinkedHashMap<>();
        for (int i = 0; i < nameThenContent.length; i += 2) {
            map.put((String) nameThenContent[i], (byte[]) nameThenContent[i + 1]);
        }
        return map;
    }
}
