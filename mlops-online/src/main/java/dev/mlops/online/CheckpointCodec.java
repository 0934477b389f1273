package dev.mlops.online;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.core.Json;
import dev.mlops.drift.Adwin;
import dev.mlops.drift.Ddm;
import dev.mlops.drift.DetectorState;
import dev.mlops.drift.PageHinkley;
import dev.mlops.online.internal.BinaryIn;
import dev.mlops.online.internal.BinaryOut;
import dev.mlops.online.internal.ExampleBuffer;
import dev.mlops.online.internal.LinearState;
import dev.mlops.online.internal.OnlineJson;
import dev.mlops.online.internal.PendingPredictions;
import dev.mlops.online.internal.Prequential;
import dev.mlops.registry.ModelRef;
import dev.mlops.training.TrainedModel;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Writes a {@link Checkpoint} (a {@link LearnerSnapshot} and its time) as bytes and reads it back,
 * in the layout documented on {@link Checkpoint}: the one place that layout lives.
 */
final class CheckpointCodec {

    private CheckpointCodec() {
    }

    static byte[] encode(Checkpoint checkpoint) {
        LearnerSnapshot s = checkpoint.state();
        LearnerSnapshot.Shape shape = s.shape();
        ObjectNode header = Json.object();
        header.put("format", CheckpointFormat.NAME);
        header.put("createdAt", checkpoint.createdAt().toString());
        header.set("schema", OnlineJson.schema(shape.schema()));
        header.set("optimizer", OnlineJson.optimizer(shape.optimizer()));
        header.put("strategy", shape.strategy().id());
        header.put("batchSize", shape.batchSize());
        header.set("buffer", OnlineJson.buffer(shape.buffer()));
        header.set("detector", OnlineJson.detector(shape.detector()));
        header.put("window", shape.window());
        BinaryOut out = new BinaryOut().header(Checkpoint.MAGIC, Checkpoint.VERSION).text(Json.write(header));
        LearnerSnapshot.Counters c = s.counters();
        out.i64(c.samples()).i64(c.updates()).i64(c.retrains()).i64(c.promotions()).i64(c.rejections())
                .i64(c.rollbacks()).i64(c.failures()).i32(c.generation()).i64(c.lastRetrainSample())
                .i64(c.lastRetrainMillis()).i64(s.randomState());
        out.longs(s.drifts().stream().mapToLong(Long::longValue).toArray());
        if (s.pendingRetrain().isPresent()) {
            Engine.PendingRetrain pending = s.pendingRetrain().get();
            out.i32(1).text(pending.kind().id()).text(pending.reason()).i64(pending.fromSample());
        } else {
            out.i32(0);
        }
        champion(out, s.champion());
        if (s.watch().isPresent()) {
            LearnerSnapshot.WatchState watch = s.watch().get();
            out.i32(1);
            champion(out, watch.predecessor());
            out.i64(watch.promotedAt()).i64(watch.seen()).i64(watch.newCorrect()).i64(watch.oldCorrect());
        } else {
            out.i32(0);
        }
        out.i32(s.lagged().size());
        for (Engine.Lagged copy : s.lagged()) {
            out.i64(copy.learnedThrough());
            copy.state().writePrediction(out);
        }
        ExampleBuffer.Snapshot b = s.buffer();
        out.i32(b.head()).i32(b.size()).i64(b.seen()).i64(b.randomState()).doubles(b.numeric()).texts(b.categorical())
                .ints(b.labels()).longs(b.times()).longs(b.samples());
        Prequential.Snapshot p = s.prequential();
        out.i64(p.seen()).i64(p.correct()).longs(p.confusion()).ints(p.ringActual()).ints(p.ringPredicted())
                .i32(p.position()).i32(p.filled()).i64(p.windowCorrect()).longs(p.windowConfusion());
        detector(out, s.detector());
        out.i32(s.pendingPredictions().size());
        for (PendingPredictions.Entry entry : s.pendingPredictions()) {
            out.text(entry.key()).doubles(entry.numeric()).texts(entry.categorical()).i32(entry.predicted())
                    .i64(entry.timeMillis());
        }
        return out.toByteArray();
    }

    /**
     * Reads what {@link #encode} wrote.
     *
     * @throws IllegalArgumentException naming what is wrong when the bytes are not such a checkpoint
     */
    static Checkpoint decode(byte[] bytes) {
        BinaryIn in = new BinaryIn(bytes, CheckpointFormat.NAME);
        try {
            return read(in);
        } catch (IllegalArgumentException e) {
            throw in.fail("", e);
        }
    }

