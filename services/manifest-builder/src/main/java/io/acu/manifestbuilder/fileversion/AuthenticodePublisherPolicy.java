package io.acu.manifestbuilder.fileversion;

import static io.acu.manifestbuilder.domain.HotfixRejectedException.Kind.UNPROCESSABLE;

import io.acu.formats.Sha256;
import io.acu.manifestbuilder.domain.HotfixRejectedException;
import io.acu.manifestbuilder.domain.PublisherPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.security.MessageDigest;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.x509.DigestInfo;
import org.bouncycastle.operator.DefaultAlgorithmNameFinder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.util.Selector;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The trusted-publisher rule on Authenticode signatures: {@code acu.authenticode.trusted-publishers} lists the
 * SHA-256 thumbprints (64 hex digits of the DER certificate's SHA-256) of the signing certificates the site trusts,
 * e.g. Microsoft's code-signing certificate. When the list is empty, every PE file passes.
 *
 * <p>For a PE file it reads the first entry of the certificate table (WIN_CERTIFICATE, PKCS#7 SignedData) by seeking
 * to it, at most {@value #MAX_CERTIFICATE_BYTES} bytes (an Authenticode signature with its chain and timestamp is a
 * few to some tens of KiB), never the whole file; checks that
 * the signed SpcIndirectDataContent digest equals the file's {@link AuthenticodeImageHash image hash} (the file was
 * not changed after signing), verifies each signer's signature with BouncyCastle and requires a signer whose
 * certificate is trusted. <b>Not checked</b> (partial Authenticode): certificate chains to a root, validity periods,
 * revocation, counter-signature timestamps, and nested (secondary) signatures.
 */
@ApplicationScoped
public class AuthenticodePublisherPolicy implements PublisherPolicy {

    /** WIN_CERT_TYPE_PKCS_SIGNED_DATA. */
    private static final int PKCS_SIGNED_DATA = 0x0002;
    /** Largest WIN_CERTIFICATE read; a larger one is refused rather than held in memory. */
    static final int MAX_CERTIFICATE_BYTES = 1024 * 1024;

    private final Set<Sha256> trusted;

    AuthenticodePublisherPolicy(@ConfigProperty(name = "acu.authenticode.trusted-publishers") Optional<List<String>> trusted) {
        this.trusted = trusted.orElse(List.of()).stream().map(String::trim).filter(s -> !s.isEmpty())
                .map(s -> Sha256.parse(s.replace(":", "").toUpperCase(Locale.ROOT))).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public void check(String fileName, Path file) throws IOException {
        if (trusted.isEmpty()) {
            return;
        }
        byte[] signature = certificate(fileName, file);
        CMSSignedData signed;
        try {
            signed = new CMSSignedData(signature);
        } catch (CMSException | RuntimeException e) {
            throw new HotfixRejectedException(UNPROCESSABLE, fileName + " has a corrupt Authenticode signature: " + e.getMessage());
        }
        checkImageHash(fileName, file, signed);
        StringBuilder signers = new StringBuilder();
        for (SignerInformation signer : signed.getSignerInfos().getSigners()) {
            @SuppressWarnings("unchecked")
            Selector<X509CertificateHolder> selector = (Selector<X509CertificateHolder>) (Selector<?>) signer.getSID();
            for (X509CertificateHolder certificate : signed.getCertificates().getMatches(selector)) {
                Sha256 thumbprint = Sha256.compute(certificate.getEncoded());
                signers.append(signers.length() == 0 ? "" : ", ").append(certificate.getSubject()).append(" (").append(thumbprint).append(')');
                if (trusted.contains(thumbprint) && verifies(signer, certificate)) {
                    return;
                }
            }
        }
        throw new HotfixRejectedException(UNPROCESSABLE, fileName + " is signed by " + (signers.length() == 0 ? "no certificate it carries" : signers)
                + ", not by a trusted publisher with a valid signature");
    }

    /**
     * The {@code bCertificate} of the first WIN_CERTIFICATE (dwLength, wRevision, wCertificateType, bCertificate) of
     * the attribute certificate table, whose data directory entry holds a file offset.
     */
    private static byte[] certificate(String fileName, Path file) throws IOException {
        try (PeImage image = PeImage.open(file, fileName)) {
            PeImage.DataDirectory table = image.directory(PeImage.CERTIFICATE_TABLE).orElseThrow(() -> new HotfixRejectedException(
                    UNPROCESSABLE, fileName + " is not Authenticode-signed; this site accepts only files signed by a trusted publisher"));
            ByteBuffer header = image.read(table.address(), 8, "certificate table");
            long length = Integer.toUnsignedLong(header.getInt(0));
            int type = Short.toUnsignedInt(header.getShort(6));
            if (type != PKCS_SIGNED_DATA) {
                throw new HotfixRejectedException(UNPROCESSABLE, fileName + " has a certificate of type " + type
                        + ", not an Authenticode PKCS#7 signature");
            }
            if (length <= 8 || length - 8 > MAX_CERTIFICATE_BYTES) {
                throw new HotfixRejectedException(UNPROCESSABLE, fileName + " has a certificate of " + length + " bytes; an Authenticode"
                        + " signature takes 9 to " + (MAX_CERTIFICATE_BYTES + 8));
            }
            return image.read(table.address() + 8, (int) (length - 8), "certificate").array();
        }
    }

    /** The SpcIndirectDataContent's DigestInfo must match the file as it is now. */
    private static void checkImageHash(String fileName, Path file, CMSSignedData signed) throws IOException {
        byte[] expected;
        String algorithm;
        try {
            Object content = signed.getSignedContent().getContent();
            ASN1Sequence indirect = ASN1Sequence.getInstance(content instanceof ASN1Encodable encodable ? encodable
                    : ASN1Primitive.fromByteArray((byte[]) content));
            DigestInfo digestInfo = DigestInfo.getInstance(indirect.getObjectAt(1));
            expected = digestInfo.getDigest();
            algorithm = new DefaultAlgorithmNameFinder().getAlgorithmName(digestInfo.getAlgorithmId().getAlgorithm()).replace("SHA", "SHA-");
        } catch (IOException | RuntimeException e) {
            throw new HotfixRejectedException(UNPROCESSABLE, fileName + " has an Authenticode signature without a readable image digest: " + e.getMessage());
        }
        if (!MessageDigest.isEqual(expected, AuthenticodeImageHash.compute(file, algorithm))) {
            throw new HotfixRejectedException(UNPROCESSABLE, fileName + " was changed after it was signed: its Authenticode image hash"
                    + " does not match the signature");
        }
    }

    private static boolean verifies(SignerInformation signer, X509CertificateHolder certificate) {
        try {
            return signer.verify(new JcaSimpleSignerInfoVerifierBuilder().build(certificate));
        } catch (CMSException | OperatorCreationException | java.security.cert.CertificateException | RuntimeException e) {
            return false;
        }
    }
}
