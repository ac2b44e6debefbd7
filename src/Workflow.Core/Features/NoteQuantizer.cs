namespace Workflow.Features;

/// <summary>
/// Voiced f0 → note symbols relative to the tonic: bin = round(bins · log2(f0 / tonic)), folded modulo
/// <c>bins</c>, or offset by one octave and kept over three (symbols 0 … 3·bins − 1 from the octave below the tonic;
/// f0 outside them is left out). Unvoiced frames are left out. Runs of one symbol shorter than <c>minNoteMs</c>
/// (glides, vibrato across a bin edge) are merged into the notes around them, and each
/// remaining run is one note: the sequence is of notes, not frames, so tempo does not change it.
/// </summary>
public static class NoteQuantizer
{
    public static int[] Quantize(PitchTrack track, double tonic, PitchOptions options)
    {
        var frames = new List<int>();
        foreach (var f0 in track.F0)
        {
            if (!PitchTrack.IsVoiced(f0)) continue;
            var bin = (int)Math.Round(options.Bins * Math.Log2(f0 / tonic), MidpointRounding.ToEven);
            if (options.Fold) frames.Add(((bin % options.Bins) + options.Bins) % options.Bins);
            else if (bin + options.Bins is var kept && kept >= 0 && kept < options.Symbols) frames.Add(kept);
        }

        var minFrames = Math.Max(1, (int)Math.Round(options.MinNoteMs / 1000 / track.Hop, MidpointRounding.ToEven));
        var runs = new List<(int Symbol, int Length)>();
        foreach (var symbol in frames)
        {
            if (runs.Count > 0 && runs[^1].Symbol == symbol) runs[^1] = (symbol, runs[^1].Length + 1);
            else runs.Add((symbol, 1));
        }

        var notes = new List<int>();
        foreach (var (symbol, length) in runs)
        {
            if (length >= minFrames && (notes.Count == 0 || notes[^1] != symbol)) notes.Add(symbol);
        }

        // Voiced, but no run is long enough: the recording is its longest run.
        return notes.Count == 0 && runs.Count > 0 ? [runs.MaxBy(r => r.Length).Symbol] : [.. notes];
    }
}
