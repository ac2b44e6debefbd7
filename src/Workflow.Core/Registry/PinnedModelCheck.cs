namespace Workflow.Registry;

/// <summary>
/// What CheckModels found for one of the config's <c>deploy.models</c>: the version this machine has for it (pulled
/// last), whether that package is here and verified (hashes to its registered SHA-256), and the version the reference
/// points at in the registry now. <see cref="Problem"/> says what is wrong (null when nothing is).
/// </summary>
public sealed record PinnedModelCheck(string Reference, string? Have, bool Present, string? Now, bool UpdateAvailable, string? Problem)
{
    /// <summary>Checks every reference against <paramref name="registry"/>; an unreachable registry is reported on each row.</summary>
    public static IReadOnlyList<PinnedModelCheck> CheckAll(ModelRegistry registry, IReadOnlyList<string> references)
    {
        if (references.Count == 0) return [];
        IReadOnlyList<UpdateCheck> checks;
        try
        {
            checks = registry.Outdated(references);
        }
        catch (WorkflowException e)
        {
            return references.Select(r => new PinnedModelCheck(r, null, false, null, false, e.Message)).ToList();
        }
        return checks.Select(c =>
        {
            // The package of the version pointed at now was verified by Outdated already: not hashed twice.
            var present = c.Have is not null && (c.Have.PackageSha256 == c.Now.PackageSha256 ? c.NowIsHere : registry.HasLocally(c.Have));
            var problem = c.Have is null ? $"not on this machine; run: pull {c.Reference}"
                : !present ? $"{c.Have.Reference} was pulled but its package is missing or damaged here; run: pull {c.Reference}"
                : null;
            return new PinnedModelCheck(c.Reference, c.Have?.Reference, present, c.Now.Reference, c.UpdateAvailable && c.Have is not null, problem);
        }).ToList();
    }

    /// <summary>One line for the build log.</summary>
    public string Line(string registry) => Problem is null
        ? $"CheckModels[{Reference}]: ok (registry {registry}; {Have} present, sha256 ✓{(UpdateAvailable ? $"; update available: {Now} (run: pull {Reference})" : "; up to date")})"
        : $"CheckModels[{Reference}]: {Problem}";
}
