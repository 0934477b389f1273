#!/usr/bin/python3
"""Fits two scikit-learn classifiers on the bundled data sets and writes them as ONNX graphs, with
scikit-learn's own predict_proba of the first rows beside them, for the tests of mlops-onnx.

The graphs are built node by node with onnx.helper from the fitted estimators' coefficients and tree
arrays (skl2onnx is not packaged by Debian), in the shapes skl2onnx produces:

- credit-linear.onnx: a pipeline of one-hot encoding, standardization and LogisticRegression on
  credit-g.csv. One named input per column, [N,1] tensors of the column's type: string for the
  categorical columns, and int64, float and double for the numeric ones (credit-g's numbers are all
  integers, so every type holds them exactly). Outputs a label tensor and a ZipMap (a sequence of
  label -> probability maps); its labels are the ZipMap's. The metadata property positive_class
  names 'bad'.
- cancer-forest.onnx: a RandomForestClassifier (50 trees, depth at most 6) on breast-cancer.csv,
  fitted on the labels coded 0 (benign) and 1 (malignant). One float tensor input [N,30] whose
  columns are named by the metadata property feature_names; outputs a label tensor and a
  probability tensor [N,2] (no ZipMap). Its graph's labels are the integers 0 and 1, so the metadata
  property labels names them: benign,malignant. Its nodes_hitrates are the nodes' training weights
  (weighted_n_node_samples), so that TreeSHAP can explain it.

mismatched() writes three small models whose declarations do not fit, for the error tests.

Beside each model, <model>.expected.csv holds predict_proba of the first 300 rows of its data set,
one column per label (p_LABEL), to 17 significant digits.

Run from the repository root: /usr/bin/python3 mlops-onnx/src/test/python/make_models.py
(Debian 12: python3-onnx 1.12, python3-sklearn 1.2.1, python3-numpy 1.24).
"""
import csv
import os

import numpy as np
import onnx
from onnx import TensorProto, helper
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

ROOT = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(ROOT, "..", "..", "..", "..", "data")
OUT = os.path.join(ROOT, "..", "resources", "dev", "mlops", "onnx")
ROWS = 300
OPSETS = [helper.make_opsetid("", 15), helper.make_opsetid("ai.onnx.ml", 3)]


def read(name):
    with open(os.path.join(DATA, name), newline="") as f:
        rows = list(csv.DictReader(f))
    return rows, list(rows[0].keys())


def save(model, name, metadata):
    for key, value in metadata.items():
        entry = model.metadata_props.add()
        entry.key, entry.value = key, value
    model.producer_name = "mlops-onnx/src/test/python/make_models.py"
    onnx.checker.check_model(model)  # full_check: onnx 1.12 cannot infer shapes through ZipMap
    onnx.save(model, os.path.join(OUT, name))


