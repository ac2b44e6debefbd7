using System.Text;
using Workflow.Data;
using Workflow.Tests.Fixtures;

namespace Workflow.Tests.Data;

/// <summary>
/// What the registry asks of every <see cref="IRemote"/> beyond plain reads and writes — create only if absent,
/// delete, list, read from an offset — against a folder, a real nginx (WebDAV) and a real s3rver.
/// </summary>
[TestFixture("folder")]
[TestFixture("webdav")]
[TestFixture("s3")]
[NonParallelizable]
public sealed class RemoteContractTests(string kind)
{
    private IDisposable? server;
    private TempDirectory? folder;
    private IRemote remote = null!;

    [OneTimeSetUp]
    public void StartServer()
    {
        switch (kind)
        {
            case "webdav":
                var nginx = new NginxServer();
                server = nginx;
                remote = new HttpRemote("registry", new HttpRemoteSettings($"{nginx.BaseUrl}/store", "PUT"), 2);
                break;
            case "s3":
                var s3 = new S3rverServer();
                server = s3;
                remote = new S3Remote("registry", s3.Settings("store") with { CreateSettle = TimeSpan.FromMilliseconds(50) }, 2);
                break;
            default:
                folder = new TempDirectory();
                remote = new LocalRemote("registry", folder.Combine("store"), create: true);
                break;
        }
    }

    [OneTimeTearDown]
    public void StopServer()
    {
        remote?.Dispose();
        server?.Dispose();
        folder?.Dispose();
    }

    [Test]
    public async Task Should_Create_Once_Then_Keep_The_First_Content()
    {
        // Given
        var path = Unique("locks/registry.lock");

        // When
        var first = await remote.CreateAsync(path, Bytes("first"), CancellationToken.None);
        var second = await remote.CreateAsync(path, Bytes("second"), CancellationToken.None);

        // Then
        Assert.That((first, second), Is.EqualTo((true, false)));
        Assert.That(await Read(path), Is.EqualTo("first"));
        Assert.That((await remote.ListAsync(Folder(path), CancellationToken.None)).Select(o => o.Path), Is.EqualTo(new[] { path }),
            "no temporary upload is left beside the object");
    }

    [Test]
    public async Task Should_Create_Again_After_A_Delete()
    {
        // Given
        var path = Unique("registry.lock");
        await remote.CreateAsync(path, Bytes("first"), CancellationToken.None);

        // When
        var deleted = await remote.DeleteAsync(path, CancellationToken.None);
        var deletedAgain = await remote.DeleteAsync(path, CancellationToken.None);
        var exists = await remote.ExistsAsync(path, CancellationToken.None);
        var created = await remote.CreateAsync(path, Bytes("again"), CancellationToken.None);

        // Then
        Assert.That((deleted, deletedAgain, exists, created), Is.EqualTo((true, false, false, true)));
        Assert.That(await Read(path), Is.EqualTo("again"));
    }

    [Test]
    public async Task Should_List_Every_Object_Under_A_Folder_With_Its_Size()
    {
        // Given
        var root = Unique("listing");
        await remote.UploadAsync($"{root}/blobs/ab/cdef", Bytes("12345"), CancellationToken.None);
        await remote.UploadAsync($"{root}/blobs/01/2345", Bytes("1"), CancellationToken.None);
        await remote.UploadAsync($"{root}/index.json", Bytes("{}"), CancellationToken.None);
        await remote.UploadAsync($"{root}-sibling/blobs/ab/x", Bytes("no"), CancellationToken.None);

        // When
        var blobs = await remote.ListAsync($"{root}/blobs", CancellationToken.None);
        var missing = await remote.ListAsync($"{root}/nothing-here", CancellationToken.None);

        // Then: recursive, sorted, only under the folder
        Assert.That(blobs, Is.EqualTo(new[] { new RemoteObject($"{root}/blobs/01/2345", 1), new RemoteObject($"{root}/blobs/ab/cdef", 5) }));
        Assert.That(missing, Is.Empty);
    }

    [TestCase(0, "0123456789")]
    [TestCase(4, "456789")]
    [TestCase(10, "")]
    public async Task Should_Read_From_An_Offset(int offset, string expected)
    {
        // Given
        var path = Unique("blob");
        await remote.UploadAsync(path, Bytes("0123456789"), CancellationToken.None);
        using var destination = new MemoryStream();

        // When
        var found = await remote.DownloadFromAsync(path, offset, destination, CancellationToken.None);

        // Then
        Assert.That((found, Encoding.UTF8.GetString(destination.ToArray())), Is.EqualTo((true, expected)));
    }

    [Test]
    public async Task Should_Report_A_Missing_Object_When_Reading_From_An_Offset()
    {
        using var destination = new MemoryStream();

        var found = await remote.DownloadFromAsync(Unique("absent"), 3, destination, CancellationToken.None);

        Assert.That((found, destination.Length), Is.EqualTo((false, 0L)));
    }

    private static string Unique(string name) => $"{TestContext.CurrentContext.Test.MethodName}-{Guid.NewGuid():N}/{name}";

    private static string Folder(string path) => path[..path.LastIndexOf('/')];

    private static MemoryStream Bytes(string text) => new(Encoding.UTF8.GetBytes(text));

    private async Task<string> Read(string path)
    {
        using var buffer = new MemoryStream();
        Assert.That(await remote.DownloadAsync(path, buffer, CancellationToken.None), Is.True);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
