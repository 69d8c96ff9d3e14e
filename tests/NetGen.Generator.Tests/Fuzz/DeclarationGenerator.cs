using System.Globalization;
using System.Text;

namespace NetGen.Generator.Tests.Fuzz;

/// <summary>
/// Random [Network] declarations from a seed: stacks of every layer kind whose arguments are mostly small and plausible
/// (so many networks are accepted and their code compiled) and sometimes absurd: 0, negatives, int.MinValue/MaxValue,
/// values just past NetGen's limits, NaN, infinities, doubles beyond float.
/// </summary>
public sealed class DeclarationGenerator(int seed)
{
    private readonly Random _random = new(seed);

    private static readonly string[] AbsurdInts =
        ["0", "-1", "-2", "int.MinValue", "int.MaxValue", "32768", "32769", "65536", "1 << 20", "1 << 30", "1000000"];

    private static readonly string[] AbsurdReals =
        ["double.NaN", "double.PositiveInfinity", "double.NegativeInfinity", "1e300", "-1e300", "1e-300", "3.5e38", "0", "-1", "double.Epsilon"];

    private bool Absurd => _random.Next(100) < 8;

    private string Small(int max) => Absurd ? Pick(AbsurdInts) : _random.Next(1, max + 1).ToString(CultureInfo.InvariantCulture);

    private string Real(double typical) => Absurd ? Pick(AbsurdReals) : (typical * (0.5 + _random.NextDouble())).ToString("R", CultureInfo.InvariantCulture);

    private string Pick(string[] items) => items[_random.Next(items.Length)];

    private bool Chance(int percent) => _random.Next(100) < percent;

    private string Activation() => Chance(5) ? $"(Activation){Small(9)}" : "Activation." + Pick(["Identity", "Sigmoid", "Tanh", "ScaledTanh", "ReLU"]);

    private string Name(int index) => Chance(85) ? "" : Pick([$"Name = \"L{index}\"", "Name = \"x\"", "Name = \"x_Forward\"", "Name = \"1x\"",
        "Name = \"a\\n\"", "Name = \"\"", "Name = null", $"Name = \"{new string('n', 129)}\"", "Name = \"layer1_0_conv1\"", "Name = \"Forward\""]);

    /// <summary>Named arguments, each present with the given chance, joined with the positional ones.</summary>
    private static string Attribute(string kind, IEnumerable<string> positional, IEnumerable<string> named)
    {
        var all = positional.Concat(named.Where(n => n.Length > 0)).ToList();
        return all.Count == 0 ? $"[{kind}]" : $"[{kind}({string.Join(", ", all)})]";
    }

    private string Maybe(int percent, string text) => Chance(percent) ? text : "";

    private string Layer(int index)
    {
        string name = Name(index);
        switch (_random.Next(16))
        {
            case 0: case 1: case 2:
                return Attribute("Conv", [Small(6), Small(5), Activation()],
                [
                    Maybe(25, $"Stride = {Small(3)}"), Maybe(15, $"Pad = {Small(3)}"), Maybe(20, $"Padding = Padding.{Pick(["Valid", "Same", "Full"])}"),
                    Maybe(10, $"Groups = {Small(3)}"), Maybe(10, "Bias = false"), Maybe(20, "DropRemainder = true"), Maybe(5, "LearnConnections = true"),
                    Maybe(8, $"Connections = new[] {{ {string.Join(", ", Enumerable.Range(0, _random.Next(1, 4)).Select(_ => "\"" + Pick(["X ", " X", "XX", "X", "XO", "  "]) + "\""))} }}"),
                    name,
                ]);
            case 3: return Attribute("Subsample", [Small(3), Activation()], [Maybe(20, $"Stride = {Small(3)}"), Maybe(20, "DropRemainder = true"), name]);
            case 4: return Attribute("MaxPool", [Small(3)], [Maybe(25, $"Stride = {Small(3)}"), Maybe(20, $"Pad = {Small(2)}"), Maybe(20, "DropRemainder = true"), name]);
            case 5: return Attribute("AvgPool", [Small(3)], [Maybe(25, $"Stride = {Small(3)}"), Maybe(20, $"Pad = {Small(2)}"), Maybe(20, "DropRemainder = true"), name]);
            case 6: case 7: return Attribute("Dense", [Small(12), Activation()], [name]);
            case 8: return Attribute("LocalResponseNorm", [Small(5)], [Maybe(30, $"Alpha = {Real(1e-4)}"), Maybe(30, $"Beta = {Real(0.75)}"), Maybe(30, $"K = {Real(2)}"), name]);
            case 9: return Attribute("Dropout", [Real(0.3)], [name]);
            case 10: return Attribute("GlobalAvgPool", [], [name]);
            case 11: return Attribute("BatchNorm", [Activation()], [Maybe(30, $"Epsilon = {Real(1e-5)}"), Maybe(30, $"Momentum = {Real(0.1)}"), name]);
            case 12: return Attribute("Residual", [Small(4)], [Maybe(30, $"Stride = {Small(2)}"), Maybe(20, "Bottleneck = true"), Maybe(20, $"Repeat = {Small(2)}"), name]);
            case 13: return Attribute("Inception", Enumerable.Range(0, 6).Select(_ => Small(3)), [name]);
            case 14: return Attribute("Upsample", [Small(3)], [name]);
            default: return Chance(50) ? Attribute("Softmax", [], [name]) : Attribute("Rbf", [Small(10)], [Maybe(30, "Trainable = true"), name]);
        }
    }

    /// <summary>One declaration: the input, one to five layers, a class (usually plain, sometimes hostile), maybe a second network.</summary>
    public string Next()
    {
        // Mostly a plain namespace; sometimes one named by a keyword, one that hides System, or NetGen's own.
        string ns = Chance(90) ? "Fuzz" : Pick(["@class.@var", "Fuzz.System", "NetGen", "NetGen.Kernels", "Fuzz.NetGen"]);
        var text = new StringBuilder($"using NetGen;\nnamespace {ns};\n");
        text.Append($"[Network({Small(4)}, {Small(16)}, {Small(16)})]\n");
        int layers = _random.Next(1, 6);
        for (int i = 1; i <= layers; i++) text.Append(Layer(i)).Append('\n');
        string className = Chance(95) ? "Net" : Pick(["@class", "Activation", "Forward", "V", "C1_Forward", "Scalar", "Ünïcødé", "NET"]);
        string body = Chance(95) ? "" : Pick(["public int Unsafe;", "public int Layers;", $"public {className}() {{ }}", "public void Forward(int x) { }",
            "public class Span { }", "public int C1Starts;"]);
        string modifiers = Chance(97) ? "public partial" : Pick(["public static partial", "public abstract partial", "public sealed partial", "internal partial"]);
        text.Append($"{modifiers} class {className} {{ {body} }}\n");
        // Sometimes a second network in the same compilation, named alike but for case: the file names must differ.
        if (Chance(5)) text.Append("[Network(1, 4, 4)][Dense(2)]\npublic partial class nET { }\n");
        return text.ToString();
    }
}
