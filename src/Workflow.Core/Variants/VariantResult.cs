namespace Workflow.Variants;

/// <summary>One variant's outcome in a comparison: its metrics and how many units ran (the rest were reused).</summary>
public sealed record VariantResult(string Variant, double Accuracy, double MacroF1, int UnitsRan, int Units)
{
    public double Metric(string name) => name switch
    {
        "accuracy" => Accuracy,
        "macroF1" => MacroF1,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "not a selection metric"),
    };
}
