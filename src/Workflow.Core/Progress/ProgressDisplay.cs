using System.Diagnostics;
using Workflow.Data;

namespace Workflow.Progress;

/// <summary>
/// The one progress display: stages (<see cref="Start"/>) and data transfers (as an
/// <see cref="IProgress{T}"/> of <see cref="TransferProgress"/>) report to it. On a terminal it keeps one live line,
/// redrawn a few times a second once work has lasted <see cref="QuietFor"/>: done/total, rate and ETA. When output is
/// redirected (CI, a log file) it writes a plain line at most every <see cref="PlainEvery"/>, and only for work that
/// lasts that long. Work that finishes quickly prints nothing here; callers print their own summary line.
/// </summary>
public sealed class ProgressDisplay : IProgress<TransferProgress>
{
    public static readonly TimeSpan QuietFor = TimeSpan.FromSeconds(1.5);
    public static readonly TimeSpan PlainEvery = TimeSpan.FromSeconds(10);
    private readonly TextWriter _writer;
    private readonly Func<TimeSpan> _clock;
    private readonly Lock _gate = new();
    private ProgressTask? _transfer;

    /// <param name="live">Redraw one line in place (a terminal); otherwise plain lines.</param>
    /// <param name="clock">Elapsed time since some start; a stopwatch unless a test supplies one.</param>
    public ProgressDisplay(TextWriter writer, bool live, Func<TimeSpan>? clock = null)
    {
        _writer = writer;
        Live = live;
        var watch = Stopwatch.StartNew();
        _clock = clock ?? (() => watch.Elapsed);
    }

    public bool Live { get; }

    /// <summary>A display on the console: live when standard output is a terminal.</summary>
    public static ProgressDisplay ForConsole(TextWriter writer) =>
        new(writer, !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("TERM") is not (null or "dumb"));

    /// <summary>Begins showing one piece of work of <paramref name="total"/> items; dispose it when done.</summary>
    public ProgressTask Start(string label, int total) => new(this, label, total, _clock());

    public void Report(TransferProgress value)
    {
        lock (_gate)
        {
            if (_transfer is null || _transfer.Label != value.Phase || _transfer.Total != value.Total)
            {
                _transfer?.Dispose();
                _transfer = Start(value.Phase, value.Total);
            }
            _transfer.Set(value.Done, value.Bytes);
            _transfer.Tick();
            if (value.Done >= value.Total)
            {
                _transfer.Dispose();
                _transfer = null;
            }
        }
    }

    internal TimeSpan Now => _clock();

    internal void Write(string line, bool final)
    {
        lock (_gate)
        {
            if (Live) _writer.Write(final ? "\r\u001b[2K" : "\r\u001b[2K" + line);
            else if (!final) _writer.WriteLine(line);
            _writer.Flush();
        }
    }
}
