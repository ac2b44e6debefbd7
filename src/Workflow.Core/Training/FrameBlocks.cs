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
/// </remarks>
internal sealed class FrameBlocks
{
    private readonly Lock _gate = new();
    private readonly List<WeakReference<float[]>> _free = [];

    /// <summary>A block of at least <paramref name="values"/> values; what it holds beyond those is left as it was.</summary>
    public float[] Rent(string @class, long values)
    {
        var length = TrainingSet.Builder.Checked(@class, values);
        lock (_gate)
        {
            _free.RemoveAll(r => !r.TryGetTarget(out _));
            var (at, best) = (-1, (float[]?)null);
            for (var i = 0; i < _free.Count; i++)
            {
                if (_free[i].TryGetTarget(out var block) && block.Length >= length && (best is null || block.Length < best.Length))
                    (at, best) = (i, block);
            }
            if (best is not null)
            {
                _free.RemoveAt(at);
                return best;
            }
        }
        return new float[(int)Math.Min(Array.MaxLength, length + (long)length / 8)];
    }

    /// <summary>Hands a block back once nothing reads it any more.</summary>
    public void Return(float[] block)
    {
        lock (_gate) _free.Add(new WeakReference<float[]>(block));
    }
}
