using NetGen.Generator.Onnx;
using NetGen.Samples.Eject;

// netgen-eject model.onnx [--class Name] [--namespace Ns] [--weights out.safetensors]
// Prints the attribute declaration equivalent to the ONNX file and writes its weights under NetGen's names, so the
// architecture becomes yours: edit the declaration (a new classifier head...), load the checkpoint, fine-tune.
if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.Error.WriteLine("usage: netgen-eject model.onnx [--class Name] [--namespace Ns] [--weights out.safetensors]");
    return args.Length == 0 ? 2 : 0;
}
string path = args[0];
string className = Option("--class") ?? Names.ClassName(path);
string? ns = Option("--namespace");
string weights = Option("--weights") ?? Path.ChangeExtension(path, ".safetensors");

byte[] model;
try
{
    model = File.ReadAllBytes(path);
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"{path}: {e.Message}");
    return 1;
}
var result = OnnxEject.Eject(model, className, ns);
if (result.Declaration is null)
{
    foreach (string problem in result.Problems) Console.Error.WriteLine($"{path}: {problem}");
    return 1;
}
Console.Write(result.Declaration);
SafeTensorsFile.Write(weights, result.Tensors);
Console.Error.WriteLine($"{result.Tensors.Count} tensors written to {weights}: SafeTensors.Load(network, \"{weights}\") after new {className}(seed).");
return 0;

string? Option(string name)
{
    int at = Array.IndexOf(args, name);
    return at > 0 && at + 1 < args.Length ? args[at + 1] : null;
}
