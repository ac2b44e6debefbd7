using System.Runtime.CompilerServices;
using Workflow.Data;
using Workflow.Features;

namespace Workflow.Stages;

/// <summary>
/// Where each recording's features go: <c>artifacts/features/&lt;path in data&gt;.mfcc</c> (a feature matrix), or
/// <c>.pitch</c> (a note sequence) when <c>features.kind</c> is <c>"pitch"</c>.
/// </summary>
public static class FeaturePaths
{
    public const string PitchExtension = ".pitch";

    // Made for every recording by three stages (100,000 times each): compiled optimised at once (see StageRunner.Run).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string Of(AudioFile file) => string.Concat("artifacts/features/", file.RelativePath, ".mfcc");

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string Of(AudioFile file, MfccOptions features) =>
        features.IsPitch ? $"artifacts/features/{file.RelativePath}{PitchExtension}" : Of(file);

    /// <summary>The optional sidecar holding a recording's tonic in Hz, next to it: <c>data/&lt;class&gt;/x.wav.tonic</c>.</summary>
    public static string TonicOf(AudioFile file) => file.Name + ".tonic";

    /// <summary>Reads either kind of feature file as the matrix a class model scores (a note sequence: one column of symbols).</summary>
    public static FeatureMatrix Read(string path, string name) => name.EndsWith(PitchExtension, StringComparison.Ordinal)
        ? NoteSequenceFormat.Read(File.ReadAllBytes(path), name).ToMatrix()
        : FeatureMatrix.ReadFile(path, name);
}
