using static System.FormattableString;

namespace Workflow.Training;

/// <summary>The wording of every <c>train.*</c> validation message, so they read alike.</summary>
internal static class OptionChecks
{
    public static void AtLeast(string setting, int value, int minimum)
    {
        if (value < minimum) throw new WorkflowException(Invariant($"{setting} must be ≥ {minimum} (got {value})."));
    }

    public static void AtMost(string setting, int value, int maximum)
    {
        if (value > maximum) throw new WorkflowException(Invariant($"{setting} must be ≤ {maximum} (got {value})."));
    }

    public static void NotNegative(string setting, double value)
    {
        if (!(value >= 0 && double.IsFinite(value)))
            throw new WorkflowException(Invariant($"{setting} must be ≥ 0 (got {value})."));
    }

    public static void Between(string setting, double value, double low, double high)
    {
        if (!(value > low && value < high))
            throw new WorkflowException(Invariant($"{setting} must be between {low} and {high}, exclusive (got {value})."));
    }
}
