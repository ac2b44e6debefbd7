namespace Workflow.Registry;

/// <summary>
/// The <c>deploy</c> section: the registry models a deployment of this repository uses, pinned by reference
/// (<c>"models": ["spoken-digits@prod"]</c>). <c>pull</c> fetches them, <c>outdated</c> says when one has moved, and
/// CheckModels reports them. Not part of any unit's key.
/// </summary>
public sealed record DeployOptions
{
    public string[] Models { get; init; } = [];

    public void Validate()
    {
        foreach (var model in Models)
        {
            try
            {
                VersionReference.Parse(model);
            }
            catch (WorkflowException e)
            {
                throw new WorkflowException($"deploy.models: {e.Message}", e.ExitCode, e);
            }
        }
        if (Models.Distinct(StringComparer.Ordinal).Count() != Models.Length)
            throw new WorkflowException($"deploy.models lists {Models.GroupBy(m => m, StringComparer.Ordinal).First(g => g.Count() > 1).Key} twice; list each reference once.");
    }
}
