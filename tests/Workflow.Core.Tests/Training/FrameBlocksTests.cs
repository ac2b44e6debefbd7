using System.Runtime.CompilerServices;
using Workflow.Training;

namespace Workflow.Tests.Training;

public sealed class FrameBlocksTests
{
    public sealed class TheRentMethod
    {
        [Test]
        public void Should_Make_A_Block_An_Eighth_Larger_Than_Asked_When_None_Was_Returned()
        {
            // Given
            var blocks = new FrameBlocks();

            // When
            var block = blocks.Rent("7", 8000);

            // Then
            Assert.That(block, Has.Length.EqualTo(9000));
        }

        [Test]
        public void Should_Hand_A_Returned_Block_To_The_Next_Class_It_Is_Large_Enough_For()
        {
            // Given: a class's block, returned with its frames in it
            var blocks = new FrameBlocks();
            var first = blocks.Rent("0", 8000);
            first[0] = 42;
            blocks.Return(first, 0);

            // When: a class of about the same size, then one larger than the block
            var second = blocks.Rent("1", 8900);
            var third = blocks.Rent("2", 9001);

            // Then: the same block (as it was left), then a new one
            Assert.That(second, Is.SameAs(first));
            Assert.That(second[0], Is.EqualTo(42));
            Assert.That(third, Is.Not.SameAs(first));
            Assert.That(third, Has.Length.GreaterThanOrEqualTo(9001));
        }

        [Test]
        public void Should_Take_The_Smallest_Returned_Block_That_Is_Large_Enough()
        {
            // Given: blocks of 9,000, 4,500 and 18,000 values returned
            var blocks = new FrameBlocks();
            var (medium, small, large) = (blocks.Rent("a", 8000), blocks.Rent("b", 4000), blocks.Rent("c", 16000));
            blocks.Return(large, 0);
            blocks.Return(small, 0);
            blocks.Return(medium, 0);

            // When
            var taken = blocks.Rent("d", 5000);

            // Then: the 9,000 one; the others stay for later classes
            Assert.That(taken, Is.SameAs(medium));
            Assert.That(blocks.Rent("e", 4000), Is.SameAs(small));
            Assert.That(blocks.Rent("f", 10000), Is.SameAs(large));
        }

        [Test]
        public void Should_Not_Keep_A_Returned_Block_Alive_Through_A_Full_Collection()
        {
            // Given: a block returned, then nothing else holding it
            var blocks = new FrameBlocks();
            var returned = ReturnOne(blocks, 8000);

            // When
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true);

            // Then: it is gone, and the next class gets a new block
            Assert.That(returned.TryGetTarget(out _), Is.False);
            Assert.That(blocks.Rent("1", 8000), Has.Length.EqualTo(9000));
        }

        // 16 MB of frames and more: collected; less: left to the runtime.
        [TestCase(FrameBlocks.CollectedFrom, false)]
        [TestCase(FrameBlocks.CollectedFrom - 1, true)]
        public void Should_Collect_What_A_Large_Class_Left_Before_The_Next_Class_Gets_Its_Block(long frameBytes, bool garbageLeft)
        {
            // Given: a class that held frameBytes of frames returned its block, and left garbage that only a full
            // collection frees
            var blocks = new FrameBlocks();
            var block = blocks.Rent("0", 8000);
            var garbage = OldGarbage();
            blocks.Return(block, frameBytes);

            // When: the next class rents
            var taken = blocks.Rent("1", 8000);

            // Then: the garbage collected or not, and the block handed on either way (it survives the collection)
            Assert.That(garbage.TryGetTarget(out _), Is.EqualTo(garbageLeft));
            Assert.That(taken, Is.SameAs(block));
        }

        [Test]
        public void Should_Collect_Once_For_The_Classes_Returned_Since_The_Last_Collection()
        {
            // Given: two large classes returned, then one class rented (and collected)
            var blocks = new FrameBlocks();
            var (first, second) = (blocks.Rent("0", 8000), blocks.Rent("1", 8000));
            blocks.Return(first, FrameBlocks.CollectedFrom);
            blocks.Return(second, FrameBlocks.CollectedFrom);
            blocks.Rent("2", 8000);
            var garbage = OldGarbage();

            // When: the next class rents, with no class returned since
            blocks.Rent("3", 8000);

            // Then: no second collection: the garbage made since is still there
            Assert.That(garbage.TryGetTarget(out _), Is.True);
        }

        [Test]
        public void Should_Refuse_A_Class_Larger_Than_One_Array_Holds()
        {
            // Given
            var blocks = new FrameBlocks();

            // When / Then
            Assert.That(() => blocks.Rent("7", (long)Array.MaxLength + 1), Throws.TypeOf<WorkflowException>().With.Message.Contains("split the class"));
        }

        // An object promoted to the oldest generation, then dropped: only a full collection frees it. Made in a frame of
        // its own, so no local of the test keeps it alive.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static WeakReference<object> OldGarbage()
        {
            var garbage = new byte[1000];
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true);
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true);
            return new WeakReference<object>(garbage);
        }

        // Made and returned in a frame of its own, so no local of the test keeps the block alive.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static WeakReference<float[]> ReturnOne(FrameBlocks blocks, long values)
        {
            var block = blocks.Rent("0", values);
            blocks.Return(block, 0);
            return new WeakReference<float[]>(block);
        }
    }
}
