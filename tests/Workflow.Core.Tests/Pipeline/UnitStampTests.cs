using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Workflow.Cache;
using Workflow.Pipeline;

namespace Workflow.Tests.Pipeline;

public sealed class UnitStampTests
{
    public sealed class TheFinishMethod
    {
        // Histories hold stamps made by earlier versions: the digest must stay SHA-256 over each file's name, a NUL,
        // size, mtime, ctime, inode (little-endian 64-bit) and link count (32-bit), in the order added, first 16 bytes.
        [TestCase(3, 40)] // a unit of one recording: hashed in one piece
        [TestCase(2000, 40)] // a Train unit: ~180 KB, hashed in 16 KB pieces as it is made
        [TestCase(2, 20_000)] // a name longer than a piece
        public void Should_Give_The_Digest_Of_Every_Files_Name_And_Stat_In_Order(int files, int nameLength)
        {
            // Given
            var entries = Enumerable.Range(0, files)
                .Select(i => (Name: $"artifacts/features/train/7/{i:D6}".PadRight(nameLength, 'é'), Stat: new FileStat(i, i * 1000L, i * 2000L, (ulong)i + 7), Links: (uint)(i % 3)))
                .ToList();
            var stamp = new UnitStamp();

            // When
            foreach (var (name, stat, links) in entries) stamp.Add(name, stat, links);

            // Then
            Assert.That(stamp.Finish(), Is.EqualTo(Expected(entries)));
        }

        [Test]
        public void Should_Give_No_Stamp_When_A_File_Is_Missing_Even_After_Many()
        {
            // Given: more files than fit one piece, then one that does not exist
            var stamp = new UnitStamp();
            for (var i = 0; i < 1000; i++) stamp.Add($"data/train/0/{i}.wav", new FileStat(i, i, i, (ulong)i));

            // When
            stamp.Add("data/train/0/gone.wav", null);

            // Then
            Assert.That(stamp.Finish(), Is.Null);
        }

        private static string Expected(IEnumerable<(string Name, FileStat Stat, uint Links)> entries)
        {
            var bytes = new MemoryStream();
            Span<byte> numbers = stackalloc byte[36];
            foreach (var (name, stat, links) in entries)
            {
                bytes.Write(Encoding.UTF8.GetBytes(name));
                bytes.WriteByte(0);
                BinaryPrimitives.WriteInt64LittleEndian(numbers, stat.Size);
                BinaryPrimitives.WriteInt64LittleEndian(numbers[8..], stat.MtimeNs);
                BinaryPrimitives.WriteInt64LittleEndian(numbers[16..], stat.CtimeNs);
                BinaryPrimitives.WriteUInt64LittleEndian(numbers[24..], stat.Inode);
                BinaryPrimitives.WriteUInt32LittleEndian(numbers[32..], links);
                bytes.Write(numbers);
            }
            return Convert.ToHexStringLower(SHA256.HashData(bytes.ToArray())[..16]);
        }
    }
}
