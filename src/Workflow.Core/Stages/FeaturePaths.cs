using Workflow.Data;

namespace Workflow.Stages;

/// <summary>Where each recording's features go: <c>artifacts/features/&lt;path in data&gt;.mfcc</c>.</summary>
public static class FeaturePaths
{
    public static string Of(AudioFile file) => $"artifacts/features/{file.RelativePath}.mfcc";
}
