using System.Globalization;
using NetGen.Checkpoints;
using NetGen.Losses;
using NetGen.Samples.Classify;
using LeNet5 = NetGen.Samples.LeNet5.LeNet5;

// classify [--weights lenet5.safetensors] digit.png other.pgm ...
// Prints, per file, the predicted digit and LeNet-5's ten RBF outputs (squared distances: the lowest wins).
const string Usage = """
    usage: classify [--weights FILE.safetensors] IMAGE...
      IMAGE: PGM (P2/P5) or PNG (8-bit grey, grey+alpha, RGB, RGBA, palette), any size; dark-on-light
             pictures are inverted to MNIST's light-on-dark before they are resized to 28x28 and padded to 32x32.
      --weights FILE  a LeNet-5 checkpoint written by the LeNet5 sample (samples/LeNet5) instead of the
                      trained weights compiled into this executable.
    """;

string? weights = null;
var images = new List<string>();
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--weights" when i + 1 < args.Length:
            weights = args[++i];
            break;
        case "-h" or "--help":
            Console.WriteLine(Usage);
            return 0;
        default:
            if (args[i].StartsWith("--", StringComparison.Ordinal))
                return Fail($"unknown or incomplete option '{args[i]}'.");
            images.Add(args[i]);
            break;
    }
}
if (images.Count == 0)
    return Fail("no image given.");

var network = LeNet5.Pretrained();
try
{
    if (weights is not null)
        SafeTensors.Load(network, weights);
}
catch (Exception e) when (e is CheckpointException or IOException)
{
    Console.Error.WriteLine($"classify: {e.Message}");
    return 2;
}

var output = new float[LeNet5.OutputLength];
int failures = 0;
foreach (string path in images)
{
    try
    {
        float[] input = DigitInput.Prepare(DigitInput.Load(path), LeNet5.InputLength);
        network.Forward(input, output);
        int digit = LossMath.ArgMin(output);
        string scores = string.Join(" ", output.Select((s, k) => $"{k}:{s.ToString("F2", CultureInfo.InvariantCulture)}"));
        Console.WriteLine($"{path}: {digit}  scores {scores}");
    }
    catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
    {
        Console.Error.WriteLine($"classify: {path}: {e.Message}");
        failures++;
    }
}
return failures == 0 ? 0 : 1;

static int Fail(string message)
{
    Console.Error.WriteLine($"classify: {message}");
    Console.Error.WriteLine(Usage);
    return 2;
}
