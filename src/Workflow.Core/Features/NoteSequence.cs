namespace Workflow.Features;

/// <summary>
/// A recording's melody as note symbols relative to its tonic (<see cref="NoteQuantizer"/>), with the tonic used (Hz;
/// 0 when nothing was voiced), whether it came from a sidecar file, and the fraction of frames that were voiced.
/// Written in the format of <see cref="NoteSequenceFormat"/>.
/// </summary>
public sealed record NoteSequence(int[] Symbols, int Alphabet, double Tonic, bool TonicGiven, double VoicedFraction, int Frames)
{
    /// <summary>The symbols as a one-column matrix, the shape every class model scores.</summary>
    public FeatureMatrix ToMatrix() => FeatureMatrix.Wrap(Symbols.Length, 1, [.. Symbols.Select(s => (double)s)]);

    public void WriteTo(Stream stream) => NoteSequenceFormat.Write(this, stream);
}
