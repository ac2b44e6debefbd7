namespace Workflow.Pretrained;

/// <summary>
/// An input or output a pretrained model must have: name, element type (<c>float</c>, <c>double</c>, <c>int64</c>)
/// and shape (<c>-1</c> for a dynamic dimension). For the smoke inference, inputs are zeros of
/// <see cref="SmokeShape"/> (default: the shape with dynamic dimensions as 1), or <see cref="SmokeValue"/> everywhere.
/// </summary>
public sealed record TensorSpec
{
    public string Name { get; init; } = "";

    public string Type { get; init; } = "float";

    public int[] Shape { get; init; } = [];

    public int[]? SmokeShape { get; init; }

    public double SmokeValue { get; init; }

    public static readonly string[] Types = ["float", "double", "int64"];
}
