using Workflow.Cache;
using Workflow.Data;
using Workflow.Registry;
using Workflow.Tests.Fixtures;

namespace Workflow.Tests.Registry;

/// <summary>
/// This machine's copy of a remote registry (a real nginx with WebDAV): answers when the registry is unreachable,
/// verified packages, resumed fetches, and its size bound.
/// </summary>
[NonParallelizable]
public sealed class RegistryCacheTests
{
    public sealed class WithARemoteRegistry
    {
        private NginxServer nginx = null!;
        private TempDirectory temp = null!;
        private RegistryAddress address = null!;
        private RegistryPackages.Files files = null!;
        private List<string> log = null!;

        [SetUp]
        public void RegisterOnePackage()
        {
            nginx = new NginxServer();
            temp = new TempDirectory();
            log = [];
            address = RegistryAddress.Parse($"{nginx.BaseUrl}/registry", temp.Path);
            files = RegistryPackages.Write(temp.Combine("build"));
            new ModelRegistry(address).Register(files.Package, files.Manifest, "tones");
        }

        [TearDown]
        public void StopServer()
        {
            nginx.Dispose();
            temp.Dispose();
        }

        private string Sha256 => ContentHash.OfFile(files.Package);

        private string RemoteBlob => Path.Combine(nginx.Root, "registry", "blobs", Sha256[..2], Sha256[2..]);

        private string CachedBlob => Path.Combine(address.CacheDirectory!, "blobs", Sha256[..2], Sha256[2..]);

        [Test]
        public void Should_Answer_From_The_Cached_Index_With_A_Warning_When_The_Remote_Is_Unreachable()
        {
            // Given: the index and the alias history read once while the registry was up
            new ModelRegistry(address).History();
            nginx.Stop();
            var registry = new ModelRegistry(address, log.Add);

            // When
            var versions = registry.List(new VersionFilter());
            var history = registry.History();

            // Then: one warning, naming the registry and when its copy was read
            Assert.That(versions.Select(v => v.Version.Reference), Is.EqualTo(new[] { "tones/1" }));
            Assert.That(history, Is.Empty);
            Assert.That(registry.AnsweredFromCache, Is.True);
            Assert.That(log, Has.Count.EqualTo(1));
            Assert.That(log[0], Does.Match(
                $@"^warning: {nginx.BaseUrl}/registry is unreachable or failing: GET {nginx.BaseUrl}/registry/index\.json failed \(.+\)\. "
                + @"Answering from this machine's copy of the registry, read at \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ; it may be stale\.$"));
        }

        [Test]
        public void Should_Keep_The_Alias_Log_When_A_Machine_First_Reads_The_Index_So_History_Answers_Offline()
        {
            // Given: prod set from one machine; another machine only lists the versions while the registry is up
            new ModelRegistry(address).SetAlias("tones/1", "prod");
            var other = RegistryAddress.Parse($"{nginx.BaseUrl}/registry", temp.Combine("other-machine"));
            new ModelRegistry(other).List(new VersionFilter());
            nginx.Stop();
            var registry = new ModelRegistry(other, log.Add);

            // When
            var history = registry.History();

            // Then: the move, from that machine's copy, with the warning
            Assert.That(history.Select(m => (m.Model, m.Alias, m.To)), Is.EqualTo(new[] { ("tones", "prod", (int?)1) }));
            Assert.That(registry.AnsweredFromCache, Is.True);
            Assert.That(log, Has.Count.EqualTo(1));
            Assert.That(log[0], Does.EndWith("; it may be stale."));
        }

        [Test]
        public void Should_Say_When_Each_Copy_Was_Read_When_They_Were_Read_At_Different_Times()
        {
            // Given: both copies read, then the log's copy dated a month earlier (as if only the index was read since)
            new ModelRegistry(address).History();
            var stamps = Path.Combine(address.CacheDirectory!, "fetched.json");
            var json = Newtonsoft.Json.Linq.JObject.Parse(File.ReadAllText(stamps));
            Assert.That(json.Properties().Select(p => p.Name), Is.EquivalentTo(new[] { "index.json", "aliases.jsonl" }));
            json["aliases.jsonl"]!["fetched"] = "2026-10-01 08:00:00Z";
            File.WriteAllText(stamps, json.ToString());
            nginx.Stop();
            var registry = new ModelRegistry(address, log.Add);

            // When
            registry.List(new VersionFilter());
            registry.History();

            // Then: a warning for each, each with its own time; the oldest is what the registry reports as its age
            Assert.That(log, Has.Count.EqualTo(2));
            Assert.That(log[0], Does.Contain("read at " + json["index.json"]!["fetched"] + ";"));
            Assert.That(log[1], Does.Contain("read at 2026-10-01 08:00:00Z;"));
            Assert.That(registry.CachedAt, Is.EqualTo("2026-10-01 08:00:00Z"));
        }

        [Test]
        public void Should_Refuse_A_Change_Naming_The_Registry_When_The_Remote_Is_Unreachable()
        {
            // Given
            nginx.Stop();
            var registry = new ModelRegistry(address, log.Add);

            // When
            var error = Assert.Throws<RemoteUnreachableException>(() => registry.SetAlias("tones/1", "prod"));

            // Then
            Assert.That(error.Message, Does.StartWith($"{nginx.BaseUrl}/registry is unreachable or failing: "));
            Assert.That(registry.AnsweredFromCache, Is.False);
        }

