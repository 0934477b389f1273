/** Implementation of mlops-onnx; not API. */
package dev.mlops.onnx.internal;
