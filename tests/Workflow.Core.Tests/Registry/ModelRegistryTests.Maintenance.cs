using Workflow.Cache;
using Workflow.Registry;
using Workflow.Tests.Fixtures;

namespace Workflow.Tests.Registry;

public sealed partial class ModelRegistryTests
{
    public sealed class TheDeleteMethod
    {
        [Test]
        public void Should_Refuse_While_Aliases_Point_At_The_Version_And_List_Them()
        {
            using var temp = new TempDirectory();
            var registry = WithVersions(temp, 1);
            registry.SetAlias("tones/1", "staging");
            registry.SetAlias("tones/1", "prod");

            var error = Assert.Throws<WorkflowException>(() => registry.Delete("tones/1"));

            Assert.That(error!.Message, Is.EqualTo(
                "tones/1 cannot be deleted while aliases point at it: prod, staging; move them (alias set) or delete them (alias delete) first."));
        }

        [Test]
        public void Should_Remove_The_Version_And_Never_Reuse_Its_Number()
        {
            // Given
            using var temp = new TempDirectory();
            var registry = WithVersions(temp, 2);

            // When
            registry.Delete("tones/2");
            var files = RegistryPackages.Write(temp.Combine("later"), variant: 5);
            var next = registry.Register(files.Package, files.Manifest, "tones");

            // Then
            Assert.That(next.Version, Is.EqualTo(3));
            Assert.That(registry.ReadIndex().EntryOf("tones").Versions.Select(v => v.Version), Is.EqualTo(new[] { 1, 3 }));
        }
    }

    public sealed class TheGcMethod
    {
        [Test]
        public void Should_Keep_Exactly_The_Referenced_Blobs()
        {
            // Given
            using var temp = new TempDirectory();
            var registry = WithVersions(temp, 3);
            var deleted = registry.Resolve("tones/2").PackageSha256;
            registry.Delete("tones/2");
            var kept = registry.ReadIndex().AllVersions.Select(v => $"registry/blobs/{v.PackageSha256[..2]}/{v.PackageSha256[2..]}").Order(StringComparer.Ordinal);

            // When
            var result = registry.Gc(dryRun: false);

            // Then
            Assert.That(result.Removed, Is.EqualTo(new[] { deleted }));
            Assert.That(result.Kept, Is.EqualTo(2));
            Assert.That(temp.Files().Where(f => f.StartsWith("registry/blobs/", StringComparison.Ordinal)), Is.EqualTo(kept));
        }

        [Test]
        public void Should_Only_Report_On_A_Dry_Run()
        {
            using var temp = new TempDirectory();
            var registry = WithVersions(temp, 2);
            var deleted = registry.Resolve("tones/1");
            registry.Delete("tones/1");

            var result = registry.Gc(dryRun: true);

            Assert.That((result.DryRun, result.Removed, result.Bytes), Is.EqualTo((true, new[] { deleted.PackageSha256 }, deleted.PackageBytes)));
            Assert.That(File.Exists(registry.PackagePath(deleted)), Is.True);
        }
    }

    public sealed class TheVerifyMethod
    {
        [Test]
        public void Should_Pass_A_Healthy_Registry()
        {
            using var temp = new TempDirectory();
            var registry = WithVersions(temp, 2);

            var report = registry.Verify();

            Assert.That((report.Ok, report.VersionsChecked, report.BlobsChecked), Is.EqualTo((true, 2, 2)));
        }

        [Test]
        public void Should_Catch_A_Blob_Changed_On_Disk_And_Check_The_Rest()
        {
            // Given
            using var temp = new TempDirectory();
            var registry = WithVersions(temp, 2);
            var path = registry.PackagePath(registry.Resolve("tones/1"));
            var bytes = File.ReadAllBytes(path);
            bytes[^10] ^= 0xFF;
            File.WriteAllBytes(path, bytes);

            // When
            var report = registry.Verify();

            // Then
            Assert.That(report.Ok, Is.False);
            Assert.That(report.Problems, Is.EqualTo(new[]
            {
                new VerifyProblem("tones/1", $"its package {RelativeBlob(registry, "tones/1")} changed on disk: it now hashes to {ContentHash.Short(ContentHash.OfBytes(bytes))}"),
            }));
        }

        [Test]
        public void Should_Report_A_Missing_Blob()
        {
            using var temp = new TempDirectory();
            var registry = WithVersions(temp, 1);
            File.Delete(registry.PackagePath(registry.Resolve("tones/1")));

            var report = registry.Verify();

            Assert.That(report.Problems.Single().Problem, Is.EqualTo($"its package {RelativeBlob(registry, "tones/1")} is missing"));
        }

        private static string RelativeBlob(ModelRegistry registry, string reference)
        {
            var sha = registry.Resolve(reference).PackageSha256;
            return $"blobs/{sha[..2]}/{sha[2..]}";
        }
    }
}
