using Newtonsoft.Json.Linq;
using Workflow.Pipeline;
using Workflow.Tests.Fixtures;

namespace Workflow.Tests.Pipeline;

public sealed class UnitHistoryTests
{
    private static SortedDictionary<string, string> Map(params (string Key, string Value)[] pairs) =>
        new(pairs.ToDictionary(p => p.Key, p => p.Value), StringComparer.Ordinal);

    public sealed class TheSaveMethod
    {
        [Test]
        public void Should_Round_Trip_Records_With_Any_Name_And_Write_Each_Parameter_Set_Once()
        {
            // Given
            using var temp = new TempDirectory();
            var shared = new JObject { ["features"] = new JObject { ["nMfcc"] = 13 } };
            var names = new[] { "plain", "with\ttab", "new\nline", "back\\slash\\n", "cr\r" };
            var records = names.Select((n, i) => KeyValuePair.Create(n, new UnitRecord(
                $"key{i}", 2, i == 0 ? new JObject { ["other"] = 1 } : shared,
                Map(($"data/{n}", $"in{i}")), Map(($"artifacts/{n}", $"out{i}"))))).ToList();

            // When
            UnitHistory.Load(temp.Path, "Stage").Save(records);
            var loaded = UnitHistory.Load(temp.Path, "Stage");

            // Then
            foreach (var (name, record) in records)
            {
                var back = loaded.Get(name);
                Assert.That(back, Is.Not.Null, name);
                Assert.That((back!.Key, back.Version, back.Inputs, back.Outputs), Is.EqualTo((record.Key, record.Version, record.Inputs, record.Outputs)), name);
                Assert.That(JToken.DeepEquals(back.Parameters, record.Parameters), name);
            }
            Assert.That(File.ReadAllLines(temp.Combine("Stage.history")).Count(l => l.StartsWith("P\t", StringComparison.Ordinal)), Is.EqualTo(2));
        }

        [TestCase("")]
        [TestCase("workflow-history 2\nU\tk\tnot-a-number\t0\tname\n")]
        [TestCase("workflow-history 2\nU\tk\t1\t5\tname\n")]
        [TestCase("workflow-history 2\nX\tjunk\n")]
        [TestCase("{\"old\": \"json\"}")]
        public void Should_Treat_An_Unreadable_History_As_No_Previous_Run(string text)
        {
            // Given
            using var temp = new TempDirectory();
            temp.Write("Stage.history", text);

            // When
            var history = UnitHistory.Load(temp.Path, "Stage");

            // Then
            Assert.That(history.Get("name"), Is.Null);
        }
    }
}
