package io.acu.dpcontent.point;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.acu.formats.PackageId;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ContentRequestPathTest {

    @Test
    void currentAndExplicitVersionForms() {
        assertThat(ContentRequestPath.parse("CAS00006/SCEPInstall.exe"))
                .isEqualTo(new ContentRequestPath(PackageId.parse("CAS00006"), OptionalInt.empty(), "SCEPInstall.exe"));
        assertThat(ContentRequestPath.parse("cas00006.5/x64/client%20setup.msi"))
                .isEqualTo(new ContentRequestPath(PackageId.parse("CAS00006"), OptionalInt.of(5), "x64/client setup.msi"));
    }

    @Test
    void traversalEncodedSeparatorsAndJunkAreRefused() {
        for (String raw : new String[] {"CAS00006/../secret", "CAS00006/%2e%2e/secret", "CAS00006/a%2Fb", "CAS00006/a%5Cb",
                "CAS00006/a%00", "CAS00006//x", "CAS00006/./x", "CAS00006/", "CAS00006", "CAS0006/x", "CAS00006.0/x",
                "CAS00006.x/x", "CAS00006/%zz", "CAS00006/%C3%28", "CAS00006/C:x"}) {
            assertThatThrownBy(() -> ContentRequestPath.parse(raw)).as(raw).isInstanceOf(ContentRequestPath.RefusedPathException.class);
        }
    }
}
