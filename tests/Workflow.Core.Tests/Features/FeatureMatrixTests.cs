using System.Buffers.Binary;
using Workflow.Features;
using Workflow.Tests.Fixtures;

namespace Workflow.Tests.Features;

public sealed class FeatureMatrixTests
{
    private const string Name = "features/7/x.mfcc";

    // Values a feature file holds exactly (single precision), the smallest and largest among them.
    private static FeatureMatrix Sample() => new(2, 3, [1.5, -2.25, 0.125, float.Epsilon, -0.0, float.MaxValue]);

    private static byte[] Bytes(FeatureMatrix matrix)
    {
        using var stream = new MemoryStream();
        matrix.WriteTo(stream);
        return stream.ToArray();
    }

    private static FeatureMatrix Read(byte[] bytes) => FeatureMatrix.ReadFrom(new MemoryStream(bytes), Name);

    public sealed class TheRowMethod
    {
        [Test]
        public void Should_Return_One_Frame()
        {
            // Given
            var matrix = Sample();

            // When
            var row = matrix.Row(1);

            // Then
            Assert.That(row.ToArray(), Is.EqualTo(new[] { float.Epsilon, -0.0, float.MaxValue }));
        }

        [Test]
        public void Should_Throw_When_The_Index_Is_Out_Of_Range()
        {
            // Given
            var matrix = Sample();

            // When / Then
            Assert.That(() => matrix.Row(2), Throws.TypeOf<ArgumentOutOfRangeException>());
        }
    }

    public sealed class TheConstructor
    {
        [Test]
        public void Should_Throw_When_The_Values_Do_Not_Fit_The_Shape()
        {
            // Given / When / Then
            Assert.That(() => new FeatureMatrix(2, 2, [1.0, 2.0, 3.0]), Throws.ArgumentException);
        }

        [Test]
        public void Should_Copy_The_Values()
        {
            // Given
            double[] values = [1.0, 2.0];
            var matrix = new FeatureMatrix(1, 2, values);

            // When
            values[0] = 9.0;

            // Then
            Assert.That(matrix[0, 0], Is.EqualTo(1.0));
        }
    }

    public sealed class TheWriteToMethod
    {
        [Test]
        public void Should_Write_The_Documented_Layout()
        {
            // Given
            var matrix = new FeatureMatrix(1, 1, [1.0]);

            // When
            var bytes = Bytes(matrix);

            // Then
            Assert.That(bytes, Has.Length.EqualTo(16 + 4 + 8));
            Assert.That(bytes[..16], Is.EqualTo(new byte[] { (byte)'W', (byte)'F', (byte)'F', (byte)'M', 3, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0 }));
            Assert.That(BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(16)), Is.EqualTo(1.0f));
        }

