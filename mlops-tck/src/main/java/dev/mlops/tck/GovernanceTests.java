package dev.mlops.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.mlops.core.HmacSha256Signer;
import dev.mlops.registry.ArtifactSource;
import dev.mlops.registry.AuditAction;
import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.Evidence;
import dev.mlops.registry.GateResult;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.PromotionGate;
import dev.mlops.registry.PromotionPolicy;
import dev.mlops.registry.PromotionPolicy.Rule;
import dev.mlops.registry.PromotionRefusedException;
import dev.mlops.registry.RegisterRequest;
import dev.mlops.registry.Stage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Governance: the policy stored with a model and enforced by every registry on the store,
 * approvals under the four-eyes rule, refusals recorded in the audit log, and validation evidence
 * counted only when it is bound to the version's bytes (and, with a signer, signed).
 */
interface GovernanceTests extends TckGroup {

    /** A policy asking for {@code approvals} approvals for PRODUCTION and nothing else. */
    static PromotionPolicy approvals(int approvals) {
        return new PromotionPolicy(new Rule(approvals, false, List.of(), List.of()), Rule.NONE);
    }

    /** A policy asking for the newest bound report to pass and for these checks. */
    static PromotionPolicy checks(String... patterns) {
        return new PromotionPolicy(new Rule(0, true, List.of(patterns), List.of()), Rule.NONE);
    }

    /** A validation report document as mlops-validation writes it, bound to {@code v}. */
    static String report(ModelVersion v, String sha256, String... checks) {
        return "{\"model\":\"" + v.ref() + "\",\"artifact\":{\"sha256\":\"" + sha256 + "\"},\"checks\":["
                + Arrays.stream(checks).map(c -> {
                    String[] nameAndVerdict = c.split("=");
                    return "{\"name\":\"" + nameAndVerdict[0] + "\",\"passed\":" + nameAndVerdict[1] + "}";
                }).collect(Collectors.joining(",")) + "]}";
    }

    private PromotionRefusedException refusal(ModelRegistry r, ModelVersion v) {
        try {
            r.promote(v.name(), v.version(), Stage.PRODUCTION, "ship it");
        } catch (PromotionRefusedException e) {
            return e;
        }
        throw new AssertionError("the promotion of " + v.ref() + " was not refused");
    }

    private AuditEvent last(String name) {
        List<AuditEvent> log = registry().history(name);
        return log.get(log.size() - 1);
    }

    @Test
    @DisplayName("a stored policy is enforced by a registry opened without any gate, and the refusal is audited")
    default void storedPolicyIsEnforcedEverywhere() {
        ModelVersion v = moveTo(registry(), register("gov"), Stage.STAGING);
        assertThat(registry().policy("gov")).isEqualTo(PromotionPolicy.NONE);
        registry().setPolicy("gov", approvals(1), "two people decide");
        ModelRegistry other = open(b -> { }).withActor("ops");
        assertThat(other.policy("gov")).isEqualTo(approvals(1));

        PromotionRefusedException refused = refusal(other, v);
        assertThat(refused.results()).extracting(GateResult::gate).containsExactly("policy");
        assertThat(refused).hasMessageContaining("0 of the 1 approvals");
        assertThat(registry().get("gov:1").stage()).isEqualTo(Stage.STAGING);
        AuditEvent entry = last("gov");
        assertThat(entry.action()).isEqualTo(AuditAction.PROMOTION_REFUSED);
        assertThat(entry.actor()).isEqualTo("ops");
        assertThat(entry.version()).isEqualTo(1);
        assertThat(entry.from()).isEqualTo("STAGING");
        assertThat(entry.to()).isEqualTo("PRODUCTION");
        assertThat(entry.reason()).contains("0 of the 1 approvals");
        assertThat(entry.detail()).isEqualTo("ship it");
        assertThat(registry().verifyAudit().problems()).isEmpty();
    }

