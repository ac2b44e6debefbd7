using Workflow.Registry;
using Workflow.Tests.Fixtures;

namespace Workflow.Tests.Registry;

public sealed class RegistryAddressTests
{
    public sealed class TheParseMethod
    {
        [Test]
        public void Should_Read_A_Path_As_A_Folder_Registry_Without_A_Cache()
        {
            using var temp = new TempDirectory();

            var address = RegistryAddress.Parse(temp.Combine("shared/registry"), temp.Path);

            Assert.That((address.IsRemote, address.Folder, address.Display, address.CacheDirectory),
                Is.EqualTo((false, temp.Combine("shared/registry"), temp.Combine("shared/registry"), (string?)null)));
        }

        [Test]
        public void Should_Read_A_Webdav_Url_As_Http_Sharing_Its_Cache_With_The_Same_Http_Url()
        {
            // Given
            using var temp = new TempDirectory();

            // When
            var webdav = RegistryAddress.Parse("webdav://models.example:8080/registry/", temp.Path);
            var http = RegistryAddress.Parse("http://models.example:8080/registry", temp.Path);
            using var remote = webdav.Open();

            // Then
            Assert.That((webdav.IsRemote, webdav.Display, webdav.Prefix, remote.Location),
                Is.EqualTo((true, "webdav://models.example:8080/registry", "", "http://models.example:8080/registry")));
            Assert.That(webdav.CacheDirectory, Does.StartWith(temp.Combine(".workflow/registry-cache/")).And.EqualTo(http.CacheDirectory));
        }

        [Test]
        public void Should_Give_Different_Registries_Different_Caches()
        {
            using var temp = new TempDirectory();

            var one = RegistryAddress.Parse("s3://models/team-a", temp.Path);
            var two = RegistryAddress.Parse("s3://models/team-b", temp.Path);

            Assert.That(one.CacheDirectory, Is.Not.EqualTo(two.CacheDirectory));
        }

        [Test]
        public void Should_Name_The_Registry_Of_A_Remote_In_Dvc_Config_After_The_Remote()
        {
            // Given
            using var temp = new TempDirectory();
            temp.Write(".dvc/config", "['remote \"store\"']\n    url = http://dvc.example/store\n    method = PUT\n['remote \"share\"']\n    url = /srv/share\n");

            // When
            var http = RegistryAddress.Parse("store", temp.Path);
            var folder = RegistryAddress.Parse("share", temp.Path);

            // Then: the registry is the remote's workflow-registry/ folder
            Assert.That((http.IsRemote, http.Display, http.Prefix),
                Is.EqualTo((true, "store (http://dvc.example/store/workflow-registry)", RegistryAddress.RemotePrefix)));
            Assert.That((folder.IsRemote, folder.Folder, folder.Display),
                Is.EqualTo((false, "/srv/share/workflow-registry", "share (/srv/share/workflow-registry)")));
        }

        [Test]
        public void Should_Read_A_Name_Missing_From_Dvc_Config_As_A_Folder()
        {
            using var temp = new TempDirectory();
            temp.Write(".dvc/config", "['remote \"store\"']\n    url = /srv/store\n");

            var address = RegistryAddress.Parse("registry", temp.Path);

            Assert.That(address.Folder, Is.EqualTo(Path.GetFullPath("registry")));
        }

        [TestCase("ftp://models.example/registry",
            "The registry 'ftp://models.example/registry' has the scheme ftp://, but a registry can be a folder, an http(s):// or webdav(s):// url, an s3:// url, or the name of a remote in .dvc/config.")]
        [TestCase("s3://", "The registry 's3://' names no bucket; use s3://BUCKET/PREFIX.")]
        public void Should_Refuse_An_Address_It_Cannot_Use(string location, string message)
        {
            using var temp = new TempDirectory();

            var error = Assert.Throws<WorkflowException>(() => RegistryAddress.Parse(location, temp.Path));

            Assert.That(error.Message, Is.EqualTo(message));
        }
    }

    [NonParallelizable]
    public sealed class WithARemoteNamedInDvcConfig
    {
        [Test]
        public async Task Should_Keep_The_Registry_Under_Workflow_Registry_In_That_Remote()
        {
            // Given: the repository's S3 remote, with its endpoint and keys in .dvc/config
            using var server = new S3rverServer();
            using var temp = new TempDirectory();
            temp.Write(".dvc/config", $"['remote \"origin\"']\n    url = s3://{S3rverServer.Bucket}/store\n{server.DvcSettings()}");
            var files = RegistryPackages.Write(temp.Combine("build"));

            // When
            var registry = new ModelRegistry(RegistryAddress.Parse("origin", temp.Path));
            var result = registry.Register(files.Package, files.Manifest, "tones");

            // Then: beside DVC's files/, and nothing else left behind (no lock, no probe)
            var sha = result.PackageSha256;
            Assert.That(await server.Keys("store/"), Is.EquivalentTo(new[]
            {
                "store/workflow-registry/index.json",
                $"store/workflow-registry/blobs/{sha[..2]}/{sha[2..]}",
            }));
            Assert.That(registry.Root, Is.EqualTo($"origin (s3://{S3rverServer.Bucket}/store/workflow-registry)"));
        }
    }
}
