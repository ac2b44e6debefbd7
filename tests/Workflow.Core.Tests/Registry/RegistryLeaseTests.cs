using System.Collections.Concurrent;
using Newtonsoft.Json;
using Workflow.Data;
using Workflow.Registry;
using Workflow.Tests.Fixtures;

namespace Workflow.Tests.Registry;

/// <summary>The lease lock of a remote registry, on a folder remote (the lock only needs <see cref="IRemote.CreateAsync"/>).</summary>
public sealed class RegistryLeaseTests
{
    private const string LockPath = "workflow-registry/registry.lock";

    public sealed class TheAcquireMethod
    {
        [Test]
        public void Should_Make_A_Second_Acquirer_Wait_Until_The_First_Releases()
        {
            // Given
            using var temp = new TempDirectory();
            var remote = Remote(temp);
            var first = RegistryLease.Acquire(remote, LockPath, "team", TimeSpan.FromSeconds(5), null);
            var waiting = new ManualResetEventSlim();
            var log = new ConcurrentQueue<string>();

            // When
            var second = Task.Run(() => RegistryLease.Acquire(remote, LockPath, "team", TimeSpan.FromSeconds(60), line =>
            {
                log.Enqueue(line);
                waiting.Set();
            }));
            Assert.That(waiting.Wait(TimeSpan.FromSeconds(30)), Is.True, "the second acquirer says it waits");
            var acquiredWhileHeld = second.IsCompleted;
            first.Dispose();
            using var lease = second.GetAwaiter().GetResult();

            // Then
            Assert.That(acquiredWhileHeld, Is.False);
            Assert.That(log.First(), Does.Match(
                @"^Waiting for the lock of the registry team: \S+@\S+ \(pid \d+\) has held it since \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ\.$"));
            Assert.That(File.Exists(temp.Combine($"remote/{LockPath}")), Is.True);
        }

        [Test]
        public void Should_Delete_The_Lock_Object_On_Release()
        {
            using var temp = new TempDirectory();
            var remote = Remote(temp);

            RegistryLease.Acquire(remote, LockPath, "team", TimeSpan.FromSeconds(5), null).Dispose();

            Assert.That(File.Exists(temp.Combine($"remote/{LockPath}")), Is.False);
        }

        [Test]
        public void Should_Break_A_Lease_That_Has_Ended_Naming_Its_Holder()
        {
            // Given: a lock left by a process that died an hour ago
            using var temp = new TempDirectory();
            var remote = Remote(temp);
            var taken = new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
            WriteLock(temp, new RegistryLease.Holder("dead", "alice@build-7 (pid 4242)", taken, taken.AddMinutes(2)));
            var log = new List<string>();

            // When
            using var lease = RegistryLease.Acquire(remote, LockPath, "team", TimeSpan.FromSeconds(5), log.Add);

            // Then
            Assert.That(log, Is.EqualTo(new[]
            {
                "Breaking the lock of the registry team: alice@build-7 (pid 4242) took it at 2026-11-30 09:00:00Z and its lease ended at 2026-11-30 09:02:00Z.",
            }));
            Assert.That(ReadLock(temp).Token, Is.Not.EqualTo("dead"));
        }

        [Test]
        public void Should_Give_Up_Naming_A_Live_Holder()
        {
            // Given: a lease that runs for another hour
            using var temp = new TempDirectory();
            var remote = Remote(temp);
            var taken = DateTimeOffset.UtcNow;
            WriteLock(temp, new RegistryLease.Holder("alive", "bob@laptop (pid 7)", taken, taken.AddHours(1)));

            // When
            var error = Assert.Throws<WorkflowException>(() => RegistryLease.Acquire(remote, LockPath, "team", TimeSpan.FromMilliseconds(300), null));

            // Then: the lock is left to its holder
            Assert.That(error.Message, Does.Match(
                @"^Gave up after 0\.3 s waiting for the lock of the registry team: bob@laptop \(pid 7\) has held it since .+Z \(its lease ends at .+Z, when it can be broken\)\. Try again later\.$"));
            Assert.That(ReadLock(temp).Token, Is.EqualTo("alive"));
        }
    }

    [NonParallelizable]
    public sealed class OnS3rver
    {
        [Test]
        public void Should_Break_A_Lock_Stored_Broken()
        {
            // Given: a live lease whose stored bytes no longer match its checksum, as s3rver leaves an object that two
            // writers PUT at once — it cannot be read, ever
            using var server = new S3rverServer();
            var remote = new RemoteRetry(new S3Remote("registry", server.Settings("team") with { CreateSettle = TimeSpan.Zero }, 1),
                firstDelay: TimeSpan.FromMilliseconds(10));
            var taken = DateTimeOffset.UtcNow;
            var live = JsonConvert.SerializeObject(new RegistryLease.Holder("alive", "bob@laptop (pid 7)", taken, taken.AddHours(1)));
            remote.Run("", t => remote.Remote.CreateAsync(LockPath, new MemoryStream(System.Text.Encoding.UTF8.GetBytes(live)), t));
            File.WriteAllText(server.ObjectFile($"team/{LockPath}"), live.Replace("alive", "mixed", StringComparison.Ordinal));
            var log = new List<string>();

            // When
            using var lease = RegistryLease.Acquire(remote, LockPath, "team", TimeSpan.FromSeconds(30), log.Add);

            // Then
            Assert.That(log, Is.EqualTo(new[]
            {
                "Breaking the lock of the registry team: an unreadable lock took it at 0001-01-01 00:00:00Z and its lease ended at 0001-01-01 00:00:00Z.",
            }));
        }
    }

    private static RemoteRetry Remote(TempDirectory temp) => new(new LocalRemote("registry", temp.Combine("remote"), create: true));

    private static void WriteLock(TempDirectory temp, RegistryLease.Holder holder) =>
        temp.Write($"remote/{LockPath}", JsonConvert.SerializeObject(holder));

    private static RegistryLease.Holder ReadLock(TempDirectory temp) =>
        JsonConvert.DeserializeObject<RegistryLease.Holder>(File.ReadAllText(temp.Combine($"remote/{LockPath}")))!;
}
