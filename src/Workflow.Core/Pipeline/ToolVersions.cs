using System.Reflection;

namespace Workflow.Pipeline;

/// <summary>Versions of the tools that produced a build, recorded in the manifest.</summary>
public static class ToolVersions
{
    public static string DotNet => Environment.Version.ToString();

    public static string MlNet => InformationalVersion(typeof(Microsoft.ML.MLContext).Assembly);

    public static string InformationalVersion(Assembly assembly)
    {
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        // "5.0.1+<commit>": keep the release, drop the source revision.
        return informational?.Split('+')[0] ?? assembly.GetName().Version?.ToString() ?? "unknown";
    }
}