        [Test]
        public void Should_Fetch_Again_A_Cached_Package_Damaged_On_Disk()
        {
            // Given
            var registry = new ModelRegistry(address);
            var version = registry.Resolve("tones/1");
            var first = registry.PackagePath(version);
            File.WriteAllText(first, "damaged");

            // When
            var second = registry.PackagePath(version);

            // Then
            Assert.That(second, Is.EqualTo(CachedBlob));
            Assert.That(File.ReadAllBytes(second), Is.EqualTo(File.ReadAllBytes(files.Package)));
        }

        [Test]
        public void Should_Refuse_A_Package_That_Is_Corrupt_On_The_Remote()
        {
            // Given
            File.WriteAllText(RemoteBlob, "tampered");
            var registry = new ModelRegistry(address);
            var version = registry.Resolve("tones/1");

            // When
            var error = Assert.Throws<WorkflowException>(() => registry.PackagePath(version));

            // Then: nothing of it is kept
            Assert.That(error.Message, Is.EqualTo(
                $"The registry {nginx.BaseUrl}/registry holds a corrupt package blobs/{Sha256[..2]}/{Sha256[2..]}: its bytes hash to "
                + $"{ContentHash.Short(ContentHash.OfText("tampered"))} (fetched twice). It was not used; run verify there, and register the package again from a machine that has it."));
            Assert.That(Directory.EnumerateFiles(Path.Combine(address.CacheDirectory!, "blobs"), "*", SearchOption.AllDirectories), Is.Empty);
        }

        [Test]
        public void Should_Resume_An_Interrupted_Fetch_From_The_Length_Already_Read()
        {
            // Given: half the package fetched before an interruption, and a remote copy whose first half no longer
            // matches — so only a read that starts after the fetched half can end in a verified package
            var bytes = File.ReadAllBytes(files.Package);
            var half = bytes.Length / 2;
            Directory.CreateDirectory(Path.GetDirectoryName(CachedBlob)!);
            File.WriteAllBytes(CachedBlob + ".partial", bytes[..half]);
            File.WriteAllBytes(RemoteBlob, [.. new byte[half], .. bytes[half..]]);
            var registry = new ModelRegistry(address);
            var reported = new List<long>();

            // When
            var path = registry.PackagePath(registry.Resolve("tones/1"), new Progress(reported));

            // Then
            Assert.That(File.ReadAllBytes(path), Is.EqualTo(bytes));
            Assert.That(File.Exists(CachedBlob + ".partial"), Is.False);
            Assert.That(reported.First(), Is.GreaterThan(half), "progress counts the bytes fetched before");
            Assert.That(reported.Last(), Is.EqualTo(bytes.Length));
        }

        /// <summary>Reports synchronously (<see cref="Progress{T}"/> would post to the thread pool).</summary>
        private sealed class Progress(List<long> reported) : IProgress<long>
        {
            public void Report(long value) => reported.Add(value);
        }
    }

    public sealed class TheAddMethod
    {
        [Test]
        public void Should_Evict_The_Least_Recently_Used_Blobs_Beyond_The_Bound()
        {
            // Given: a 1 MB bound, 600 KB + 300 KB cached, then the older one used again
            using var temp = new TempDirectory();
            var before = Environment.GetEnvironmentVariable(RegistryCache.SizeVariable);
            Environment.SetEnvironmentVariable(RegistryCache.SizeVariable, "1");
            try
            {
                var cache = new RegistryCache(temp.Combine("cache"));
                var a = Add(cache, temp, "a", 600 << 10);
                var b = Add(cache, temp, "b", 300 << 10);
                Assert.That(cache.Verified(a), Is.Not.Null);

                // When: 300 KB more
                var c = Add(cache, temp, "c", 300 << 10);

                // Then: the least recently used one went, and the cache is within its bound
                Assert.That((cache.Verified(a) is not null, cache.Verified(b) is not null, cache.Verified(c) is not null), Is.EqualTo((true, false, true)));
                Assert.That(cache.Bytes, Is.EqualTo(900 << 10));
            }
            finally
            {
                Environment.SetEnvironmentVariable(RegistryCache.SizeVariable, before);
            }
        }

        [Test]
        public void Should_Keep_The_Blob_Just_Added_Even_When_It_Alone_Exceeds_The_Bound()
        {
            using var temp = new TempDirectory();
            var before = Environment.GetEnvironmentVariable(RegistryCache.SizeVariable);
            Environment.SetEnvironmentVariable(RegistryCache.SizeVariable, "0");
            try
            {
                var cache = new RegistryCache(temp.Combine("cache"));
                var a = Add(cache, temp, "a", 1000);

                var b = Add(cache, temp, "b", 2000);

                Assert.That((cache.Verified(a) is not null, cache.Verified(b) is not null), Is.EqualTo((false, true)));
            }
            finally
            {
                Environment.SetEnvironmentVariable(RegistryCache.SizeVariable, before);
            }
        }

        private static string Add(RegistryCache cache, TempDirectory temp, string name, int size)
        {
            var bytes = new byte[size];
            new Random(name[0]).NextBytes(bytes);
            var sha256 = ContentHash.OfBytes(bytes);
            cache.Add(temp.Write($"downloads/{name}", bytes), sha256);
            return sha256;
        }
    }
}
