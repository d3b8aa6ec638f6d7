package io.acu.manifestbuilder.fileversion;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.acu.manifestbuilder.domain.HotfixRejectedException;
import io.acu.manifestbuilder.support.Fixtures;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trusted-publisher rule on files signed by osslsigncode (src/test/resources/pe/make-fixtures.sh). */
class AuthenticodePublisherPolicyTest {

    private static final String TRUSTED = new String(Fixtures.bytes("pe/trusted-publisher.sha256"), StandardCharsets.US_ASCII).trim();
    private final AuthenticodePublisherPolicy policy = new AuthenticodePublisherPolicy(Optional.of(List.of(TRUSTED)));

    @TempDir
    Path dir;

    @Test
    void aFileSignedByATrustedPublisherPasses() {
        assertThatCode(() -> policy.check("SCEPInstall.exe", Fixtures.copy("pe/signed-trusted.exe", dir, "a.exe"))).doesNotThrowAnyException();
    }

    @Test
    void aCertificateClaimingGibibytesIsRefusedWithoutReadingIt() throws Exception {
        // signed-trusted.exe's WIN_CERTIFICATE sits at file offset 0x3E00; its dwLength made 2 GiB. Parsing the whole
        // file allocated what the file claims (OutOfMemoryError); the signature is read by seeking, capped.
        Path file = Fixtures.copy("pe/signed-trusted.exe", dir, "claims.exe");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(0x3E00);
            raf.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0x7FFFFFF0).array());
        }
        assertThatThrownBy(() -> policy.check("SCEPInstall.exe", file)).isInstanceOf(HotfixRejectedException.class)
                .hasMessage("SCEPInstall.exe has a certificate of 2147483632 bytes; an Authenticode signature takes 9 to 1048584");
    }

    @Test
    void anUnsignedFileIsRefused() {
        Path file = Fixtures.copy(Fixtures.SCEP_V5, dir, "b.exe");
        assertThatThrownBy(() -> policy.check("SCEPInstall.exe", file)).isInstanceOf(HotfixRejectedException.class)
                .hasMessage("SCEPInstall.exe is not Authenticode-signed; this site accepts only files signed by a trusted publisher");
    }

    @Test
    void aFileSignedBySomeoneElseIsRefusedNamingTheSigner() {
        Path file = Fixtures.copy("pe/signed-untrusted.exe", dir, "c.exe");
        assertThatThrownBy(() -> policy.check("SCEPInstall.exe", file)).isInstanceOf(HotfixRejectedException.class)
                .hasMessageStartingWith("SCEPInstall.exe is signed by CN=acu untrusted publisher,O=acu test fixtures (")
                .hasMessageEndingWith("), not by a trusted publisher with a valid signature");
    }

    @Test
    void aSignedFileChangedAfterSigningIsRefused() throws Exception {
        byte[] bytes = Fixtures.bytes("pe/signed-trusted.exe");
        bytes[0x600] ^= 0x01; // inside the first section, far from headers and the certificate table
        Path file = java.nio.file.Files.write(dir.resolve("e.exe"), bytes);
        assertThatThrownBy(() -> policy.check("SCEPInstall.exe", file)).isInstanceOf(HotfixRejectedException.class)
                .hasMessage("SCEPInstall.exe was changed after it was signed: its Authenticode image hash does not match the signature");
    }

    @Test
    void withoutTrustedPublishersEveryFilePasses() {
        AuthenticodePublisherPolicy open = new AuthenticodePublisherPolicy(Optional.empty());
        assertThatCode(() -> open.check("SCEPInstall.exe", Fixtures.copy(Fixtures.SCEP_V5, dir, "d.exe"))).doesNotThrowAnyException();
    }
}
