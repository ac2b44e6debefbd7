namespace Workflow.Onnx;

/// <summary>
/// The element type the exported graph computes in. The model's input and <c>scores</c> output are float32 either
/// way; only the arithmetic in between changes.
/// </summary>
public enum OnnxPrecision
{
    /// <summary>
    /// float64 inside, as the native pipeline computes: parity is exact to ~1e-12 and the zero-variance guard of CMVN
    /// behaves identically. Needs a runtime with double kernels (ONNX Runtime's CPU provider has them all).
    /// </summary>
    Float64,

    /// <summary>float32 throughout, for runtimes without double kernels; differs from the native pipeline by float32 rounding.</summary>
    Float32,
}
