using Workflow.Registry;
using Workflow.Tests.Fixtures;

namespace Workflow.Cli.Tests.Fixtures;

/// <summary>A temporary registry (set up through the library) that every <see cref="Run"/> passes to the CLI with --registry.</summary>
public sealed class CliRegistry : IDisposable
{
    private int _builds;

    public TempDirectory Temp { get; } = new();

    public string Root => Temp.Combine("registry");

    public ModelRegistry Library => new(Root);

    /// <summary>Registers <paramref name="count"/> new versions of <paramref name="model"/> (accuracy 0.70, 0.75, …).</summary>
    public CliRegistry WithVersions(int count, string model = "tones")
    {
        for (var i = 0; i < count; i++)
        {
            var files = NewPackage(model, i);
            Library.Register(files.Package, files.Manifest, model);
        }
        return this;
    }

    public RegistryPackages.Files NewPackage(string model = "tones", int variant = 0) =>
        RegistryPackages.Write(Temp.Combine($"build{_builds++}"), model, variant);

    public CliProcess.Result Run(params string[] arguments) =>
        CliProcess.Run(Temp.Path, Environment, [.. arguments, "--registry", Root]);

    /// <summary>Keeps this machine's registry caches (what was pulled) inside the temp folder.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string> { ["XDG_CACHE_HOME"] = Temp.Combine("cache") };

    public void Dispose() => Temp.Dispose();
}
