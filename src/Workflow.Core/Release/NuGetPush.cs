namespace Workflow.Release;

/// <summary>Runs <c>dotnet nuget push</c>; the API key comes from <c>NUGET_API_KEY</c> and is never printed.</summary>
public static class NuGetPush
{
    public const string ApiKeyVariable = "NUGET_API_KEY";

    public static void Push(string nupkg, string feed)
    {
        var apiKey = Environment.GetEnvironmentVariable(ApiKeyVariable);
        string[] arguments = string.IsNullOrEmpty(apiKey)
            ? ["nuget", "push", nupkg, "--source", feed]
            : ["nuget", "push", nupkg, "--source", feed, "--api-key", apiKey];
        DotnetCommand.Run(
            arguments,
            $"`dotnet nuget push {Path.GetFileName(nupkg)} --source {feed}`",
            "is the feed reachable?",
            output => $"check --feed and, for a server, {ApiKeyVariable}:\n{Redact(output, apiKey)}");
    }

    private static string Redact(string text, string? secret) => string.IsNullOrEmpty(secret) ? text : text.Replace(secret, "***", StringComparison.Ordinal);
}