    @Test
    @DisplayName("the approval of the actor who registered a version does not count (four eyes)")
    default void fourEyes() {
        ModelVersion v = moveTo(registry(), register("eyes"), Stage.STAGING);
        registry().setPolicy("eyes", approvals(1), "");
        AuditEvent own = registry().approve("eyes", 1, "looks fine to me");
        assertThat(own.action()).isEqualTo(AuditAction.APPROVE);
        assertThat(own.actor()).isEqualTo("tck");
        assertThat(refusal(registry(), v)).hasMessageContaining("the approval of tck, who registered it,"
                + " does not count");

        registry().withActor("ann").approve("eyes", 1, "reviewed the report");
        ModelVersion promoted = registry().withActor("bob").promote("eyes", 1, Stage.PRODUCTION, "");
        assertThat(promoted.stage()).isEqualTo(Stage.PRODUCTION);
        assertThat(registry().history("eyes")).filteredOn(e -> e.action() == AuditAction.APPROVE)
                .extracting(AuditEvent::actor, AuditEvent::reason)
                .containsExactly(tuple("tck", "looks fine to me"),
                        tuple("ann", "reviewed the report"));
        assertThat(registry().verifyAudit().problems()).isEmpty();
    }

    @Test
    @DisplayName("a standing rejection refuses the version until the actor who rejected it approves")
    default void rejectionVetoes() {
        ModelVersion v = moveTo(registry(), register("veto"), Stage.STAGING);
        registry().setPolicy("veto", approvals(1), "");
        ModelRegistry ann = registry().withActor("ann");
        ModelRegistry carl = registry().withActor("carl");
        ann.approve("veto", 1, "");
        carl.reject("veto", 1, "fairness not checked");
        assertThat(refusal(registry(), v)).hasMessageContaining("rejected by carl (fairness not checked)");
        assertThat(last("veto").action()).isEqualTo(AuditAction.PROMOTION_REFUSED);
        carl.approve("veto", 1, "checked now");
        assertThat(registry().promote("veto", 1, Stage.PRODUCTION, "").stage()).isEqualTo(Stage.PRODUCTION);
    }

    @Test
    @DisplayName("only listed approvers count when the policy names them")
    default void listedApprovers() {
        ModelVersion v = moveTo(registry(), register("listed"), Stage.STAGING);
        registry().setPolicy("listed", new PromotionPolicy(new Rule(1, false, List.of(), List.of("lead")),
                Rule.NONE), "");
        registry().withActor("intern").approve("listed", 1, "");
        assertThat(refusal(registry(), v)).hasMessageContaining("approvers: [lead]");
        registry().withActor("lead").approve("listed", 1, "");
        assertThat(registry().promote("listed", 1, Stage.PRODUCTION, "").stage()).isEqualTo(Stage.PRODUCTION);
    }

    @Test
    @DisplayName("a rollback needs the approvals the policy asks for, spent ones do not count, and a refusal is audited")
    default void gatedRollback() {
        moveTo(registry(), register("rb"), Stage.STAGING);
        registry().withActor("ann").approve("rb", 1, "before it first served");
        registry().promote("rb", 1, Stage.PRODUCTION, "");
        moveTo(registry(), register("rb"), Stage.PRODUCTION);
        registry().setPolicy("rb", new PromotionPolicy(Rule.NONE, new Rule(1, false, List.of(), List.of())), "");

        ModelRegistry ops = registry().withActor("ops");
        assertThatThrownBy(() -> ops.rollback("rb", "incident 42"))
                .isInstanceOf(PromotionRefusedException.class)
                .hasMessageContaining("rollback of 'rb' to rb:1 refused")
                .hasMessageContaining("0 of the 1 approvals");
        AuditEvent entry = last("rb");
        assertThat(entry.action()).isEqualTo(AuditAction.ROLLBACK_REFUSED);
        assertThat(entry.actor()).isEqualTo("ops");
        assertThat(entry.version()).isEqualTo(1);
        assertThat(entry.detail()).isEqualTo("incident 42");
        assertThat(registry().get("rb@production").version()).isEqualTo(2);

        registry().withActor("ann").approve("rb", 1, "roll back");
        assertThat(ops.rollback("rb", "incident 42").version()).isEqualTo(1);
        assertThat(registry().verifyAudit().problems()).isEmpty();
    }

