using Newtonsoft.Json.Linq;
using Workflow.Cache;

namespace Workflow.Tests.Cache;

public sealed class CanonicalJsonTests
{
    public sealed class TheSerializeMethod
    {
        [Test]
        public void Should_Sort_Keys_At_Every_Depth_And_Drop_Whitespace()
        {
            // Given
            var value = JObject.Parse("{ \"b\": 1, \"a\": { \"z\": [3, 1], \"y\": \"x\" } }");

            // When
            var text = CanonicalJson.Serialize(value);

            // Then
            Assert.That(text, Is.EqualTo("{\"a\":{\"y\":\"x\",\"z\":[3,1]},\"b\":1}"));
        }

        [Test]
        public void Should_Give_The_Same_Hash_For_Equal_Values_Built_In_Different_Orders()
        {
            // Given
            var first = new JObject { ["x"] = 0.1, ["y"] = "é" };
            var second = new JObject { ["y"] = "é", ["x"] = 0.1 };

            // When / Then
            Assert.That(CanonicalJson.Hash(first), Is.EqualTo(CanonicalJson.Hash(second)));
        }

        [Test]
        public void Should_Write_Numbers_In_Invariant_Culture()
        {
            // Given
            var previous = System.Globalization.CultureInfo.CurrentCulture;
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE", false);
            try
            {
                // When
                var text = CanonicalJson.Serialize(new JObject { ["v"] = 1.5 });

                // Then
                Assert.That(text, Is.EqualTo("{\"v\":1.5}"));
            }
            finally
            {
                System.Globalization.CultureInfo.CurrentCulture = previous;
            }
        }
    }
}