        [Test]
        public void Should_Write_Every_Value_And_The_Checksum_Of_Their_Bytes()
        {
            // Given: 7 x 13 values, so the payload's length is no multiple of 64 bytes
            var values = GeneratedAudio.Noise(91, 100.0, seed: 8);
            values[5] = -0.0;
            values[6] = double.NaN;
            var matrix = new FeatureMatrix(7, 13, values);

            // When
            var bytes = Bytes(matrix);

            // Then: each value rounded to single precision, little-endian, then the four-lane FNV-1a checksum computed
            // as its definition says (91 values: the payload ends in half a word)
            Assert.That(bytes, Has.Length.EqualTo(16 + 4 * 91 + 8));
            var payload = bytes.AsSpan(16, 4 * 91);
            for (var i = 0; i < 91; i++)
            {
                Assert.That(BinaryPrimitives.ReadInt32LittleEndian(payload[(4 * i)..]), Is.EqualTo(BitConverter.SingleToInt32Bits((float)values[i])), $"value {i}");
            }

            Assert.That(BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(16 + 4 * 91)), Is.EqualTo(Checksum(payload.ToArray())));
        }

        [Test]
        public void Should_Refuse_A_Finite_Value_Too_Large_For_Single_Precision()
        {
            // Given: 1e39 would be stored as an infinity
            var matrix = new FeatureMatrix(1, 3, [0.0, 1e39, 1.0]);

            // When / Then
            Assert.That(() => Bytes(matrix), Throws.ArgumentException.With.Message.Contains("value 1 (1E+39) is too large for a feature file (single precision)"));
        }

        [Test]
        public void Should_Keep_Infinities_And_NaN()
        {
            // Given
            var matrix = new FeatureMatrix(1, 3, [double.PositiveInfinity, double.NegativeInfinity, double.NaN]);

            // When
            var read = Read(Bytes(matrix));

            // Then
            Assert.That(read.Values.ToArray(), Is.EqualTo(new[] { double.PositiveInfinity, double.NegativeInfinity, double.NaN }));
        }

        [TestCase(0)]
        [TestCase(1)]
        [TestCase(7)]
        [TestCase(8)]
        [TestCase(9)]
        [TestCase(23)]
        [TestCase(40)]
        [TestCase(61)]
        public void Should_Checksum_Any_Length_As_Defined(int length)
        {
            // Given
            var bytes = Enumerable.Range(0, length).Select(i => (byte)(i * 37 + 11)).ToArray();

            // When / Then
            Assert.That(FeatureMatrixFormat.Checksum(bytes), Is.EqualTo(Checksum(bytes)));
        }

        [Test]
        public void Should_Give_Every_Flipped_Bit_Another_Checksum()
        {
            // Given
            var bytes = Enumerable.Range(0, 8 * 13).Select(i => (byte)(i * 37 + 11)).ToArray();
            var original = FeatureMatrixFormat.Checksum(bytes);

            // When / Then
            for (var bit = 0; bit < bytes.Length * 8; bit++)
            {
                bytes[bit / 8] ^= (byte)(1 << (bit % 8));
                Assert.That(FeatureMatrixFormat.Checksum(bytes), Is.Not.EqualTo(original), $"bit {bit}");
                bytes[bit / 8] ^= (byte)(1 << (bit % 8));
            }
        }

        // The definition, written plainly: FNV-1a 64 over zero-padded little-endian words, word i into lane i mod 4,
        // then the four lanes folded in order.
        private static ulong Checksum(byte[] bytes)
        {
            const ulong prime = 1099511628211UL, basis = 14695981039346656037UL;
            var padded = bytes.Concat(new byte[(8 - bytes.Length % 8) % 8]).ToArray();
            var lanes = new[] { basis, basis, basis, basis };
            for (var i = 0; i < padded.Length / 8; i++)
                lanes[i % 4] = (lanes[i % 4] ^ BinaryPrimitives.ReadUInt64LittleEndian(padded.AsSpan(8 * i))) * prime;
            return lanes.Aggregate(basis, (h, lane) => (h ^ lane) * prime);
        }

        [Test]
        public void Should_Be_Deterministic()
        {
            // Given / When
            var first = Bytes(Sample());
            var second = Bytes(Sample());

            // Then
            Assert.That(first, Is.EqualTo(second));
        }
    }

    public sealed class TheReadFromMethod
    {
        [Test]
        public void Should_Round_Trip_Byte_For_Byte()
        {
            // Given
            var bytes = Bytes(Sample());

            // When
            var read = Read(bytes);

            // Then
            Assert.That((read.Rows, read.Columns), Is.EqualTo((2, 3)));
            Assert.That(read.Values.ToArray().Select(BitConverter.DoubleToInt64Bits),
                Is.EqualTo(Sample().Values.ToArray().Select(BitConverter.DoubleToInt64Bits)));
            Assert.That(Bytes(read), Is.EqualTo(bytes));
        }

        [Test]
        public void Should_Round_Trip_An_Empty_Matrix()
        {
            // Given
            var bytes = Bytes(new FeatureMatrix(0, 13, []));

            // When
            var read = Read(bytes);

            // Then
            Assert.That((read.Rows, read.Columns), Is.EqualTo((0, 13)));
        }

        [Test]
        public void Should_Throw_When_The_Values_Are_Truncated()
        {
            // Given
            var bytes = Bytes(Sample())[..40];

            // When / Then
            Assert.That(() => Read(bytes), Throws.TypeOf<WorkflowException>().With.Message.EqualTo(
                "features/7/x.mfcc is truncated: a 2 x 3 matrix needs 48 bytes but only 40 are present; delete it so it is recomputed."));
        }

        [Test]
        public void Should_Throw_When_The_Values_Are_Truncated_On_A_Stream_That_Cannot_Seek()
        {
            // Given
            var bytes = Bytes(Sample())[..40];

            // When / Then
            Assert.That(() => FeatureMatrix.ReadFrom(new BufferedStream(new NonSeekable(bytes)), Name),
                Throws.TypeOf<WorkflowException>().With.Message.EqualTo(
                "features/7/x.mfcc is truncated: a 2 x 3 matrix needs 48 bytes but only 40 are present; delete it so it is recomputed."));
        }

        [Test]
        public void Should_Throw_When_The_Header_Is_Truncated()
        {
            // Given
            var bytes = Bytes(Sample())[..10];

            // When / Then
            Assert.That(() => Read(bytes), Throws.TypeOf<WorkflowException>().With.Message.EqualTo(
                "features/7/x.mfcc is truncated: its header needs 16 bytes but only 10 are present; delete it so it is recomputed."));
        }

        [Test]
        public void Should_Throw_When_The_Magic_Is_Wrong()
        {
            // Given
            var bytes = Bytes(Sample());
            bytes[0] = (byte)'X';

            // When / Then
            Assert.That(() => Read(bytes), Throws.TypeOf<WorkflowException>().With.Message.EqualTo(
                "features/7/x.mfcc is not a feature matrix file (it does not start with 'WFFM'); delete it so it is recomputed."));
        }

        [Test]
        public void Should_Throw_When_The_Version_Is_Unknown()
        {
            // Given
            var bytes = Bytes(Sample());
            bytes[4] = 1;

            // When / Then
            Assert.That(() => Read(bytes), Throws.TypeOf<WorkflowException>().With.Message.EqualTo(
                "features/7/x.mfcc is a feature matrix of format version 1, but this build reads version 3; delete it so it is recomputed."));
        }

        [Test]
        public void Should_Throw_When_The_Shape_Is_Negative()
        {
            // Given
            var bytes = Bytes(Sample());
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8), -2);

            // When / Then
            Assert.That(() => Read(bytes), Throws.TypeOf<WorkflowException>().With.Message.EqualTo(
                "features/7/x.mfcc is corrupt (its header says -2 x 3); delete it so it is recomputed."));
        }

        [Test]
        public void Should_Throw_When_A_Value_Byte_Is_Flipped()
        {
            // Given
            var bytes = Bytes(Sample());
            bytes[20] ^= 0x01;

            // When / Then
            Assert.That(() => Read(bytes), Throws.TypeOf<WorkflowException>().With.Message.EqualTo(
                "features/7/x.mfcc is corrupt (its checksum does not match its values); delete it so it is recomputed."));
        }

        /// <summary>A read-only stream without seeking, like a network or pipe stream.</summary>
        private sealed class NonSeekable(byte[] bytes) : MemoryStream(bytes)
        {
            public override bool CanSeek => false;

            public override long Length => throw new NotSupportedException();

            public override long Position
            {
                get => throw new NotSupportedException();
                set => throw new NotSupportedException();
            }
        }
    }

    public sealed class TheReadSinglesMethod
    {
        [Test]
        public void Should_Give_The_Stored_Values_In_Single_Precision()
        {
            // Given
            var values = GeneratedAudio.Noise(91, 100.0, seed: 3);
            var bytes = Bytes(new FeatureMatrix(7, 13, values));
            var target = new float[FeatureMatrixFormat.ValuesIn(bytes.Length)];

            // When
            var shape = FeatureMatrixFormat.ReadSingles(bytes, Name, target);

            // Then
            Assert.That(shape, Is.EqualTo((7, 13)));
            Assert.That(target, Is.EqualTo(values.Select(v => (float)v).ToArray()));
            Assert.That(target.Select(v => (double)v), Is.EqualTo(Read(bytes).Values.ToArray()));
        }

        [Test]
        public void Should_Say_The_File_Changed_When_It_Holds_Another_Number_Of_Values_Than_Its_Length_Said()
        {
            // Given
            var bytes = Bytes(Sample());

            // When / Then
            Assert.That(() => FeatureMatrixFormat.ReadSingles(bytes, Name, new float[5]), Throws.TypeOf<WorkflowException>().With.Message.EqualTo(
                "features/7/x.mfcc holds 2 x 3 values, not the 5 its length said; it changed while it was read: build again."));
        }

        [Test]
        public void Should_Check_The_Checksum()
        {
            // Given
            var bytes = Bytes(Sample());
            bytes[20] ^= 0x01;

            // When / Then
            Assert.That(() => FeatureMatrixFormat.ReadSingles(bytes, Name, new float[6]), Throws.TypeOf<WorkflowException>().With.Message.Contains("checksum does not match"));
        }
    }

    public sealed class TheReadFileMethod
    {
        [TestCase("intact")]
        [TestCase("values cut")]
        [TestCase("header cut")]
        [TestCase("magic")]
        [TestCase("version")]
        [TestCase("shape")]
        [TestCase("bit flipped")]
        [TestCase("bytes after")]
        public void Should_Read_A_File_As_A_Stream_Of_Its_Bytes_Reads(string damage)
        {
            // Given
            using var temp = new TempDirectory();
            var bytes = Bytes(Sample());
            bytes = damage switch
            {
                "values cut" => bytes[..40],
                "header cut" => bytes[..10],
                "bytes after" => [.. bytes, 1, 2, 3],
                _ => bytes,
            };
            if (damage == "magic") bytes[0] = (byte)'X';
            if (damage == "version") bytes[4] = 9;
            if (damage == "shape") BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8), -2);
            if (damage == "bit flipped") bytes[20] ^= 0x01;
            var path = temp.Write("x.mfcc", bytes);

            // When
            static string Outcome(Func<FeatureMatrix> read)
            {
                try
                {
                    var matrix = read();
                    return $"{matrix.Rows}x{matrix.Columns}: " + string.Join(",", matrix.Values.ToArray().Select(BitConverter.DoubleToInt64Bits));
                }
                catch (WorkflowException e)
                {
                    return e.Message;
                }
            }

            // Then
            Assert.That(Outcome(() => FeatureMatrix.ReadFile(path, Name)), Is.EqualTo(Outcome(() => Read(bytes))));
            if (damage is "intact" or "bytes after") Assert.That(Outcome(() => FeatureMatrix.ReadFile(path, Name)), Does.StartWith("2x3: "));
        }
    }
}
