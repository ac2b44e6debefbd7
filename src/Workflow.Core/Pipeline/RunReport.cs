using System.Text.Encodings.Web;
using System.Text.Json;
using Newtonsoft.Json;
using Workflow.Cache;

namespace Workflow.Pipeline;

/// <summary>
/// <c>artifacts/run-report.json</c>: <c>{"target": "Train", "units": [{"stage", "unit", "status", "reason", "key",
/// "seconds", "from"}, …]}</c>, every decision of one build in the order made; <c>from</c> (<c>local</c> or
/// <c>remote</c>) only for up-to-date units. Not an artifact of the manifest: its
/// timings differ on every run.
/// </summary>
public sealed record RunReport(string Target, IReadOnlyList<UnitDecision> Units)
{
    public const string RelativePath = "artifacts/run-report.json";

    /// <summary>
    /// Writes the report in <see cref="Json"/>'s style (indented, camelCase), streamed through a UTF-8 writer: at
    /// 100,000 units a reflection-based serialiser costs a no-op build half a second.
    /// </summary>
    public void Write(Workspace workspace) => AtomicFile.Write(workspace.Resolve(RelativePath), stream =>
    {
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("target", Target);
            json.WriteStartArray("units");
            foreach (var unit in Units)
            {
                json.WriteStartObject();
                json.WriteString("stage", unit.Stage);
                json.WriteString("unit", unit.Unit);
                json.WriteString("status", unit.Status);
                json.WriteString("reason", unit.Reason);
                json.WriteString("key", unit.Key);
                json.WriteNumber("seconds", unit.Seconds);
                if (unit.From is not null) json.WriteString("from", unit.From);
                json.WriteEndObject();
                // The writer buffers everything until flushed: a 20 MB buffer grown by doubling means full GCs.
                if (json.BytesPending > 1 << 16) json.Flush();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        stream.WriteByte((byte)'\n');
    });

    public static RunReport Read(string path) => JsonConvert.DeserializeObject<RunReport>(File.ReadAllText(path), Json.Settings)!;
}
