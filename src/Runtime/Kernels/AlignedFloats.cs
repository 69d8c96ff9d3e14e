using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NetGen.Kernels;

/// <summary>
/// A fixed float buffer whose element <c>alignedOffset</c> starts a 64-byte cache line (one Vector512). A generated
/// network keeps its parameters and gradients here, aligned at its largest dense weight matrix: that layer streams its
/// rows from memory at every pass, and a misaligned 64-byte load touches two cache lines. The array is allocated pinned
/// (it never moves, so the alignment holds) with 15 floats to spare.
/// </summary>
public sealed class AlignedFloats
{
    private const int LineFloats = 16;
    private readonly float[] _array;
    private readonly int _start;

    public AlignedFloats(int length, int alignedOffset = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        _array = GC.AllocateArray<float>(length + LineFloats - 1, pinned: true);
        long address = Marshal.UnsafeAddrOfPinnedArrayElement(_array, 0) + 4L * alignedOffset;
        _start = (int)((LineFloats - address / 4 % LineFloats) % LineFloats);  // floats are 4-byte aligned
        Length = length;
    }

    public int Length { get; }

    /// <summary>The buffer's floats.</summary>
    public Span<float> Span => _array.AsSpan(_start, Length);

    /// <summary>A reference to float 0 (for kernels that address by offset).</summary>
    public ref float Start => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_array), _start);
}
