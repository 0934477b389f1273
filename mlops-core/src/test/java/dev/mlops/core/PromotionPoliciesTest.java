package dev.mlops.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.registry.PromotionPolicy;
import dev.mlops.registry.PromotionPolicy.Rule;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PromotionPoliciesTest {

    @Test
    @DisplayName("the documented policy reads, and writes back to the same policy")
    void roundTrip() {
        PromotionPolicy policy = PromotionPolicies.fromJson("{\"production\":{\"approvals\":2,"
                + "\"requireValidation\":true,\"requiredChecks\":[\"auc.*\",\"fairness.*\"]},"
                + "\"rollback\":{\"approvals\":1}}");
        assertThat(policy.production()).isEqualTo(new Rule(2, true, List.of("auc.*", "fairness.*"), List.of()));
        assertThat(policy.rollback()).isEqualTo(new Rule(1, false, List.of(), List.of()));
        assertThat(PromotionPolicies.fromJson(PromotionPolicies.toJson(policy))).isEqualTo(policy);
        assertThat(PromotionPolicies.fromJson("{}")).isEqualTo(PromotionPolicy.NONE);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"production\":{\"aprovals\":1}}                                 | 'production.aprovals'",
        "{\"staging\":{}}                                                  | 'staging'",
        "{\"production\":{\"approvals\":1.5}}                              | 'production.approvals'",
        "{\"production\":{\"approvals\":-1}}                               | 'production': approvals",
        "{\"production\":{\"requireValidation\":\"yes\"}}                  | 'production.requireValidation'",
        "{\"production\":{\"requiredChecks\":\"auc.*\"}}                   | 'production.requiredChecks'",
        "{\"production\":{\"requiredChecks\":[\"auc min\"]}}               | 'production': requiredChecks",
        "{\"production\":{\"requiredChecks\":[\"*\"]}}                     | 'production': requiredChecks",
        "{\"rollback\":{\"approvals\":3,\"approvers\":[\"ann\",\"bob\"]}}  | 'rollback': approvals",
        "{\"production\":{\"approvers\":[\"ann\"]}}                        | 'production': approvers",
        "[]                                                                | a JSON object",
        "{\"production\":                                                  | not JSON",
    })
    @DisplayName("unknown fields, wrong types and rules that can never be met are refused, naming the field")
    void badPolicies(String json, String named) {
        assertThatThrownBy(() -> PromotionPolicies.fromJson(json))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(named);
    }

    @Test
    @DisplayName("a check pattern's star matches any run of characters and nothing else is special")
    void patterns() {
        assertThat(Rule.matches("fairness.*", "fairness.sex.disparateImpact")).isTrue();
        assertThat(Rule.matches("fairness.*", "fairnessXsex")).isFalse();
        assertThat(Rule.matches("auc.min", "auc.min")).isTrue();
        assertThat(Rule.matches("auc.min", "aucXmin")).isFalse();
        assertThat(Rule.matches("*.min", "auc.min")).isTrue();
    }
}