    @Test
    @DisplayName("a newer report does not cover a required check it did not run")
    default void requiredChecksFollowTheNewestReportThatRanThem() {
        ModelVersion v = moveTo(registry(), register("chk"), Stage.STAGING);
        registry().setPolicy("chk", checks("auc.*", "fairness.*"), "");
        registry().attachEvidence("chk", 1, "validation-report",
                report(v, v.sha256(), "auc.min=true", "fairness.sex.disparateImpact=false"));
        clock().advance(Duration.ofMinutes(1));
        registry().attachEvidence("chk", 1, "validation-report", report(v, v.sha256(), "auc.min=true"));
        PromotionRefusedException refused = refusal(registry(), v);
        assertThat(refused).hasMessageContaining("that ran 'fairness.*'")
                .hasMessageContaining("failed fairness.sex.disparateImpact");
        assertThat(refused.results()).hasSize(1);

        clock().advance(Duration.ofMinutes(1));
        registry().attachEvidence("chk", 1, "validation-report",
                report(v, v.sha256(), "fairness.sex.disparateImpact=true"));
        assertThat(registry().promote("chk", 1, Stage.PRODUCTION, "").stage()).isEqualTo(Stage.PRODUCTION);
    }

    @Test
    @DisplayName("with validation required, the newest bound report must have passed")
    default void newestReportMustPass() {
        ModelVersion v = moveTo(registry(), register("newest"), Stage.STAGING);
        registry().setPolicy("newest", checks(), "");
        registry().attachEvidence("newest", 1, "validation-report", report(v, v.sha256(), "auc.min=true"));
        clock().advance(Duration.ofMinutes(1));
        registry().attachEvidence("newest", 1, "validation-report", report(v, v.sha256(), "auc.min=false"));
        assertThat(refusal(registry(), v)).hasMessageContaining("the newest validation report of newest:1")
                .hasMessageContaining("failed auc.min");
    }

    @Test
    @DisplayName("a check no report ran refuses the promotion, naming the pattern")
    default void missingCheck() {
        ModelVersion v = moveTo(registry(), register("miss"), Stage.STAGING);
        registry().setPolicy("miss", checks("fairness.*"), "");
        registry().attachEvidence("miss", 1, "validation-report", report(v, v.sha256(), "auc.min=true"));
        assertThat(refusal(registry(), v)).hasMessageContaining("ran a check matching 'fairness.*'");
    }

