package io.acu.manifestbuilder.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"SCEPInstall.exe", "x64/client.msi", "i386/MicrosoftPolicyPlatformSetup.msi", "a b.txt"})
    void acceptsPackageRelativeNames(String name) {
        assertThat(FileNames.check(name)).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "x/../../etc/passwd", "./a.exe", "a//b.exe", "x64/", "a.exe.", "dir /a.exe"})
    void refusesPathLikeNames(String name) {
        assertThatThrownBy(() -> FileNames.check(name)).isInstanceOf(HotfixRejectedException.class)
                .hasMessageContaining("is path-like")
                .extracting(e -> ((HotfixRejectedException) e).kind()).isEqualTo(HotfixRejectedException.Kind.INVALID);
    }

    @Test
    void refusesAbsoluteDriveBackslashAndControlCharacters() {
        assertThatThrownBy(() -> FileNames.check("/etc/passwd")).hasMessage("file name '/etc/passwd' is an absolute path; give it relative to the package");
        assertThatThrownBy(() -> FileNames.check("C:\\x.exe")).hasMessageEndingWith("contains a character Windows does not allow in a path: ':'");
        assertThatThrownBy(() -> FileNames.check("x64\\client.msi")).hasMessageEndingWith("'\\'");
        assertThatThrownBy(() -> FileNames.check("a\nb.exe")).hasMessageEndingWith("control character");
        assertThatThrownBy(() -> FileNames.check("")).hasMessage("a file has no name");
        assertThatThrownBy(() -> FileNames.check("x".repeat(201))).hasMessageEndingWith("is longer than 200 characters");
    }

    @Test
    void kindsFollowTheExtension() {
        assertThat(FileKind.of("SCEPInstall.EXE")).isEqualTo(FileKind.PORTABLE_EXECUTABLE);
        assertThat(FileKind.of("x64/client.msi")).isEqualTo(FileKind.WINDOWS_INSTALLER);
        assertThat(FileKind.of("fix.msp")).isEqualTo(FileKind.WINDOWS_INSTALLER);
        assertThat(FileKind.of("readme.txt")).isEqualTo(FileKind.OTHER);
        assertThat(FileKind.WINDOWS_INSTALLER.defaultInstallationType()).isEqualTo("MSI");
        assertThat(FileKind.PORTABLE_EXECUTABLE.defaultInstallationType()).isEqualTo("NONE");
    }
}
