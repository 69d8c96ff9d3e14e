using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NetGen.Kernels;

namespace NetGen.Runtime.Tests;

public class AlignedFloatsTests
{
    [Theory]
    [InlineData(1, 0)]
    [InlineData(61_706, 2_572)]   // LeNet5Bench: C5's weights
    [InlineData(100, 99)]
    [InlineData(33, 17)]
    public void The_chosen_float_starts_a_cache_line_and_the_span_has_the_length(int length, int alignedOffset)
    {
        for (int attempt = 0; attempt < 20; attempt++)  // different heap positions
        {
            var buffer = new AlignedFloats(length, alignedOffset);
            Assert.Equal(length, buffer.Span.Length);
            Assert.True(Unsafe.AreSame(ref buffer.Start, ref MemoryMarshal.GetReference(buffer.Span)));
            long aligned = AddressOf(ref Unsafe.Add(ref buffer.Start, alignedOffset));
            Assert.Equal(0, aligned % 64);
            Assert.All(buffer.Span.ToArray(), v => Assert.Equal(0f, v));
            GC.KeepAlive(new byte[attempt * 24 + 8]);  // shift the next allocation
        }
    }

    [Fact]
    public void Writes_through_the_span_are_seen_through_Start()
    {
        var buffer = new AlignedFloats(40, 7);
        buffer.Span[7] = 3.5f;
        Assert.Equal(3.5f, Unsafe.Add(ref buffer.Start, 7));
    }

    private static unsafe long AddressOf(ref float value) => (long)Unsafe.AsPointer(ref value);
}
