using System.Text.RegularExpressions;
using NetGen.Checkpoints;
using LeNet5 = NetGen.Samples.LeNet5.LeNet5;

namespace NetGen.Package.Tests;

/// <summary>
/// samples/Classify published with NativeAOT (slow: ILCompiler restore and a native link), then the executable
/// classifies a PGM and a PNG this test writes, with its embedded weights and with a checkpoint this test saves.
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

        byte[] seven = TestImages.Seven(out int width, out int height);
        string pgm = work.Combine("seven.pgm"), png = work.Combine("seven.png");
        TestImages.WritePgm(pgm, seven, width, height);
        TestImages.WritePng(png, seven, width, height);
        string classify = work.Combine("publish", "classify");

        // The trained weights compiled into the executable read the 7 in both formats alike.
        var embedded = CommandLine.RunChecked(classify, [pgm, png], work.Path, TimeSpan.FromMinutes(1));
        var lines = Lines(embedded);
        Assert.Equal([pgm, png], lines.Select(l => l.File));
        Assert.All(lines, l => Assert.Equal(7, l.Digit));
        // The same picture in two formats decodes to the same input, so to the same scores.
        Assert.Equal(lines[0].Scores, lines[1].Scores);

        // --weights replaces them with a checkpoint (read by SafeTensors.Load inside the native executable); a file
        // that is not a picture is reported, makes the exit code 1, and the other files are still classified.
        string weights = work.Combine("untrained.safetensors");
        SafeTensors.Save(new LeNet5(seed: 3), weights);
        string bogus = work.Combine("notes.txt");
        File.WriteAllText(bogus, "not a picture");
        var loaded = CommandLine.Run(classify, ["--weights", weights, pgm, bogus], work.Path, TimeSpan.FromMinutes(1));
        Assert.True(loaded.ExitCode == 1, loaded.ToString());
        Assert.Contains($"{bogus}: neither a PNG nor a PGM", loaded.Error);
        var untrained = Assert.Single(Lines(loaded));
        Assert.Equal(pgm, untrained.File);
        Assert.NotEqual(lines[0].Scores, untrained.Scores);

        // Issue 10: a 21-byte checkpoint whose tensor name is a lone surrogate escape killed the tool with an
        // unhandled InvalidOperationException; now it is refused like any bad checkpoint.
        string surrogate = work.Combine("surrogate.safetensors");
        File.WriteAllBytes(surrogate, [13, 0, 0, 0, 0, 0, 0, 0, .. "{\"\\ud800\":{}}"u8]);
        var refused = CommandLine.Run(classify, ["--weights", surrogate, pgm], work.Path, TimeSpan.FromMinutes(1));
        Assert.True(refused.ExitCode == 2, refused.ToString());
        Assert.Contains($"classify: {surrogate}: the header holds a string escape that is not valid Unicode", refused.Error);
        Assert.DoesNotContain("Unhandled", refused.Error);

        // Issue 10: a picture's header bytes were echoed into the terminal, escape sequences included.
        string ansi = work.Combine("ansi.pgm");
        File.WriteAllBytes(ansi, "P5 \u001b[2J\u001b[31m 4 255\n"u8.ToArray());
        var echoed = CommandLine.Run(classify, [ansi], work.Path, TimeSpan.FromMinutes(1));
        Assert.True(echoed.ExitCode == 1, echoed.ToString());
        Assert.Contains("PGM width is missing or not a number near byte 3 ('\\x1B[2J\\x1B[31')", echoed.Error);
        Assert.DoesNotContain('\u001b', echoed.Error);
    }

    sealed record Classified(string File, int Digit, string Scores);

    /// <summary>Parses "FILE: D  scores 0:S0 1:S1 ... 9:S9" lines.</summary>
    static Classified[] Lines(CommandResult run) =>
        Regex.Matches(run.Output, @"^(?<file>\S+): (?<digit>[0-9])  scores(?<scores>( [0-9]:-?[0-9]+\.[0-9]{2}){10})$", RegexOptions.Multiline)
            .Select(m => new Classified(m.Groups["file"].Value, int.Parse(m.Groups["digit"].Value), m.Groups["scores"].Value))
            .ToArray();
}
