package dev.mlops.online;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.drift.Adwin;
import dev.mlops.drift.Ddm;
import dev.mlops.drift.DetectorState;
import dev.mlops.drift.PageHinkley;
import dev.mlops.drift.StreamDetector;
import dev.mlops.online.internal.BinaryIn;
import dev.mlops.online.internal.BinaryOut;
import dev.mlops.online.internal.ExampleBuffer;
import dev.mlops.online.internal.LinearState;
import dev.mlops.online.internal.OnlineJson;
import dev.mlops.online.internal.PendingPredictions;
import dev.mlops.online.internal.Prequential;
import dev.mlops.online.internal.SplitMix64;
import dev.mlops.training.TrainedModel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Writes an {@link Engine}'s state as a {@link Checkpoint} and restores it; the layout is on {@link Checkpoint}. */
final class Checkpoints {

    private Checkpoints() {
    }

    static Checkpoint write(Engine engine, List<PendingPredictions.Entry> waiting, Instant now, Optional<String> name) {
        Settings s = engine.settings();
        ObjectNode header = OnlineJson.object();
        header.put("format", CheckpointFormat.NAME);
        header.put("createdAt", now.toString());
        header.put("name", name.orElse(""));
        header.put("samples", engine.samples);
        header.put("generation", engine.generation);
        if (engine.champion.version.isPresent()) {
            header.put("servingVersion", engine.champion.version.get());
        } else {
            header.putNull("servingVersion");
        }
        settings(header, s);
        BinaryOut out = new BinaryOut().header(Checkpoint.MAGIC, Checkpoint.VERSION).text(OnlineJson.write(header));
        out.i64(engine.samples).i64(engine.updates).i64(engine.retrains).i64(engine.promotions).i64(engine.rejections)
                .i64(engine.rollbacks).i64(engine.failures).i32(engine.generation).i64(engine.lastRetrainSample)
                .i64(engine.lastRetrainMillis).i64(engine.random.state());
        out.longs(engine.drifts.stream().mapToLong(Long::longValue).toArray());
        if (engine.pending == null) {
            out.i32(0);
        } else {
            out.i32(1).i32(engine.pending.kind().ordinal()).text(engine.pending.reason()).i64(engine.pending.fromSample());
        }
        champion(out, engine.champion);
        if (engine.watch == null) {
            out.i32(0);
        } else {
            out.i32(1);
            champion(out, engine.watch.predecessor);
            out.i64(engine.watch.promotedAt).i64(engine.watch.seen).i64(engine.watch.newCorrect).i64(engine.watch.oldCorrect);
        }
        out.i32(engine.lagged.size());
        for (Engine.Lagged copy : engine.lagged) {
            out.i64(copy.learnedThrough());
            copy.state().writePrediction(out);
        }
        engine.buffer.write(out);
        engine.prequential.write(out);
        detector(out, engine.detector);
        out.i32(waiting.size());
        for (PendingPredictions.Entry entry : waiting) {
            out.text(entry.key()).doubles(entry.numeric()).texts(entry.categorical()).i32(entry.predicted())
                    .i64(entry.timeMillis());
        }
        return Checkpoint.fromBytes(out.toByteArray());
    }

    /** The settings a checkpoint must share with the learner that restores it. */
    private static void settings(ObjectNode header, Settings s) {
        header.set("schema", OnlineJson.schema(s.schema()));
        header.set("optimizer", OnlineJson.optimizer(s.optimizer()));
        header.put("strategy", s.strategy().id());
        header.put("batchSize", s.batchSize());
        ObjectNode buffer = header.putObject("buffer");
        buffer.put("kind", s.buffer().kind().name());
        buffer.put("capacity", s.buffer().capacity());
        buffer.put("maxAgeMillis", s.buffer().maxAge().map(java.time.Duration::toMillis).orElse(0L));
        buffer.put("seed", s.buffer().seed());
        header.put("detector", s.detector().toString());
        header.put("window", s.window());
    }

