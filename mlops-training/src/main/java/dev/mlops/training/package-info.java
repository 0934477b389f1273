/**
 * Training classifiers on Tribuo: {@link dev.mlops.training.Trainer} runs
 * {@link dev.mlops.training.TrainingSpec}s on {@link dev.mlops.data.LabeledData} as jobs, and
 * produces {@link dev.mlops.training.TrainedModel}s that predict from rows of data.
 *
 * <pre>{@code
 * LabeledData data = LabeledData.fromCsv(Path.of("data/credit-g.csv"), "class");
 * try (Trainer trainer = Trainer.builder().registry(registry).build()) {
 *     TrainingResult result = trainer.train(data, TrainingSpec.builder(Algorithm.LOGISTIC)
 *             .search(Search.grid(Map.of("learningRate", List.of("0.01", "0.1")), Metric.AUC))
 *             .registerAs("credit")
 *             .build());
 *     System.out.println(result.toJson());
 * }
 * Predictions predictions = registry.load("credit:1", TrainedModelFormat.of()).predictCsv(Path.of("new.csv"));
 * }</pre>
 *
 * <h2>Conventions</h2>
 * <ul>
 *   <li><b>Features.</b> Every column but the label and the excluded ones is offered as a feature.
 *       A column is numeric when every present cell is a number (CSV) or it is a numeric column
 *       (in-memory); others are categorical and one-hot encoded as {@code column=level}. Columns
 *       that are constant or empty in the training rows are left out (and reported).</li>
 *   <li><b>Missing values.</b> An empty cell is missing. A numeric one becomes the column's mean over
 *       the training rows (the rows the model is fit on, never the test or validation rows); a
 *       categorical one is a level of its own, {@code column=}. At prediction, a category never seen
 *       in training sets no level. Rows without a label are left out of training and evaluation.</li>
 *   <li><b>Standardization</b> ({@code standardize=true}, the default for logistic regression) scales
 *       numeric features by their training mean and standard deviation inside the model, a Tribuo
 *       {@code TransformedModel}, so prediction repeats it.</li>
 *   <li><b>Positive class</b> of a binary label: the one given in the spec, else the rarer class in
 *       the data, and of two equally frequent classes the one that sorts last ({@code yes} over
 *       {@code no}, {@code 1} over {@code 0}). breast-cancer: {@code malignant}; credit-g:
 *       {@code bad}. It is recorded in the model and used by every metric.</li>
 *   <li><b>Metrics</b> follow scikit-learn (see {@link dev.mlops.model.ClassificationMetrics}):
 *       binary precision, recall and F1 on the positive class, multiclass macro averages, AUC
 *       one-vs-rest macro, log loss clipped at 1e-15.</li>
 *   <li><b>Cross-validation</b> summaries are the mean and the population standard deviation
 *       (divisor n, numpy's {@code std} default) over the folds.</li>
 *   <li><b>Splits</b> are stratified and seeded: {@code round(n × fraction)} rows of each class are
 *       held out (at least one, never all). Same spec, seed and data: same split, folds, search
 *       trials, model and metrics.</li>
 *   <li><b>Artifacts</b> ({@link dev.mlops.training.TrainedModelFormat}, format name
 *       {@code mlops-model}) are ZIP files of {@code mlops-model.json} (the schema: label column,
 *       labels, positive class, columns with fill values and levels, algorithm, hyperparameters) and
 *       {@code tribuo-model.pb} (Tribuo's protobuf). No Java serialization.</li>
 * </ul>
 */
package dev.mlops.training;

import dev.mlops.data.LabeledData;
import dev.mlops.model.Metric;
import dev.mlops.model.Predictions;