def expected(name, labels, probabilities):
    with open(os.path.join(OUT, name), "w", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(["p_" + label for label in labels])
        for row in probabilities:
            out.writerow([repr(float(p)) for p in row])


def credit_linear():
    rows, columns = read("credit-g.csv")
    label = "class"
    numeric = ["duration", "credit_amount", "installment_commitment", "residence_since", "age",
               "existing_credits", "num_dependents"]
    types = {"credit_amount": TensorProto.DOUBLE, "age": TensorProto.FLOAT}  # others int64
    categorical = [c for c in columns if c != label and c not in numeric]
    x = np.array([[r[c] for c in categorical] + [float(r[c]) for c in numeric] for r in rows], dtype=object)
    y = np.array([r[label] for r in rows])
    pipeline = Pipeline([
        ("columns", ColumnTransformer([
            ("onehot", OneHotEncoder(handle_unknown="ignore"), list(range(len(categorical)))),
            ("scale", StandardScaler(), list(range(len(categorical), len(categorical) + len(numeric)))),
        ])),
        ("model", LogisticRegression(max_iter=5000, C=1.0)),
    ]).fit(x, y)
    onehot = pipeline.named_steps["columns"].named_transformers_["onehot"]
    scaler = pipeline.named_steps["columns"].named_transformers_["scale"]
    model = pipeline.named_steps["model"]
    classes = [str(c) for c in model.classes_]

    inputs, nodes, blocks = [], [], []
    for j, column in enumerate(categorical):
        inputs.append(helper.make_tensor_value_info(column, TensorProto.STRING, ["N", 1]))
        nodes.append(helper.make_node("OneHotEncoder", [column], [column + "_onehot3d"], domain="ai.onnx.ml",
                                      cats_strings=[str(c) for c in onehot.categories_[j]], zeros=1))
        nodes.append(helper.make_node("Flatten", [column + "_onehot3d"], [column + "_onehot"], axis=1))
        blocks.append(column + "_onehot")
    casts = []
    for column in numeric:
        kind = types.get(column, TensorProto.INT64)
        inputs.append(helper.make_tensor_value_info(column, kind, ["N", 1]))
        nodes.append(helper.make_node("Cast", [column], [column + "_float"], to=TensorProto.FLOAT))
        casts.append(column + "_float")
    nodes.append(helper.make_node("Concat", casts, ["numeric"], axis=1))
    nodes.append(helper.make_node("Scaler", ["numeric"], ["scaled"], domain="ai.onnx.ml",
                                  offset=scaler.mean_.tolist(), scale=(1.0 / scaler.scale_).tolist()))
    nodes.append(helper.make_node("Concat", blocks + ["scaled"], ["features"], axis=1))
    # binary logistic regression as skl2onnx writes it: scores of class 0 and 1 are -s and s, whose
    # logistic transforms are the two probabilities
    coef, intercept = model.coef_[0], model.intercept_[0]
    nodes.append(helper.make_node("LinearClassifier", ["features"], ["output_label", "probability_tensor"],
                                  domain="ai.onnx.ml", classlabels_strings=classes,
                                  coefficients=np.concatenate([-coef, coef]).tolist(),
                                  intercepts=[-intercept, intercept], multi_class=0, post_transform="LOGISTIC"))
    nodes.append(helper.make_node("ZipMap", ["probability_tensor"], ["output_probability"], domain="ai.onnx.ml",
                                  classlabels_strings=classes))
    outputs = [helper.make_tensor_value_info("output_label", TensorProto.STRING, ["N"]),
               helper.make_value_info("output_probability", helper.make_sequence_type_proto(string_to_float()))]
    graph = helper.make_graph(nodes, "credit_linear", inputs, outputs)
    save(helper.make_model(graph, opset_imports=OPSETS), "credit-linear.onnx", {"positive_class": "bad"})
    expected("credit-linear.expected.csv", classes, pipeline.predict_proba(x[:ROWS]))


def string_to_float():
    """map(string, float), the type of ZipMap's elements (onnx 1.12 has no helper for it)."""
    map_type = onnx.TypeProto()
    map_type.map_type.key_type = TensorProto.STRING
    map_type.map_type.value_type.CopyFrom(helper.make_tensor_type_proto(TensorProto.FLOAT, []))
    return map_type


def float32_at_most(value):
    """The largest float32 not above value: for a float32 x, x <= value exactly when x <= it."""
    f = np.float32(value)
    return float(np.nextafter(f, np.float32(-np.inf)) if f > value else f)


def cancer_forest():
    rows, columns = read("breast-cancer.csv")
    label = "diagnosis"
    features = [c for c in columns if c != label]
    x = np.array([[float(r[c]) for c in features] for r in rows])
    names = ["benign", "malignant"]
    y = np.array([names.index(r[label]) for r in rows])
    forest = RandomForestClassifier(n_estimators=50, max_depth=6, random_state=17).fit(x, y)

    attrs = {k: [] for k in ["nodes_treeids", "nodes_nodeids", "nodes_featureids", "nodes_values",
                             "nodes_hitrates", "nodes_modes", "nodes_truenodeids", "nodes_falsenodeids",
                             "class_treeids",
                             "class_nodeids", "class_ids", "class_weights"]}
    trees = len(forest.estimators_)
    for t, estimator in enumerate(forest.estimators_):
        tree = estimator.tree_
        for n in range(tree.node_count):
            leaf = tree.children_left[n] == -1
            attrs["nodes_treeids"].append(t)
            attrs["nodes_nodeids"].append(n)
            attrs["nodes_featureids"].append(0 if leaf else int(tree.feature[n]))
            attrs["nodes_values"].append(0.0 if leaf else float32_at_most(tree.threshold[n]))
            # the training rows (bootstrap weights) that reached the node: what TreeSHAP integrates with
            attrs["nodes_hitrates"].append(float(tree.weighted_n_node_samples[n]))
            attrs["nodes_modes"].append("LEAF" if leaf else "BRANCH_LEQ")
            attrs["nodes_truenodeids"].append(0 if leaf else int(tree.children_left[n]))
            attrs["nodes_falsenodeids"].append(0 if leaf else int(tree.children_right[n]))
            if leaf:
                counts = tree.value[n][0]
                for k, share in enumerate(counts / counts.sum()):
                    attrs["class_treeids"].append(t)
                    attrs["class_nodeids"].append(n)
                    attrs["class_ids"].append(k)
                    attrs["class_weights"].append(float(share / trees))
    node = helper.make_node("TreeEnsembleClassifier", ["X"], ["label", "probabilities"], domain="ai.onnx.ml",
                            classlabels_int64s=[0, 1], post_transform="NONE", **attrs)
    graph = helper.make_graph(
        [node], "cancer_forest", [helper.make_tensor_value_info("X", TensorProto.FLOAT, ["N", len(features)])],
        [helper.make_tensor_value_info("label", TensorProto.INT64, ["N"]),
         helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["N", 2])])
    save(helper.make_model(graph, opset_imports=OPSETS), "cancer-forest.onnx",
         {"feature_names": ",".join(features), "labels": ",".join(names)})
    expected("cancer-forest.expected.csv", names, forest.predict_proba(x[:ROWS]))


