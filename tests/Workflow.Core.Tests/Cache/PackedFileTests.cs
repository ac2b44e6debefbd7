using System.Text;
using Workflow.Cache;
using Workflow.Tests.Fixtures;

namespace Workflow.Tests.Cache;

public sealed class PackedFileTests
{
    private static string Lines(int count) => string.Concat(Enumerable.Range(0, count).Select(i =>
        $"{ContentHash.OfText(i.ToString(System.Globalization.CultureInfo.InvariantCulture))} 10608 1796098865322890963 /w/artifacts/features/train/{i % 10}/clip_{i:D6}.wav.mfcc\n"));

    public sealed class TheReadMethod
    {
        [Test]
        public void Should_Give_Back_The_Text_Written_In_Fewer_Bytes()
        {
            // Given
            using var temp = new TempDirectory();
            var text = Lines(2000);
            PackedFile.Write(temp.Combine("f"), s => s.Write(Encoding.UTF8.GetBytes(text)));

            // When
            var read = PackedFile.Read(temp.Combine("f"));

            // Then
            Assert.That(Encoding.UTF8.GetString(read), Is.EqualTo(text));
            Assert.That(new FileInfo(temp.Combine("f")).Length, Is.LessThan(text.Length / 2));
        }

        [Test]
        public void Should_Give_Plain_Bytes_Appended_After_The_Packed_Ones_After_Them()
        {
            // Given
            using var temp = new TempDirectory();
            PackedFile.Write(temp.Combine("f"), s => s.Write(Encoding.UTF8.GetBytes(Lines(10))));
            File.AppendAllText(temp.Combine("f"), "appended\n");

            // When / Then
            Assert.That(Encoding.UTF8.GetString(PackedFile.Read(temp.Combine("f"))), Is.EqualTo(Lines(10) + "appended\n"));
        }

        [Test]
        public void Should_Read_A_Plain_File_As_It_Is()
        {
            using var temp = new TempDirectory();
            temp.Write("f", "workflow-state 1\n");

            Assert.That(Encoding.UTF8.GetString(PackedFile.Read(temp.Combine("f"))), Is.EqualTo("workflow-state 1\n"));
        }

        [TestCase(3, TestName = "Should_Refuse_A_Packed_File_Cut_Short")]
        [TestCase(-1, TestName = "Should_Refuse_A_Packed_File_Whose_Length_Was_Damaged")]
        public void Should_Refuse_Damaged_Packed_Bytes_By_Name(int cut)
        {
            // Given
            using var temp = new TempDirectory();
            PackedFile.Write(temp.Combine("f"), s => s.Write(Encoding.UTF8.GetBytes(Lines(100))));
            var bytes = File.ReadAllBytes(temp.Combine("f"));
            if (cut > 0) bytes = bytes[..^cut];
            else bytes[11] = 0x7f; // the unpacked length's top byte: far more than the packed bytes could hold
            File.WriteAllBytes(temp.Combine("f"), bytes);

            // When / Then
            var error = Assert.Throws<InvalidDataException>(() => PackedFile.Read(temp.Combine("f")));
            Assert.That(error!.Message, Does.Contain(temp.Combine("f")));
        }
    }
}