    @Test
    @DisplayName("a report for other bytes is refused as evidence, and one without a digest does not count")
    default void evidenceIsBoundToTheBytes() {
        ModelVersion v = moveTo(registry(), register("bound"), Stage.STAGING);
        ModelVersion other = register("bound");
        assertThatThrownBy(() -> registry().attachEvidence("bound", 1, "validation-report",
                report(v, other.sha256(), "auc.min=true")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(other.sha256());
        assertThatThrownBy(() -> registry().attachEvidence("bound", 1, "validation-report",
                report(other, v.sha256(), "auc.min=true")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bound:2");
        assertThat(registry().evidence("bound", 1)).isEmpty();

        registry().setPolicy("bound", checks(), "");
        registry().attachEvidence("bound", 1, "validation-report",
                "{\"model\":\"bound:1\",\"checks\":[{\"name\":\"auc.min\",\"passed\":true}]}");
        assertThat(refusal(registry(), v)).hasMessageContaining("no validation report bound to its artifact")
                .hasMessageContaining("names no artifact digest");
        registry().attachEvidence("bound", 1, "validation-report", report(v, v.sha256(), "auc.min=true"));
        assertThat(registry().promote("bound", 1, Stage.PRODUCTION, "").stage()).isEqualTo(Stage.PRODUCTION);
    }

    @Test
    @DisplayName("with a signer, evidence is signed, and evidence signed with another key does not count")
    default void signedEvidence() {
        ModelRegistry signed = open(b -> b.signer(HmacSha256Signer.of("governance-key-0123456789abcdef01")));
        ModelVersion v = moveTo(signed, signed.register(RegisterRequest.builder("sig",
                ArtifactSource.of(new byte[] {1, 2, 3})).build()), Stage.STAGING);
        signed.setPolicy("sig", checks("auc.*"), "");
        Evidence attached = signed.attachEvidence("sig", 1, "validation-report", report(v, v.sha256(), "auc.min=true"));
        assertThat(attached.signature().isPresent()).isTrue();
        assertThat(signed.evidence("sig", 1).get(0).signature()).isEqualTo(attached.signature());

        ModelRegistry otherKey = open(b -> b.signer(HmacSha256Signer.of("another-key-0123456789abcdef0123")));
        assertThatThrownBy(() -> otherKey.promote("sig", 1, Stage.PRODUCTION, ""))
                .isInstanceOf(PromotionRefusedException.class)
                .hasMessageContaining("not with the configured key");
        assertThat(signed.promote("sig", 1, Stage.PRODUCTION, "").stage()).isEqualTo(Stage.PRODUCTION);
    }

    @Test
    @DisplayName("gates receive the actor, and their refusals are audited like the policy's")
    default void gatesSeeTheActor() {
        AtomicReference<String> seen = new AtomicReference<>();
        PromotionGate onlyRelease = new PromotionGate() {
            @Override
            public GateResult evaluate(ModelVersion version, Stage target, List<Evidence> evidence) {
                throw new AssertionError("the registry calls the form with the actor");
            }

            @Override
            public GateResult evaluate(ModelVersion version, Stage target, List<Evidence> evidence, String actor) {
                seen.set(actor);
                return actor.equals("release") ? GateResult.pass("release", "release manager")
                        : GateResult.refuse("release", actor + " is not the release manager");
            }
        };
        ModelRegistry gated = open(b -> b.gate(onlyRelease));
        ModelVersion v = moveTo(registry(), register("act"), Stage.STAGING);
        assertThatThrownBy(() -> gated.withActor("dev").promote("act", 1, Stage.PRODUCTION, ""))
                .isInstanceOf(PromotionRefusedException.class).hasMessageContaining("dev is not the release manager");
        assertThat(seen.get()).isEqualTo("dev");
        assertThat(last("act").action()).isEqualTo(AuditAction.PROMOTION_REFUSED);
        assertThat(last("act").actor()).isEqualTo("dev");
        assertThat(gated.withActor("release").promote("act", v.version(), Stage.PRODUCTION, "").stage())
                .isEqualTo(Stage.PRODUCTION);
    }

    @Test
    @DisplayName("a policy change made while a promotion was decided is not overtaken by it")
    default void decisionsFollowTheNewestPolicy() {
        ModelVersion v = moveTo(registry(), register("race"), Stage.STAGING);
        registry().setPolicy("race", approvals(2), "");
        registry().withActor("ann").approve("race", 1, "");
        assertThat(refusal(registry(), v)).hasMessageContaining("1 of the 2 approvals it needs (ann)");
        registry().setPolicy("race", PromotionPolicy.NONE, "one is enough after all");
        assertThat(registry().policy("race")).isEqualTo(PromotionPolicy.NONE);
        assertThat(registry().promote("race", 1, Stage.PRODUCTION, "").stage()).isEqualTo(Stage.PRODUCTION);
        assertThat(registry().history("race")).extracting(AuditEvent::action).contains(AuditAction.POLICY,
                AuditAction.APPROVE, AuditAction.PROMOTION_REFUSED, AuditAction.PROMOTE);
    }
}