    /**
     * Restores the state into a new engine for these settings.
     *
     * @return the restored pending predictions
     * @throws IllegalArgumentException when the checkpoint is malformed or was taken with other settings
     */
    static List<PendingPredictions.Entry> restore(Checkpoint checkpoint, Engine engine) {
        Settings s = engine.settings();
        BinaryIn in = new BinaryIn(checkpoint.bytes(), CheckpointFormat.NAME);
        in.header(Checkpoint.MAGIC, Checkpoint.VERSION);
        JsonNode header = OnlineJson.parse(in.text(), in);
        ObjectNode expected = OnlineJson.object();
        settings(expected, s);
        expected.fieldNames().forEachRemaining(field -> {
            JsonNode mine = expected.get(field);
            JsonNode theirs = header.get(field);
            if (theirs == null || !OnlineJson.write(mine).equals(OnlineJson.write(theirs))) {
                throw new IllegalArgumentException("the checkpoint was taken with " + field + " " + theirs
                        + ", the learner has " + mine + "; restore it with the same settings");
            }
        });
        engine.samples = in.i64();
        engine.updates = in.i64();
        engine.retrains = in.i64();
        engine.promotions = in.i64();
        engine.rejections = in.i64();
        engine.rollbacks = in.i64();
        engine.failures = in.i64();
        engine.generation = in.i32();
        engine.lastRetrainSample = in.i64();
        engine.lastRetrainMillis = in.i64();
        engine.random = new SplitMix64(in.i64());
        engine.drifts.clear();
        for (long sample : in.longs()) {
            engine.drifts.add(sample);
        }
        if (in.i32() == 1) {
            int kind = in.i32();
            if (kind < 0 || kind >= TriggerKind.values().length) {
                throw in.fail("unknown trigger " + kind);
            }
            engine.pending = new Engine.PendingRetrain(TriggerKind.values()[kind], in.text(), in.i64());
        } else {
            engine.pending = null;
        }
        engine.champion = champion(in, s);
        if (in.i32() == 1) {
            Engine.Watch watch = new Engine.Watch(champion(in, s), in.i64());
            watch.seen = in.i64();
            watch.newCorrect = in.i64();
            watch.oldCorrect = in.i64();
            engine.watch = watch;
        } else {
            engine.watch = null;
        }
        engine.lagged.clear();
        int copies = in.i32();
        for (int i = 0; i < copies; i++) {
            engine.lagged.addLast(new Engine.Lagged(in.i64(), LinearState.readPrediction(in, s.schema(), s.optimizer())));
        }
        engine.buffer = ExampleBuffer.read(in, s.buffer(), s.schema().numeric().size(), s.schema().categorical().size());
        engine.prequential = Prequential.read(in, s.schema().labels().size(), s.window());
        engine.detector = detector(in);
        int count = in.i32();
        List<PendingPredictions.Entry> waiting = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            waiting.add(new PendingPredictions.Entry(in.text(), in.doubles(), in.texts(), in.i32(), in.i64()));
        }
        in.end();
        engine.publish();
        return waiting;
    }

    private static void champion(BinaryOut out, Champion champion) {
        out.i32(champion.live != null ? 0 : 1).text(champion.version.orElse("")).i64(champion.seen).i64(champion.correct)
                .i64(champion.newestMillis);
        if (champion.live != null) {
            champion.live.write(out);
            champion.live.writeBatch(out);
        } else {
            out.blob(champion.batch.toBytes());
        }
    }

    private static Champion champion(BinaryIn in, Settings s) {
        int kind = in.i32();
        String version = in.text();
        long seen = in.i64();
        long correct = in.i64();
        long newest = in.i64();
        Optional<String> v = version.isEmpty() ? Optional.empty() : Optional.of(version);
        Champion champion;
        if (kind == 0) {
            LinearState state = LinearState.read(in, s.schema(), s.optimizer());
            state.readBatch(in);
            champion = Champion.incremental(state, v, newest);
        } else if (kind == 1) {
            champion = Champion.batch(TrainedModel.fromBytes(in.blob()), v, newest);
        } else {
            throw in.fail("unknown model kind " + kind);
        }
        champion.seen = seen;
        champion.correct = correct;
        return champion;
    }

    private static void detector(BinaryOut out, StreamDetector detector) {
        if (detector instanceof Adwin adwin) {
            Adwin.Snapshot a = adwin.snapshot();
            out.text("adwin").f64(a.delta()).f64(a.warningDelta()).i32(a.maxBuckets()).i32(a.checkInterval())
                    .i32(a.minSubWindow()).longs(a.counts()).doubles(a.means()).doubles(a.squares()).ints(a.levelSize())
                    .ints(a.levelStart()).i32(a.levels()).i64(a.n()).f64(a.mean()).f64(a.square()).i64(a.sinceCheck())
                    .i32(a.state().ordinal()).i64(a.drifts());
        } else if (detector instanceof Ddm ddm) {
            Ddm.Snapshot d = ddm.snapshot();
            out.text("ddm").i32(d.minSamples()).f64(d.warningLevel()).f64(d.driftLevel()).i64(d.n()).f64(d.errorRate())
                    .f64(d.minRate()).f64(d.minDeviation()).i32(d.state().ordinal()).i64(d.drifts());
        } else {
            PageHinkley.Snapshot p = ((PageHinkley) detector).snapshot();
            out.text("page-hinkley").f64(p.delta()).f64(p.lambda()).f64(p.warningThreshold()).i32(p.minSamples())
                    .i64(p.n()).f64(p.mean()).f64(p.cumulative()).f64(p.minimum()).i32(p.state().ordinal()).i64(p.drifts());
        }
    }

    private static StreamDetector detector(BinaryIn in) {
        String name = in.text();
        try {
            return switch (name) {
                case "adwin" -> Adwin.restore(new Adwin.Snapshot(in.f64(), in.f64(), in.i32(), in.i32(), in.i32(),
                        in.longs(), in.doubles(), in.doubles(), in.ints(), in.ints(), in.i32(), in.i64(), in.f64(),
                        in.f64(), in.i64(), state(in), in.i64()));
                case "ddm" -> Ddm.restore(new Ddm.Snapshot(in.i32(), in.f64(), in.f64(), in.i64(), in.f64(), in.f64(),
                        in.f64(), state(in), in.i64()));
                case "page-hinkley" -> PageHinkley.restore(new PageHinkley.Snapshot(in.f64(), in.f64(), in.f64(),
                        in.i32(), in.i64(), in.f64(), in.f64(), in.f64(), state(in), in.i64()));
                default -> throw in.fail("unknown detector '" + name + "'");
            };
        } catch (IllegalArgumentException e) {
            throw e.getMessage().startsWith("not a valid") ? e : in.fail("its detector state is invalid: " + e.getMessage());
        }
    }

    private static DetectorState state(BinaryIn in) {
        int ordinal = in.i32();
        if (ordinal < 0 || ordinal >= DetectorState.values().length) {
            throw in.fail("unknown detector state " + ordinal);
        }
        return DetectorState.values()[ordinal];
    }
}
