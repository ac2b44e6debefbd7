using System.Globalization;

namespace Workflow.Progress;

/// <summary>
/// One piece of work on a <see cref="ProgressDisplay"/>: counts finished items from any thread and shows them as
/// <c>ExtractFeatures: 41,200/100,000 (41%), 3,050/s, ETA 19 s</c>. Disposing it clears a live line.
/// </summary>
public sealed class ProgressTask : IDisposable
{
    private static readonly TimeSpan LiveEvery = TimeSpan.FromMilliseconds(250);
    private readonly ProgressDisplay _display;
    private readonly TimeSpan _started;
    private readonly Timer? _timer;
    private long _done;
    private long _ran;
    private long _bytes;
    private TimeSpan _lastShown;
    private bool _shown;
    private int _disposed;

    internal ProgressTask(ProgressDisplay display, string label, int total, TimeSpan started)
    {
        _display = display;
        Label = label;
        Total = total;
        _started = started;
        _lastShown = started;
        // A timer, not the workers, draws: a unit that takes minutes still gets its ETA refreshed.
        _timer = new Timer(_ => Tick(), null, LiveEvery, LiveEvery);
    }

    public string Label { get; }

    public int Total { get; }

    public long Done => Interlocked.Read(ref _done);

    /// <summary>One more item finished; <paramref name="ran"/> when it did work rather than being up to date.</summary>
    public void Advance(bool ran = true)
    {
        Interlocked.Increment(ref _done);
        if (ran) Interlocked.Increment(ref _ran);
    }

    internal void Set(long done, long bytes)
    {
        Interlocked.Exchange(ref _done, done);
        Interlocked.Exchange(ref _ran, done);
        Interlocked.Exchange(ref _bytes, bytes);
    }

    /// <summary>Shows the line if it is due: live after <see cref="ProgressDisplay.QuietFor"/>, plain every ~10 s.</summary>
    public void Tick()
    {
        if (Volatile.Read(ref _disposed) != 0) return;
        lock (this)
        {
            var now = _display.Now;
            var due = _display.Live
                ? now - _started >= ProgressDisplay.QuietFor
                : now - _lastShown >= ProgressDisplay.PlainEvery;
            if (!due || _disposed != 0) return;
            _lastShown = now;
            _shown = true;
            _display.Write(Line(now), final: false);
        }
    }

    public string Line(TimeSpan now)
    {
        var done = Done;
        var ran = Interlocked.Read(ref _ran);
        var seconds = Math.Max((now - _started).TotalSeconds, 1e-3);
        var rate = ran / seconds;
        var text = string.Format(CultureInfo.InvariantCulture, "{0}: {1:N0}/{2:N0} ({3:0}%)", Label, done, Total, 100.0 * done / Math.Max(Total, 1));
        var bytes = Interlocked.Read(ref _bytes);
        if (bytes > 0) text += string.Format(CultureInfo.InvariantCulture, ", {0:0.0} MB", bytes / 1e6);
        if (rate > 0) text += string.Format(CultureInfo.InvariantCulture, rate < 10 ? ", {0:0.0}/s, ETA {1}" : ", {0:N0}/s, ETA {1}", rate, Eta((Total - done) / rate));
        return text;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _timer?.Dispose();
        lock (this)
        {
            if (_shown && _display.Live) _display.Write("", final: true);
        }
    }

    private static string Eta(double seconds) => seconds switch
    {
        < 60 => string.Format(CultureInfo.InvariantCulture, "{0:0} s", Math.Ceiling(seconds)),
        < 3600 => string.Format(CultureInfo.InvariantCulture, "{0}m{1:00}s", (int)(seconds / 60), (int)(seconds % 60)),
        _ => string.Format(CultureInfo.InvariantCulture, "{0}h{1:00}m", (int)(seconds / 3600), (int)(seconds % 3600 / 60)),
    };
}
