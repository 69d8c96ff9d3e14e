using System.Text.RegularExpressions;
using NetGen.Checkpoints;
using LeNet5 = NetGen.Samples.LeNet5.LeNet5;

namespace NetGen.Package.Tests;

/// <summary>
/// samples/Classify published with NativeAOT (slow: ILCompiler restore and a native link), then the executable
/// classifies a PGM and a PNG this test writes, with a checkpoint this test saves.
/// </summary>
[Collection(DotnetProcessesCollection.Name)]
public sealed class ClassifyAotTests
{
    [Fact]
    public void NativeExecutableClassifiesPgmAndPng()
    {
        using var work = new TemporaryFolder("netgen-classify");
        string publish = work.Combine("publish");
        var published = CommandLine.RunChecked(CommandLine.Dotnet,
            ["publish", RepositoryLayout.PathOf("samples/Classify/Classify.csproj"), "-c", "Release", "-r", "linux-x64",
             "-o", publish, "--disable-build-servers"],
            RepositoryLayout.Root, TimeSpan.FromMinutes(10));
        Assert.DoesNotMatch(new Regex(@"warning (IL|CS)\d+"), published.Output);
        // One native executable and nothing beside it.
        Assert.Equal(new[] { "classify" }, Directory.GetFiles(publish).Select(f => Path.GetFileName(f)).ToArray());

        string weights = work.Combine("lenet5.safetensors");
        SafeTensors.Save(new LeNet5(seed: 3), weights);
        byte[] seven = TestImages.Seven(out int width, out int height);
        string pgm = work.Combine("seven.pgm"), png = work.Combine("seven.png");
        TestImages.WritePgm(pgm, seven, width, height);
        TestImages.WritePng(png, seven, width, height);

        string bogus = work.Combine("notes.txt");
        File.WriteAllText(bogus, "not a picture");

        var run = CommandLine.Run(work.Combine("publish", "classify"), ["--weights", weights, pgm, png, bogus],
            work.Path, TimeSpan.FromMinutes(1));

        // A file it cannot read is reported and makes the exit code 1; the others are still classified.
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains($"{bogus}: neither a PNG nor a PGM", run.Error);

        var line = new Regex(@"^(?<file>\S+): (?<digit>[0-9])  scores(?<scores>( [0-9]:-?[0-9]+\.[0-9]{2}){10})$", RegexOptions.Multiline);
        var lines = line.Matches(run.Output);
        Assert.True(lines.Count == 2, run.ToString());
        Assert.Equal(pgm, lines[0].Groups["file"].Value);
        Assert.Equal(png, lines[1].Groups["file"].Value);
        // The same picture in two formats decodes to the same input, so to the same digit and scores.
        Assert.Equal(lines[0].Groups["digit"].Value, lines[1].Groups["digit"].Value);
        Assert.Equal(lines[0].Groups["scores"].Value, lines[1].Groups["scores"].Value);
    }
}