def mismatched():
    """Small linear models whose declarations do not fit, for the error tests (no expected values):
    wide-input.onnx declares [N,3] but names 4 columns; free-width.onnx leaves its width free and
    names 2 columns, but reshapes its input to 3 columns; raw-scores.onnx outputs scores without a
    post-transform, which are no probabilities."""
    def linear(name, width, names, coefficients, post_transform):
        x = helper.make_tensor_value_info("X", TensorProto.FLOAT, ["N", width])
        features = len(coefficients) // 2
        nodes = [helper.make_node("Constant", [], ["shape"], value=helper.make_tensor(
                     "shape", TensorProto.INT64, [2], [-1, features])),
                 helper.make_node("Reshape", ["X", "shape"], ["features"]),
                 helper.make_node("LinearClassifier", ["features"], ["label", "scores"], domain="ai.onnx.ml",
                                  classlabels_strings=["no", "yes"], coefficients=coefficients,
                                  intercepts=[0.0, 0.0], post_transform=post_transform)]
        outputs = [helper.make_tensor_value_info("label", TensorProto.STRING, ["N"]),
                   helper.make_tensor_value_info("scores", TensorProto.FLOAT, ["N", 2])]
        graph = helper.make_graph(nodes, name.replace("-", "_"), [x], outputs)
        save(helper.make_model(graph, opset_imports=OPSETS), name + ".onnx", {"feature_names": ",".join(names)})

    linear("wide-input", 3, ["a", "b", "c", "d"], [1.0, -1.0, 0.5, -1.0, 1.0, -0.5], "LOGISTIC")
    linear("free-width", None, ["a", "b"], [1.0, -1.0, 0.5, -1.0, 1.0, -0.5], "LOGISTIC")
    linear("raw-scores", 2, ["a", "b"], [1.0, -1.0, -1.0, 1.0], "NONE")


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    credit_linear()
    cancer_forest()
    mismatched()
