using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using Newtonsoft.Json;
using Workflow.Cache;

namespace Workflow.Pipeline;

/// <summary>
/// <c>artifacts/run-report.json</c>: <c>{"target": "Train", "units": [{"stage", "unit", "status", "reason", "key",
/// "seconds", "from"}, …]}</c>, one unit a line, every decision of one build in the order made; <c>from</c>
/// (<c>local</c> or <c>remote</c>) only for up-to-date units. Not an artifact of the manifest: its timings differ on
/// every run.
/// </summary>
public sealed record RunReport(string Target, IReadOnlyList<UnitDecision> Units)
{
    public const string RelativePath = "artifacts/run-report.json";

    /// <summary>
    /// Writes the report one unit to a line (<c>grep '"status":"ran"'</c> lists what ran, one line each), each line
    /// compact JSON from a UTF-8 writer: at 100,000 units an indented report was 27 MB, and a reflection-based
    /// serialiser cost a no-op build half a second. Blocks of lines are made on all cores, then written in order.
    /// </summary>
    public void Write(Workspace workspace) => AtomicFile.Write(workspace.Resolve(RelativePath), WriteTo);

    // Units serialised per block of this many, the blocks on all cores (at 100,000 units, ~0.3 s on one).
    private const int Block = 8192;

    private void WriteTo(Stream stream)
    {
        var blocks = new byte[(Units.Count + Block - 1) / Block][];
        Parallel.For(0, blocks.Length, b => blocks[b] = Serialise(b * Block, Math.Min(Units.Count, (b + 1) * Block)));
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = Writer(buffer))
        {
            Raw(buffer, "{\"target\": "u8);
            json.WriteStringValue(Target);
        }
        Raw(buffer, ", \"units\": ["u8);
        stream.Write(buffer.WrittenSpan);
        foreach (var block in blocks) stream.Write(block);
        stream.Write("\n]}\n"u8);
    }

    // Units [from, to) as they stand in the report, each with the line break (and comma) before it. Once per build,
    // but a loop over 100,000 units: compiled optimised at once, not run in unoptimised code until on-stack
    // replacement finds it (AggressiveOptimization; see StageRunner.Run).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private byte[] Serialise(int from, int to)
    {
        var buffer = new ArrayBufferWriter<byte>(Math.Max(256, (to - from) * 200));
        using var json = Writer(buffer);
        for (var i = from; i < to; i++)
        {
            var unit = Units[i];
            Raw(buffer, i == 0 ? "\n"u8 : ",\n"u8);
            json.Reset();
            json.WriteStartObject();
            json.WriteString("stage", unit.Stage);
            json.WriteString("unit", unit.Unit);
            json.WriteString("status", unit.Status);
            json.WriteString("reason", unit.Reason);
            json.WriteString("key", unit.Key);
            json.WriteNumber("seconds", unit.Seconds);
            if (unit.From is not null) json.WriteString("from", unit.From);
            json.WriteEndObject();
            json.Flush();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static Utf8JsonWriter Writer(ArrayBufferWriter<byte> buffer) =>
        new(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    private static void Raw(ArrayBufferWriter<byte> buffer, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(buffer.GetSpan(bytes.Length));
        buffer.Advance(bytes.Length);
    }

    public static RunReport Read(string path) => JsonConvert.DeserializeObject<RunReport>(File.ReadAllText(path), Json.Settings)!;
}
