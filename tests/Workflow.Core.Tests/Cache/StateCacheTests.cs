using Workflow.Cache;
using Workflow.Data;
using Workflow.Tests.Fixtures;

namespace Workflow.Tests.Cache;

public sealed class StateCacheTests
{
    private static FileStat Old(long inode = 7) => new(3, 1_000_000_000, 1_000_000_000, (ulong)inode);

    public sealed class TheLookupMethod
    {
        [Test]
        public void Should_Return_What_Was_Saved_For_The_Same_Stat_Only()
        {
            // Given
            using var temp = new TempDirectory();
            var path = temp.Combine("state");
            var state = StateCache.Load(path);
            state.Record("data/a b", Old(), DataWorkspace.FooMd5);
            state.Save();

            // When
            var loaded = StateCache.Load(path);

            // Then
            Assert.That(loaded.Lookup("data/a b", Old()), Is.EqualTo(DataWorkspace.FooMd5));
            Assert.That(loaded.Lookup("data/a b", Old(inode: 8)), Is.Null);
            Assert.That(loaded.Lookup("data/a b", Old() with { Size = 4 }), Is.Null);
            Assert.That(loaded.Lookup("data/a b", Old() with { MtimeNs = 1 }), Is.Null);
        }

        [Test]
        public void Should_Not_Trust_A_File_Modified_Within_The_Racy_Window()
        {
            // Given
            using var temp = new TempDirectory();
            var fresh = Old() with { MtimeNs = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100 };
            var state = StateCache.Load(temp.Combine("state"));
            state.Record("data/new", fresh, DataWorkspace.FooMd5);
            state.Save();

            // When
            var loaded = StateCache.Load(temp.Combine("state"));

            // Then
            Assert.That(loaded.Lookup("data/new", fresh), Is.Null);
        }

        [Test]
        public void Should_Read_Back_Every_Entry_Of_A_File_Parsed_In_Slices()
        {
            // Given: more than a few MB, so the file is parsed in slices cut at line ends
            using var temp = new TempDirectory();
            var state = StateCache.Load(temp.Combine("state"), keepUnseen: true);
            var hash = Workflow.Cache.ContentHash.OfText("x");
            for (var i = 0; i < 30_000; i++) state.Record($"/data/é/{i:D6}/with space.wav", Old(i), hash, trusted: true);
            state.Save();
            Assert.That(new FileInfo(temp.Combine("state")).Length, Is.GreaterThan(3 << 20));

            // When
            var loaded = StateCache.Load(temp.Combine("state"));

            // Then
            var missed = Enumerable.Range(0, 30_000).Count(i => loaded.Lookup($"/data/é/{i:D6}/with space.wav", Old(i)) != hash);
            Assert.That(missed, Is.Zero);
        }

        [TestCase("")]
        [TestCase("workflow-state 1\nnot a line\nacbd 1 2 3 4 data/x\n")]
        [TestCase("something else\n")]
        public void Should_Treat_A_Corrupt_State_File_As_Empty(string text)
        {
            // Given
            using var temp = new TempDirectory();
            temp.Write("state", text);

            // When
            var state = StateCache.Load(temp.Combine("state"));

            // Then
            Assert.That(state.Lookup("data/x", Old()), Is.Null);
        }
    }
}
