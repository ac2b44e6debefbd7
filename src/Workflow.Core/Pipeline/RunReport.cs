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
    /// serialiser cost a no-op build half a second.
    /// </summary>
    public void Write(Workspace workspace) => AtomicFile.Write(workspace.Resolve(RelativePath), WriteTo);

    // Once per build, but a loop over 100,000 units: compiled optimised at once, not run in unoptimised code until
    // on-stack replacement finds it (AggressiveOptimization; see StageRunner.Run).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void WriteTo(Stream stream)
    {
        // Written into a buffer (the line breaks between units go in directly), handed to the file 64 KB at a time:
        // flushing a stream-backed writer per unit would flush the file too, one write per unit.
        var buffer = new ArrayBufferWriter<byte>(1 << 17);
        using var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Raw(buffer, "{\"target\": "u8);
        json.WriteStringValue(Target);
        json.Flush();
        Raw(buffer, ", \"units\": ["u8);
        for (var i = 0; i < Units.Count; i++)
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
            if (buffer.WrittenCount < 1 << 16) continue;
            stream.Write(buffer.WrittenSpan);
            buffer.ResetWrittenCount();
        }
        Raw(buffer, "\n]}\n"u8);
        stream.Write(buffer.WrittenSpan);
    }

    private static void Raw(ArrayBufferWriter<byte> buffer, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(buffer.GetSpan(bytes.Length));
        buffer.Advance(bytes.Length);
    }

    public static RunReport Read(string path) => JsonConvert.DeserializeObject<RunReport>(File.ReadAllText(path), Json.Settings)!;
}