    private static Checkpoint read(BinaryIn in) {
        in.header(Checkpoint.MAGIC, Checkpoint.VERSION);
        JsonNode header = OnlineJson.parse(in.text(), in);
        Instant createdAt;
        try {
            createdAt = Instant.parse(OnlineJson.required(header, "createdAt", in).asText());
        } catch (DateTimeParseException e) {
            throw in.fail("its creation time is not an ISO-8601 instant");
        }
        LearnerSnapshot.Shape shape = new LearnerSnapshot.Shape(
                OnlineJson.schema(OnlineJson.required(header, "schema", in), in),
                OnlineJson.optimizer(OnlineJson.required(header, "optimizer", in), in),
                Strategy.parse(OnlineJson.required(header, "strategy", in).asText()),
                OnlineJson.required(header, "batchSize", in).asInt(),
                OnlineJson.buffer(OnlineJson.required(header, "buffer", in), in),
                OnlineJson.detector(OnlineJson.required(header, "detector", in), in),
                OnlineJson.required(header, "window", in).asInt());
        OnlineSchema schema = shape.schema();
        LearnerSnapshot.Counters counters = new LearnerSnapshot.Counters(in.i64(), in.i64(), in.i64(), in.i64(),
                in.i64(), in.i64(), in.i64(), in.i32(), in.i64(), in.i64());
        long randomState = in.i64();
        List<Long> drifts = new ArrayList<>();
        for (long sample : in.longs()) {
            drifts.add(sample);
        }
        Optional<Engine.PendingRetrain> pending = Optional.empty();
        if (flag(in)) {
            pending = Optional.of(new Engine.PendingRetrain(named(in, TriggerKind.values(), TriggerKind::id), in.text(),
                    in.i64()));
        }
        LearnerSnapshot.ChampionState champion = champion(in, shape);
        Optional<LearnerSnapshot.WatchState> watch = Optional.empty();
        if (flag(in)) {
            watch = Optional.of(new LearnerSnapshot.WatchState(champion(in, shape), in.i64(), in.i64(), in.i64(),
                    in.i64()));
        }
        int copies = in.i32();
        List<Engine.Lagged> lagged = new ArrayList<>();
        for (int i = 0; i < copies; i++) {
            lagged.add(new Engine.Lagged(in.i64(), LinearState.readPrediction(in, schema, shape.optimizer())));
        }
        int capacity = shape.buffer().capacity();
        int numericCount = schema.numeric().size();
        int categoricalCount = schema.categorical().size();
        ExampleBuffer.Snapshot buffer = new ExampleBuffer.Snapshot(in.i32(), in.i32(), in.i64(), in.i64(),
                in.doubles(capacity * numericCount, "buffered numeric values"),
                in.texts(capacity * categoricalCount, "buffered categorical values"),
                in.ints(capacity, "buffered labels"), in.longs(capacity, "buffered times"),
                in.longs(capacity, "buffered sample numbers"));
        int labels = schema.labels().size();
        Prequential.Snapshot prequential = new Prequential.Snapshot(in.i64(), in.i64(),
                in.longs(labels * labels, "confusion counts"), in.ints(shape.window(), "window labels"),
                in.ints(shape.window(), "window predictions"), in.i32(), in.i32(), in.i64(),
                in.longs(labels * labels, "window confusion counts"));
        LearnerSnapshot.DetectorSnapshot<?> detector = detector(in);
        int waiting = in.i32();
        List<PendingPredictions.Entry> entries = new ArrayList<>();
        for (int i = 0; i < waiting; i++) {
            entries.add(new PendingPredictions.Entry(in.text(), in.doubles(numericCount, "pending numeric values"),
                    in.texts(categoricalCount, "pending categorical values"), in.i32(), in.i64()));
        }
        in.end();
        return new Checkpoint(createdAt, new LearnerSnapshot(shape, counters, randomState, drifts, pending, champion,
                watch, lagged, buffer, prequential, detector, entries));
    }

    private static void champion(BinaryOut out, LearnerSnapshot.ChampionState champion) {
        boolean incremental = champion.model() instanceof LearnerSnapshot.Incremental;
        out.i32(incremental ? 0 : 1);
        out.text(champion.version().map(ModelRef::name).orElse("")).i32(champion.version().map(ModelRef::version)
                .orElse(0));
        out.i64(champion.seen()).i64(champion.correct()).i64(champion.newestMillis());
        if (champion.model() instanceof LearnerSnapshot.Incremental model) {
            model.model().state().write(out);
            LinearState.MiniBatch batch = model.miniBatch();
            out.i32(batch.size()).doubles(batch.gradientSums()).ints(batch.columns());
        } else {
            out.blob(((LearnerSnapshot.Batch) champion.model()).model().toBytes());
        }
    }

