using Workflow.Cache;

namespace Workflow.Registry;

/// <summary>
/// Checks every version: its blob exists and still hashes to its name, the zip's entries match the hashes in its
/// package.json, every class model loads, and the models score a synthetic half-second signal with no NaN.
/// Each version's failure is reported, never thrown: verify must survive exactly the corruption it looks for.
/// </summary>
internal static class RegistryVerifier
{
    public static VerifyReport Verify(RegistryStorage storage, RegistryIndex index)
    {
        var problems = new List<VerifyProblem>();
        var versions = index.AllVersions.OrderBy(v => v.Model, StringComparer.Ordinal).ThenBy(v => v.Version).ToList();
        var hashed = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var version in versions)
        {
            var problem = Check(storage, version, hashed);
            if (problem is not null) problems.Add(new VerifyProblem(version.Reference, problem));
        }
        var referenced = versions.Select(v => v.PackageSha256).ToHashSet(StringComparer.Ordinal);
        var unreferenced = storage.ListBlobs().Blobs.Where(b => !referenced.Contains(b.Sha256)).Select(b => b.Sha256).ToList();
        return new VerifyReport(versions.Count, hashed.Count, problems, unreferenced);
    }

    private static string? Check(RegistryStorage storage, ModelVersion version, Dictionary<string, string?> hashed)
    {
        var blob = RegistryStorage.BlobName(version.PackageSha256);
        string path;
        try
        {
            path = hashed.ContainsKey(version.PackageSha256) ? storage.BlobFile(version.PackageSha256) : storage.BlobFile(version.PackageSha256, fresh: true);
        }
        catch (WorkflowException e) when (e is not Data.RemoteUnreachableException)
        {
            return e.Message; // fetched twice, corrupt both times
        }
        if (!File.Exists(path)) return $"its package {blob} is missing";
        if (!hashed.TryGetValue(version.PackageSha256, out var actual))
            hashed[version.PackageSha256] = actual = ContentHash.OfFile(path);
        if (actual != version.PackageSha256)
            return $"its package {blob} changed on disk: it now hashes to {ContentHash.Short(actual!)}";
        try
        {
            var package = PackageContents.Read(path, blob);
            package.CheckEntryHashes();
            var model = RegisteredModel.Load(version, path);
            var result = model.Classify(Sample(model.SampleRate), "sample");
            var bad = result.Scores.Where(s => double.IsNaN(s.Value)).Select(s => s.Key).ToList();
            return bad.Count == 0 ? null : $"scoring a sample gave NaN for class(es) {string.Join(", ", bad)}";
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A damaged package can fail anywhere in decoding; verify reports it and goes on to the next version.
            return e.Message;
        }
    }

    /// <summary>Half a second of three tones and a little seeded noise: deterministic, and not silence, which some features floor.</summary>
    private static double[] Sample(int sampleRate)
    {
        var random = new Random(1);
        var samples = new double[sampleRate / 2];
        for (var n = 0; n < samples.Length; n++)
        {
            var t = (double)n / sampleRate;
            samples[n] = 0.3 * Math.Sin(2 * Math.PI * 220 * t) + 0.2 * Math.Sin(2 * Math.PI * 660 * t)
                + 0.1 * Math.Sin(2 * Math.PI * 1500 * t) + 0.01 * (2 * random.NextDouble() - 1);
        }
        return samples;
    }
}
