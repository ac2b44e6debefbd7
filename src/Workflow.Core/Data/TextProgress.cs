using System.Globalization;

namespace Workflow.Data;

/// <summary>
/// A plain-text progress display for logs and CI: one line per phase every <paramref name="every"/> items and at the
/// end, e.g. <c>download: 200/1500 objects (1.3 MB)</c>. Thread-safe; a richer display can implement
/// <see cref="IProgress{T}"/> itself.
/// </summary>
public sealed class TextProgress(TextWriter writer, int every = 1000) : IProgress<TransferProgress>
{
    private readonly Lock gate = new();

    public void Report(TransferProgress value)
    {
        if (value.Done != value.Total && value.Done % Math.Max(1, every) != 0)
        {
            return;
        }

        lock (gate)
        {
            writer.WriteLine(string.Format(
                CultureInfo.InvariantCulture, "{0}: {1}/{2} ({3:0.0} MB)", value.Phase, value.Done, value.Total, value.Bytes / 1e6));
        }
    }
}
