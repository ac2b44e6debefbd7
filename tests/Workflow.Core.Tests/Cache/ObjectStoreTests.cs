using Workflow.Cache;
using Workflow.Tests.Fixtures;

namespace Workflow.Tests.Cache;

public sealed class ObjectStoreTests
{
    public sealed class ThePutMethod
    {
        [Test]
        public void Should_Store_The_Bytes_Under_Their_Sha256()
        {
            // Given
            using var temp = new TempDirectory();
            var store = new ObjectStore(temp.Combine("objects"));
            var file = temp.Write("model.bin", "weights");

            // When
            var hash = store.Put(file);

            // Then
            Assert.That(hash, Is.EqualTo(ContentHash.OfText("weights")));
            Assert.That(File.ReadAllText(temp.Combine($"objects/{hash[..2]}/{hash[2..]}")), Is.EqualTo("weights"));
        }

        [Test]
        public void Should_Make_A_Blob_Folder_Again_When_It_Was_Deleted_After_This_Process_Made_It()
        {
            // Given: the store's folders are made once per process; then the store is deleted (as gc or a user may)
            using var temp = new TempDirectory();
            var store = new ObjectStore(temp.Combine("objects"));
            var file = temp.Write("model.bin", "weights");
            var hash = store.Put(file);
            Directory.Delete(temp.Combine("objects"), recursive: true);

            // When
            store.Put(file);

            // Then
            Assert.That(File.ReadAllText(store.PathOf(hash)), Is.EqualTo("weights"));
        }
    }

    public sealed class TheVerifyMethod
    {
        [Test]
        public void Should_Reject_And_Delete_A_Blob_Whose_Bytes_Changed()
        {
            // Given
            using var temp = new TempDirectory();
            var store = new ObjectStore(temp.Combine("objects"));
            var hash = store.Put(temp.Write("a", "original"));
            File.WriteAllText(store.PathOf(hash), "tampered");

            // When
            var verified = store.Verify(hash);

            // Then
            Assert.That(verified, Is.False);
            Assert.That(File.Exists(store.PathOf(hash)), Is.False);
        }

        [Test]
        public void Should_Return_False_For_A_Missing_Blob()
        {
            using var temp = new TempDirectory();
            var store = new ObjectStore(temp.Combine("objects"));

            Assert.That(store.Verify(ContentHash.OfText("never stored")), Is.False);
        }
    }

    public sealed class TheRestoreMethod
    {
        [Test]
        public void Should_Copy_The_Blob_To_The_Destination_Without_Leaving_Temporary_Files()
        {
            // Given
            using var temp = new TempDirectory();
            var store = new ObjectStore(temp.Combine("objects"));
            var hash = store.Put(temp.Write("a", "content"));

            // When
            store.Restore(hash, temp.Combine("out/restored.txt"));

            // Then
            Assert.That(File.ReadAllText(temp.Combine("out/restored.txt")), Is.EqualTo("content"));
            Assert.That(Directory.GetFiles(temp.Combine("out")), Has.Length.EqualTo(1));
        }
    }
}
