using System.Text.RegularExpressions;

namespace Workflow.Packaging;

/// <summary>The <c>model</c> section of the config: the name packages (and registered versions) go by.</summary>
public sealed record ModelOptions
{
    public string Name { get; init; } = "spoken-digits";

    /// <summary>
    /// A file (workspace-relative) with the training data's licence and attribution, shipped in every package.
    /// Null for data that needs none.
    /// </summary>
    public string? Attribution { get; init; } = "config/ATTRIBUTION.md";

    public void Validate()
    {
        if (!Regex.IsMatch(Name, "^[a-z0-9][a-z0-9._-]{0,63}$"))
            throw new WorkflowException(
                $"model.name '{Name}' is not a valid model name; use 1–64 lowercase letters, digits, '.', '_' or '-'.");
    }
}
