namespace NetGen.Kernels;

/// <summary>
/// A vector of <see cref="Count"/> floats. Generated kernels are written once, generic over this interface,
/// and the JIT compiles one specialised copy per implementation: <see cref="Scalar"/> (1 lane),
/// <see cref="Vec128"/> (4 lanes, NEON on ARM64, SSE on x64), <see cref="Vec256"/> (8 lanes, AVX2 + FMA) and
/// <see cref="Vec512"/> (16 lanes, AVX-512).
/// Every member is a JIT-time constant or a single intrinsic, so nothing of this abstraction survives inlining.
/// </summary>
public interface IVec<TSelf> where TSelf : unmanaged, IVec<TSelf>
{
    static abstract int Count { get; }
    static abstract TSelf Zero { get; }
    static abstract TSelf Create(float value);

    /// <summary>Loads Count consecutive floats starting at <paramref name="source"/>.</summary>
    static abstract TSelf Load(ref float source);
    /// <summary>Loads floats at source[0], source[stride], source[2*stride]...</summary>
    static abstract TSelf LoadStrided(ref float source, int stride);
    static abstract void Store(TSelf value, ref float destination);
    /// <summary>Loads 2*Count consecutive floats and splits them: even = source[0, 2, 4...], odd = source[1, 3, 5...].</summary>
    static abstract void LoadDeinterleaved(ref float source, out TSelf even, out TSelf odd);
    /// <summary>The inverse of <see cref="LoadDeinterleaved"/>: stores even[0], odd[0], even[1], odd[1]...</summary>
    static abstract void StoreInterleaved(TSelf even, TSelf odd, ref float destination);
    static abstract void StoreStrided(TSelf value, ref float destination, int stride);
    /// <summary>Loads source[0], source[2], source[4]...: stride 2 with one shuffle (reads 2*Count floats).</summary>
    static abstract TSelf LoadEven(ref float source);
    /// <summary>Writes destination[0], [2], [4]... and leaves the odd positions as they were (reads and writes 2*Count floats).</summary>
    static abstract void StoreEven(TSelf value, ref float destination);

    static abstract TSelf operator +(TSelf a, TSelf b);
    static abstract TSelf operator -(TSelf a, TSelf b);
    static abstract TSelf operator *(TSelf a, TSelf b);
    static abstract TSelf operator /(TSelf a, TSelf b);
    /// <summary>a * b + c, fused (one rounding).</summary>
    static abstract TSelf MultiplyAdd(TSelf a, TSelf b, TSelf c);
    static abstract TSelf Max(TSelf a, TSelf b);
    static abstract TSelf Min(TSelf a, TSelf b);
    static abstract TSelf Abs(TSelf a);
    static abstract TSelf Exp(TSelf a);
    static abstract TSelf Log(TSelf a);
    /// <summary>
    /// 1/a for a in [1, 1e30] (the activations' denominators), to within 2 float ulps: the hardware's estimate refined by
    /// one Newton step where there is one (several times the throughput of a division), an exact division otherwise.
    /// </summary>
    static abstract TSelf Reciprocal(TSelf a);
    /// <summary>Rounds each lane to the nearest integer (ties to even).</summary>
    static abstract TSelf Round(TSelf a);
    /// <summary>2^n for lanes holding integers n in [-126, 127], built from the float's exponent bits.</summary>
    static abstract TSelf PowerOfTwo(TSelf n);
    /// <summary>Per lane: a &gt; b ? ifTrue : ifFalse.</summary>
    static abstract TSelf SelectGreater(TSelf a, TSelf b, TSelf ifTrue, TSelf ifFalse);
    /// <summary>Per lane: a == b ? ifTrue : ifFalse.</summary>
    static abstract TSelf SelectEqual(TSelf a, TSelf b, TSelf ifTrue, TSelf ifFalse);
    /// <summary>Per lane: the sign of <paramref name="sign"/> applied to |magnitude|.</summary>
    static abstract TSelf CopySign(TSelf magnitude, TSelf sign);
    /// <summary>The sum of all lanes.</summary>
    static abstract float Sum(TSelf a);
    /// <summary>destination[0..4) += the lane sums of a, b, c and d: four reductions sharing their shuffles.</summary>
    static abstract void AddSums4(TSelf a, TSelf b, TSelf c, TSelf d, ref float destination);
}
