using System.Buffers.Binary;
using NetGen.Checkpoints;

namespace NetGen.Onnx;

/// <summary>How one term of a NetGen tensor is computed from an ONNX initializer (the importer's own mapping).</summary>
public enum OnnxTermOp
{
    /// <summary>dest[i] += scale * src[i]; the initializer has the tensor's length.</summary>
    Copy,
    /// <summary>The initializer is [Rows][Cols]: dest[c * Rows + r] += scale * src[r * Cols + c] (MatMul's or Gemm's [in][out] to [out][in]).</summary>
    Transpose,
    /// <summary>dest[i] += scale * src[0]; the initializer holds one value (a broadcast scalar).</summary>
    Fill,
}

/// <summary>One term: the initializer's name and the dimensions the generator read it with, the operation and its scale.</summary>
public sealed record OnnxTerm(string Initializer, long[] Dims, OnnxTermOp Op, int Rows, int Cols, float Scale);

/// <summary>A NetGen tensor at <paramref name="Offset"/> (in the parameters, then the state) of <paramref name="Length"/> floats: the sum of its terms (none: zeros).</summary>
public sealed record OnnxTensorRecipe(string Name, int Offset, int Length, OnnxTerm[] Terms);

/// <summary>
/// Reads the initializers of an ONNX file at run time into a network imported with [OnnxModel] whose weights were too large
/// to embed (the generated <c>Load(path)</c>). Each tensor is checked as the generator checks it: every initializer named,
/// of the dimensions the import read, FLOAT or DOUBLE (converted to float, as the generator does), stored inside the file
/// with exactly its elements. Reads the whole file once (memory in proportion to it) and writes the network only after
/// every tensor is computed, so a refused file leaves the network unchanged.
/// </summary>
public static class OnnxInitializers
{
    /// <summary>A file larger than this is refused, as the generator refuses it.</summary>
    public const long MaxFileBytes = 2L << 30;

    /// <summary>Fills <paramref name="network"/>'s parameters and state from the file's initializers.</summary>
    /// <exception cref="CheckpointException">The file cannot be read, is not an ONNX model, or an initializer is missing, of another type or shape, or external.</exception>
    public static void Load(INetwork network, string path, IReadOnlyList<OnnxTensorRecipe> recipe)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(recipe);
        byte[] file;
        try
        {
            var info = new FileInfo(path);
            if (info.Exists && info.Length > MaxFileBytes) throw new CheckpointException(path, $"the file has {info.Length} bytes; NetGen reads ONNX files of at most {MaxFileBytes >> 20} MB");
            file = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException && e is not CheckpointException)
        {
            throw new CheckpointException(path ?? "", "the file cannot be read: " + e.Message, e);
        }
        var wanted = new HashSet<string>(recipe.SelectMany(t => t.Terms).Select(t => t.Initializer), StringComparer.Ordinal);
        Dictionary<string, OnnxStoredTensor> found;
        try
        {
            found = OnnxModelScanner.Initializers(file, wanted);
        }
        catch (FormatException e)
        {
            throw new CheckpointException(path, "not a readable ONNX model: " + e.Message, e);
        }

        int parameters = network.Parameters.Length, state = network.State.Length;
        var problems = new List<string>();
        foreach (var t in recipe)
            if (t.Offset < 0 || t.Length < 0 || (long)t.Offset + t.Length > parameters + state)
                problems.Add($"{t.Name}: the tensor lies outside the network's {parameters + state} values (a recipe of another network)");
        foreach (var term in recipe.SelectMany(t => t.Terms).DistinctBy(t => t.Initializer))
        {
            if (!found.TryGetValue(term.Initializer, out var stored)) problems.Add($"{term.Initializer}: no such initializer");
            else if (stored.Problem(term.Dims) is { } problem) problems.Add($"{term.Initializer}: {problem}");
        }
        if (problems.Count > 0) throw new CheckpointException(path, "the file does not hold the weights this network was imported with", problems);

        var values = new float[parameters + state];
        foreach (var t in recipe)
        {
            var dest = values.AsSpan(t.Offset, t.Length);
            foreach (var term in t.Terms)
            {
                var src = found[term.Initializer].Floats();
                bool fits = term.Op switch
                {
                    OnnxTermOp.Copy => src.Length == dest.Length,
                    OnnxTermOp.Fill => src.Length == 1,
                    _ => (long)term.Rows * term.Cols == dest.Length && src.Length == dest.Length,
                };
                if (!fits) throw new CheckpointException(path, $"{term.Initializer}: {src.Length} values do not make {t.Name}'s {dest.Length}");
                for (int i = 0; i < dest.Length; i++)
                {
                    float v = term.Op switch
                    {
                        OnnxTermOp.Copy => src[i],
                        OnnxTermOp.Fill => src[0],
                        _ => src[(i % term.Rows) * term.Cols + i / term.Rows],
                    };
                    dest[i] += term.Scale * v;
                }
            }
        }
        values.AsSpan(0, parameters).CopyTo(network.Parameters);
        values.AsSpan(parameters, state).CopyTo(network.State);
    }
}
