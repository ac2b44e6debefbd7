using Newtonsoft.Json.Linq;
using Workflow.Cache;
using Workflow.Pipeline;
using Workflow.Tests.Fixtures;

namespace Workflow.Tests.Pipeline;

public sealed class CacheKeyTests
{
    public sealed class TheOfMethod
    {
        [TestCase("a.wav")]
        [TestCase("odd \"name\"\\with\ttab\nand é")]
        public void Should_Hash_Exactly_The_Canonical_Json_Of_The_Key_Ingredients(string name)
        {
            // Given
            var stage = new TextStage("Upper", [], s => s) { Version = 3 };
            var parameters = new JObject { ["z"] = 1.5, ["a"] = new JObject { ["y"] = "x", ["b"] = true } };
            var unit = new StageUnit(name, ["data/" + name, "data/b"], parameters, []);
            var inputs = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["data/" + name] = "h1", ["data/b"] = "h2" };

            // When
            var key = CacheKey.Of(stage, unit, inputs);

            // Then
            Assert.That(key, Is.EqualTo(CanonicalJson.Hash(new JObject
            {
                ["stage"] = "Upper",
                ["version"] = 3,
                ["unit"] = name,
                ["parameters"] = parameters.DeepClone(),
                ["inputs"] = new JArray(inputs.Select(i => new JArray(i.Key, i.Value))),
            })));
        }
    }
}
