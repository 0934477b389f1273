/**
 * ONNX models from any framework (scikit-learn, XGBoost, LightGBM, PyTorch) as registry
 * {@link dev.mlops.model.Classifier}s, run by ONNX Runtime: register the {@code .onnx} file with the
 * format {@value dev.mlops.onnx.OnnxFormat#NAME} and load it with
 * {@link dev.mlops.model.Classifiers#load}. See {@link dev.mlops.onnx.OnnxClassifier} for how inputs,
 * labels and probabilities are read.
 */
package dev.mlops.onnx;
