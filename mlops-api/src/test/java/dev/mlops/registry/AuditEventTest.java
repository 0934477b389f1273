package dev.mlops.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AuditEventTest {

    private static final Instant T = Instant.parse("2026-03-01T10:15:30.123Z");

    @Test
    @DisplayName("entries chain from the genesis hash with dense sequence numbers")
    void chain() {
        AuditEvent first = AuditEvent.next(null, "m", T, "ann", AuditAction.REGISTER, 1, "", "DRAFT",
                "", "sha256=00");
        AuditEvent second = AuditEvent.next(first, "m", T, "bob", AuditAction.PROMOTE, 1, "DRAFT",
                "TESTING", "ok", "");
        assertThat(first.seq()).isEqualTo(1);
        assertThat(first.previousHash()).isEqualTo(AuditEvent.GENESIS);
        assertThat(second.seq()).isEqualTo(2);
        assertThat(second.previousHash()).isEqualTo(first.hash());
        assertThat(first.computeHash()).isEqualTo(first.hash()).hasSize(64);
    }

    @Test
    @DisplayName("the hash is a fixed function of the fields, so every store and JVM agrees")
    void stableHash() {
        AuditEvent e = AuditEvent.next(null, "m", T, "ann", AuditAction.REGISTER, 1, "", "DRAFT", "",
                "sha256=00");
        // computed independently (Python hashlib) from the documented encoding: each field as a
        // big-endian int32 byte length and its UTF-8 bytes; a change here breaks every existing log
        assertThat(e.hash()).isEqualTo(
                "8495d26c997148d40308bbec90db9a41d40575967c45b1fd2f4cc2f529ba8cea");
    }

    @Test
    @DisplayName("changing any field changes the hash, and field boundaries cannot be shifted")
    void sensitive() {
        AuditEvent e = AuditEvent.next(null, "m", T, "ann", AuditAction.PROMOTE, 1, "DRAFT", "TESTING",
                "ok", "");
        AuditEvent shifted = AuditEvent.next(null, "m", T, "ann", AuditAction.PROMOTE, 1, "DRAFTT",
                "ESTING", "ok", "");
        assertThat(shifted.hash()).isNotEqualTo(e.hash());
        AuditEvent edited = new AuditEvent(e.name(), e.seq(), e.time(), e.actor(), e.action(),
                e.version(), e.from(), e.to(), "forged", e.detail(), e.previousHash(), e.hash(),
                e.state());
        assertThat(edited.computeHash()).isNotEqualTo(edited.hash());
    }

    @Test
    @DisplayName("a recorded version state is part of the hash; entries without one hash as before")
    void stateInHash() {
        String state = "ab".repeat(32);
        AuditEvent with = AuditEvent.next(null, "m", T, "ann", AuditAction.REGISTER, 1, "", "DRAFT",
                "", "sha256=00", state);
        // src/test/python/digests.py
        assertThat(with.hash()).isEqualTo(
                "efe29ea172509c3f01ddfd109e9c703dd6d5dec6985f16687a343b7b1b324039");
        assertThat(with.state()).isEqualTo(state);
        AuditEvent without = AuditEvent.next(null, "m", T, "ann", AuditAction.REGISTER, 1, "",
                "DRAFT", "", "sha256=00");
        assertThat(without.state()).isEmpty();
        AuditEvent swapped = new AuditEvent(with.name(), with.seq(), with.time(), with.actor(),
                with.action(), with.version(), with.from(), with.to(), with.reason(), with.detail(),
                with.previousHash(), with.hash(), "cd".repeat(32));
        assertThat(swapped.computeHash()).isNotEqualTo(swapped.hash());
    }
}
