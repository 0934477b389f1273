package dev.mlops.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.registry.AuditAction;
import dev.mlops.registry.AuditEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ProductionHistoryTest {

    private final List<AuditEvent> log = new ArrayList<>();

    private void add(AuditAction action, int version, String from, String to) {
        log.add(AuditEvent.next(log.isEmpty() ? null : log.get(log.size() - 1), "m", Instant.EPOCH,
                "t", action, version, from, to, "", ""));
    }

    @Test
    @DisplayName("promotions push, rollbacks pop to the restored version, retirement pops")
    void replay() {
        add(AuditAction.PROMOTE, 1, "STAGING", "PRODUCTION");
        add(AuditAction.ARCHIVE, 1, "PRODUCTION", "ARCHIVED");
        add(AuditAction.PROMOTE, 2, "STAGING", "PRODUCTION");
        add(AuditAction.PROMOTE, 3, "STAGING", "PRODUCTION");
        assertThat(DefaultModelRegistry.productionHistory(log)).containsExactly(3, 2, 1);
        add(AuditAction.ROLLBACK, 2, "ARCHIVED", "PRODUCTION");
        assertThat(DefaultModelRegistry.productionHistory(log)).containsExactly(2, 1);
        add(AuditAction.PROMOTE, 2, "PRODUCTION", "ARCHIVED");
        assertThat(DefaultModelRegistry.productionHistory(log)).containsExactly(1);
        add(AuditAction.PROMOTE, 2, "ARCHIVED", "STAGING");
        assertThat(DefaultModelRegistry.productionHistory(log)).containsExactly(1);
    }
}
