using System.Buffers.Binary;
using System.Text;
using Workflow.Audio;

namespace Workflow.Tests.Fixtures;

/// <summary>
/// Builds WAV bytes chunk by chunk, so tests can reorder, add, drop or damage chunks. Starts from what
/// <see cref="WavWriter"/> writes, split into (id, body) pairs.
/// </summary>
public sealed class RiffChunks
{
    private readonly List<(string Id, byte[] Body)> chunks;

    private RiffChunks(List<(string Id, byte[] Body)> chunks) => this.chunks = chunks;

    public IReadOnlyList<(string Id, byte[] Body)> Chunks => chunks;

    public static byte[] Wav(double[][] channels, int sampleRate, WavSampleFormat format = WavSampleFormat.Pcm16, bool extensible = false)
    {
        using var stream = new MemoryStream();
        WavWriter.Write(stream, channels, sampleRate, format, extensible);
        return stream.ToArray();
    }

    public static RiffChunks From(byte[] wav)
    {
        var list = new List<(string, byte[])>();
        var position = 12;
        while (position + 8 <= wav.Length)
        {
            var id = Encoding.ASCII.GetString(wav, position, 4);
            var size = BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(position + 4));
            list.Add((id, wav.AsSpan(position + 8, size).ToArray()));
            position += 8 + size + (size & 1);
        }

        return new RiffChunks(list);
    }

    public static RiffChunks Mono16(params double[] samples) => From(Wav([samples], 8000));

    public RiffChunks Insert(int index, string id, byte[] body)
    {
        chunks.Insert(index, (id, body));
        return this;
    }

    public RiffChunks Remove(string id)
    {
        chunks.RemoveAll(c => c.Id == id);
        return this;
    }

    public RiffChunks Move(string id, int index)
    {
        var chunk = chunks.Single(c => c.Id == id);
        chunks.Remove(chunk);
        chunks.Insert(index, chunk);
        return this;
    }

    /// <summary>Changes the body of chunk <paramref name="id"/> in place.</summary>
    public RiffChunks Edit(string id, Action<byte[]> edit)
    {
        edit(chunks.Single(c => c.Id == id).Body);
        return this;
    }

    public RiffChunks Replace(string id, byte[] body)
    {
        var index = chunks.FindIndex(c => c.Id == id);
        chunks[index] = (id, body);
        return this;
    }

    /// <summary>The RIFF file: header, then each chunk with its size and a pad byte after odd-sized bodies.</summary>
    public byte[] ToBytes()
    {
        using var stream = new MemoryStream();
        stream.Write("RIFF"u8);
        stream.Write(new byte[4]);
        stream.Write("WAVE"u8);
        foreach (var (id, body) in chunks)
        {
            stream.Write(Encoding.ASCII.GetBytes(id));
            var size = new byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(size, body.Length);
            stream.Write(size);
            stream.Write(body);
            if (body.Length % 2 == 1)
            {
                stream.WriteByte(0);
            }
        }

        var bytes = stream.ToArray();
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), bytes.Length - 8);
        return bytes;
    }
}
