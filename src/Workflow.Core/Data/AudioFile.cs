namespace Workflow.Data;

/// <summary>One labelled recording: its path relative to the data root (slash-separated), class and split.</summary>
public sealed record AudioFile(string RelativePath, string Class, bool IsTest)
{
    /// <summary>The logical name units use for it, e.g. <c>data/7/7_theo_3.wav</c>.</summary>
    public string Name { get; } = "data/" + RelativePath;
}
