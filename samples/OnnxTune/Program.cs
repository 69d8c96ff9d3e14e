using System.Globalization;
using NetGen;
using NetGen.Data;
using NetGen.Samples.OnnxTune;

// onnx-tune --data DIR [--epochs N] [--lr X] [--out FILE]
// Evaluates the compiled ONNX model on MNIST's test set, fine-tunes it on the training set with SGD, evaluates again
// and writes the tuned weights as a safetensors checkpoint under NetGen's (the model's) tensor names.
const string Usage = """
    usage: onnx-tune --data DIR [--epochs N] [--lr RATE] [--batch N] [--threads N] [--isa ISA] [--out FILE.safetensors]
      DIR     the four MNIST IDX files (train-images-idx3-ubyte ... , raw or .gz)
      --epochs N   fine-tuning passes over the training set [default: 1; 0 only evaluates]
      --lr RATE    SGD learning rate (momentum 0.9), constant [default: 0.001]
      --batch N    samples per step [default: 16]
      --threads N  worker threads [default: the processor count]
      --isa ISA    Auto, Vector512, Vector256, Vector128 or Scalar [default: Auto]
      --out FILE   the tuned weights [default: tuned.safetensors]
    The model must map one grey square image (28x28 or larger: MNIST is centred on a border) to 10 logits.
    """;

string? data = null, output = "tuned.safetensors";
int epochs = 1, batch = 16, threads = Environment.ProcessorCount;
var isa = Isa.Auto;
float rate = 0.001f;
for (int i = 0; i < args.Length; i++)
{
    string? Next() => i + 1 < args.Length ? args[++i] : null;
    bool ok = args[i] switch
    {
        "--data" => (data = Next()) is not null,
        "--out" => (output = Next()) is not null,
        "--epochs" => int.TryParse(Next(), CultureInfo.InvariantCulture, out epochs) && epochs >= 0,
        "--batch" => int.TryParse(Next(), CultureInfo.InvariantCulture, out batch) && batch >= 1,
        "--threads" => int.TryParse(Next(), CultureInfo.InvariantCulture, out threads) && threads >= 1,
        "--isa" => Enum.TryParse(Next(), ignoreCase: true, out isa) && Enum.IsDefined(isa),
        "--lr" => float.TryParse(Next(), CultureInfo.InvariantCulture, out rate) && rate > 0 && float.IsFinite(rate),
        _ => false,
    };
    if (args[i] is "-h" or "--help")
    {
        Console.WriteLine(Usage);
        return 0;
    }
    if (!ok) return Fail($"bad or incomplete option '{args[i]}'.");
}
if (data is null) return Fail("--data is required.");

var files = DatasetFiles.Find(data, out var missing);
if (files is null) return Fail($"{data} lacks {string.Join(", ", missing)}.");
DatasetPair mnist;
try
{
    mnist = files.Load("MNIST");
}
catch (Exception e) when (e is IOException or DataFormatException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"onnx-tune: {e.Message}");
    return 1;
}

var network = ImportedModel.Pretrained();
network.Isa = isa;
string? problem = Tuning.Run(network, () => new ImportedModel { Isa = isa }, ImportedModel.Summary.TotalParameters, mnist,
    epochs, rate, batch, threads, output!, Console.Out);
return problem is null ? 0 : Fail(problem);

static int Fail(string message)
{
    Console.Error.WriteLine($"onnx-tune: {message}");
    Console.Error.WriteLine(Usage);
    return 2;
}
