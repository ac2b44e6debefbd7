using Newtonsoft.Json.Linq;
using Workflow.Pipeline;
using Workflow.Tests.Fixtures;

namespace Workflow.Tests.Pipeline;

public sealed class RunReportTests
{
    private static readonly UnitDecision[] Decisions =
    [
        new("ExtractFeatures", "train/7/é \"q\".wav", UnitDecision.Ran, "input data/train/7/é \"q\".wav changed\nagain", new string('a', 64), 0.125),
        new("Train", "7", UnitDecision.UpToDate, "unchanged", new string('b', 64), 0, UnitDecision.Local),
        new("Evaluate", "evaluation", UnitDecision.Ran, "no previous run", new string('c', 64), 1.5),
    ];

    public sealed class TheWriteMethod
    {
        [Test]
        public void Should_Write_One_Unit_A_Line_That_Reads_Back_The_Same()
        {
            // Given
            using var temp = new TempDirectory();
            var report = new RunReport("Train \"x\"", Decisions);

            // When
            report.Write(new Workspace(temp.Path));

            // Then: the header, a line per unit (each a JSON object on its own), the closing line
            var path = temp.Combine(RunReport.RelativePath);
            var lines = File.ReadAllLines(path);
            Assert.That(lines, Has.Length.EqualTo(Decisions.Length + 2));
            Assert.That(lines[0], Is.EqualTo("{\"target\": \"Train \\\"x\\\"\", \"units\": ["));
            Assert.That(lines[^1], Is.EqualTo("]}"));
            for (var i = 0; i < Decisions.Length; i++)
            {
                var unit = JObject.Parse(lines[i + 1].TrimEnd(','));
                Assert.That((string?)unit["unit"], Is.EqualTo(Decisions[i].Unit));
                Assert.That((string?)unit["status"], Is.EqualTo(Decisions[i].Status));
            }
            Assert.That(lines[1], Does.Contain("\"status\":\"ran\""));
            var read = RunReport.Read(path);
            Assert.That(read.Target, Is.EqualTo(report.Target));
            Assert.That(read.Units, Is.EqualTo(Decisions));
        }

        [Test]
        public void Should_Keep_The_Order_Of_Units_Made_In_Blocks_On_Several_Cores()
        {
            // Given: more units than several blocks hold, each one different
            using var temp = new TempDirectory();
            var units = Enumerable.Range(0, 20_001)
                .Select(i => new UnitDecision("ExtractFeatures", $"train/{i % 10}/{i:D6}.wav", i % 3 == 0 ? UnitDecision.Ran : UnitDecision.UpToDate,
                    $"reason {i}", i.ToString("x64"), i / 1000.0, i % 3 == 0 ? null : UnitDecision.Local))
                .ToList();

            // When
            new RunReport("Evaluate", units).Write(new Workspace(temp.Path));

            // Then: every unit, in the order given, one a line
            var path = temp.Combine(RunReport.RelativePath);
            Assert.That(RunReport.Read(path).Units, Is.EqualTo(units));
            Assert.That(File.ReadAllLines(path), Has.Length.EqualTo(units.Count + 2));
        }

        [Test]
        public void Should_Write_Each_Unit_As_A_Json_Writer_Would_Byte_For_Byte()
        {
            // Given: strings that need escaping (quote, backslash, control characters, DEL, characters HTML escapes,
            // non-ASCII, a surrogate pair, a line separator) and numbers of every shape a rounded duration takes
            using var temp = new TempDirectory();
            string[] names = ["plain/7/a.wav", "q\"uote", "back\\slash", "line\nbreak\ttab", "\u0001\u001f\u007f", "<>&'+`", "é ü 日本", "🎵", "\u2028\u2029", ""];
            double[] seconds = [0, 0.001, 0.1, 0.125, 1.5, 5.503, 0.30000000000000004, 1234.567, 123456.789, 1e-7, 86400];
            var units = names.SelectMany((name, i) => seconds.Select((s, j) => new UnitDecision(
                    i % 2 == 0 ? "ExtractFeatures" : "Train \"x\"", name, j % 2 == 0 ? UnitDecision.Ran : UnitDecision.UpToDate,
                    names[(i + j) % names.Length] + " changed", new string((char)('a' + j), 64), s, j % 3 == 0 ? null : UnitDecision.Local)))
                .ToList();

            // When
            new RunReport("Train", units).Write(new Workspace(temp.Path));

            // Then
            var lines = File.ReadAllLines(temp.Combine(RunReport.RelativePath));
            for (var i = 0; i < units.Count; i++)
                Assert.That(lines[i + 1], Is.EqualTo(WriterLine(units[i]) + (i < units.Count - 1 ? "," : "")), $"unit {i}");
        }

        // The line System.Text.Json's writer makes of a unit (what the report was written with before).
        private static string WriterLine(UnitDecision unit)
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            using (var json = new System.Text.Json.Utf8JsonWriter(buffer, new System.Text.Json.JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
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
            }
            return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
        }

        [Test]
        public void Should_Write_A_Report_Without_Units()
        {
            // Given
            using var temp = new TempDirectory();

            // When
            new RunReport("Train", []).Write(new Workspace(temp.Path));

            // Then
            var read = RunReport.Read(temp.Combine(RunReport.RelativePath));
            Assert.That((read.Target, read.Units.Count), Is.EqualTo(("Train", 0)));
        }
    }
}
