using System.Collections.Generic;
using System.Runtime.CompilerServices;
using NetGen.Generator.Common;

namespace NetGen.Generator.Onnx
{
    /// <summary>How one term of a NetGen tensor comes from an initializer (OnnxLoader's run-time reading does the same).</summary>
    internal enum OriginOp
    {
        /// <summary>dest[i] += scale * src[i] (same length).</summary>
        Copy,
        /// <summary>src is [Rows][Cols]: dest[c * Rows + r] += scale * src[r * Cols + c] (a MatMul or Gemm weight to NetGen's [out][in]).</summary>
        Transpose,
        /// <summary>dest[i] += scale * src[0] (a scalar broadcast: a Gemm bias, a PRelu slope, an added constant).</summary>
        Fill,
    }

    /// <summary>One term: the initializer's name and stored dimensions, the operation and its scale.</summary>
    internal sealed record OriginTerm(string Initializer, EquatableArray<long> Dims, OriginOp Op, int Rows, int Cols, float Scale);

    internal sealed partial class OnnxImporter
    {
        /// <summary>
        /// Where each weight array came from, by reference: the sum of its terms (none: zeros). An array with no entry (a
        /// Constant node's value, a folded computation) cannot be read from the file at run time.
        /// </summary>
        private readonly Dictionary<float[], List<OriginTerm>> _origins = new(ReferenceComparer<float[]>.Instance);
        private HashSet<OnnxTensor>? _initializers;

        /// <summary>Each NetGen tensor's terms (parameters and statistics, by NAME.role), or null for a tensor the file cannot give at run time.</summary>
        public List<OriginTerm>? OriginOf(string tensor) =>
            Weights.TryGetValue(tensor, out var data) && _origins.TryGetValue(data, out var terms) ? terms : null;

        /// <summary>A term of <paramref name="c"/> when it is an initializer of the file (not a Constant node's value).</summary>
        private OriginTerm? Origin(ConstantValue c, OriginOp op, float scale = 1, int rows = 0, int cols = 0)
        {
            _initializers ??= new HashSet<OnnxTensor>(_model.Graph.Initializers, ReferenceComparer<OnnxTensor>.Instance);
            if (c.Tensor is not { } t || !_initializers.Contains(t) || t.Name.Length == 0) return null;
            return new OriginTerm(t.Name, t.Dims.ToEquatableArray(), op, rows, cols, scale);
        }

        /// <summary>Records that <paramref name="data"/> is the sum of <paramref name="terms"/> (an unknown term: no origin).</summary>
        private float[] Derived(float[] data, params OriginTerm?[] terms)
        {
            var list = new List<OriginTerm>();
            foreach (var t in terms)
            {
                if (t is null)
                {
                    _origins.Remove(data);
                    return data;
                }
                list.Add(t);
            }
            _origins[data] = list;
            return data;
        }

        /// <summary>The terms <paramref name="data"/> is known to be, plus <paramref name="more"/>; null when either is unknown.</summary>
        private List<OriginTerm>? Plus(float[]? data, OriginTerm? more)
        {
            if (more is null) return null;
            if (data is null) return new List<OriginTerm> { more };
            return _origins.TryGetValue(data, out var terms) ? new List<OriginTerm>(terms) { more } : null;
        }

        private sealed class ReferenceComparer<T> : IEqualityComparer<T> where T : class
        {
            public static readonly ReferenceComparer<T> Instance = new();

            public bool Equals(T? x, T? y) => ReferenceEquals(x, y);

            public int GetHashCode(T obj) => RuntimeHelpers.GetHashCode(obj);
        }
    }
}
