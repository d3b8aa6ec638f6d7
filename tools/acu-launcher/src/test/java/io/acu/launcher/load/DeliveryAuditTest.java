package io.acu.launcher.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.acu.fleetsim.domain.FleetGenerator;
import io.acu.fleetsim.domain.InjectedFailure;
import io.acu.fleetsim.domain.SimulatedClient;
import io.acu.fleetsim.domain.UpgradeOutcome;
import io.acu.fleetsim.domain.WaveSimulation;
import io.acu.formats.Version;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeliveryAuditTest {

    private static final List<SimulatedClient> FLEET = FleetGenerator.generate(new FleetGenerator.FleetSpec(5, 7, List.of("BG-HQ"), 0,
            Version.parse("5.00.7804.1000"), Version.parse("4.2.223.1")));

    // upgraded, hash mismatch, error after the FSP message was accepted, error before, not attempted
    private static final WaveSimulation.WaveReport WAVE = new WaveSimulation.WaveReport(List.of(
            result(0, new UpgradeOutcome(UpgradeOutcome.Kind.UPGRADED, 400, 3, List.of("SCEPInstall.exe"), "")),
            result(1, new UpgradeOutcome(UpgradeOutcome.Kind.HASH_MISMATCH, 325, 0, List.of(), "")),
            result(2, new UpgradeOutcome(UpgradeOutcome.Kind.ERROR, 400, 0, List.of("SCEPInstall.exe"), "state message not accepted")),
            result(3, new UpgradeOutcome(UpgradeOutcome.Kind.ERROR, 0, 0, List.of(), "FSP message not accepted")),
            result(4, null)), 5, 0, java.util.Map.of());

    private static WaveSimulation.ClientResult result(int index, UpgradeOutcome outcome) {
        return new WaveSimulation.ClientResult(FLEET.get(index), null, InjectedFailure.NONE, outcome, java.time.Instant.EPOCH, "all", null, 0);
    }

    private static MessageKey key(int client, int topicType) {
        return new MessageKey(FLEET.get(client).clientId(), topicType);
    }

    private static Map<MessageKey, Long> exactlyTheAccepted() {
        Map<MessageKey, Long> rows = new HashMap<>();
        rows.put(key(0, 800), 1L);
        rows.put(key(0, 2001), 1L);
        rows.put(key(1, 800), 1L);
        rows.put(key(2, 800), 1L);
        return rows;
    }

    @Test
    void acceptedMessagesAreRequiredAndRefusedOnesOptional() {
        DeliveryAudit audit = DeliveryAudit.of(WAVE);
        assertThat(audit.requiredMessages()).isEqualTo(4);
        assertThat(audit.optionalMessages()).isEqualTo(2);
        DeliveryAudit.Findings findings = audit.audit(exactlyTheAccepted());
        assertThat(findings).isEqualTo(new DeliveryAudit.Findings(4, 4, 0, 0, 0, 0));
        assertThat(findings.exact()).isTrue();
    }

    @Test
    void aMissingRowIsLostAndASecondRowDoubleCounted() {
        Map<MessageKey, Long> rows = exactlyTheAccepted();
        rows.remove(key(1, 800));
        rows.put(key(0, 2001), 3L);
        DeliveryAudit.Findings findings = DeliveryAudit.of(WAVE).audit(rows);
        assertThat(findings.lost()).isEqualTo(1);
        assertThat(findings.doubleCounted()).isEqualTo(2);
        assertThat(findings.persistedRows()).isEqualTo(5);
        assertThat(findings.exact()).isFalse();
    }

    @Test
    void aRefusedMessageMayBeStoredOnceButARowNoClientSentIsUnexpected() {
        Map<MessageKey, Long> rows = exactlyTheAccepted();
        rows.put(key(2, 2001), 1L);
        rows.put(key(3, 800), 1L);
        rows.put(key(4, 800), 1L);
        DeliveryAudit.Findings findings = DeliveryAudit.of(WAVE).audit(rows);
        assertThat(findings.optionalStored()).isEqualTo(2);
        assertThat(findings.unexpected()).isEqualTo(1);
        assertThat(findings.exact()).isFalse();
    }
}
