package io.acu.dpcontent.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.acu.dpcontent.library.PackageContent;
import io.acu.dpcontent.library.PackageFile;
import io.acu.dpcontent.library.StoredFile;
import io.acu.formats.PackageId;
import io.acu.formats.Sha256;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The single-instance rule of a distribution attempt, with in-memory source and target. */
class ContentTransferTest {

    private static PackageFile file(String name, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        return new PackageFile(name, Sha256.compute(bytes), bytes.length);
    }

    private final PackageFile scep = file("SCEPInstall.exe", "scep v5");
    private final PackageFile msi = file("client.msi", "unchanged msi");
    private final PackageFile cab = file("ccmsetup.cab", "cab v5");
    private final PackageContent v5 = new PackageContent(PackageId.parse("CAS00006"), 5, List.of(scep, msi, cab));

    /** A DP that already holds the unchanged MSI. */
    private final class FakeDp implements ContentTransfer.Target {
        final Set<Sha256> library = new HashSet<>(Set.of(msi.sha256()));
        final List<String> pushed = new ArrayList<>();
        PackageContent registered;
        boolean refuseNext;

        @Override
        public boolean has(Sha256 sha256) {
            return library.contains(sha256);
        }

        @Override
        public void push(PackageFile f, StoredFile content) {
            if (refuseNext) {
                refuseNext = false;
                throw new ContentTransfer.DistributionException("dp02 refused " + f.name() + " (422): hash mismatch");
            }
            pushed.add(f.name());
            library.add(content.sha256());
        }

        @Override
        public void register(PackageContent content) {
            registered = content;
        }
    }

    private final ContentTransfer.Source source = f -> new StoredFile(f.sha256(), Path.of("FileLib", f.sha256().hex()), f.sizeBytes(), Instant.EPOCH);

    @Test
    void onlyFilesTheDpLacksAreSentThenTheVersionIsRegistered() {
        FakeDp dp = new FakeDp();
        ContentTransfer.Result result = ContentTransfer.distribute(v5, source, dp);

        assertThat(result.filesSent()).containsExactly("SCEPInstall.exe", "ccmsetup.cab");
        assertThat(result.bytesSent()).isEqualTo(scep.sizeBytes() + cab.sizeBytes());
        assertThat(dp.registered).isEqualTo(v5);
        assertThat(ContentTransfer.distribute(v5, source, dp).filesSent()).isEmpty();
    }

    @Test
    void aRefusedFileFailsTheAttemptWithTheBytesSentSoFarAndNothingRegistered() {
        FakeDp dp = new FakeDp();
        dp.library.remove(msi.sha256());
        dp.pushed.clear();
        // SCEPInstall.exe goes through, client.msi is refused.
        ContentTransfer.Target refusingSecond = new ContentTransfer.Target() {
            int pushes;

            @Override
            public boolean has(Sha256 sha256) {
                return dp.has(sha256);
            }

            @Override
            public void push(PackageFile f, StoredFile content) {
                dp.refuseNext = ++pushes == 2;
                dp.push(f, content);
            }

            @Override
            public void register(PackageContent content) {
                dp.register(content);
            }
        };
        assertThatThrownBy(() -> ContentTransfer.distribute(v5, source, refusingSecond))
                .isInstanceOf(ContentTransfer.DistributionException.class)
                .hasMessage("dp02 refused client.msi (422): hash mismatch")
                .satisfies(e -> assertThat(((ContentTransfer.DistributionException) e).bytesSent()).isEqualTo(scep.sizeBytes()));
        assertThat(dp.registered).isNull();
    }

    @Test
    void aPermanentSourceFailureStaysPermanentWithTheBytesSentBeforeIt() {
        FakeDp dp = new FakeDp();
        String error = "source share answered 410 for http://mb:8081/source/CAS00006/5/ccmsetup.cab";
        ContentTransfer.Source goneCab = f -> {
            if (f.equals(cab)) {
                throw ContentTransfer.DistributionException.permanent(error);
            }
            return source.fetch(f);
        };

        assertThatThrownBy(() -> ContentTransfer.distribute(v5, goneCab, dp))
                .isInstanceOfSatisfying(ContentTransfer.DistributionException.class, e -> {
                    assertThat(e.permanent()).isTrue();
                    assertThat(e.getMessage()).isEqualTo(error);
                    assertThat(e.bytesSent()).isEqualTo(scep.sizeBytes());
                });
        assertThat(dp.registered).isNull();
        // A DP's refusal (its hash check) stays transient: the next attempt may well succeed.
        dp.refuseNext = true;
        assertThatThrownBy(() -> ContentTransfer.distribute(v5, source, dp))
                .isInstanceOfSatisfying(ContentTransfer.DistributionException.class, e -> assertThat(e.permanent()).isFalse());
    }
}
