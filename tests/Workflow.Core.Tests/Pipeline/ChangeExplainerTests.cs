using Newtonsoft.Json.Linq;
using Workflow.Pipeline;

namespace Workflow.Tests.Pipeline;

public sealed class ChangeExplainerTests
{
    private static UnitRecord Record(int seed, params (string Name, string Hash)[] inputs) => new(
        "key",
        1,
        new JObject { ["train"] = new JObject { ["seed"] = seed } },
        new SortedDictionary<string, string>(inputs.ToDictionary(i => i.Name, i => i.Hash), StringComparer.Ordinal));

    public sealed class TheExplainMethod
    {
        [Test]
        public void Should_Return_Null_When_Nothing_In_The_Key_Differs()
        {
            Assert.That(ChangeExplainer.Explain(Record(1, ("a", "x")), Record(1, ("a", "x"))), Is.Null);
        }

        [Test]
        public void Should_Name_Added_And_Removed_Inputs()
        {
            // Given
            var before = Record(1, ("a", "x"));
            var after = Record(1, ("b", "y"));

            // When
            var reason = ChangeExplainer.Explain(before, after);

            // Then
            Assert.That(reason, Is.EqualTo("input b added (+1 more)"));
        }

        [Test]
        public void Should_Put_Parameter_Changes_First()
        {
            Assert.That(
                ChangeExplainer.Explain(Record(1, ("a", "x")), Record(2, ("a", "z"))),
                Is.EqualTo("parameter train.seed changed (1 → 2) (+1 more)"));
        }
    }
}
