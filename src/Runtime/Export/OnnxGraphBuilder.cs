namespace NetGen.Export;

/// <summary>A value flowing through the graph being built: its name and rank (2 for [N,D], 4 for [N,C,H,W]).</summary>
internal readonly record struct OnnxValue(string Name, int Rank);

/// <summary>
/// Builds one <see cref="OnnxGraphProto"/>: unique value names, initializers, nodes, and the shared scalar
/// constants. Names are the NetGen layer and parameter names where they are free (C1.weight, C1, S2, ...).
/// </summary>
internal sealed class OnnxGraphBuilder
{
    public const string InputName = "input";
    public const string OutputName = "output";

    private readonly HashSet<string> _names = [InputName, OutputName];
    private readonly Dictionary<float, string> _scalars = [];

    public OnnxGraphBuilder(string name, string docString) => Graph = new OnnxGraphProto(name, docString);

    public OnnxGraphProto Graph { get; }

    /// <summary><paramref name="wanted"/> if no value, initializer or node uses it yet, else wanted_2, wanted_3, ...</summary>
    public string Unique(string wanted)
    {
        string name = wanted;
        for (int n = 2; !_names.Add(name); n++) name = $"{wanted}_{n}";
        return name;
    }

    public string AddFloats(string wanted, long[] dims, float[] data)
    {
        var tensor = OnnxTensorProto.FromFloats(Unique(wanted), dims, data);
        Graph.Initializers.Add(tensor);
        return tensor.Name;
    }

    public string AddInt64s(string wanted, long[] dims, long[] data)
    {
        var tensor = OnnxTensorProto.FromInt64s(Unique(wanted), dims, data);
        Graph.Initializers.Add(tensor);
        return tensor.Name;
    }

    /// <summary>A float scalar (rank 0) initializer, shared by every node that multiplies or adds by the same value.</summary>
    public string Scalar(string wanted, float value)
    {
        if (!_scalars.TryGetValue(value, out string? name))
            _scalars[value] = name = AddFloats(wanted, [], [value]);
        return name;
    }

    /// <summary>Adds a node with one output named after <paramref name="wantedOutput"/>; returns the output's name.</summary>
    public string Node(string opType, string wantedOutput, string[] inputs, params OnnxAttributeProto[] attributes)
    {
        string output = Unique(wantedOutput);
        Graph.Nodes.Add(new OnnxNodeProto(Unique($"{wantedOutput}/{opType}"), opType, inputs, [output], attributes));
        return output;
    }

    /// <summary>
    /// Makes <paramref name="last"/> the graph output "output": renames the node that produces it, or adds an Identity
    /// when it is the graph input itself (a network of dropout layers only).
    /// </summary>
    public void SetOutput(OnnxValue last, OnnxDimension[] dims)
    {
        var producer = Graph.Nodes.LastOrDefault(n => n.Outputs[0] == last.Name);
        if (producer is null || last.Name == InputName)
            Graph.Nodes.Add(new OnnxNodeProto(Unique("output/Identity"), "Identity", [last.Name], [OutputName], []));
        else
        {
            producer.Outputs[0] = OutputName;
            foreach (var node in Graph.Nodes)
                for (int i = 0; i < node.Inputs.Length; i++)
                    if (node.Inputs[i] == last.Name) node.Inputs[i] = OutputName;
        }
        Graph.Outputs.Add(new OnnxValueInfoProto(OutputName, dims));
    }
}
