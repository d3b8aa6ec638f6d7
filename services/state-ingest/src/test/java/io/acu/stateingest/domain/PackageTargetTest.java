package io.acu.stateingest.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.acu.formats.PackageId;
import io.acu.formats.Version;
import org.junit.jupiter.api.Test;

class PackageTargetTest {

    private static PackageTarget cas00006(int version) {
        return new PackageTarget(PackageId.parse("CAS00006"), version, Version.parse("5.00.7804.1000"));
    }

    @Test
    void onlyAHigherPackageVersionSupersedes() {
        assertThat(cas00006(5).supersedes(null)).isTrue();
        assertThat(cas00006(5).supersedes(cas00006(4))).isTrue();
        assertThat(cas00006(5).supersedes(cas00006(5))).isFalse();
        assertThat(cas00006(4).supersedes(cas00006(5))).isFalse();
    }

    @Test
    void targetsOfDifferentPackagesAreNotCompared() {
        PackageTarget other = new PackageTarget(PackageId.parse("CAS00007"), 1, Version.parse("5.00.7804.1000"));
        assertThatThrownBy(() -> cas00006(5).supersedes(other)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CAS00007");
    }

    @Test
    void packageVersionStartsAtOne() {
        assertThatThrownBy(() -> cas00006(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");
    }
}
