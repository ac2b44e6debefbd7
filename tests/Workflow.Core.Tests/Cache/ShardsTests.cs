using Workflow.Cache;

namespace Workflow.Tests.Cache;

public sealed class ShardsTests
{
    public sealed class TheOfMethod
    {
        [Test]
        public void Should_Spread_Keys_That_Differ_Only_In_Their_Last_Character()
        {
            // Class names "0" to "9" are the units of Train and Score: one shard for all would be rewritten whole on
            // every change.
            var shards = Enumerable.Range(0, 10).Select(i => Shards.Of(i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();

            Assert.That(shards.Distinct().Count(), Is.GreaterThanOrEqualTo(8), string.Join(",", shards));
        }

        [Test]
        public void Should_Spread_100000_Paths_Evenly_And_Give_The_Same_Shard_On_Every_Machine()
        {
            var counts = Enumerable.Range(0, 100_000).Select(i => Shards.Of($"train/{i % 10}/clip_{i:D6}.wav")).CountBy(s => s).ToList();

            Assert.That(counts, Has.Count.EqualTo(Shards.Count));
            Assert.That(counts.Select(c => c.Value), Is.All.InRange(1_300, 1_850));
            // FNV-1a with MurmurHash3's finaliser, top six bits: fixed by the files it names, never by the runtime.
            Assert.That(Enumerable.Range(0, 10).Select(i => Shards.Of(i.ToString(System.Globalization.CultureInfo.InvariantCulture))),
                Is.EqualTo(new[] { 25, 21, 15, 5, 28, 1, 3, 30, 41, 17 }));
        }
    }
}
