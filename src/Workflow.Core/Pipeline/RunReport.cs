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
    // replacement finds it (AggressiveOptimization; see StageRunner.Run). Written byte by byte rather than through a
    // JSON writer (3.5 µs a unit, ~0.35 s of CPU at 100,000): the names are fixed, a value of plain printable ASCII is
    // copied as it is, and any other value is encoded by System.Text.Json exactly as its writer would (a test holds the
    // two to the same bytes). Stage, status, reason and origin take a few values: each is encoded once a block.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private byte[] Serialise(int from, int to)
    {
        var buffer = new ArrayBufferWriter<byte>(Math.Max(256, (to - from) * 200));
        var repeated = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        for (var i = from; i < to; i++)
        {
            var unit = Units[i];
            Raw(buffer, i == 0 ? "\n{\"stage\":"u8 : ",\n{\"stage\":"u8);
            Raw(buffer, Encoded(unit.Stage, repeated));
            Raw(buffer, ",\"unit\":"u8);
            String(buffer, unit.Unit);
            Raw(buffer, ",\"status\":"u8);
            Raw(buffer, Encoded(unit.Status, repeated));
            Raw(buffer, ",\"reason\":"u8);
            Raw(buffer, Encoded(unit.Reason, repeated));
            Raw(buffer, ",\"key\":"u8);
            String(buffer, unit.Key);
            Raw(buffer, ",\"seconds\":"u8);
            Number(buffer, unit.Seconds);
            if (unit.From is not null)
            {
                Raw(buffer, ",\"from\":"u8);
                Raw(buffer, Encoded(unit.From, repeated));
            }
            Raw(buffer, "}"u8);
        }
        return buffer.WrittenSpan.ToArray();
    }

    // A value that repeats across units (a unit's reason names its own input only when it ran: few distinct ones).
    private static byte[] Encoded(string value, Dictionary<string, byte[]> repeated)
    {
        if (repeated.TryGetValue(value, out var bytes)) return bytes;
        var buffer = new ArrayBufferWriter<byte>(value.Length + 2);
        String(buffer, value);
        bytes = buffer.WrittenSpan.ToArray();
        if (repeated.Count < 1024) repeated[value] = bytes;
        return bytes;
    }

    // A JSON string: plain printable ASCII without quote or backslash as it is, anything else as Utf8JsonWriter writes it.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void String(ArrayBufferWriter<byte> buffer, string value)
    {
        var text = value.AsSpan();
        if (text.IndexOfAnyExceptInRange(' ', '~') >= 0 || text.IndexOfAny('"', '\\') >= 0)
        {
            var encoded = JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).EncodedUtf8Bytes;
            var quoted = buffer.GetSpan(encoded.Length + 2);
            quoted[0] = (byte)'"';
            encoded.CopyTo(quoted[1..]);
            quoted[encoded.Length + 1] = (byte)'"';
            buffer.Advance(encoded.Length + 2);
            return;
        }
        var span = buffer.GetSpan(text.Length + 2);
        span[0] = (byte)'"';
        System.Text.Encoding.ASCII.GetBytes(text, span[1..]);
        span[text.Length + 1] = (byte)'"';
        buffer.Advance(text.Length + 2);
    }

    // As Utf8JsonWriter writes a double: the shortest text that reads back the same.
    private static void Number(ArrayBufferWriter<byte> buffer, double value)
    {
        var span = buffer.GetSpan(32);
        if (!value.TryFormat(span, out var written, provider: System.Globalization.CultureInfo.InvariantCulture))
            throw new InvalidOperationException($"could not write {value} in the run report");
        buffer.Advance(written);
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
