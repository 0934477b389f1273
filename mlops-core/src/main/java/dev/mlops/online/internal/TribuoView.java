package dev.mlops.online.internal;

import com.oracle.labs.mlrg.olcut.util.Pair;
import dev.mlops.drift.DataTable;
import dev.mlops.online.OnlineModel;
import dev.mlops.online.OnlineSchema;
import dev.mlops.training.ModelSchema;
import dev.mlops.training.TrainedModel;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tribuo.Example;
import org.tribuo.Excuse;
import org.tribuo.Feature;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Model;
import org.tribuo.MutableFeatureMap;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.provenance.ModelProvenance;
import org.tribuo.provenance.impl.EmptyDatasetProvenance;
import org.tribuo.provenance.impl.EmptyTrainerProvenance;

/**
 * An {@link OnlineModel} seen as a {@link TrainedModel}, so that the {@link dev.mlops.validation.Validator}
 * can evaluate and compare it like any trained model on a given table. The view's schema lists the
 * model's numeric columns (a missing value filled with the current mean, which the model scales to
 * 0, as it does itself) and its categorical columns with the levels that occur in the table; the
 * Tribuo model behind it hands each row back to the online model, so it predicts exactly what the
 * online model predicts. Used for validation only, never registered.
 */
public final class TribuoView extends Model<Label> {

    private static final long serialVersionUID = 1L;

    private final transient OnlineModel model;
    private final transient Map<String, Integer> numericIndex;
    private final transient Map<String, int[]> levelColumn;
    private final transient Map<String, String> levelText;

    private TribuoView(OnlineModel model, ImmutableFeatureMap features, Map<String, Integer> numericIndex,
            Map<String, int[]> levelColumn, Map<String, String> levelText) {
        super("online-" + model.optimizer().name(),
                new ModelProvenance(TribuoView.class.getName(), OffsetDateTime.now(), new EmptyDatasetProvenance(),
                        new EmptyTrainerProvenance()),
                features, outputs(model.labels()), true);
        this.model = model;
        this.numericIndex = numericIndex;
        this.levelColumn = levelColumn;
        this.levelText = levelText;
    }

    /**
     * The model as a trained model for the rows of {@code table}.
     *
     * @param algorithm what the view reports as its algorithm
     * @param params what it reports as its hyperparameters
     * @throws dev.mlops.training.DataException if the table lacks a feature column or holds a bad number
     */
    public static TrainedModel of(OnlineModel model, DataTable table, String algorithm, Map<String, String> params) {
        OnlineSchema schema = model.schema();
        Rows.Bound bound = Rows.bind(schema, table, "validation rows");
        double[] means = model.means();
        List<ModelSchema.Column> columns = new ArrayList<>();
        MutableFeatureMap features = new MutableFeatureMap();
        Map<String, Integer> numericIndex = new HashMap<>();
        for (int j = 0; j < schema.numeric().size(); j++) {
            String column = schema.numeric().get(j);
            columns.add(ModelSchema.Column.numeric(column, means[j]));
            features.add(column, 1);
            numericIndex.put(column, j);
        }
        List<Set<String>> levels = new ArrayList<>();
        for (int c = 0; c < schema.categorical().size(); c++) {
            levels.add(new LinkedHashSet<>(List.of("")));
        }
        String[] row = new String[schema.categorical().size()];
        for (int r = 0; r < bound.rows(); r++) {
            bound.categorical(r, row);
            for (int c = 0; c < row.length; c++) {
                levels.get(c).add(row[c]);
            }
        }
        Map<String, int[]> levelColumn = new HashMap<>();
        Map<String, String> levelText = new HashMap<>();
        for (int c = 0; c < schema.categorical().size(); c++) {
            String column = schema.categorical().get(c);
            ModelSchema.Column categorical = ModelSchema.Column.categorical(column, new ArrayList<>(levels.get(c)));
            columns.add(categorical);
            for (String level : categorical.levels()) {
                String feature = column + "=" + level;
                features.add(feature, 1);
                levelColumn.put(feature, new int[] {c});
                levelText.put(feature, level);
            }
        }
        ModelSchema view = new ModelSchema(schema.labelColumn(), schema.labels(), schema.positiveClass(), columns, false);
        TribuoView tribuo = new TribuoView(model, new ImmutableFeatureMap(features), numericIndex, levelColumn,
                levelText);
        return TrainedModel.of(view, tribuo, algorithm, params);
    }

    private static org.tribuo.ImmutableOutputInfo<Label> outputs(List<String> labels) {
        org.tribuo.MutableOutputInfo<Label> info = new LabelFactory().generateInfo();
        for (String label : labels) {
            info.observe(new Label(label));
        }
        return info.generateImmutableOutputInfo();
    }

    @Override
    public Prediction<Label> predict(Example<Label> example) {
        OnlineSchema schema = model.schema();
        double[] numeric = new double[schema.numeric().size()];
        String[] categorical = new String[schema.categorical().size()];
        java.util.Arrays.fill(categorical, "");
        int used = 0;
        for (Feature feature : example) {
            Integer j = numericIndex.get(feature.getName());
            if (j != null) {
                numeric[j] = feature.getValue();
                used++;
            } else if (feature.getValue() != 0) {
                int[] c = levelColumn.get(feature.getName());
                if (c != null) {
                    categorical[c[0]] = levelText.get(feature.getName());
                    used++;
                }
            }
        }
        double[] p = new double[model.labels().size()];
        int best = model.predict(numeric, categorical, p);
        Map<String, Label> scores = new LinkedHashMap<>();
        for (int k = 0; k < p.length; k++) {
            scores.put(model.labels().get(k), new Label(model.labels().get(k), p[k]));
        }
        return new Prediction<>(new Label(model.labels().get(best), p[best]), scores, used, example, true);
    }

    @Override
    public Map<String, List<Pair<String, Double>>> getTopFeatures(int n) {
        return Map.of();
    }

    @Override
    public Optional<Excuse<Label>> getExcuse(Example<Label> example) {
        return Optional.empty();
    }

    @Override
    protected Model<Label> copy(String newName, ModelProvenance newProvenance) {
        return this;
    }
}
