namespace Workflow.Pretrained;

/// <summary>Prints CheckModels' findings, one line per model, and fails when a critical model failed.</summary>
public static class ModelCheckReport
{
    public static IEnumerable<string> Lines(IReadOnlyList<ModelCheck> checks)
    {
        if (checks.Count == 0) yield return "CheckModels: the config lists no pretrained models.";
        foreach (var c in checks)
        {
            var kind = c.Critical ? "critical" : "optional";
            yield return c.Passed
                ? $"CheckModels[{c.Name}]: ok ({kind}; {c.Bytes:N0} bytes{(c.Fetched ? ", fetched" : "")}; sha256 ✓ loads ✓ signature ✓ smoke ✓)"
                : $"CheckModels[{c.Name}]: FAILED ({kind}; present {Mark(c.Present)} sha256 {Mark(c.HashMatches)} loads {Mark(c.Loads)} signature {Mark(c.SignatureMatches)} smoke {Mark(c.SmokeRuns)}) — {c.Problem}";
        }
    }

    public static void EnsureCriticalPassed(IReadOnlyList<ModelCheck> checks)
    {
        var failed = checks.Where(c => c.Critical && !c.Passed).Select(c => c.Name).ToList();
        if (failed.Count > 0)
            throw new WorkflowException($"CheckModels: critical model(s) failed: {string.Join(", ", failed)} (see above).");
    }

    private static string Mark(bool ok) => ok ? "✓" : "✗";
}
