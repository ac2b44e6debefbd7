namespace Workflow.Training;

/// <summary>
/// The blocks a stage's classes read their frames into (<see cref="TrainingSet"/>), handed from one class to the next:
/// at 9,000 recordings a class's frames are one block of ~140 MB, on the large-object heap, which is only compacted by
/// a compacting full collection. With a new block per class, Train needed such a collection after every class (it
/// copied the whole 100,000-recording bookkeeping each time) or the heap grew by a block per class; with the block
/// handed on, a collection that only marks and sweeps frees the rest of a class's garbage.
/// </summary>
/// <remarks>
/// A returned block serves the next class it is large enough for (the smallest such); a new one is made an eighth
/// larger than asked, so that classes of about one size share blocks. Returned blocks are held weakly: the next full
/// collection frees those no class took again, so a stage keeps none once it is over.
/// <para>
/// What a large class leaves besides its block (the trainer's buffers, ~10-20 MB) is collected when the next class
/// rents a block, not when the class ends: a build that retrains one class (one recording changed) has no next class
/// and skips the collection (a 0.3-0.55 s pause at 100,000 recordings; later collections take over part of its work,
/// so the build's total pause fell by ~0.15 s), and a cold build makes one fewer.
/// </para>
/// </remarks>
internal sealed class FrameBlocks
{
    /// <summary>What a class must leave for the next one to collect it first: smaller garbage is left to the runtime.</summary>
    public const long CollectedFrom = 16 << 20;

    private readonly Lock _gate = new();
    private readonly List<WeakReference<float[]>> _free = [];
    private bool _owed;

    /// <summary>
    /// A block of at least <paramref name="values"/> values; what it holds beyond those is left as it was. First collects
    /// what classes returned since the last collection left behind (<see cref="Return"/>).
    /// </summary>
    public float[] Rent(string @class, long values)
    {
        var length = TrainingSet.Builder.Checked(@class, values);
        float[]? best = null;
        bool collect;
        lock (_gate)
        {
            _free.RemoveAll(r => !r.TryGetTarget(out _));
            var at = -1;
            for (var i = 0; i < _free.Count; i++)
            {
                if (_free[i].TryGetTarget(out var block) && block.Length >= length && (best is null || block.Length < best.Length))
                    (at, best) = (i, block);
            }
            if (best is not null) _free.RemoveAt(at);
            (collect, _owed) = (_owed, false);
        }
        // Marks and sweeps only (the block taken is held here, so it survives; blocks no class took are freed), and
        // before a new block is made, so that one can take the freed space.
        if (collect) GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: false);
        return best ?? new float[(int)Math.Min(Array.MaxLength, length + (long)length / 8)];
    }

    /// <summary>
    /// Hands a block back once nothing reads it any more (none: a class that read no block), with the bytes of frames
    /// the class held: from <see cref="CollectedFrom"/> on, the next class to rent a block collects first.
    /// </summary>
    public void Return(float[]? block, long frameBytes)
    {
        lock (_gate)
        {
            if (block is not null) _free.Add(new WeakReference<float[]>(block));
            _owed |= frameBytes >= CollectedFrom;
        }
    }
}