    private static LearnerSnapshot.ChampionState champion(BinaryIn in, LearnerSnapshot.Shape shape) {
        int kind = in.i32();
        if (kind != 0 && kind != 1) {
            throw in.fail("unknown model kind " + kind);
        }
        String name = in.text();
        int number = in.i32();
        Optional<ModelRef> version = name.isEmpty() ? Optional.empty() : Optional.of(ModelRef.of(name, number));
        long seen = in.i64();
        long correct = in.i64();
        long newest = in.i64();
        LearnerSnapshot.ModelState model;
        if (kind == 0) {
            OnlineSchema schema = shape.schema();
            OnlineModel numbers = OnlineModel.of(LinearState.read(in, schema, shape.optimizer()));
            int outputs = schema.labels().size() == 2 ? 1 : schema.labels().size();
            LinearState.MiniBatch batch = new LinearState.MiniBatch(in.i32(),
                    in.doubles(outputs * schema.dimension(), "mini-batch gradients"), in.ints());
            model = new LearnerSnapshot.Incremental(numbers, batch);
        } else {
            model = new LearnerSnapshot.Batch(TrainedModel.fromBytes(in.blob()));
        }
        return new LearnerSnapshot.ChampionState(model, version, seen, correct, newest);
    }

    private static void detector(BinaryOut out, LearnerSnapshot.DetectorSnapshot<?> detector) {
        if (detector.state() instanceof Adwin.Snapshot a) {
            out.text("adwin").f64(a.delta()).f64(a.warningDelta()).i32(a.maxBuckets()).i32(a.checkInterval())
                    .i32(a.minSubWindow()).longs(a.counts()).doubles(a.means()).doubles(a.squares()).ints(a.levelSize())
                    .ints(a.levelStart()).i32(a.levels()).i64(a.n()).f64(a.mean()).f64(a.square()).i64(a.sinceCheck())
                    .text(a.state().name()).i64(a.drifts());
        } else if (detector.state() instanceof Ddm.Snapshot d) {
            out.text("ddm").i32(d.minSamples()).f64(d.warningLevel()).f64(d.driftLevel()).i64(d.n()).f64(d.errorRate())
                    .f64(d.minRate()).f64(d.minDeviation()).text(d.state().name()).i64(d.drifts());
        } else {
            PageHinkley.Snapshot p = (PageHinkley.Snapshot) detector.state();
            out.text("page-hinkley").f64(p.delta()).f64(p.lambda()).f64(p.warningThreshold()).i32(p.minSamples())
                    .i64(p.n()).f64(p.mean()).f64(p.cumulative()).f64(p.minimum()).text(p.state().name())
                    .i64(p.drifts());
        }
    }

    private static LearnerSnapshot.DetectorSnapshot<?> detector(BinaryIn in) {
        String name = in.text();
        LearnerSnapshot.DetectorSnapshot<?> detector = switch (name) {
            case "adwin" -> new LearnerSnapshot.DetectorSnapshot<>(new Adwin.Snapshot(in.f64(), in.f64(), in.i32(),
                    in.i32(), in.i32(), in.longs(), in.doubles(), in.doubles(), in.ints(), in.ints(), in.i32(),
                    in.i64(), in.f64(), in.f64(), in.i64(), detectorState(in), in.i64()), Adwin::restore);
            case "ddm" -> new LearnerSnapshot.DetectorSnapshot<>(new Ddm.Snapshot(in.i32(), in.f64(), in.f64(),
                    in.i64(), in.f64(), in.f64(), in.f64(), detectorState(in), in.i64()), Ddm::restore);
            case "page-hinkley" -> new LearnerSnapshot.DetectorSnapshot<>(new PageHinkley.Snapshot(in.f64(), in.f64(),
                    in.f64(), in.i32(), in.i64(), in.f64(), in.f64(), in.f64(), detectorState(in), in.i64()),
                    PageHinkley::restore);
            default -> throw in.fail("unknown detector '" + name + "'");
        };
        try {
            // the drift module checks a state's settings and arrays when it restores one
            detector.restore();
        } catch (IllegalArgumentException e) {
            throw in.fail("its detector state is invalid: ", e);
        }
        return detector;
    }

    private static DetectorState detectorState(BinaryIn in) {
        return named(in, DetectorState.values(), DetectorState::name);
    }

    /** The constant of an enum written by a name of it (its {@code name()} or its id). */
    private static <E extends Enum<E>> E named(BinaryIn in, E[] values, Function<E, String> nameOf) {
        String name = in.text();
        for (E value : values) {
            if (nameOf.apply(value).equals(name)) {
                return value;
            }
        }
        throw in.fail("unknown " + values[0].getDeclaringClass().getSimpleName() + " '" + name + "'");
    }

    private static boolean flag(BinaryIn in) {
        int flag = in.i32();
        if (flag != 0 && flag != 1) {
            throw in.fail("a flag of " + flag);
        }
        return flag == 1;
    }
}
